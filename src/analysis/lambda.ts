/**
 * Lambda environment variables encrypted with KMS: which Decrypt calls of a file read a `process.env` ciphertext, what
 * encryption context they pass compared with the one the Lambda console's encryption helpers use
 * (`{ LambdaFunctionName: process.env.AWS_LAMBDA_FUNCTION_NAME }`, `catalog/lambda.ts`), whether a call without it is
 * one half of the two-attempt pattern (decrypt without a context for values encrypted with the CLI, then with it, or the
 * other way round), and whether the call runs on every invocation of a Lambda handler instead of once per container.
 *
 * Source: AWS Lambda Developer Guide, "Securing Lambda environment variables"
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html); KMS-FACTS "Lambda environment
 * variables". Every answer is syntactic; a value this cannot follow is unknown and yields no record or no claim.
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import { skipWrappers } from './ast/wrappers.js';
import { CIPHERTEXT_CONVERSIONS, LAMBDA_CONTEXT_KEY, LAMBDA_CONTEXT_KEY_MISSPELLINGS, LAMBDA_FUNCTION_NAME_VARIABLE } from './catalog/lambda.js';
import { getEnclosingFunction, isFunctionNode, type ControlQueries, type FunctionNode } from './control.js';
import type { CallSite, FileAnalysis, ObjectProperty } from './model.js';
import { getResolvedGroups } from './roles.js';
import { containsNode, getCalleeName, getStaticMemberName, type ValueEvaluator } from './values.js';

/**
 * What a Decrypt's encryption context says about the Lambda one:
 * `lambda` — a `LambdaFunctionName` key is present; `missing` — no context, or an empty one, on every path;
 * `misspelt` — a key that misremembers `LambdaFunctionName` (see `misspelt`); `other` — a known context with other keys
 * only (the value was encrypted by the project's own code, not the console); `unknown` — not statically known, or
 * absent on some paths only.
 */
export type LambdaContextState = 'lambda' | 'missing' | 'misspelt' | 'other' | 'unknown';

/** A KMS Decrypt whose `CiphertextBlob` is read from an environment variable. */
export interface LambdaEnvDecrypt {
  readonly site: CallSite;
  /** The environment variable's name; `undefined` for a computed name (`process.env[name]`). */
  readonly variable: string | undefined;
  readonly context: LambdaContextState;
  /** The misspelt context keys (property nodes for property-level reports), when `context` is `misspelt`. */
  readonly misspelt: readonly { readonly key: string; readonly property: TSESTree.Property }[];
  /**
   * True when another Decrypt with a (present or unknown) context sits in the `catch` of a `try` around this one, or
   * this one in the `catch` of a `try` around it, or in the `.catch` callback of its promise chain: the two-attempt
   * pattern for values encrypted with and without the console's context.
   */
  readonly twoAttempt: boolean;
  /**
   * The Lambda handler the call runs in on every invocation, when it does: not at module scope, not in another function
   * (how often that runs is unknown), and not guarded by a cache lookup or a module-level memo
   * (`if (!secret) { secret = … }`, `secret ??= …`, `if (secret) return secret`).
   */
  readonly perInvocation: FunctionNode | undefined;
  /**
   * True when the file is Lambda code: it defines an exported Lambda handler, or names `AWS_LAMBDA_FUNCTION_NAME` or the
   * `aws-lambda` types. Outside Lambda code an environment variable without a context may well have been encrypted
   * without one (a CLI `aws kms encrypt`), so only a misspelt key is a definite mistake there.
   */
  readonly inLambdaCode: boolean;
  /**
   * True when the file itself shows that its values are encrypted the console's way: it names `LambdaFunctionName` or
   * `AWS_LAMBDA_FUNCTION_NAME`. Values encrypted by deployment tooling (the CLI, `serverless-kms-secrets`) carry no
   * context, so a Decrypt without one is correct there; without this evidence a missing context is not a definite
   * mistake.
   */
  readonly namesLambdaContext: boolean;
}

/**
 * The file's KMS Decrypt calls whose ciphertext is read from `process.env` — directly, through
 * `Buffer.from(text, 'base64')` (or another byte conversion of `catalog/lambda.ts`), `?? ''`, TypeScript wrappers, a
 * `const` or a destructuring of `process.env` — with their Lambda context state.
 * @param analysis the file's model (call sites, evaluator)
 * @param control the file's control queries (handler scope, `try`/`catch`, cache guards)
 */
