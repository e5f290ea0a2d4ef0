/**
 * Finds the AWS SDK call sites of one file: KMS and S3 operations in every SDK style, the AWS Encryption SDK's
 * `encrypt`/`decrypt`, `@aws-sdk/lib-storage` uploads and CDK constructs.
 *
 * Recognition is by import tracing (ESLint's `ReferenceTracker` over `import` and `require`), and — when the parser has
 * type information — also by type: a receiver typed `KMSClient`/`KMS`/`S3Client`/`S3` whose import lives in another
 * file, or a command object passed in as a parameter.
 */
import { ASTUtils, type TSESLint, TSESTree, AST_NODE_TYPES as T } from '../util/ts-eslint.js';
import type * as ts from 'typescript';
import type { CallSite, CallStyle, ResultBinding } from './model.js';
import { type NamedImport, getClassOrTypeSymbol, getNamedImport, getOwnPackageFile, type TypeServices } from './types.js';
import { walk } from './ast/walk.js';
import { skipWrappersUp } from './ast/wrappers.js';

export { walk } from './ast/walk.js';
import {
  CDK_CONSTRUCTS,
  CDK_MODULES,
  ENCRYPTION_SDK_FACTORIES,
  ENCRYPTION_SDK_OPERATIONS,
  KMS_OPERATIONS,
  LIB_STORAGE_MODULE,
  REQUEST_SHAPES,
  S3_OPERATIONS,
  SERVICE_MODULES,
  V2_ROOT_MODULES,
  KNOWN_WRAPPERS,
  getOperationSpec,
  getOperationsByMethod,
  getV2OnlyMethodSpec,
  V2_ONLY_METHODS,
  type OperationSpec,
} from './catalog/sdk.js';
import { ValueEvaluator, getStaticMemberName, lookupProperty, toStringValueIfString, unknownValue } from './values.js';

const { ReferenceTracker } = ASTUtils;
/** ESLint's trace map type: module → export path → `{ [CALL|CONSTRUCT|READ]: info }`. */
type TraceMap = Record<string, Record<string | symbol, unknown>>;

/** What a traced reference is. */
type TraceInfo =
  | { readonly kind: 'command'; readonly spec: OperationSpec }
  | { readonly kind: 'client'; readonly service: 'kms' | 's3'; readonly style: CallStyle }
  | { readonly kind: 'encryption-sdk-client'; readonly methods: readonly string[] }
  | { readonly kind: 'upload' }
  | { readonly kind: 'construct'; readonly spec: OperationSpec };

type RequestShape = (typeof REQUEST_SHAPES)[number];

/** `REQUEST_SHAPES` by method name, each method's shapes in catalogue order; methods without a shape are absent. */
const REQUEST_SHAPES_BY_METHOD: ReadonlyMap<string, readonly RequestShape[]> = groupShapesByMethod();

function groupShapesByMethod(): Map<string, RequestShape[]> {
  const byMethod = new Map<string, RequestShape[]>();
  for (const shape of REQUEST_SHAPES) {
    const shapes = byMethod.get(shape.method);
    if (shapes) shapes.push(shape);
    else byMethod.set(shape.method, [shape]);
  }
  return byMethod;
}


let cachedTraceMap: TraceMap | undefined;

/** The trace map (module → export path → info), built once from the catalogue. */
export function getTraceMap(): TraceMap {
  if (cachedTraceMap) return cachedTraceMap;
  const map: Record<string, Record<string | symbol, unknown>> = {};
  const at = (module: string): Record<string | symbol, unknown> => (map[module] ??= {});
  for (const service of ['kms', 's3'] as const) {
    const modules = SERVICE_MODULES[service];
    const operations = service === 'kms' ? KMS_OPERATIONS : S3_OPERATIONS;
    for (const module of modules.v3) {
      const entry = at(module);
      for (const spec of operations) entry[`${spec.operation}Command`] = { [ReferenceTracker.CONSTRUCT]: { kind: 'command', spec } };
      entry[modules.v3Aggregated] = { [ReferenceTracker.CONSTRUCT]: { kind: 'client', service, style: 'v3-aggregated' } };
    }
    at(modules.v2Module)[ReferenceTracker.CONSTRUCT] = { kind: 'client', service, style: 'v2' };
    for (const root of V2_ROOT_MODULES) {
      at(root)[modules.v2Member] = { [ReferenceTracker.CONSTRUCT]: { kind: 'client', service, style: 'v2' } };
    }
  }
  for (const { module, factory, methods } of ENCRYPTION_SDK_FACTORIES) {
    at(module)[factory] = { [ReferenceTracker.CALL]: { kind: 'encryption-sdk-client', methods } };
  }
  at(LIB_STORAGE_MODULE).Upload = { [ReferenceTracker.CONSTRUCT]: { kind: 'upload' } };
  for (const { module, member, service } of CDK_MODULES) {
    const root = member ? ((at(module)[member] as Record<string, unknown> | undefined) ?? (at(module)[member] = {})) : at(module);
    for (const spec of CDK_CONSTRUCTS.filter((construct) => construct.service === service)) {
      (root as Record<string, unknown>)[spec.operation] = { [ReferenceTracker.CONSTRUCT]: { kind: 'construct', spec } };
    }
  }
  cachedTraceMap = map;
  return cachedTraceMap;
}

