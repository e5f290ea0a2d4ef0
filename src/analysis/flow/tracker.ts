/**
 * Forward flow of one value through a file (DESIGN "How data flows", step 6): where the value an expression
 * evaluates to goes next — aliases (`const k = key`), TypeScript wrappers, views of the same memory (`Buffer#subarray`,
 * `Buffer#slice`, `.buffer`, `Buffer.from(arrayBuffer)`), copies (`Uint8Array#slice`, `Buffer.from(bytes)`,
 * `new Uint8Array(bytes)`, `Buffer.concat([...])`), strings made from it, object and array literals that hold it
 * (with the property path), functions of the same file it is passed to (into the parameter) and returned from (out
 * to each call), and with type information the declaring file of a function in another file.
 *
 * Each place the value ends up is a {@link FlowUse}; sinks are classified with the data of `catalog/crypto-sinks.ts`
 * (cipher key / IV / tag / AAD arguments traced through imports with ESLint's `ReferenceTracker`, wipes, loggers,
 * string conversion, persistence, network, another KMS call of the model). `flowsTo` answers three-valued.
 *
 * Node semantics used (Node.js `buffer` docs): `Buffer#slice` and `#subarray` share memory, `Uint8Array#slice` copies;
 * `Buffer.from(buffer|typedArray)`, `Uint8Array.from(x)` and `new Uint8Array(typedArray)` copy;
 * `Buffer.from(arrayBuffer, …)` and `new Uint8Array(arrayBuffer, …)` share memory.
 */