export function getLambdaEnvDecrypts(analysis: FileAnalysis, control: ControlQueries): LambdaEnvDecrypt[] {
  const decrypts = analysis.callSites.filter((site) => site.service === 'kms' && site.operation === 'Decrypt');
  const contexts = new Map(decrypts.map((site) => [site, getContextState(site)]));
  const records: LambdaEnvDecrypt[] = [];
  let inLambdaCode: boolean | undefined;
  for (const site of decrypts) {
    const group = getResolvedGroups(site).find((candidate) => candidate.payloadMember === 'CiphertextBlob');
    const payload = group?.payload;
    if (!payload || payload.state !== 'present') continue;
    const ciphertext = payload.propertyNode?.value ?? payload.value.node;
    if (!ciphertext) continue;
    const source = getEnvironmentVariable(ciphertext, analysis.evaluator, 0);
    if (!source) continue;
    const state = contexts.get(site)!;
    const others = decrypts.filter((other) => other !== site && contexts.get(other)!.state !== 'missing');
    records.push({
      site,
      variable: source.name,
      context: state.state,
      misspelt: state.misspelt,
      twoAttempt: others.some((other) => isPairedAttempt(site, other)),
      perInvocation: getPerInvocationHandler(control, analysis.evaluator, site.node),
      inLambdaCode: (inLambdaCode ??= isLambdaCode(analysis, control)),
      namesLambdaContext: analysis.sourceCode.text.includes(LAMBDA_CONTEXT_KEY) || analysis.sourceCode.text.includes(LAMBDA_FUNCTION_NAME_VARIABLE),
    });
  }
  return records;
}