/**
 * Collects the call sites of the file whose `Program` node is `program`.
 * @param sourceCode the file's `SourceCode` (scope manager, visitor keys)
 * @param evaluator the file's value evaluator (shared with rules through the model)
 * @param types type information, or `undefined` for untyped linting
 */
export function findCallSites(
  sourceCode: Readonly<TSESLint.SourceCode>,
  evaluator: ValueEvaluator,
  types: TypeServices | undefined,
): CallSite[] {
  const finder = new CallSiteFinder(sourceCode, evaluator, types);
  return finder.run();
}

class CallSiteFinder {
  private readonly sites = new Map<TSESTree.Node, CallSite>();

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly evaluator: ValueEvaluator,
    private readonly types: TypeServices | undefined,
  ) {}

  run(): CallSite[] {
    const globalScope = this.sourceCode.scopeManager?.globalScope;
    if (globalScope) {
      const tracker = new ReferenceTracker(withImplicitRequire(globalScope as TSESLint.Scope.Scope), { mode: 'legacy' });
      const traceMap = getTraceMap() as Parameters<typeof tracker.iterateEsmReferences>[0];
      for (const reference of [...tracker.iterateEsmReferences(traceMap), ...tracker.iterateCjsReferences(traceMap)]) {
        this.addTraced(reference.node, reference.info as TraceInfo);
      }
    }
    if (this.types) this.addTyped();
    this.addInferredByShape();
    return [...this.sites.values()].sort((a, b) => a.node.range[0] - b.node.range[0]);
  }

  private addTraced(node: TSESTree.Node, info: TraceInfo): void {
    switch (info.kind) {
      case 'command': {
        if (node.type !== T.NewExpression) return;
        this.addCommand(node, info.spec, false);
        return;
      }
      case 'client': {
        for (const call of findMemberCalls(node, this.evaluator)) this.addClientCall(call, info.service, info.style, false);
        return;
      }
      case 'encryption-sdk-client': {
        const methods = new Map(ENCRYPTION_SDK_OPERATIONS.filter((spec) => info.methods.includes(spec.operation)).map((spec) => [spec.operation, spec]));
        for (const call of findMemberCalls(node, this.evaluator)) {
          const spec = methods.get(call.method);
          if (!spec || this.sites.has(call.call)) continue;
          // encrypt(keyring, plaintext, { encryptionContext }) / decrypt(keyring, ciphertext, options), but the stream
          // variants take no data: encryptStream(keyring, { encryptionContext }) (@aws-crypto/encrypt-node typings).
          const optionsNode = call.call.arguments[getEncryptionSdkOptionsIndex(spec.operation)];
          this.sites.set(call.call, {
            service: 'encryption-sdk',
            operation: spec.operation,
            style: 'encryption-sdk',
            node: call.call,
            inputNode: optionsNode,
            input: optionsNode ? this.evaluator.evaluate(optionsNode) : { kind: 'object', properties: [], complete: true, node: call.call },
            result: getPromiseResult(call.call),
            viaTypes: false,
          });
        }
        return;
      }
      case 'upload': {
        if (node.type !== T.NewExpression || this.sites.has(node)) return;
        const options = node.arguments[0];
        const optionsValue = options ? this.evaluator.evaluate(options) : unknownValue(node);
        const params = lookupProperty(optionsValue, 'params');
        const paramsNode = params.state === 'present' ? params.propertyNode?.value ?? params.value.node : undefined;
        this.sites.set(node, {
          service: 's3',
          operation: 'PutObject',
          style: 'lib-storage',
          node,
          inputNode: paramsNode,
          input: params.state === 'present' ? params.value : unknownValue(options),
          result: { expression: undefined, binding: undefined },
          viaTypes: false,
        });
        return;
      }
      case 'construct': {
        if (node.type !== T.NewExpression || this.sites.has(node)) return;
        const props = node.arguments[2];
        this.sites.set(node, {
          service: info.spec.service,
          operation: info.spec.operation,
          style: 'cdk',
          node,
          inputNode: props,
          input: props ? this.evaluator.evaluate(props) : { kind: 'object', properties: [], complete: true, node },
          result: { expression: undefined, binding: undefined },
          viaTypes: false,
        });
        return;
      }
    }
  }

  private addCommand(node: TSESTree.NewExpression, spec: OperationSpec, viaTypes: boolean): void {
    if (this.sites.has(node)) return;
    // `let Cmd = EncryptCommand; Cmd = class {…}; new Cmd(…)`: the binding may no longer hold the SDK class.
    if (isRebound(node.callee, this.evaluator)) return;
    const inputNode = node.arguments[0];
    const send = findSendCall(node, this.evaluator);
    this.sites.set(node, {
      service: spec.service,
      operation: spec.operation,
      style: 'v3-command',
      node,
      inputNode,
      input: inputNode && inputNode.type !== T.SpreadElement ? this.evaluator.evaluate(inputNode) : unknownValue(node),
      result: send ? getPromiseResult(send) : { expression: undefined, binding: undefined },
      viaTypes,
    });
  }

  private addClientCall(call: MemberCall, service: 'kms' | 's3', style: CallStyle, viaTypes: boolean): void {
    const spec = getOperationsByMethod(service).get(call.method) ?? (style === 'v2' ? getV2OnlyMethodSpec(service, call.method) : undefined);
    if (!spec || this.sites.has(call.call)) return;
    const inputNode = call.call.arguments[0];
    this.sites.set(call.call, {
      service,
      operation: spec.operation,
      style,
      node: call.call,
      inputNode,
      input: inputNode && inputNode.type !== T.SpreadElement ? this.evaluator.evaluate(inputNode) : unknownValue(call.call),
      result: getClientCallResult(call.call),
      viaTypes,
    });
  }

  /** With type information: calls on receivers typed as SDK clients, and `send(x)` of a typed command object. */
  private addTyped(): void {
    const types = this.types!;
    walk(this.sourceCode.ast, this.sourceCode.visitorKeys, (node) => {
      if (node.type === T.NewExpression) {
        // Already a site by import tracing: `addCommand` would keep that one, so the checker is not asked.
        if (this.sites.has(node)) return;
        // The type of the constructor expression (`typeof EncryptCommand`) names the class without resolving the call.
        const spec = this.getCommandSpecOfType(node.callee);
        if (spec) this.addCommand(node, spec, true);
        return;
      }
      if (node.type !== T.CallExpression || node.callee.type !== T.MemberExpression || node.callee.computed) return;
      if (node.callee.property.type !== T.Identifier || this.sites.has(node)) return;
      const method = node.callee.property.name;
      // Ask the checker only about calls whose method a client could answer (`send` or an operation's method name).
      if (method !== 'send' && !getClientMethods().has(method)) return;
      // `send(new XCommand(…))` of a command that is already a site: nothing to add, whatever the receiver is (a
      // receiver typed as a client would return below; any other receiver adds nothing for `send`).
      if (method === 'send') {
        const argument = node.arguments[0];
        const source = argument && argument.type !== T.SpreadElement ? resolveCommandConstruction(argument, this.evaluator) : undefined;
        if (source && this.sites.has(source)) return;
      }
      const receiver = getSdkClassOfNode(types, node.callee.object);
      if (!receiver) return;
      if (method === 'send' && receiver.style === 'v3-client') {
        const argument = node.arguments[0];
        if (!argument || argument.type === T.SpreadElement) return;
        const source = resolveCommandConstruction(argument, this.evaluator);
        if (source && this.sites.has(source)) return;
        const spec = this.getCommandSpecOfType(source ? source.callee : argument);
        if (!spec) return;
        if (source) {
          this.addCommand(source, spec, true);
          return;
        }
        this.sites.set(node, {
          service: spec.service,
          operation: spec.operation,
          style: 'v3-command',
          node,
          inputNode: undefined,
          input: unknownValue(argument),
          result: getPromiseResult(node),
          viaTypes: true,
        });
        return;
      }
      if (receiver.style === 'v3-aggregated' || receiver.style === 'v2') {
        this.addClientCall({ call: node, method }, receiver.service, receiver.style, true);
      }
    });
  }

  /**
   * Clients a file receives from elsewhere — `constructor(kms) { this.kms = kms }`, `const kms = getKms()`, an `AWS`
   * namespace passed in — have no import to trace. Such a call counts as a site only when every one of these holds:
   * the method is a KMS/S3 operation with a distinctive request shape (`REQUEST_SHAPES`); the request object visibly
   * carries that shape's required members; and the receiver looks like the service's client — its name mentions the
   * service (`kms`, `this.kmsClient`, `s3`) or the call is a v2 request (`.promise()` or an `(err, data)` callback).
   * With type information, a receiver whose type is declared in the project (a wrapper class) is never inferred.
   */
  private addInferredByShape(): void {
    walk(this.sourceCode.ast, this.sourceCode.visitorKeys, (node) => {
      if (node.type !== T.CallExpression || this.sites.has(node)) return;
      if (this.addKnownWrapperCall(node)) return;
      const callee = node.callee;
      if (callee.type !== T.MemberExpression) return;
      const method = getStaticMemberName(callee);
      const argument = node.arguments[0];
      if (!method || !argument || argument.type === T.SpreadElement) return;
      const shapes = REQUEST_SHAPES_BY_METHOD.get(method);
      if (!shapes) return;
      const input = this.evaluator.evaluate(argument);
      const shape = shapes.find((candidate) => candidate.required.some((members) => members.every((member) => lookupProperty(input, member).state === 'present')));
      if (!shape) return;
      if (!isServiceLikeReceiver(callee.object, shape.service) && !isV2RequestCall(node)) return;
      if (this.isDefinedInFile(callee.object)) return;
      if (this.types && isProjectTypedReceiver(this.types, callee.object)) return;
      this.sites.set(node, {
        service: shape.service,
        operation: shape.operation,
        style: isV2RequestCall(node) ? 'v2' : 'v3-aggregated',
        node,
        inputNode: argument,
        input,
        result: getClientCallResult(node),
        viaTypes: false,
        viaShape: true,
      });
    });
  }

  /**
   * A generic wrapper that names the service and the operation as strings (catalogue `KNOWN_WRAPPERS`), such as the
   * Serverless Framework's `provider.request('KMS', 'encrypt', params)`: a site when both strings are known and name
   * a catalogued operation. Returns true when `node` became a site.
   */
  private addKnownWrapperCall(node: TSESTree.CallExpression): boolean {
    if (node.callee.type !== T.MemberExpression) return false;
    const name = getStaticMemberName(node.callee);
    for (const wrapper of KNOWN_WRAPPERS) {
      if (name !== wrapper.method || node.arguments.length <= wrapper.paramsIndex) continue;
      const args = node.arguments;
      if (args.slice(0, wrapper.paramsIndex + 1).some((argument) => argument.type === T.SpreadElement)) return false;
      const serviceName = toStringValueIfString(this.evaluator.evaluate(args[wrapper.serviceIndex]!));
      const service = serviceName !== undefined && Object.hasOwn(wrapper.services, serviceName) ? wrapper.services[serviceName] : undefined;
      const method = toStringValueIfString(this.evaluator.evaluate(args[wrapper.operationIndex]!));
      if (!service || method === undefined) continue;
      const spec = getOperationsByMethod(service).get(method) ?? getV2OnlyMethodSpec(service, method);
      if (!spec) continue;
      const inputNode = args[wrapper.paramsIndex]!;
      this.sites.set(node, {
        service,
        operation: spec.operation,
        style: wrapper.style,
        node,
        inputNode,
        input: this.evaluator.evaluate(inputNode),
        result: getPromiseResult(node),
        viaTypes: false,
        viaWrapper: true,
      });
      return true;
    }
    return false;
  }

  /**
   * The receiver is an object literal, a class of this file (`class Kms { static encrypt() {} }`, `const Kms = class
   * {…}`) or an instance of one: its methods are the file's own.
   */
  private isDefinedInFile(receiver: TSESTree.Node): boolean {
    if (this.evaluator.evaluate(receiver).kind === 'object') return true;
    if (receiver.type !== T.Identifier) return false;
    const variable = this.evaluator.findVariable(receiver);
    if (variable?.defs.some((def) => def.type === 'ClassName')) return true;
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Variable') return false;
    const init = (definition.node as TSESTree.VariableDeclarator).init;
    if (init?.type === T.ClassExpression) return true;
    if (init?.type !== T.NewExpression || init.callee.type !== T.Identifier) return false;
    const classVariable = this.evaluator.findVariable(init.callee);
    return classVariable?.defs.some((def) => def.type === 'ClassName') ?? false;
  }

  private getCommandSpecOfType(node: TSESTree.Node): OperationSpec | undefined {
    const types = this.types!;
    const sdkClass = getSdkClassOfNode(types, node);
    if (!sdkClass || sdkClass.style !== 'command') return undefined;
    const operations = sdkClass.service === 'kms' ? KMS_OPERATIONS : S3_OPERATIONS;
    return operations.find((spec) => `${spec.operation}Command` === sdkClass.name);
  }
}