import { ASTUtils, AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '../../util/ts-eslint.js';
import type { TypeServices } from '../types.js';
import { withImplicitRequire } from '../call-sites.js';
import type { CallSite } from '../model.js';
import {

  FILE_WRITE_FUNCTIONS,
  LOGGER_RECEIVER,
  LOG_METHODS,
  NETWORK_FUNCTIONS,
  NETWORK_RECEIVER,
  PERSIST_COMMANDS,
  PERSIST_METHODS,
  PERSIST_METHODS_ANY_RECEIVER,
  PERSIST_RECEIVER,
  READ_METHODS,
  RESPONSE_METHODS,
  RESPONSE_RECEIVER,
  STRING_FUNCTIONS,
  STRING_METHODS,
  WIPE_FUNCTIONS,
  getCryptoTraceMaps,
  type CipherRole,
  type CryptoApiInfo,
  type SinkKind,
} from '../catalog/crypto-sinks.js';
import { getCalleeName, getStaticKey, getStaticMemberName } from '../values.js';

const { ReferenceTracker } = ASTUtils;

/** A three-valued answer. */
export type Tri = 'yes' | 'no' | 'unknown';

/**
 * What happens to the value at a use: a sink of the catalogue ({@link SinkKind}), or
 * - `cipher-data`: the data argument of a cipher (`subtle.encrypt(…, data)`, `cipher.update(data)`);
 * - `return`: returned or yielded from its function (followed to the callers in this file when it can be: `resolved`);
 * - `store`: assigned to a property (`this.k = v`, `obj.k = v`);
 * - `argument`: passed to a function: one of this file that was followed (`resolved: true`, the uses inside carry
 *   `via`), `pipeline(…)`/`.pipe(…)` (see `callee`), or a function the analysis cannot see (`resolved: false`);
 * - `method`: a method called on the value (`cipher.final()`; see `method`);
 * - `read`: a use that neither keeps nor moves the value (`if (!k)`, `k.length`, `k.equals(x)`);
 * - `throw`: thrown;
 * - `unknown`: anything the tracker cannot follow (a reassigned variable, a computed member, a tagged template…).
 */
export type FlowUseKind = SinkKind | 'cipher-data' | 'return' | 'store' | 'argument' | 'method' | 'read' | 'throw' | 'unknown';

/** Whether the value at a use is the same memory as the start (`same`), a copy of it, or cannot be told. */
export type Memory = 'same' | 'copy' | 'unknown';

/** One use of the tracked value. */
export interface FlowUse {
  readonly kind: FlowUseKind;
  /** The node that uses the value: the call, `return` statement, assignment, test, template literal. */
  readonly node: TSESTree.Node;
  /** The expression that denotes the value (or the container / string holding it) at this use. */
  readonly occurrence: TSESTree.Node;
  readonly memory: Memory;
  /** True when the value reached the use transformed: as a string, or as a part of a concatenation or copy. */
  readonly derived: boolean;
  /** The property path of the value inside the container that reached the use (`['Body']` for `{ Body: v }`); `[]` itself. */
  readonly path: readonly string[];
  /** For cipher roles: the API and the role of the argument. */
  readonly api?: CryptoApiInfo;
  readonly role?: CipherRole;
  /** For `method` uses: the method name (`final`, `update`, `setAuthTag`). */
  readonly method?: string;
  /** The dotted callee name of a call use, when it has one (`console.debug`, `pipeline`, `helper`). */
  readonly callee?: string;
  /** For `kms` uses: the call site of the model that receives the value. */
  readonly site?: CallSite;
  /** For `argument` and `return` uses: whether the tracker followed the value on (into the parameter, out to the callers). */
  readonly resolved?: boolean;
  /** For an `argument` to a function declared in another file (type information): that file. */
  readonly declaredIn?: string;
  /** For `return`: whether the returning function is exported (the value leaves the file). */
  readonly exported?: boolean;
  /** The calls followed to reach this use (argument into a parameter, or a return out to a call), outermost first. */
  readonly via: readonly (TSESTree.CallExpression | TSESTree.NewExpression)[];
  /** A short description for messages: `createCipheriv`, `console.debug`, `fill(0)`, `return`. */
  readonly detail: string;
}

/** The forward flow of one value. */
export interface Flow {
  readonly start: TSESTree.Node;
  /** Uses in source order (uses inside followed functions are ordered by their call in the caller). */
  readonly uses: readonly FlowUse[];
  /** Every expression that denotes the value (or a view of it). */
  readonly occurrences: readonly TSESTree.Node[];
  /** False when some use is `unknown` or an `argument` the tracker could not follow: absence of a sink is then unknown. */
  readonly complete: boolean;
}

/** The answer to `flowsTo`: `yes` with the uses that reach one of the kinds, `no` (complete flow, none), or `unknown`. */
export interface FlowsToAnswer {
  readonly answer: Tri;
  readonly uses: readonly FlowUse[];
}

/** Options of one track. */
export interface TrackOptions {
  /** Extra callee names (`zero`, `utils.wipe`) that wipe their first argument. */
  readonly wipeFunctions?: readonly string[];
  /** What the start value is, when the caller knows (decides whether `.slice()` copies); inferred otherwise. */
  readonly shape?: Shape;
  /** Follow a `Memory: 'copy'` value on (default true); false stops at the copy (the `copy` use is still recorded as `read`). */
  readonly followCopies?: boolean;
}

/** A `Buffer` (views on `slice`), a plain `Uint8Array` (copies on `slice`), an `ArrayBuffer`, or not known. */
export type Shape = 'buffer' | 'uint8array' | 'arraybuffer' | 'unknown';

/** A cipher or random API call found through the trace maps. */
export interface CryptoCall {
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly info: CryptoApiInfo;
}

/** What the tracker needs of the file (the facade passes its analysis). */
export interface FlowInput {
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  readonly callSites: readonly CallSite[];
  readonly types: TypeServices | undefined;
}

const MAX_CALL_DEPTH = 4;
const MAX_USES = 2000;
type Call = TSESTree.CallExpression | TSESTree.NewExpression;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

interface State {
  readonly memory: Memory;
  readonly derived: boolean;
  readonly path: readonly string[];
  /** The value's shape, or a memoised query for it (the start's shape asks the type checker only when a use needs it). */
  readonly shape: Shape | (() => Shape);
  readonly via: readonly Call[];
  readonly depth: number;
}

interface Run {
  readonly uses: FlowUse[];
  readonly occurrences: TSESTree.Node[];
  readonly seen: Set<string>;
  readonly wipeFunctions: ReadonlySet<string>;
  readonly followCopies: boolean;
  readonly ids: WeakMap<object, number>;
}

/**
 * Forward flow queries over one file. Create one per file (the facade caches it); every query is pure and never
 * throws on valid code — what it cannot follow becomes an `unknown` use.
 */
export class FlowTracker {
  private cryptoCalls: Map<TSESTree.Node, CryptoCall> | undefined;
  private kmsInputs: Map<TSESTree.Node, CallSite> | undefined;
  private nextId = 1;

  constructor(private readonly input: FlowInput) {}

  /**
   * Every cipher / random API call of the file traced from its import (`node:crypto`, `crypto`, `@noble/ciphers/*`,
   * `node:stream`) or global (`crypto.subtle`, `globalThis.crypto`), keyed by the call node. Built once.
   */
  getCryptoCalls(): ReadonlyMap<TSESTree.Node, CryptoCall> {
    if (this.cryptoCalls) return this.cryptoCalls;
    const calls = new Map<TSESTree.Node, CryptoCall>();
    const globalScope = this.input.sourceCode.scopeManager?.globalScope;
    if (globalScope) {
      try {
        const scope = withImplicitGlobals(withImplicitRequire(globalScope as TSESLint.Scope.Scope), IMPLICIT_GLOBALS);
        const tracker = new ReferenceTracker(scope, { mode: 'legacy' });
        const maps = getCryptoTraceMaps();
        const modules = maps.modules as Parameters<typeof tracker.iterateEsmReferences>[0];
        const references = [
          ...tracker.iterateEsmReferences(modules),
          ...tracker.iterateCjsReferences(modules),
          ...tracker.iterateGlobalReferences(maps.globals as Parameters<typeof tracker.iterateGlobalReferences>[0]),
        ];
        references.sort((a, b) => (a.node as TSESTree.Node).range[0] - (b.node as TSESTree.Node).range[0]);
        for (const reference of references) {
          const node = reference.node as TSESTree.Node;
          if (node.type === T.CallExpression || node.type === T.NewExpression) calls.set(node, { node, info: reference.info as CryptoApiInfo });
        }
      } catch {
        // An odd scope (a parser without a full scope manager): no traced calls.
      }
    }
    this.cryptoCalls = calls;
    return calls;
  }

  /** The traced cipher API of `call`, if it is one. */
  getCryptoCall(call: TSESTree.Node): CryptoCall | undefined {
    return this.getCryptoCalls().get(call);
  }

  /**
   * The argument node that plays `role` in a traced cipher call (`createCipheriv(alg, key, iv)` → `iv` for
   * `cipher-iv`; `subtle.encrypt({ iv }, …)` → the `iv` property's value, also through a `const` object). `undefined`
   * when absent or not statically visible.
   */
  getRoleArgument(call: CryptoCall, role: CipherRole): TSESTree.Node | undefined {
    const position = call.info.arguments.find((entry) => entry.role === role);
    if (!position) return undefined;
    const argument = call.node.arguments[position.index];
    if (!argument || argument.type === T.SpreadElement) return undefined;
    if (!position.property) return argument;
    const object = this.resolveObjectLiteral(argument);
    if (!object) return undefined;
    for (let index = object.properties.length - 1; index >= 0; index--) {
      const property = object.properties[index]!;
      if (property.type === T.SpreadElement) return undefined;
      if (getStaticKey(property) === position.property) return property.value;
    }
    return undefined;
  }

  /** An object literal that `node` is (through wrappers) or that a never-reassigned `const` initialises. */
  resolveObjectLiteral(node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
    const inner = skipWrappersDown(node);
    if (inner.type === T.ObjectExpression) return inner;
    if (inner.type !== T.Identifier) return undefined;
    const variable = this.findVariable(inner);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Variable' || (definition.parent as TSESTree.VariableDeclaration | null)?.kind !== 'const') return undefined;
    const declarator = definition.node as TSESTree.VariableDeclarator;
    const init = declarator.id.type === T.Identifier && declarator.init ? skipWrappersDown(declarator.init) : undefined;
    return init?.type === T.ObjectExpression ? init : undefined;
  }

  /**
   * Follows the value of `start` — an expression, or a binding identifier (declarator id, parameter, destructured
   * local) — forward through the file. Never throws.
   */
  track(start: TSESTree.Node, options: TrackOptions = {}): Flow {
    const run: Run = {
      uses: [],
      occurrences: [],
      seen: new Set(),
      wipeFunctions: new Set(options.wipeFunctions ?? []),
      followCopies: options.followCopies ?? true,
      ids: new WeakMap(),
    };
    const state: State = { memory: 'same', derived: false, path: [], shape: options.shape ?? memoise(() => this.inferShape(start)), via: [], depth: 0 };
    try {
      this.follow(run, start, state);
    } catch {
      this.add(run, state, { kind: 'unknown', node: start, occurrence: start, detail: 'analysis error' });
    }
    const uses = [...run.uses].sort((a, b) => anchor(a).range[0] - anchor(b).range[0]);
    const complete = !uses.some((use) => use.kind === 'unknown' || (use.kind === 'argument' && use.resolved === false));
    return { start, uses, occurrences: run.occurrences, complete };
  }

  /**
   * Whether the value of `start` reaches a use of one of `kinds`: `yes` (with those uses), `no` when the flow is
   * complete and none does, `unknown` otherwise.
   */
  flowsTo(start: TSESTree.Node | Flow, kinds: readonly FlowUseKind[], options: TrackOptions = {}): FlowsToAnswer {
    const flow = 'uses' in start && 'complete' in start ? start : this.track(start, options);
    const wanted = new Set(kinds);
    const uses = flow.uses.filter((use) => wanted.has(use.kind));
    if (uses.length > 0) return { answer: 'yes', uses };
    return { answer: flow.complete ? 'no' : 'unknown', uses };
  }

  // ---- following -----------------------------------------------------------------------------------------------------

  private add(run: Run, state: State, use: Omit<FlowUse, 'memory' | 'derived' | 'path' | 'via'> & Partial<Pick<FlowUse, 'memory' | 'derived' | 'path'>>): void {
    if (run.uses.length >= MAX_USES) return;
    run.uses.push({ memory: state.memory, derived: state.derived, path: state.path, via: state.via, ...use });
  }

  private follow(run: Run, start: TSESTree.Node, state: State): void {
    if (start.type === T.Identifier && isBindingIdentifier(start)) {
      this.followBinding(run, start, state);
      return;
    }
    if (state.path.length === 0) run.occurrences.push(start);
    let current: TSESTree.Node = start;
    for (;;) {
      const parent: TSESTree.Node | undefined = current.parent;
      if (!parent) return;
      if (isTransparent(parent, current)) {
        current = parent;
        continue;
      }
      if (parent.type === T.LogicalExpression) {
        if (parent.operator === '&&' && parent.left === current) return this.add(run, state, { kind: 'read', node: parent, occurrence: start, detail: 'test' });
        current = parent;
        continue;
      }
      if (parent.type === T.ConditionalExpression) {
        if (parent.test === current) return this.add(run, state, { kind: 'read', node: parent, occurrence: start, detail: 'test' });
        current = parent;
        continue;
      }
      if (parent.type === T.SequenceExpression) {
        if (parent.expressions.at(-1) === current) {
          current = parent;
          continue;
        }
        return this.add(run, state, { kind: 'read', node: parent, occurrence: start, detail: 'discarded' });
      }
      this.classify(run, parent, current, state);
      return;
    }
  }

  /** A variable (alias, parameter, destructured local): each read is the value again. */
  private followBinding(run: Run, identifier: TSESTree.Identifier, state: State): void {
    const variable = this.findVariable(identifier);
    if (!variable) return this.add(run, state, { kind: 'unknown', node: identifier, occurrence: identifier, detail: 'unresolved variable' });
    const key = `${this.idOf(run, variable)}:${state.path.join('.')}:${state.memory}`;
    if (run.seen.has(key)) return;
    run.seen.add(key);
    const isParameter = variable.defs.some((definition) => definition.type === 'Parameter');
    const writes = variable.references.filter((reference) => reference.isWrite() && !reference.init);
    const initialWrites = variable.references.filter((reference) => reference.init).length;
    // `let iv; iv = x;` is one write; a second write means a read may see another value.
    if (writes.length + initialWrites + (isParameter ? 1 : 0) > 1) {
      return this.add(run, state, { kind: 'unknown', node: identifier, occurrence: identifier, detail: 'reassigned variable' });
    }
    for (const reference of variable.references) {
      if (reference.isWrite()) continue;
      this.follow(run, reference.identifier, state);
    }
  }

  private classify(run: Run, parent: TSESTree.Node, child: TSESTree.Node, state: State): void {
    const occurrence = child;
    switch (parent.type) {
      case T.MemberExpression:
        if (parent.object !== child) return this.add(run, state, { kind: 'read', node: parent, occurrence, detail: 'computed key' });
        return this.classifyMember(run, parent, state);
      case T.CallExpression:
      case T.NewExpression: {
        if (parent.callee === child) return this.add(run, state, { kind: 'unknown', node: parent, occurrence, detail: 'called' });
        const index = parent.arguments.indexOf(child as TSESTree.CallExpressionArgument);
        return this.classifyArgument(run, parent, index, occurrence, state);
      }
      case T.Property: {
        const object = parent.parent;
        if (parent.value !== child || object?.type !== T.ObjectExpression) {
          return this.add(run, state, { kind: 'unknown', node: parent, occurrence, detail: 'property' });
        }
        const key = getStaticKey(parent);
        if (key === undefined) return this.add(run, state, { kind: 'unknown', node: parent, occurrence, detail: 'computed property' });
        return this.follow(run, object, { ...state, path: [key, ...state.path] });
      }
      case T.ArrayExpression: {
        const index = parent.elements.indexOf(child as TSESTree.Expression);
        const spreadBefore = parent.elements.slice(0, index).some((element) => element?.type === T.SpreadElement);
        return this.follow(run, parent, { ...state, path: [spreadBefore ? '*' : String(index), ...state.path] });
      }
      case T.SpreadElement:
        if (parent.parent?.type === T.ObjectExpression && state.path.length > 0) return this.follow(run, parent.parent, state);
        if (parent.parent?.type === T.ArrayExpression && state.path.length === 0) {
          return this.add(run, state, { kind: 'read', node: parent.parent, occurrence, detail: 'array spread (copied)', memory: 'copy' });
        }
        return this.add(run, state, { kind: 'unknown', node: parent, occurrence, detail: 'spread' });
      case T.TemplateLiteral:
        if (parent.parent?.type === T.TaggedTemplateExpression) return this.add(run, state, { kind: 'unknown', node: parent.parent, occurrence, detail: 'tagged template' });
        return this.toString(run, parent, occurrence, state, 'a template literal');
      case T.BinaryExpression:
        if (parent.operator === '+') return this.toString(run, parent, occurrence, state, 'string concatenation');
        return this.add(run, state, { kind: 'read', node: parent, occurrence, detail: parent.operator });
      case T.UnaryExpression:
        return this.add(run, state, { kind: 'read', node: parent, occurrence, detail: parent.operator });
      case T.IfStatement:
      case T.WhileStatement:
      case T.DoWhileStatement:
      case T.ForStatement:
      case T.SwitchStatement:
      case T.SwitchCase:
      case T.ExpressionStatement:
      case T.ForInStatement:
        return this.add(run, state, { kind: 'read', node: parent, occurrence, detail: 'test' });
      case T.ForOfStatement:
        return this.add(run, state, { kind: 'read', node: parent, occurrence, detail: 'iterated' });
      case T.VariableDeclarator:
        if (parent.init !== child) return this.add(run, state, { kind: 'unknown', node: parent, occurrence, detail: 'declarator' });
        if (parent.id.type === T.Identifier) return this.followBinding(run, parent.id, state);
        return this.followPattern(run, parent.id, occurrence, state);
      case T.AssignmentExpression:
        return this.classifyAssignment(run, parent, child, state);
      case T.AssignmentPattern:
        if (parent.right === child && parent.left.type === T.Identifier) return this.followBinding(run, parent.left, { ...state, memory: state.memory });
        return this.add(run, state, { kind: 'unknown', node: parent, occurrence, detail: 'default value' });
      case T.ReturnStatement:
        return this.classifyReturn(run, parent, occurrence, state, 'return');
      case T.ArrowFunctionExpression:
        if (parent.body === child) return this.classifyReturn(run, parent, occurrence, state, 'return');
        return this.add(run, state, { kind: 'unknown', node: parent, occurrence, detail: 'arrow' });
      case T.YieldExpression:
        return this.add(run, state, { kind: 'return', node: parent, occurrence, detail: 'yield', resolved: false });
      case T.ThrowStatement:
        return this.add(run, state, { kind: 'throw', node: parent, occurrence, detail: 'throw' });
      case T.PropertyDefinition:
        return this.add(run, state, { kind: 'store', node: parent, occurrence, detail: 'a class field' });
      default:
        return this.add(run, state, { kind: 'unknown', node: parent, occurrence, detail: parent.type });
    }
  }

  private toString(run: Run, node: TSESTree.Node, occurrence: TSESTree.Node, state: State, detail: string): void {
    this.add(run, state, { kind: 'string', node, occurrence, detail });
    this.follow(run, node, { ...state, derived: true, memory: 'copy', path: [] });
  }

  /** `const { iv, tag } = envelope` / `const [a] = parts`: the local whose path matches takes the value on. */
  private followPattern(run: Run, pattern: TSESTree.Node, occurrence: TSESTree.Node, state: State): void {
    if (state.path.length === 0) return this.add(run, state, { kind: 'read', node: pattern, occurrence, detail: 'destructured' });
    const [head, ...rest] = state.path;
    if (pattern.type === T.ObjectPattern) {
      for (const property of pattern.properties) {
        if (property.type === T.RestElement) {
          if (property.argument.type === T.Identifier) this.followBinding(run, property.argument, state);
          continue;
        }
        const key = getStaticKey(property);
        if (key === undefined) return this.add(run, state, { kind: 'unknown', node: property, occurrence, detail: 'computed destructuring' });
        if (key !== head) continue;
        const target = property.value.type === T.AssignmentPattern ? property.value.left : property.value;
        if (target.type === T.Identifier) this.followBinding(run, target, { ...state, path: rest });
        else this.followPattern(run, target, occurrence, { ...state, path: rest });
      }
      return;
    }
    if (pattern.type === T.ArrayPattern) {
      const index = Number(head);
      const element = Number.isInteger(index) ? pattern.elements[index] : undefined;
      if (head === '*') return this.add(run, state, { kind: 'unknown', node: pattern, occurrence, detail: 'array destructuring' });
      if (!element) return;
      const target = element.type === T.AssignmentPattern ? element.left : element;
      if (target.type === T.Identifier) this.followBinding(run, target, { ...state, path: rest });
      else this.add(run, state, { kind: 'unknown', node: element, occurrence, detail: 'nested destructuring' });
      return;
    }
    this.add(run, state, { kind: 'unknown', node: pattern, occurrence, detail: 'pattern' });
  }

  private classifyAssignment(run: Run, assignment: TSESTree.AssignmentExpression, child: TSESTree.Node, state: State): void {
    const occurrence = child;
    if (assignment.right !== child) {
      // `x = value` where value is the left side: a write to it, or `k += …`.
      return this.add(run, state, { kind: 'unknown', node: assignment, occurrence, detail: 'assigned to' });
    }
    if (assignment.operator !== '=' && assignment.operator !== '??=' && assignment.operator !== '||=') {
      return this.add(run, state, { kind: 'unknown', node: assignment, occurrence, detail: assignment.operator });
    }
    const left = assignment.left;
    if (left.type === T.Identifier) return this.followBinding(run, left, state);
    if (left.type === T.MemberExpression) {
      const name = getStaticMemberName(left);
      this.add(run, state, { kind: 'store', node: assignment, occurrence, detail: name ? `.${name} =` : 'a property assignment' });
      // `envelope.tag = tag; return envelope`: a local object now holds the value.
      const object = skipWrappersDown(left.object);
      if (name !== undefined && object.type === T.Identifier) {
        const variable = this.findVariable(object);
        const local = variable?.defs.length === 1 && variable.defs[0]!.type === 'Variable' ? variable.defs[0]!.name : undefined;
        if (local?.type === T.Identifier) this.followBinding(run, local, { ...state, path: [name, ...state.path] });
      }
      return;
    }
    return this.followPattern(run, left, occurrence, state);
  }

  private classifyMember(run: Run, member: TSESTree.MemberExpression, state: State): void {
    const name = getStaticMemberName(member);
    const occurrence = member.object;
    if (state.path.length > 0) {
      // A container holding the value: only the member on the path is the value.
      if (name === undefined) return this.add(run, state, { kind: 'unknown', node: member, occurrence, detail: 'computed member of a container' });
      if (member.parent?.type === T.AssignmentExpression && member.parent.left === member) return; // `out.tag = …` writes it
      if (name === state.path[0] || state.path[0] === '*') return this.follow(run, member, { ...state, path: state.path.slice(1) });
      const call = getCallOfMember(member);
      if (call && (name === 'toString' || name === 'toJSON')) return this.toString(run, call, occurrence, state, `${name}()`);
      return;
    }
    if (name === undefined || (member.computed && /^\d+$/.test(name))) return this.add(run, state, { kind: 'read', node: member, occurrence, detail: 'index' });
    const call = getCallOfMember(member);
    if (!call) {
      if (name === 'buffer') return this.follow(run, member, { ...state, shape: 'arraybuffer' });
      if (name === 'length' || name === 'byteLength' || name === 'byteOffset' || name === 'BYTES_PER_ELEMENT') {
        return this.add(run, state, { kind: 'read', node: member, occurrence, detail: name });
      }
      return this.add(run, state, { kind: 'read', node: member, occurrence, detail: `.${name}` });
    }
    switch (name) {
      case 'fill':
        if (isZeroFill(call)) return this.add(run, state, { kind: 'wipe', node: call, occurrence, detail: `fill(${call.arguments.map((argument) => this.text(argument)).join(', ')})`, method: name });
        return this.add(run, state, { kind: 'read', node: call, occurrence, detail: 'fill', method: name });
      case 'subarray':
        return this.follow(run, call, state);
      case 'slice': {
        const known = shapeOf(state);
        const shape = known === 'unknown' ? this.typedShape(member.object) : known;
        if (shape === 'buffer') return this.follow(run, call, state);
        if (shape === 'uint8array' || shape === 'arraybuffer') return this.copy(run, call, occurrence, state, 'slice()');
        return this.follow(run, call, { ...state, memory: 'unknown' });
      }
      case 'copy':
        return this.add(run, state, { kind: 'read', node: call, occurrence, detail: 'copy()', method: name, memory: 'copy' });
      default:
        if (STRING_METHODS.has(name)) return this.toString(run, call, occurrence, state, `${name}(${call.arguments.map((argument) => this.text(argument)).join(', ')})`);
        if (READ_METHODS.has(name) || name.startsWith('read')) return this.add(run, state, { kind: 'read', node: call, occurrence, detail: name, method: name });
        return this.add(run, state, { kind: 'method', node: call, occurrence, detail: `.${name}()`, method: name });
    }
  }

  /** A copy of the bytes: recorded as a `read` with `memory: 'copy'` and followed on as a copy. */
  private copy(run: Run, call: Call, occurrence: TSESTree.Node, state: State, detail: string, shape: Shape = shapeOf(state) === 'arraybuffer' ? 'uint8array' : shapeOf(state)): void {
    this.add(run, state, { kind: 'read', node: call, occurrence, detail: `copied by ${detail}`, memory: 'copy' });
    if (run.followCopies) this.follow(run, call, { ...state, memory: 'copy', shape });
  }

  private classifyArgument(run: Run, call: Call, index: number, occurrence: TSESTree.Node, state: State): void {
    const fullName = getCalleeName(call.callee);
    const lastName = getLastName(call.callee);
    const callee = fullName ?? lastName;
    const base = { node: call, occurrence, ...(callee ? { callee } : {}) };
    // Cipher APIs traced from their import.
    const crypto = this.getCryptoCall(call);
    if (crypto) {
      const position = crypto.info.arguments.find(
        (entry) => entry.index === index && (entry.property ? state.path.length === 1 && state.path[0] === entry.property : state.path.length === 0),
      );
      if (index === 0 && state.path.length === 0 && crypto.info.wipesFirstArgument) return this.add(run, state, { ...base, kind: 'wipe', detail: `${callee ?? crypto.info.api}()`, api: crypto.info });
      if (crypto.info.api === 'pipeline') return this.add(run, state, { ...base, kind: 'argument', detail: 'pipeline()', api: crypto.info, resolved: true });
      if (position) {
        const kind: FlowUseKind =
          position.role === 'cipher-key' || position.role === 'cipher-iv' || position.role === 'auth-tag' || position.role === 'aad'
            ? position.role
            : position.role === 'data'
              ? 'cipher-data'
              : 'read';
        return this.add(run, state, { ...base, kind, detail: `${callee ?? crypto.info.api}()`, api: crypto.info, role: position.role });
      }
      return this.add(run, state, { ...base, kind: 'read', detail: `${callee ?? crypto.info.api}()`, api: crypto.info });
    }
    // Another KMS call of the model.
    const site = this.getKmsInputs().get(call.arguments[index] ?? call) ?? this.getKmsInputs().get(call);
    if (site && (call.arguments[index] === site.inputNode || site.node === call)) {
      return this.add(run, state, { ...base, kind: site.service === 'kms' ? 'kms' : 'persist', detail: `${site.operation}`, site });
    }
    // Methods of a node:crypto Cipher / Decipher object.
    if (call.type === T.CallExpression && call.callee.type === T.MemberExpression && state.path.length === 0) {
      if (lastName === 'setAuthTag' && index === 0) return this.add(run, state, { ...base, kind: 'auth-tag', detail: 'setAuthTag()', role: 'auth-tag' });
      if (lastName === 'setAAD' && index === 0) return this.add(run, state, { ...base, kind: 'aad', detail: 'setAAD()', role: 'aad' });
      if (lastName === 'update' && index === 0 && this.isCipherObject(call.callee.object)) return this.add(run, state, { ...base, kind: 'cipher-data', detail: 'update()', role: 'data' });
      if (lastName === 'pipe' && index === 0) return this.add(run, state, { ...base, kind: 'argument', detail: 'pipe()', resolved: true });
    }
    if (index === 0 && state.path.length === 0 && ((fullName && run.wipeFunctions.has(fullName)) || (lastName && (WIPE_FUNCTIONS.has(lastName) || run.wipeFunctions.has(lastName))))) {
      return this.add(run, state, { ...base, kind: 'wipe', detail: `${callee}()` });
    }
    // Copies and views.
    if (index === 0 && state.path.length === 0) {
      if (call.type === T.NewExpression && lastName && TYPED_ARRAYS.has(lastName)) {
        if (shapeOf(state) === 'arraybuffer') return this.follow(run, call, { ...state, shape: 'uint8array' });
        return this.copy(run, call, occurrence, state, `new ${lastName}()`, 'uint8array');
      }
      if (fullName === 'Buffer.from' || fullName === 'Uint8Array.from' || fullName === 'Buffer.copyBytesFrom') {
        const shape: Shape = fullName === 'Uint8Array.from' ? 'uint8array' : 'buffer';
        if (fullName === 'Buffer.from' && shapeOf(state) === 'arraybuffer') return this.follow(run, call, { ...state, shape });
        return this.copy(run, call, occurrence, state, `${fullName}()`, shape);
      }
    }
    if (fullName === 'Buffer.concat' && state.path.length === 1) {
      this.add(run, state, { ...base, kind: 'read', detail: 'Buffer.concat()', memory: 'copy' });
      if (run.followCopies) this.follow(run, call, { ...state, memory: 'copy', derived: true, path: [], shape: 'buffer' });
      return;
    }
    if (fullName === 'JSON.stringify' || (lastName && STRING_FUNCTIONS.has(lastName) && call.type === T.CallExpression) || lastName === 'decode') {
      return this.toString(run, call, occurrence, state, `${callee}()`);
    }
    if (fullName === 'Buffer.compare' || lastName === 'timingSafeEqual') return this.add(run, state, { ...base, kind: 'read', detail: `${callee}()` });
    if (isLogCall(call.callee)) return this.add(run, state, { ...base, kind: 'log', detail: callee ?? 'a logging call' });
    const network = getNetworkKind(call);
    if (network) return this.add(run, state, { ...base, kind: 'network', detail: network });
    const persist = getPersistKind(call);
    if (persist) return this.add(run, state, { ...base, kind: 'persist', detail: persist });
    // A function of this file: follow into the parameter.
    return this.passToFunction(run, call, index, occurrence, state, callee);
  }

  private passToFunction(run: Run, call: Call, index: number, occurrence: TSESTree.Node, state: State, callee: string | undefined): void {
    const base = { node: call, occurrence, ...(callee ? { callee } : {}) };
    const fn = this.getCalledFunction(call);
    if (!fn || index < 0) {
      const declaredIn = this.getDeclaringFile(call.callee);
      return this.add(run, state, { ...base, kind: 'argument', detail: `${callee ?? 'a function'}()`, resolved: false, ...(declaredIn ? { declaredIn } : {}) });
    }
    if (state.depth >= MAX_CALL_DEPTH || call.arguments.slice(0, index).some((argument) => argument.type === T.SpreadElement)) {
      return this.add(run, state, { ...base, kind: 'argument', detail: `${callee ?? 'a function'}()`, resolved: false });
    }
    const param = fn.params[index];
    this.add(run, state, { ...base, kind: 'argument', detail: `${callee ?? 'a function'}()`, resolved: param !== undefined });
    if (!param) return; // `arguments[i]` is not followed; an unused extra argument goes nowhere.
    const inner: State = { ...state, via: [...state.via, call], depth: state.depth + 1 };
    const target = param.type === T.AssignmentPattern ? param.left : param;
    if (target.type === T.Identifier) return this.followBinding(run, target, inner);
    if (target.type === T.ObjectPattern || target.type === T.ArrayPattern) return this.followPattern(run, target, occurrence, inner);
    return this.add(run, inner, { kind: 'unknown', node: param, occurrence, detail: 'parameter' });
  }

  /** `return value`: the value goes to each call of the function in this file; an exported function hands it out. */
  private classifyReturn(run: Run, node: TSESTree.Node, occurrence: TSESTree.Node, state: State, detail: string): void {
    const fn = getEnclosingFunction(node);
    if (!fn) return this.add(run, state, { kind: 'return', node, occurrence, detail, resolved: false });
    // A callback (`.then(x => x.Plaintext)`, `items.map(…)`): its result is the call's.
    const parent = fn.parent;
    if (parent?.type === T.CallExpression && parent.arguments.includes(fn as TSESTree.CallExpressionArgument) && parent.callee.type === T.MemberExpression) {
      const method = getStaticMemberName(parent.callee);
      if (method === 'then') {
        this.add(run, state, { kind: 'return', node, occurrence, detail: 'then()', resolved: true });
        return this.follow(run, parent, state);
      }
    }
    // Entered through a parameter: the value goes back to that call only.
    const entered = state.via.at(-1);
    if (entered && this.getCalledFunction(entered) === fn) {
      this.add(run, state, { kind: 'return', node, occurrence, detail, resolved: true });
      return this.follow(run, entered, { ...state, via: state.via.slice(0, -1), depth: state.depth - 1 });
    }
    const exported = isExportedFunction(fn);
    const calls = exported ? undefined : this.getDirectCalls(fn);
    if (!calls || state.depth >= MAX_CALL_DEPTH) {
      return this.add(run, state, { kind: 'return', node, occurrence, detail, resolved: false, exported });
    }
    this.add(run, state, { kind: 'return', node, occurrence, detail, resolved: true, exported });
    for (const call of calls) this.follow(run, call, { ...state, via: [...state.via, call], depth: state.depth + 1 });
  }

  // ---- file facts ----------------------------------------------------------------------------------------------------

  private getKmsInputs(): Map<TSESTree.Node, CallSite> {
    if (this.kmsInputs) return this.kmsInputs;
    const map = new Map<TSESTree.Node, CallSite>();
    for (const site of this.input.callSites) {
      if (site.inputNode) map.set(site.inputNode, site);
      map.set(site.node, site);
    }
    this.kmsInputs = map;
    return map;
  }

  /** True when `node` is (an alias of) a `createCipheriv`/`createDecipheriv` result. */
  isCipherObject(node: TSESTree.Node): boolean {
    const inner = skipWrappersDown(node);
    if (inner.type === T.CallExpression) {
      const api = this.getCryptoCall(inner)?.info.api;
      return api === 'createCipheriv' || api === 'createDecipheriv' || api === 'createCipher' || api === 'createDecipher';
    }
    if (inner.type !== T.Identifier) return false;
    const variable = this.findVariable(inner);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Variable') return false;
    const init = (definition.node as TSESTree.VariableDeclarator).init;
    return init !== null && init !== undefined && skipWrappersDown(init) !== inner && this.isCipherObject(init);
  }

  /** The function a call invokes, when it is declared in this file and called by name (or `this.method`). */
  private getCalledFunction(call: Call): FunctionNode | undefined {
    const callee = skipWrappersDown(call.callee);
    if (callee.type === T.Identifier) {
      const variable = this.findVariable(callee);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!definition) return undefined;
      if (definition.type === 'FunctionName' && isFunctionNode(definition.node)) return definition.node;
      if (definition.type === 'Variable') {
        const declarator = definition.node as TSESTree.VariableDeclarator;
        const writes = variable!.references.filter((reference) => reference.isWrite() && !reference.init);
        if (writes.length > 0) return undefined;
        const init = declarator.init ? skipWrappersDown(declarator.init) : undefined;
        if (init && isFunctionNode(init)) return init;
      }
      return undefined;
    }
    if (callee.type === T.MemberExpression && callee.object.type === T.ThisExpression) {
      const name = getStaticMemberName(callee);
      const classBody = getEnclosingClassBody(call);
      if (!name || !classBody) return undefined;
      const methods = classBody.body.filter(
        (member): member is TSESTree.MethodDefinition => member.type === T.MethodDefinition && !member.static && member.kind === 'method' && getMethodName(member) === name,
      );
      const value = methods.length === 1 ? methods[0]!.value : undefined;
      return value && isFunctionNode(value) ? value : undefined;
    }
    return undefined;
  }

  /** Calls of `fn` in this file, when every reference is a direct call (or `this.name(…)` for a method); else undefined. */
  private getDirectCalls(fn: FunctionNode): Call[] | undefined {
    const parent = fn.parent;
    if (parent?.type === T.MethodDefinition && !parent.static && parent.kind === 'method') {
      const name = getMethodName(parent);
      const classBody = parent.parent;
      if (!name || classBody?.type !== T.ClassBody) return undefined;
      const calls: Call[] = [];
      let escapes = false;
      visit(classBody, (node) => {
        if (node.type === T.MemberExpression && node.object.type === T.ThisExpression && getStaticMemberName(node) === name) {
          const holder = node.parent;
          if (holder?.type === T.CallExpression && holder.callee === node) calls.push(holder);
          else escapes = true;
        }
      });
      return escapes || calls.length === 0 ? undefined : calls;
    }
    let nameNode: TSESTree.Identifier | undefined;
    if (fn.type === T.FunctionDeclaration && fn.id) nameNode = fn.id;
    else if (parent?.type === T.VariableDeclarator && parent.init === fn && parent.id.type === T.Identifier) nameNode = parent.id;
    if (!nameNode) return undefined;
    const variable = this.findVariable(nameNode);
    if (!variable) return undefined;
    const calls: Call[] = [];
    for (const reference of variable.references) {
      if (reference.init) continue;
      const holder = reference.identifier.parent;
      if ((holder?.type === T.CallExpression || holder?.type === T.NewExpression) && holder.callee === reference.identifier) calls.push(holder);
      else return undefined;
    }
    return calls.length > 0 ? calls : undefined;
  }

  /** With type information: the file declaring the called function when it is another file of the program. */
  private getDeclaringFile(callee: TSESTree.Node): string | undefined {
    const types = this.input.types;
    if (!types) return undefined;
    try {
      const tsNode = types.esTreeNodeToTSNodeMap.get(callee.type === T.MemberExpression ? callee.property : callee);
      if (!tsNode) return undefined;
      let symbol = types.checker.getSymbolAtLocation(tsNode);
      // eslint-disable-next-line no-bitwise
      if (symbol && symbol.flags & 2097152 /* ts.SymbolFlags.Alias */) symbol = types.checker.getAliasedSymbol(symbol);
      const declaration = symbol?.declarations?.[0];
      const fileName = declaration?.getSourceFile().fileName;
      const own = types.esTreeNodeToTSNodeMap.get(this.input.sourceCode.ast)?.getSourceFile().fileName;
      return fileName && fileName !== own && !fileName.includes('/node_modules/') ? fileName : undefined;
    } catch {
      return undefined;
    }
  }

  /** The start's shape from how it was made (`Buffer.*`, `randomBytes` → buffer; `new Uint8Array`, noble, WebCrypto → uint8array). */
  private inferShape(start: TSESTree.Node): Shape {
    const declarator = start.parent;
    if (declarator?.type === T.VariableDeclarator && declarator.id === start && declarator.init) return this.inferShape(declarator.init);
    const inner = skipWrappersDown(start);
    if (inner.type === T.CallExpression || inner.type === T.NewExpression) {
      const name = getCalleeName(inner.callee);
      if (name?.startsWith('Buffer.')) return 'buffer';
      if (inner.type === T.NewExpression && name === 'Uint8Array') return 'uint8array';
      const api = this.getCryptoCall(inner)?.info;
      if (api?.api === 'randomBytes') return 'buffer';
      if (api?.api === 'noble.randomBytes' || api?.api === 'getRandomValues') return 'uint8array';
    }
    return this.typedShape(inner);
  }

  /** With types: `Buffer` or a plain `Uint8Array`. */
  private typedShape(node: TSESTree.Node): Shape {
    const types = this.input.types;
    if (!types) return 'unknown';
    try {
      const tsNode = types.esTreeNodeToTSNodeMap.get(node);
      if (!tsNode) return 'unknown';
      const type = types.checker.getTypeAtLocation(tsNode);
      const name = type.getSymbol()?.getName() ?? type.aliasSymbol?.getName();
      if (name === 'Buffer') return 'buffer';
      if (name === 'Uint8Array') return 'uint8array';
      if (name === 'ArrayBuffer') return 'arraybuffer';
      return 'unknown';
    } catch {
      return 'unknown';
    }
  }

  private findVariable(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null {
    return ASTUtils.findVariable(this.input.sourceCode.getScope(identifier), identifier);
  }

  private idOf(run: Run, object: object): number {
    let id = run.ids.get(object);
    if (id === undefined) run.ids.set(object, (id = this.nextId++));
    return id;
  }

  private text(node: TSESTree.Node): string {
    return this.input.sourceCode.getText(node);
  }
}

/** The shape a state carries, running its memoised query on first need. */
function shapeOf(state: State): Shape {
  return typeof state.shape === 'function' ? state.shape() : state.shape;
}

/** `compute` run at most once, on the first call. */
function memoise<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

// ---- helpers (AST shapes) ----------------------------------------------------------------------------------------------

/** Globals of Node and browsers that files use without declaring them (`crypto`, `globalThis`). */
const IMPLICIT_GLOBALS = ['crypto', 'globalThis', 'self', 'window'];

/**
 * Like `withImplicitRequire`: a view of the global scope in which undeclared, never-written uses of `names` are
 * read-only globals, so `ReferenceTracker` finds `crypto.subtle` without `languageOptions.globals`. The real scope is
 * not modified.
 */
function withImplicitGlobals(globalScope: TSESLint.Scope.Scope, names: readonly string[]): TSESLint.Scope.Scope {
  const missing = names.filter((name) => !globalScope.set.has(name) && globalScope.through.some((reference) => reference.identifier.name === name));
  if (missing.length === 0) return globalScope;
  const set = new Map<string, unknown>(globalScope.set);
  for (const name of missing) {
    const references = globalScope.through.filter((reference) => reference.identifier.name === name);
    set.set(name, { name, references, defs: [], identifiers: [], scope: globalScope });
  }
  const view = Object.create(globalScope) as TSESLint.Scope.Scope;
  Object.defineProperty(view, 'set', { value: set });
  return view;
}

const TYPED_ARRAYS = new Set(['Uint8Array', 'Int8Array', 'Uint8ClampedArray', 'Buffer']);

function anchor(use: FlowUse): TSESTree.Node {
  return use.via[0] ?? use.node;
}

/** Wrappers that keep the value: `as`, `!`, `satisfies`, `<T>x`, `?.` chains, `await`. */
function isTransparent(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case T.TSAsExpression:
    case T.TSNonNullExpression:
    case T.TSSatisfiesExpression:
    case T.TSTypeAssertion:
    case T.ChainExpression:
    case T.AwaitExpression:
      return true;
    case T.TSInstantiationExpression:
      return parent.expression === child;
    default:
      return false;
  }
}