/** See {@link LambdaEnvDecrypt.inLambdaCode}: a text check, then the top-level functions asked whether they are handlers. */
function isLambdaCode(analysis: FileAnalysis, control: ControlQueries): boolean {
  const text = analysis.sourceCode.text;
  if (text.includes(LAMBDA_FUNCTION_NAME_VARIABLE) || /['"]aws-lambda['"]/.test(text)) return true;
  for (const statement of analysis.sourceCode.ast.body) {
    for (const fn of getTopLevelFunctions(statement)) if (control.getHandler(fn)?.kind === 'lambda') return true;
  }
  return false;
}

/** Functions a top-level statement declares or assigns (`function f`, `const f = () => …`, `exports.f = …`, exports). */
function getTopLevelFunctions(statement: TSESTree.Node): FunctionNode[] {
  const inner = statement.type === T.ExportNamedDeclaration || statement.type === T.ExportDefaultDeclaration ? statement.declaration : statement;
  if (!inner) return [];
  if (isFunctionNode(inner)) return [inner];
  if (inner.type === T.VariableDeclaration) return inner.declarations.flatMap((declarator) => (declarator.init && isFunctionNode(skipWrappers(declarator.init)) ? [skipWrappers(declarator.init) as FunctionNode] : []));
  if (inner.type === T.ExpressionStatement && inner.expression.type === T.AssignmentExpression) {
    const right = skipWrappers(inner.expression.right);
    if (isFunctionNode(right)) return [right];
    if (right.type === T.ObjectExpression) return right.properties.flatMap((property) => (property.type === T.Property && isFunctionNode(property.value) ? [property.value] : []));
  }
  return [];
}

/** The context state of a Decrypt site, from its resolved role group. */
function getContextState(site: CallSite): { state: LambdaContextState; misspelt: { key: string; property: TSESTree.Property }[] } {
  const group = getResolvedGroups(site).find((candidate) => candidate.contextMember !== undefined);
  const context = group?.context;
  if (!context || context.state === 'unknown') return { state: 'unknown', misspelt: [] };
  if (context.state === 'absent') return { state: context.paths === 'all' ? 'missing' : 'unknown', misspelt: [] };
  const value = context.value;
  if (value.kind !== 'object') return { state: value.kind === 'primitive' && value.value == null ? 'missing' : 'unknown', misspelt: [] };
  if (value.properties.some((property) => property.name === LAMBDA_CONTEXT_KEY)) return { state: 'lambda', misspelt: [] };
  const misspelt = value.properties.filter(isMisspeltKey).map((property) => ({ key: property.name, property: property.propertyNode! }));
  if (misspelt.length > 0) return { state: 'misspelt', misspelt };
  if (!value.complete) return { state: 'unknown', misspelt: [] };
  return { state: value.properties.length === 0 ? 'missing' : 'other', misspelt: [] };
}

function isMisspeltKey(property: ObjectProperty): boolean {
  return property.propertyNode !== undefined && LAMBDA_CONTEXT_KEY_MISSPELLINGS.has(property.name.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/**
 * The environment variable an expression reads, following byte conversions, `??`/`||` defaults, wrappers and
 * single-definition variables; `undefined` when it is not (or not visibly) an environment variable.
 */
function getEnvironmentVariable(node: TSESTree.Node, evaluator: ValueEvaluator, depth: number): { name: string | undefined } | undefined {
  if (depth > 8) return undefined;
  const expression = skipWrappers(node);
  switch (expression.type) {
    case T.MemberExpression: {
      if (isProcessEnv(expression.object, evaluator)) {
        if (!expression.computed) return { name: getStaticMemberName(expression) };
        return { name: expression.property.type === T.Literal && typeof expression.property.value === 'string' ? expression.property.value : undefined };
      }
      // `encrypted.MONGO` of `const encrypted = { MONGO: process.env.MONGO }`: the evaluator finds the member's expression.
      const member = evaluator.evaluate(expression).node;
      return member && member !== expression ? getEnvironmentVariable(member, evaluator, depth + 1) : undefined;
    }
    case T.CallExpression:
    case T.NewExpression: {
      const name = getCalleeName(expression.callee);
      const first = expression.arguments[0];
      const isConversion = name !== undefined && (CIPHERTEXT_CONVERSIONS.has(name) || (expression.type === T.NewExpression && name === 'Uint8Array'));
      return isConversion && first && first.type !== T.SpreadElement ? getEnvironmentVariable(first, evaluator, depth + 1) : undefined;
    }
    case T.LogicalExpression:
      return expression.operator === '&&' ? undefined : getEnvironmentVariable(expression.left, evaluator, depth + 1);
    case T.Identifier: {
      const variable = evaluator.findVariable(expression);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type !== 'Variable') return undefined;
      if (variable!.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
      const declarator = definition.node as TSESTree.VariableDeclarator;
      if (!declarator.init) return undefined;
      if (declarator.id.type === T.Identifier) return getEnvironmentVariable(declarator.init, evaluator, depth + 1);
      // `const { SECRET } = process.env`
      if (declarator.id.type === T.ObjectPattern && isProcessEnv(declarator.init, evaluator)) {
        for (const property of declarator.id.properties) {
          if (property.type !== T.Property || property.computed) continue;
          const target = property.value.type === T.AssignmentPattern ? property.value.left : property.value;
          if (target === definition.name && property.key.type === T.Identifier) return { name: property.key.name };
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** `process.env` (also `globalThis.process.env`, and a `const env = process.env`). */
function isProcessEnv(node: TSESTree.Node, evaluator: ValueEvaluator, depth = 0): boolean {
  const expression = skipWrappers(node);
  const name = getCalleeName(expression);
  if (name === 'process.env' || name === 'globalThis.process.env') return true;
  if (expression.type !== T.Identifier || depth > 3) return false;
  const variable = evaluator.findVariable(expression);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || variable!.references.some((reference) => reference.isWrite() && !reference.init)) return false;
  const declarator = definition.node as TSESTree.VariableDeclarator;
  return declarator.id === definition.name && declarator.init !== null && isProcessEnv(declarator.init, evaluator, depth + 1);
}

/** Whether `a` and `b` are the two attempts of one `try`/`catch` (either way round) or of a promise `.catch`. */
function isPairedAttempt(a: CallSite, b: CallSite): boolean {
  return isInFallbackOf(a.node, b.node) || isInFallbackOf(b.node, a.node);
}

/** True when `inner` lies in the `catch` clause of a `try` whose block holds `outer`, or in its chain's `.catch`. */
function isInFallbackOf(inner: TSESTree.Node, outer: TSESTree.Node): boolean {
  for (let current = inner.parent; current; current = current.parent) {
    if (current.type === T.CatchClause && current.parent?.type === T.TryStatement && containsNode(current.parent.block, outer)) return true;
    // `kms.send(first).catch(() => kms.send(second))`: the callback of the chain's `.catch`.
    if (isFunctionNode(current) && current.parent?.type === T.CallExpression && current.parent.callee.type === T.MemberExpression) {
      const method = getStaticMemberName(current.parent.callee);
      if ((method === 'catch' || method === 'then') && containsNode(current.parent.callee.object, outer)) return true;
    }
  }
  return false;
}

/** The Lambda handler a node runs in on every invocation (see {@link LambdaEnvDecrypt.perInvocation}). */
function getPerInvocationHandler(control: ControlQueries, evaluator: ValueEvaluator, node: TSESTree.Node): FunctionNode | undefined {
  const scope = control.getExecutionScope(node);
  if (scope.kind !== 'handler' || scope.handler.kind !== 'lambda') return undefined;
  const handler = scope.handler.function;
  // Only the handler's own body: a nested function (a helper defined inside) may run once.
  if (getEnclosingFunction(node) !== handler) return undefined;
  if (control.isGuardedByCacheLookup(node, handler) !== 'no') return undefined;
  if (isMemoized(evaluator, node, handler)) return undefined;
  return handler;
}

/**
 * Whether `node` runs only while a variable declared outside `handler` is still unset: inside `if (!x)` /
 * `if (x === undefined)` / `if (x == null)` whose branch writes `x`, on the right of `x ??= …` / `x ||= …`, or after
 * `if (x) return …`.
 */
function isMemoized(evaluator: ValueEvaluator, node: TSESTree.Node, handler: FunctionNode): boolean {
  const isOuter = (identifier: TSESTree.Identifier): boolean => {
    const variable = evaluator.findVariable(identifier);
    const definition = variable?.defs[0];
    return definition !== undefined && !containsNode(handler, definition.name);
  };
  let child: TSESTree.Node = node;
  for (let current = node.parent; current && current !== handler; child = current, current = current.parent) {
    if (current.type === T.IfStatement && child === current.consequent) {
      const subject = getUnsetTest(current.test);
      if (subject && isOuter(subject)) return true;
    }
    // `if (decrypted.PG) { … } else { decrypt }`: the else branch runs while the memo is unset.
    if (current.type === T.IfStatement && child === current.alternate) {
      const subject = getMemoRoot(current.test);
      if (subject && isOuter(subject)) return true;
    }
    if (current.type === T.AssignmentExpression && current.right === child && (current.operator === '??=' || current.operator === '||=') && current.left.type === T.Identifier && isOuter(current.left)) {
      return true;
    }
    if (current.type === T.BlockStatement) {
      for (const statement of current.body) {
        if (statement === child) break;
        if (statement.type !== T.IfStatement) continue;
        const test = skipWrappers(statement.test);
        const exits = statement.consequent.type === T.ReturnStatement || (statement.consequent.type === T.BlockStatement && statement.consequent.body.some((inner) => inner.type === T.ReturnStatement));
        const subject = getMemoRoot(test);
        if (exits && subject && isOuter(subject)) return true;
      }
    }
  }
  return false;
}

/**
 * The variable a test checks for being unset: `!x`, `!x.y`, `x === undefined`, `x == null`,
 * `typeof x === 'undefined'` (the root identifier of a member chain).
 */
function getUnsetTest(test: TSESTree.Expression): TSESTree.Identifier | undefined {
  const inner = skipWrappers(test);
  if (inner.type === T.UnaryExpression && inner.operator === '!') return getMemoRoot(inner.argument);
  if (inner.type === T.BinaryExpression && (inner.operator === '===' || inner.operator === '==')) {
    const isUnset = (side: TSESTree.Node): boolean => (side.type === T.Identifier && side.name === 'undefined') || (side.type === T.Literal && (side.value === null || side.value === 'undefined'));
    const subject = isUnset(inner.right) ? inner.left : isUnset(inner.left) ? inner.right : undefined;
    if (subject && subject.type !== T.UnaryExpression) return getMemoRoot(subject);
    if (subject?.type === T.UnaryExpression && subject.operator === 'typeof' && subject.argument.type === T.Identifier) return subject.argument;
  }
  return undefined;
}

/** The variable a truthiness test reads: `x`, `x.y.z` (its root `x`); `undefined` for anything else. */
function getMemoRoot(test: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = skipWrappers(test);
  while (current.type === T.MemberExpression && !current.computed) current = skipWrappers(current.object);
  return current.type === T.Identifier ? current : undefined;
}