/**
 * ESLint's tracker finds `require()` only when `require` is a declared global (`languageOptions.globals`). Many
 * projects lint CommonJS without declaring it, so the tracker gets a view of the global scope in which an undeclared
 * `require` is a read-only global. The real scope is not modified (that would change other rules' answers).
 */
export function withImplicitRequire(globalScope: TSESLint.Scope.Scope): TSESLint.Scope.Scope {
  if (globalScope.set.has('require')) return globalScope;
  const references = globalScope.through.filter((reference) => reference.identifier.name === 'require');
  if (references.length === 0) return globalScope;
  const set = new Map<string, unknown>(globalScope.set);
  set.set('require', { name: "require", references, defs: [], identifiers: [], scope: globalScope });
  const view = Object.create(globalScope) as TSESLint.Scope.Scope;
  Object.defineProperty(view, 'set', { value: set });
  return view;
}

let clientMethods: ReadonlySet<string> | undefined;

/** Method names of the KMS and S3 clients (v3 aggregated and v2, including v2-only methods such as `upload`). */
function getClientMethods(): ReadonlySet<string> {
  return (clientMethods ??= new Set((['kms', 's3'] as const).flatMap((service) => [...getOperationsByMethod(service).keys(), ...Object.keys(V2_ONLY_METHODS[service])])));
}