/** Strips wrappers downwards: `(x as T)!` → `x`. */
export function skipWrappersDown(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case T.TSAsExpression:
      case T.TSNonNullExpression:
      case T.TSSatisfiesExpression:
      case T.TSTypeAssertion:
      case T.ChainExpression:
      case T.AwaitExpression:
        current = current.type === T.AwaitExpression ? current.argument : current.expression;
        continue;
      default:
        return current;
    }
  }
}

function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return node.type === T.FunctionDeclaration || node.type === T.FunctionExpression || node.type === T.ArrowFunctionExpression;
}

function getEnclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) return current;
    current = current.parent;
  }
  return undefined;
}

/** The static name of a class method (`foo`, `'foo'`, `#foo`). */
function getMethodName(method: TSESTree.MethodDefinition): string | undefined {
  if (method.computed) return method.key.type === T.Literal ? String(method.key.value) : undefined;
  if (method.key.type === T.Identifier) return method.key.name;
  if (method.key.type === T.PrivateIdentifier) return `#${method.key.name}`;
  return method.key.type === T.Literal ? String(method.key.value) : undefined;
}

function getEnclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  let current = node.parent;
  while (current) {
    if (current.type === T.ClassBody) return current;
    current = current.parent;
  }
  return undefined;
}

/** True for `export function f`, `export const f = …`, `export default …`, `exports.f = …`, `module.exports = …`. */
export function isExportedFunction(fn: FunctionNode): boolean {
  let current: TSESTree.Node | undefined = fn.parent;
  if (current?.type === T.MethodDefinition) return true; // a method of a class: callers are not visible
  if (current?.type === T.ExportDefaultDeclaration || current?.type === T.ExportNamedDeclaration) return true;
  if (current?.type === T.VariableDeclarator) current = current.parent?.parent;
  if (current?.type === T.ExportNamedDeclaration) return true;
  if (fn.parent?.type === T.AssignmentExpression) {
    const left = fn.parent.left;
    const text = left.type === T.MemberExpression ? getCalleeName(left) : undefined;
    if (text && (text.startsWith('exports.') || text.startsWith('module.exports'))) return true;
  }
  if (fn.parent?.type === T.Property) return true; // a method of an object literal (`module.exports = { f() {} }`)
  const name = fn.type === T.FunctionDeclaration ? fn.id : fn.parent?.type === T.VariableDeclarator && fn.parent.id.type === T.Identifier ? fn.parent.id : undefined;
  if (!name) return false;
  // `export { f }` later in the file.
  let program: TSESTree.Node | undefined = fn;
  while (program.parent) program = program.parent;
  if (program.type !== T.Program) return false;
  return program.body.some(
    (statement) =>
      (statement.type === T.ExportNamedDeclaration && statement.specifiers.some((specifier) => specifier.local.type === T.Identifier && specifier.local.name === name.name)) ||
      (statement.type === T.ExportDefaultDeclaration && statement.declaration.type === T.Identifier && statement.declaration.name === name.name),
  );
}