/**
 * Argument index of the options object of an Encryption SDK client method (catalogue `positions.optionsIndex`:
 * 2 for `encrypt`/`decrypt`, 1 for the stream methods).
 */
export function getEncryptionSdkOptionsIndex(operation: string): number {
  return getOperationSpec('encryption-sdk', operation)?.positions?.optionsIndex ?? 2;
}

/**
 * True when `node` is a name whose binding is written after its declaration (`let Cmd = EncryptCommand; Cmd = …`):
 * what it holds at a given use is not known, so it is not taken for the SDK entry point it was first bound to.
 */
function isRebound(node: TSESTree.Node, evaluator: ValueEvaluator): boolean {
  if (node.type !== T.Identifier) return false;
  const variable = evaluator.findVariable(node);
  if (!variable) return false;
  // Once per binding: a file with n `new EncryptCommand(…)` would otherwise scan the n references n times.
  let rebound = reboundVariables.get(variable);
  if (rebound === undefined) {
    rebound = variable.references.some((reference) => reference.isWrite() && !reference.init);
    reboundVariables.set(variable, rebound);
  }
  return rebound;
}

const reboundVariables = new WeakMap<TSESLint.Scope.Variable, boolean>();

/** True when the receiver's name says it is the service's client: `kms`, `kmsClient`, `this.kms`, `awsKms`, `s3`. */
function isServiceLikeReceiver(receiver: TSESTree.Node, service: 'kms' | 's3'): boolean {
  let name: string | undefined;
  if (receiver.type === T.Identifier) name = receiver.name;
  else if (receiver.type === T.MemberExpression) name = getStaticMemberName(receiver);
  if (!name) return false;
  return service === 'kms' ? /kms/i.test(name) : /s3/i.test(name);
}

/** A v2 `AWS.Request`: `x.op(params).promise()`, or `x.op(params, (err, data) => …)`. */
function isV2RequestCall(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  if (parent?.type === T.MemberExpression && parent.object === call && getStaticMemberName(parent) === 'promise' && parent.parent?.type === T.CallExpression) return true;
  const last = call.arguments[call.arguments.length - 1];
  return (
    call.arguments.length === 2 &&
    (last?.type === T.ArrowFunctionExpression || last?.type === T.FunctionExpression) &&
    last.params.length === 2 &&
    last.params[0]?.type === T.Identifier &&
    /^e(rr(or)?)?$/i.test(last.params[0].name)
  );
}

/** With types: the receiver's type is declared in the project's own sources (a wrapper), not `any` or an SDK type. */
function isProjectTypedReceiver(types: TypeServices, receiver: TSESTree.Node): boolean {
  const tsNode = types.esTreeNodeToTSNodeMap.get(receiver);
  if (!tsNode) return false;
  try {
    const type = types.checker.getTypeAtLocation(tsNode);
    const declaration = (type.getSymbol() ?? type.aliasSymbol)?.getDeclarations()?.[0];
    if (!declaration) return false;
    const file = declaration.getSourceFile();
    return !file.isDeclarationFile && !file.fileName.includes('/node_modules/');
  } catch {
    return false;
  }
}

/** A call `receiver.method(...)` on an SDK client or Encryption SDK client value. */
interface MemberCall {
  readonly call: TSESTree.CallExpression;
  readonly method: string;
}

/**
 * Finds method calls made on the value that `producer` (a `new X()` or a call) creates: directly
 * (`new KMS().encrypt()`), through a variable (`const kms = new KMS(); kms.encrypt()`), a destructuring
 * (`const { encrypt } = buildClient()`), or a class field (`this.kms = new KMS()` / `private kms = new KMS()`).
 */