function isBindingIdentifier(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === T.VariableDeclarator) return parent.id === identifier;
  if (parent.type === T.Property) return parent.value === identifier && parent.parent?.type === T.ObjectPattern;
  if (parent.type === T.AssignmentPattern) return parent.left === identifier;
  if (parent.type === T.ArrayPattern) return true;
  if (isFunctionNode(parent)) return parent.params.includes(identifier);
  return false;
}

function getCallOfMember(member: TSESTree.MemberExpression): TSESTree.CallExpression | undefined {
  let holder: TSESTree.Node = member;
  if (holder.parent?.type === T.ChainExpression) holder = holder.parent;
  const parent = holder.parent;
  return parent?.type === T.CallExpression && (parent.callee === member || parent.callee === holder) ? parent : undefined;
}

function isZeroFill(call: TSESTree.CallExpression): boolean {
  const first = call.arguments[0];
  if (!first) return true;
  return first.type === T.Literal && (first.value === 0 || first.value === 0n);
}

function getLastName(callee: TSESTree.Node): string | undefined {
  if (callee.type === T.Identifier) return callee.name;
  if (callee.type === T.MemberExpression) return getStaticMemberName(callee);
  return undefined;
}

function getReceiverName(callee: TSESTree.Node): string | undefined {
  if (callee.type !== T.MemberExpression) return undefined;
  const object = callee.object;
  if (object.type === T.Identifier) return object.name;
  if (object.type === T.MemberExpression) return getStaticMemberName(object);
  if (object.type === T.ThisExpression) return 'this';
  return undefined;
}