export function findMemberCalls(producer: TSESTree.Node, evaluator: ValueEvaluator): MemberCall[] {
  const calls: MemberCall[] = [];
  const holder = skipWrappersUp(producer);
  const parent = holder.parent;
  if (!parent) return calls;
  if (parent.type === T.MemberExpression && parent.object === holder) {
    const call = asMemberCall(parent, evaluator);
    if (call) calls.push(call);
    return calls;
  }
  if (parent.type === T.VariableDeclarator && parent.init === holder) {
    collectFromPattern(parent.id, evaluator, calls);
    return calls;
  }
  if (parent.type === T.AssignmentExpression && parent.right === holder) {
    if (parent.left.type === T.Identifier) collectFromPattern(parent.left, evaluator, calls);
    else if (isThisMember(parent.left)) collectThisMemberCalls(parent, getStaticMemberName(parent.left), evaluator, calls);
    return calls;
  }
  if (parent.type === T.PropertyDefinition && parent.value === holder) {
    const name = parent.key.type === T.Identifier ? parent.key.name : parent.key.type === T.PrivateIdentifier ? `#${parent.key.name}` : undefined;
    if (name) collectThisMemberCalls(parent, name, evaluator, calls);
    return calls;
  }
  return calls;
}

function collectFromPattern(pattern: TSESTree.Node, evaluator: ValueEvaluator, calls: MemberCall[]): void {
  if (pattern.type === T.Identifier) {
    const variable = evaluator.findVariable(pattern);
    if (!variable) return;
    for (const reference of variable.references) {
      const parent = reference.identifier.parent;
      if (parent?.type === T.MemberExpression && parent.object === reference.identifier) {
        const call = asMemberCall(parent, evaluator);
        if (call) calls.push(call);
      }
    }
    return;
  }
  if (pattern.type === T.ObjectPattern) {
    for (const property of pattern.properties) {
      if (property.type !== T.Property || property.computed || property.key.type !== T.Identifier) continue;
      const method = property.key.name;
      const local = property.value.type === T.AssignmentPattern ? property.value.left : property.value;
      if (local.type !== T.Identifier) continue;
      const variable = evaluator.findVariable(local);
      for (const reference of variable?.references ?? []) {
        const parent = reference.identifier.parent;
        if (parent?.type === T.CallExpression && parent.callee === reference.identifier) calls.push({ call: parent, method });
      }
    }
  }
}

function collectThisMemberCalls(from: TSESTree.Node, name: string | undefined, evaluator: ValueEvaluator, calls: MemberCall[]): void {
  if (!name) return;
  let classNode: TSESTree.Node | undefined = from;
  while (classNode && classNode.type !== T.ClassBody) classNode = classNode.parent;
  if (!classNode) return;
  walk(classNode, undefined, (node) => {
    if (node.type === T.MemberExpression && isThisMember(node.object) && getStaticMemberName(node.object) === name) {
      const call = asMemberCall(node, evaluator);
      if (call) calls.push(call);
    }
  });
}

function isThisMember(node: TSESTree.Node): node is TSESTree.MemberExpression {
  return node.type === T.MemberExpression && node.object.type === T.ThisExpression;
}

/**
 * `receiver.method(…)` as a call of `method`; also `receiver[name](…)` when `name` evaluates to one known string
 * (`const method = 'encrypt'; this.kms[method](params)`).
 */
function asMemberCall(member: TSESTree.MemberExpression, evaluator: ValueEvaluator): MemberCall | undefined {
  const parent = member.parent;
  if (parent?.type !== T.CallExpression || parent.callee !== member) return undefined;
  const method = getStaticMemberName(member) ?? (member.computed ? toStringValueIfString(evaluator.evaluate(member.property)) : undefined);
  return method ? { call: parent, method } : undefined;
}


/**
 * The `client.send(command)` call that sends a v3 command built by `construction`: inline, through a variable, or
 * returned by a function of the same file that is called inside `send(...)`.
 */
export function findSendCall(construction: TSESTree.NewExpression, evaluator: ValueEvaluator): TSESTree.CallExpression | undefined {
  const holder = skipWrappersUp(construction);
  const parent = holder.parent;
  if (parent && isSendCallWithArgument(parent, holder)) return parent as TSESTree.CallExpression;
  if (parent?.type === T.VariableDeclarator && parent.init === holder && parent.id.type === T.Identifier) {
    const variable = evaluator.findVariable(parent.id);
    for (const reference of variable?.references ?? []) {
      const use = skipWrappersUp(reference.identifier);
      if (use.parent && isSendCallWithArgument(use.parent, use)) return use.parent as TSESTree.CallExpression;
    }
    return undefined;
  }
  // `function makeCommand() { return new EncryptCommand(…) }` … `client.send(makeCommand())`
  const fn = getEnclosingReturnFunction(holder);
  if (fn) {
    const name = getFunctionName(fn);
    if (!name) return undefined;
    const variable = evaluator.findVariable(name);
    for (const reference of variable?.references ?? []) {
      const call = reference.identifier.parent;
      if (call?.type !== T.CallExpression || call.callee !== reference.identifier) continue;
      const use = skipWrappersUp(call);
      if (use.parent && isSendCallWithArgument(use.parent, use)) return use.parent as TSESTree.CallExpression;
    }
  }
  return undefined;
}

function isSendCallWithArgument(node: TSESTree.Node, argument: TSESTree.Node): boolean {
  return (
    node.type === T.CallExpression &&
    node.arguments[0] === argument &&
    node.callee.type === T.MemberExpression &&
    !node.callee.computed &&
    node.callee.property.type === T.Identifier &&
    node.callee.property.name === 'send'
  );
}

function getEnclosingReturnFunction(node: TSESTree.Node): TSESTree.FunctionLike | undefined {
  const parent = node.parent;
  if (parent?.type === T.ReturnStatement) {
    let current: TSESTree.Node | undefined = parent.parent;
    while (current && current.type !== T.FunctionDeclaration && current.type !== T.FunctionExpression && current.type !== T.ArrowFunctionExpression) {
      current = current.parent;
    }
    return current as TSESTree.FunctionLike | undefined;
  }
  if (parent?.type === T.ArrowFunctionExpression && parent.body === node) return parent;
  return undefined;
}

function getFunctionName(fn: TSESTree.FunctionLike): TSESTree.Identifier | undefined {
  if (fn.type === T.FunctionDeclaration && fn.id) return fn.id;
  if (fn.parent?.type === T.VariableDeclarator && fn.parent.id.type === T.Identifier) return fn.parent.id;
  return undefined;
}

/** With types: the `new XCommand(...)` that a `send(x)` argument was built by, when it can be followed in this file. */
function resolveCommandConstruction(argument: TSESTree.Node, evaluator: ValueEvaluator): TSESTree.NewExpression | undefined {
  if (argument.type === T.NewExpression) return argument;
  if (argument.type === T.Identifier) {
    const variable = evaluator.findVariable(argument);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type === 'Variable') {
      const init = (definition.node as TSESTree.VariableDeclarator).init;
      if (init?.type === T.NewExpression) return init;
    }
  }
  return undefined;
}

/** Where the response of a promise-returning call ends up (`await`, `.then(res => …)`, assignment). */
export function getPromiseResult(call: TSESTree.Node): ResultBinding {
  let expression: TSESTree.Node = call;
  let current = call;
  for (;;) {
    const parent = current.parent;
    if (!parent) break;
    if (parent.type === T.AwaitExpression || parent.type === T.TSAsExpression || parent.type === T.TSNonNullExpression) {
      current = parent;
      if (parent.type === T.AwaitExpression) expression = parent;
      continue;
    }
    if (parent.type === T.MemberExpression && parent.object === current && !parent.computed && parent.property.type === T.Identifier && parent.property.name === 'then') {
      const thenCall = parent.parent;
      const callback = thenCall?.type === T.CallExpression ? thenCall.arguments[0] : undefined;
      if (callback && (callback.type === T.ArrowFunctionExpression || callback.type === T.FunctionExpression)) {
        const param = callback.params[0];
        return { expression: param, binding: asBinding(param) };
      }
      return { expression: undefined, binding: undefined };
    }
    break;
  }
  const parent = current.parent;
  if (parent?.type === T.VariableDeclarator && parent.init === current) return { expression, binding: asBinding(parent.id) };
  if (parent?.type === T.AssignmentExpression && parent.right === current) return { expression, binding: asBinding(parent.left) };
  return { expression, binding: undefined };
}

/** v2 and aggregated v3 method calls: `.promise()`, a callback `(err, data) => …`, or the promise itself. */
function getClientCallResult(call: TSESTree.CallExpression): ResultBinding {
  const last = call.arguments[call.arguments.length - 1];
  if (call.arguments.length >= 2 && last && (last.type === T.ArrowFunctionExpression || last.type === T.FunctionExpression)) {
    const data = last.params[1];
    return { expression: data, binding: asBinding(data) };
  }
  const parent = call.parent;
  if (parent?.type === T.MemberExpression && parent.object === call && !parent.computed && parent.property.type === T.Identifier && parent.property.name === 'promise') {
    const promiseCall = parent.parent;
    if (promiseCall?.type === T.CallExpression && promiseCall.callee === parent) return getPromiseResult(promiseCall);
  }
  return getPromiseResult(call);
}

function asBinding(node: TSESTree.Node | undefined): ResultBinding['binding'] {
  if (!node) return undefined;
  if (node.type === T.Identifier || node.type === T.ObjectPattern || node.type === T.ArrayPattern) return node;
  if (node.type === T.AssignmentPattern) return asBinding(node.left);
  return undefined;
}

/** A recognised SDK class: a command, a v3 bare client (`KMSClient`), an aggregated v3 client (`KMS`) or a v2 client. */
export interface SdkClass {
  readonly service: 'kms' | 's3';
  readonly style: 'command' | 'v3-client' | 'v3-aggregated' | 'v2';
  readonly name: string;
}