/** `console.*`, `logger.info`, `this.log.debug`, `log.warn`. */
function isLogCall(callee: TSESTree.Node): boolean {
  if (callee.type !== T.MemberExpression) return false;
  const method = getStaticMemberName(callee);
  const receiver = getReceiverName(callee);
  if (method === undefined || receiver === undefined) return false;
  if (receiver === 'console') return true;
  return LOG_METHODS.has(method) && LOGGER_RECEIVER.test(receiver);
}

/** `fetch(url, { body })`, `axios.post(url, data)`, `res.send(x)`, `reply.send(x)`. */
function getNetworkKind(call: Call): string | undefined {
  const callee = call.callee;
  if (callee.type === T.Identifier && (callee.name === 'fetch' || callee.name === 'axios')) return `${callee.name}()`;
  if (callee.type !== T.MemberExpression) return undefined;
  const method = getStaticMemberName(callee);
  const receiver = getReceiverName(callee);
  if (!method || !receiver) return undefined;
  if (RESPONSE_RECEIVER.test(receiver) && RESPONSE_METHODS.has(method)) return `${receiver}.${method}()`;
  if (NETWORK_RECEIVER.test(receiver) && NETWORK_FUNCTIONS.has(method)) return `${receiver}.${method}()`;
  return undefined;
}