/** Classifies the static type of `node` as an SDK class, by the symbol's name and the file that declares it. */
export function getSdkClassOfNode(types: TypeServices, node: TSESTree.Node): SdkClass | undefined {
  const tsNode = types.esTreeNodeToTSNodeMap.get(node);
  return tsNode ? getSdkClass(types.checker, tsNode) : undefined;
}

/**
 * Classifies the static type of a TypeScript node as an SDK class: the class or type its type names (see
 * `getClassOrTypeSymbol`), by that symbol's name and the file that declares it (the service's v3 package, or the v2
 * `aws-sdk/clients/<service>.d.ts`). A plain named import of one of the SDK's own classes is answered from the import
 * (see {@link getImportedSdkClass}), which spares the checker the package's export table.
 * @param checker the program's type checker
 * @param node a TypeScript expression node of that program
 * @param options `fromImports: false` asks the checker for every node (the parity tests compare both answers)
 * @returns the SDK class, or `undefined` when the type is none of them; never throws
 */
export function getSdkClass(checker: ts.TypeChecker, node: ts.Node, { fromImports = true }: { fromImports?: boolean } = {}): SdkClass | undefined {
  const imported = fromImports ? getNamedImport(checker, node) : undefined;
  const answer = imported ? getImportedSdkClass(checker, imported) : 'ask';
  if (answer !== 'ask') return answer;
  // A class name or a `const x = new C()` is answered from declarations, without type-checking the construction.
  const symbol = getClassOrTypeSymbol(checker, node);
  if (!symbol) return undefined;
  const name = symbol.getName();
  const file = symbol.getDeclarations()?.[0]?.getSourceFile().fileName.replaceAll('\\', '/') ?? '';
  for (const service of ['kms', 's3'] as const) {
    const modules = SERVICE_MODULES[service];
    const inV3 = modules.v3.some((module) => file.includes(`/${module}/`));
    if (inV3) {
      if (name === modules.v3Client) return { service, style: 'v3-client', name };
      if (name === modules.v3Aggregated) return { service, style: 'v3-aggregated', name };
      if (name.endsWith('Command')) return { service, style: 'command', name };
    }
    if (file.includes(`/${modules.v2Module}.d.ts`) && name === modules.v2Member) return { service, style: 'v2', name };
  }
  return undefined;
}


/**
 * What {@link getSdkClass} would find for a class bound by a plain named import (`getNamedImport`), answered from the
 * import where the AWS SDK's own packages make that certain, or `'ask'` (ask the checker):
 * - the v3 client, the aggregated client or a catalogued command of KMS or S3 (`KMSClient`, `KMS`, `EncryptCommand`,
 *   `S3Client`, `PutObjectCommand`), imported from the service's v3 package (`@aws-sdk/client-kms`,
 *   `@aws-sdk/client-s3`) that resolves into that package: the package declares the class under that name in its own
 *   files (`dist-types/<Name>.d.ts`, `dist-types/commands/<Name>.d.ts`);
 * - from any `@aws-sdk/*` package, a name that is none of the four client names and does not end in `Command`:
 *   `undefined`, as the classes those packages export keep their names (`Upload`, `DynamoDBClient`) and no name of
 *   another form can be classified.
 * Everything else is `'ask'`: another package or a relative module (a re-export), an uncatalogued `…Command` name
 * (`$Command` is `@smithy/core`'s `Command`), a service package that does not resolve into itself.
 * @param checker the program's type checker
 * @param imported the named import that binds the class reference
 */
export function getImportedSdkClass(checker: ts.TypeChecker, imported: NamedImport): SdkClass | undefined | 'ask' {
  const { module, name } = imported;
  if (!module.startsWith('@aws-sdk/')) return 'ask';
  for (const service of ['kms', 's3'] as const) {
    const modules = SERVICE_MODULES[service];
    if (!(modules.v3 as readonly string[]).includes(module)) continue;
    const style = name === modules.v3Client ? 'v3-client' : name === modules.v3Aggregated ? 'v3-aggregated' : isCataloguedCommand(service, name) ? 'command' : undefined;
    if (!style) continue;
    return getOwnPackageFile(checker, imported) ? { service, style, name } : 'ask';
  }
  return name.endsWith('Command') || CLIENT_NAMES.has(name) ? 'ask' : undefined;
}

/** Every client class name the classification knows (`KMSClient`, `KMS`, `S3Client`, `S3`). */
const CLIENT_NAMES: ReadonlySet<string> = new Set((['kms', 's3'] as const).flatMap((service) => [SERVICE_MODULES[service].v3Client, SERVICE_MODULES[service].v3Aggregated]));

function isCataloguedCommand(service: 'kms' | 's3', name: string): boolean {
  return (service === 'kms' ? KMS_OPERATIONS : S3_OPERATIONS).some((spec) => `${spec.operation}Command` === name);
}