/** `new PutObjectCommand({ Body })`, `s3.putObject(…)`, `db.insert(…)`, `fs.writeFileSync(…)`. */
function getPersistKind(call: Call): string | undefined {
  const name = getLastName(call.callee);
  if (!name) return undefined;
  if (call.type === T.NewExpression) return PERSIST_COMMANDS.has(name) ? `new ${name}()` : undefined;
  if (FILE_WRITE_FUNCTIONS.has(name)) return `${name}()`;
  if (call.callee.type !== T.MemberExpression) return undefined;
  if (PERSIST_METHODS_ANY_RECEIVER.has(name)) return `${name}()`;
  const receiver = getReceiverName(call.callee);
  if (receiver && PERSIST_METHODS.has(name) && PERSIST_RECEIVER.test(receiver)) return `${receiver}.${name}()`;
  return undefined;
}

/** Visits `root` and its descendants (parent links are skipped). */
export function visit(root: TSESTree.Node, callback: (node: TSESTree.Node) => void): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    callback(node);
    for (const key of Object.keys(node)) {
      if (key === 'parent' || key === 'range' || key === 'loc') continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof (item as TSESTree.Node).type === 'string') stack.push(item as TSESTree.Node);
      } else if (child && typeof (child as TSESTree.Node).type === 'string') {
        stack.push(child as TSESTree.Node);
      }
    }
  }
}
