/**
 * Control context of a node (DESIGN "How data flows", step 6): the loop, iteration callback or `Promise.all` fan-out
 * it runs in (with a static bound and a "guarded by a cache lookup" answer), whether it runs per invocation of a
 * handler (Lambda, HTTP) or once at module scope, the `try`/`catch` clauses around it and what each falls back to, and
 * whether a node is "covered on every path after" others (a `finally`, or straight-line code with no exit between).
 *
 * Every answer is syntactic and three-valued where it can be unsure; nothing here throws on valid code.
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import type { Tri } from './flow/tracker.js';
import { getCalleeName, getStaticMemberName, type ValueEvaluator } from './values.js';

/** A function node. */
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/**
 * A repetition around a node.
 * - `loop`: `for`, `for…of`, `for await…of`, `for…in`, `while`, `do…while` (`form` says which);
 * - `iteration-callback`: the node is inside a callback of `forEach`/`map`/`flatMap`/`reduce`/`reduceRight`/
 *   `filter`/`some`/`every`/`find`/`findIndex` or `Array.from(x, fn)`;
 * - `fan-out`: such a `map`/`flatMap` callback whose result goes straight to `Promise.all`/`allSettled`/`any`/`race`.
 */
export interface Iteration {
  readonly kind: 'loop' | 'iteration-callback' | 'fan-out';
  /** The loop statement, the iterating call (`items.map(…)`), or for `fan-out` the `Promise.all(…)` call. */
  readonly node: TSESTree.Node;
  /** `for`, `for-of`, `for-await`, `for-in`, `while`, `do-while`, or the array method name (`map`, `forEach`). */
  readonly form: string;
  /** The number of iterations when it is statically known (`for (let i = 0; i < 3; i++)`, `[a, b].map(…)`). */
  readonly bound: number | undefined;
}

/** Which kind of handler a function is. `lambda`: an exported `handler`; `http`: an express/fastify/Node request handler. */
export interface Handler {
  readonly kind: 'lambda' | 'http';
  readonly function: FunctionNode;
}

/**
 * Where a node runs: at `module` scope (once per process or Lambda container), in a `handler` (once per invocation),
 * or in another `function` (the analysis cannot tell how often it runs).
 */
export type ExecutionScope =
  | { readonly kind: 'module' }
  | { readonly kind: 'handler'; readonly handler: Handler }
  | { readonly kind: 'function'; readonly function: FunctionNode };

/**
 * How a `catch` clause ends, on every path through it:
 * `rethrows` (a `throw`), `exits` (`process.exit()`), `returns` (a `return`), `continues` (falls through to the code
 * after the `try`), `mixed` (paths differ).
 */
export type CatchOutcome = 'rethrows' | 'exits' | 'returns' | 'continues' | 'mixed';

/** A `catch` clause around a node and what it falls back to. */
export interface CatchContext {
  readonly tryStatement: TSESTree.TryStatement;
  readonly clause: TSESTree.CatchClause;
  /** The caught error's binding, when it is a simple identifier. */
  readonly param: TSESTree.Identifier | undefined;
  readonly outcome: CatchOutcome;
  /** The argument of every `return` in the clause (not in nested functions); `null` for a bare `return`. */
  readonly returns: readonly (TSESTree.Expression | null)[];
  /** Assignments in the clause to variables declared outside it (`plain = raw`). */
  readonly assignments: readonly TSESTree.AssignmentExpression[];
  /** Calls in the clause (not in nested functions), in source order. */
  readonly calls: readonly (TSESTree.CallExpression | TSESTree.NewExpression)[];
  /** True when the clause body has no statement. */
  readonly empty: boolean;
}

/** Options of {@link ControlQueries.isCoveredOnEveryPath}. */
export interface CoverOptions {
  /** Nodes that must all run before the cover (the uses); the first one is where paths start unless `from` is given. */
  readonly after: readonly TSESTree.Node[];
  /** Where paths start (a declarator, the call that produced the value); defaults to the earliest `after` node. */
  readonly from?: TSESTree.Node;
  /**
   * Whether an exception between start and cover counts as a path that skips it (true for wipes: a throw leaves the key
   * unwiped; false for "`final()` after `update()`": a throw discards the plaintext too). Default true.
   */
  readonly exceptions?: boolean;
  /** Calls that are known not to throw (e.g. the uses themselves). */
  readonly allowed?: ReadonlySet<TSESTree.Node>;
}

const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'reduce', 'reduceRight', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);
const FAN_OUT_METHODS = new Set(['map', 'flatMap']);
const PROMISE_COMBINATORS = new Set(['Promise.all', 'Promise.allSettled', 'Promise.any', 'Promise.race']);
const CACHE_NAME = /cache|cached|memo|memoized|store/i;
const HTTP_ROUTER_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'head', 'options', 'route', 'createServer']);
const HTTP_ROUTER_RECEIVER = /^(?:app|router|server|api|fastify|http|https|express|route)$/;

/** Control queries over one file. Stateless apart from an optional evaluator for loop bounds. */
export class ControlQueries {
  constructor(private readonly evaluator?: ValueEvaluator) {}

  /**
   * The innermost repetition around `node` within the functions that run per iteration: a loop of the same function,
   * or the iteration callback the node's function is (then that callback's own surroundings are not searched).
   * `undefined` when none (a loop in a *caller* is not seen).
   */
  getIteration(node: TSESTree.Node): Iteration | undefined {
    let child: TSESTree.Node = node;
    let current = node.parent;
    while (current) {
      switch (current.type) {
        case T.ForStatement:
          if (child !== current.init) return { kind: 'loop', node: current, form: 'for', bound: this.getForBound(current) };
          break;
        case T.ForOfStatement:
          if (child !== current.right) return { kind: 'loop', node: current, form: current.await ? 'for-await' : 'for-of', bound: getArrayLength(current.right) };
          break;
        case T.ForInStatement:
          if (child !== current.right) return { kind: 'loop', node: current, form: 'for-in', bound: undefined };
          break;
        case T.WhileStatement:
          return { kind: 'loop', node: current, form: 'while', bound: undefined };
        case T.DoWhileStatement:
          return { kind: 'loop', node: current, form: 'do-while', bound: undefined };
        case T.FunctionDeclaration:
        case T.FunctionExpression:
        case T.ArrowFunctionExpression:
          return this.getCallbackIteration(current);
        default:
          break;
      }
      child = current;
      current = current.parent;
    }
    return undefined;
  }

  /**
   * Whether `node` runs only on a cache miss: inside `if (!cache.has(k))` / `if (!cached)` (with the cache filled in the
   * branch) / the right of `cache.get(k) ?? …` / `cached ??= …`, or after `if (hit) return hit`. Searched up to
   * `boundary` (default: the enclosing iteration or function). `yes` or `no`; `unknown` when a test names a cache but
   * has a shape this does not read.
   */
  isGuardedByCacheLookup(node: TSESTree.Node, boundary?: TSESTree.Node): Tri {
    let answer: Tri = 'no';
    let child: TSESTree.Node = node;
    let current = node.parent;
    while (current && current !== boundary) {
      if (current.type === T.IfStatement && child !== current.test) {
        const inConsequent = child === current.consequent;
        const test = classifyCacheTest(current.test);
        if (test === 'miss' && inConsequent) return 'yes';
        if (test === 'hit' && !inConsequent) return 'yes';
        if (test === 'unknown') answer = 'unknown';
      }
      if (current.type === T.LogicalExpression && current.right === child && (current.operator === '??' || current.operator === '||')) {
        if (isCacheRead(current.left)) return 'yes';
      }
      if (current.type === T.AssignmentExpression && current.right === child && (current.operator === '??=' || current.operator === '||=')) return 'yes';
      if (current.type === T.ConditionalExpression && child !== current.test) {
        const test = classifyCacheTest(current.test);
        if ((test === 'miss' && child === current.consequent) || (test === 'hit' && child === current.alternate)) return 'yes';
      }
      if (isStatementList(current)) {
        const index = (current.body as TSESTree.Node[]).indexOf(child);
        for (const statement of (current.body as TSESTree.Node[]).slice(0, Math.max(index, 0))) {
          if (statement.type === T.IfStatement && classifyCacheTest(statement.test) === 'hit' && alwaysLeaves(statement.consequent)) return 'yes';
        }
      }
      if (isFunctionNode(current) || isLoop(current)) break;
      child = current;
      current = current.parent;
    }
    return answer;
  }

  /** Where `node` runs: module scope, a handler (the nearest enclosing function that is one), or another function. */
  getExecutionScope(node: TSESTree.Node): ExecutionScope {
    let innermost: FunctionNode | undefined;
    let current = node.parent;
    while (current) {
      if (isFunctionNode(current)) {
        innermost ??= current;
        const handler = this.getHandler(current);
        if (handler) return { kind: 'handler', handler };
      }
      current = current.parent;
    }
    return innermost ? { kind: 'function', function: innermost } : { kind: 'module' };
  }

  /**
   * Whether `fn` is a handler: `lambda` for an exported `handler` (`export const handler = async (event, context) =>`,
   * `export async function handler`, `exports.handler =`, `module.exports.handler =`, `module.exports = { handler }`,
   * or an exported `*Handler` whose first parameter is `event`); `http` for a function with `(req, res)`,
   * `(request, response)` or `(request, reply)` parameters, or one passed to `app.get/post/use(…)`,
   * `router.*`, `http.createServer(…)`.
   */
  getHandler(fn: FunctionNode): Handler | undefined {
    const name = getExportedName(fn);
    const first = fn.params[0]?.type === T.Identifier ? fn.params[0].name : undefined;
    const second = fn.params[1]?.type === T.Identifier ? fn.params[1].name : undefined;
    if (name === 'handler' || (name !== undefined && /Handler$/.test(name) && first !== undefined && /^_?(?:event|evt)$/.test(first))) {
      return { kind: 'lambda', function: fn };
    }
    if (first && second && /^_?(?:req|request)$/.test(first) && /^_?(?:res|response|reply)$/.test(second)) return { kind: 'http', function: fn };
    const parent = fn.parent;
    if (parent?.type === T.CallExpression && parent.arguments.includes(fn as TSESTree.CallExpressionArgument) && parent.callee.type === T.MemberExpression) {
      const method = getStaticMemberName(parent.callee);
      const receiver = parent.callee.object.type === T.Identifier ? parent.callee.object.name : undefined;
      if (method && receiver && HTTP_ROUTER_METHODS.has(method) && HTTP_ROUTER_RECEIVER.test(receiver) && fn.params.length >= 1) return { kind: 'http', function: fn };
    }
    return undefined;
  }

  /** The `catch` clauses whose `try` block contains `node`, innermost first (not across function boundaries). */
  getCatchContexts(node: TSESTree.Node): CatchContext[] {
    const result: CatchContext[] = [];
    let child: TSESTree.Node = node;
    let current = node.parent;
    while (current && !isFunctionNode(current)) {
      if (current.type === T.TryStatement && current.block === child && current.handler) result.push(describeCatch(current, current.handler));
      child = current;
      current = current.parent;
    }
    return result;
  }

  /**
   * The `.catch(handler)` callback of the promise chain that `call` starts (`decrypt(x).then(…).catch(() => raw)`),
   * described like a `catch` clause would be (`tryStatement` is then `undefined`). `undefined` when there is none.
   */
  getPromiseCatch(call: TSESTree.Node): { readonly callback: FunctionNode; readonly returns: readonly (TSESTree.Expression | null)[]; readonly outcome: CatchOutcome } | undefined {
    let current: TSESTree.Node = call;
    for (let steps = 0; steps < 6; steps++) {
      const member = current.parent;
      if (member?.type !== T.MemberExpression || member.object !== current) return undefined;
      const next = member.parent;
      if (next?.type !== T.CallExpression || next.callee !== member) return undefined;
      const method = getStaticMemberName(member);
      if (method === 'catch' || (method === 'then' && next.arguments.length >= 2)) {
        const callback = next.arguments[method === 'catch' ? 0 : 1];
        if (callback && isFunctionNode(callback)) {
          if (callback.body.type !== T.BlockStatement) return { callback, returns: [callback.body], outcome: 'returns' };
          const returns: (TSESTree.Expression | null)[] = [];
          visitExecuted(callback.body, (node) => {
            if (node.type === T.ReturnStatement) returns.push(node.argument);
          });
          return { callback, returns, outcome: getCompletion(callback.body) };
        }
        return undefined;
      }
      current = next;
    }
    return undefined;
  }

  /**
   * Whether `cover` runs on every path after all of `options.after` (DESIGN: "covered on every path after the last
   * use"): `yes` when it sits unconditionally in a `finally` whose `try` holds the start, or unconditionally in the
   * statement list that holds the start with no exit (and, with `exceptions`, no call that can throw) between;
   * `no` when a use comes after it, it is conditional, or an exit lies between; `unknown` when it lies in another
   * function than the start.
   */
  isCoveredOnEveryPath(cover: TSESTree.Node, options: CoverOptions): Tri {
    const after = options.after;
    const from = options.from ?? [...after].sort((a, b) => a.range[0] - b.range[0])[0];
    if (!from) return 'unknown';
    if (getEnclosingFunction(cover) !== getEnclosingFunction(from)) return 'unknown';
    const exceptions = options.exceptions ?? true;
    // In a `finally` whose `try` holds the start.
    for (let current = cover.parent, child: TSESTree.Node = cover; current && !isFunctionNode(current); child = current, current = current.parent) {
      if (current.type === T.TryStatement && current.finalizer === child) {
        if (!isUnconditionalIn(cover, current.finalizer)) return 'no';
        if (!contains(current.block, from)) break;
        const outside = after.some((use) => !contains(current.block, use) && !(current.handler && contains(current.handler, use)) && !(use.range[1] <= cover.range[0] && contains(current.finalizer!, use)));
        return outside ? 'no' : 'yes';
      }
    }
    if (after.some((use) => use.range[1] > cover.range[0] && !contains(use, cover))) return 'no';
    // Straight line: the cover's statement and the start share a statement list.
    let statement: TSESTree.Node = cover;
    while (statement.parent && !isStatementList(statement.parent)) {
      if (isFunctionNode(statement.parent)) return 'unknown';
      statement = statement.parent;
    }
    const list = statement.parent;
    if (!list || !isStatementList(list)) return 'no';
    if (!isUnconditionalIn(cover, statement)) return 'no';
    const body = list.body as TSESTree.Node[];
    const end = body.indexOf(statement);
    const start = body.findIndex((candidate) => contains(candidate, from));
    if (start < 0 || start > end) return 'no';
    const allowed = options.allowed ?? new Set<TSESTree.Node>();
    let blocked = false;
    for (let index = start; index <= end && !blocked; index++) {
      visitExecuted(body[index]!, (node) => {
        if (blocked || node.range[1] <= from.range[1] || node.range[0] >= cover.range[0] || contains(node, cover) || contains(node, from)) return;
        if (node.type === T.ReturnStatement || node.type === T.ThrowStatement || node.type === T.BreakStatement || node.type === T.ContinueStatement) blocked = true;
        if (exceptions && !allowed.has(node) && !contains(node, cover) && (node.type === T.CallExpression || node.type === T.NewExpression || node.type === T.AwaitExpression || node.type === T.YieldExpression)) {
          blocked = true;
        }
      });
    }
    return blocked ? 'no' : 'yes';
  }

  private getCallbackIteration(fn: FunctionNode): Iteration | undefined {
    const call = fn.parent;
    if (call?.type !== T.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return undefined;
    const name = getCalleeName(call.callee);
    if (name === 'Array.from' && call.arguments[1] === fn) return { kind: 'iteration-callback', node: call, form: 'Array.from', bound: undefined };
    if (call.callee.type !== T.MemberExpression || call.arguments[0] !== fn) return undefined;
    const method = getStaticMemberName(call.callee);
    if (!method || !ITERATION_METHODS.has(method)) return undefined;
    const bound = getArrayLength(call.callee.object);
    if (FAN_OUT_METHODS.has(method)) {
      let holder: TSESTree.Node = call;
      while (holder.parent && (holder.parent.type === T.TSAsExpression || holder.parent.type === T.TSNonNullExpression)) holder = holder.parent;
      const outer = holder.parent;
      if (outer?.type === T.CallExpression && outer.arguments[0] === holder && PROMISE_COMBINATORS.has(getCalleeName(outer.callee) ?? '')) {
        return { kind: 'fan-out', node: outer, form: method, bound };
      }
    }
    return { kind: 'iteration-callback', node: call, form: method, bound };
  }

  /** `for (let i = 0; i < N; i++)` with a known `N` and start: the count. */
  private getForBound(loop: TSESTree.ForStatement): number | undefined {
    const init = loop.init?.type === T.VariableDeclaration ? loop.init.declarations[0] : undefined;
    const test = loop.test;
    if (!init || init.id.type !== T.Identifier || !test || test.type !== T.BinaryExpression || test.left.type !== T.Identifier || test.left.name !== init.id.name) return undefined;
    const update = loop.update;
    if (!(update?.type === T.UpdateExpression && update.operator === '++')) return undefined;
    const first = this.getNumber(init.init);
    const limit = this.getNumber(test.right);
    if (first === undefined || limit === undefined) return undefined;
    if (test.operator === '<') return Math.max(0, limit - first);
    if (test.operator === '<=') return Math.max(0, limit - first + 1);
    return undefined;
  }

  private getNumber(node: TSESTree.Node | null | undefined): number | undefined {
    if (!node) return undefined;
    if (node.type === T.Literal && typeof node.value === 'number') return node.value;
    const value = this.evaluator?.evaluate(node);
    return value?.kind === 'primitive' && typeof value.value === 'number' ? value.value : undefined;
  }
}

/** Describes a `catch` clause. */
function describeCatch(tryStatement: TSESTree.TryStatement, clause: TSESTree.CatchClause): CatchContext {
  const returns: (TSESTree.Expression | null)[] = [];
  const assignments: TSESTree.AssignmentExpression[] = [];
  const calls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];
  visitExecuted(clause.body, (node) => {
    if (node.type === T.ReturnStatement) returns.push(node.argument);
    if (node.type === T.AssignmentExpression && node.left.type === T.Identifier && !contains(clause, getDeclarationSite(node.left) ?? clause)) assignments.push(node);
    if (node.type === T.AssignmentExpression && node.left.type !== T.Identifier) assignments.push(node);
    if (node.type === T.CallExpression || node.type === T.NewExpression) calls.push(node);
  });
  calls.sort((a, b) => a.range[0] - b.range[0]);
  return {
    tryStatement,
    clause,
    param: clause.param?.type === T.Identifier ? clause.param : undefined,
    outcome: getCompletion(clause.body),
    returns,
    assignments,
    calls,
    empty: clause.body.body.length === 0,
  };
}

/** Where an identifier's variable is declared, found by walking up the scopes syntactically (no scope manager). */
function getDeclarationSite(identifier: TSESTree.Identifier): TSESTree.Node | undefined {
  let current: TSESTree.Node | undefined = identifier.parent;
  while (current) {
    if (isStatementList(current)) {
      for (const statement of current.body as TSESTree.Node[]) {
        if (statement.type === T.VariableDeclaration && statement.declarations.some((declarator) => declarator.id.type === T.Identifier && declarator.id.name === identifier.name)) {
          return statement;
        }
      }
    }
    if (current.type === T.CatchClause && current.param?.type === T.Identifier && current.param.name === identifier.name) return current.param;
    if (isFunctionNode(current) && current.params.some((param) => param.type === T.Identifier && param.name === identifier.name)) return current;
    current = current.parent;
  }
  return undefined;
}

/** How a statement ends on every path: see {@link CatchOutcome}. */
export function getCompletion(statement: TSESTree.Node): CatchOutcome {
  switch (statement.type) {
    case T.ThrowStatement:
      return 'rethrows';
    case T.ReturnStatement:
      return 'returns';
    case T.ExpressionStatement:
      return isExitCall(statement.expression) ? 'exits' : 'continues';
    case T.BlockStatement: {
      for (const inner of statement.body) {
        const completion = getCompletion(inner);
        if (completion !== 'continues' && completion !== 'mixed') return completion;
        if (completion === 'mixed') return 'mixed';
      }
      return 'continues';
    }
    case T.IfStatement: {
      const consequent = getCompletion(statement.consequent);
      const alternate = statement.alternate ? getCompletion(statement.alternate) : 'continues';
      if (consequent === alternate) return consequent;
      return consequent === 'continues' && alternate === 'continues' ? 'continues' : 'mixed';
    }
    case T.TryStatement:
      return statement.finalizer && getCompletion(statement.finalizer) !== 'continues' ? getCompletion(statement.finalizer) : getCompletion(statement.block) === 'continues' ? 'continues' : 'mixed';
    default:
      return 'continues';
  }
}

function isExitCall(expression: TSESTree.Expression): boolean {
  const inner = expression.type === T.AwaitExpression ? expression.argument : expression;
  return inner.type === T.CallExpression && getCalleeName(inner.callee) === 'process.exit';
}

/** True when a statement always leaves the enclosing block (`return`, `throw`, `continue`, `break`). */
function alwaysLeaves(statement: TSESTree.Node): boolean {
  if (statement.type === T.ReturnStatement || statement.type === T.ThrowStatement || statement.type === T.ContinueStatement || statement.type === T.BreakStatement) return true;
  if (statement.type === T.BlockStatement) return statement.body.some(alwaysLeaves);
  return false;
}

/**
 * A test read as a cache lookup: `miss` (`!cache.has(k)`, `!cached`, `cached === undefined`, `!cache[k]`), `hit`
 * (`cache.has(k)`, `cached`, `cached !== undefined`), `unknown` (names a cache in another shape), `none`.
 */
function classifyCacheTest(test: TSESTree.Expression): 'hit' | 'miss' | 'unknown' | 'none' {
  if (test.type === T.UnaryExpression && test.operator === '!') {
    const inner = classifyCacheTest(test.argument);
    return inner === 'hit' ? 'miss' : inner === 'miss' ? 'hit' : inner;
  }
  if (test.type === T.BinaryExpression) {
    if (!['===', '==', '!==', '!='].includes(test.operator)) return mentionsCache(test.left) || mentionsCache(test.right) ? 'unknown' : 'none';
    const [subject, other] = isNullish(test.right) ? [test.left, test.right] : isNullish(test.left) ? [test.right, test.left] : [undefined, undefined];
    if (!subject || !other || subject.type === T.PrivateIdentifier) return mentionsCache(test.left) || mentionsCache(test.right) ? 'unknown' : 'none';
    if (!isCacheRead(subject)) return mentionsCache(subject) ? 'unknown' : 'none';
    return test.operator.startsWith('=') ? 'miss' : 'hit';
  }
  if (isCacheRead(test)) return 'hit';
  return mentionsCache(test) ? 'unknown' : 'none';
}

/** `cache.get(k)`, `cache.has(k)`, `cache[k]`, `cached`, `this.cachedKey` — a read of something named like a cache. */
function isCacheRead(node: TSESTree.Node): boolean {
  const inner = node.type === T.AwaitExpression ? node.argument : node;
  if (inner.type === T.Identifier) return CACHE_NAME.test(inner.name);
  if (inner.type === T.MemberExpression) {
    const name = getStaticMemberName(inner);
    if (name && CACHE_NAME.test(name)) return true;
    return inner.computed && mentionsCache(inner.object);
  }
  if (inner.type === T.CallExpression && inner.callee.type === T.MemberExpression) {
    const method = getStaticMemberName(inner.callee);
    return (method === 'get' || method === 'has' || method === 'getItem') && mentionsCache(inner.callee.object);
  }
  return false;
}

function mentionsCache(node: TSESTree.Node): boolean {
  if (node.type === T.Identifier) return CACHE_NAME.test(node.name);
  if (node.type === T.MemberExpression) {
    const name = getStaticMemberName(node);
    return (name !== undefined && CACHE_NAME.test(name)) || mentionsCache(node.object);
  }
  if (node.type === T.CallExpression) return mentionsCache(node.callee);
  return false;
}

function isNullish(node: TSESTree.Node): boolean {
  return (node.type === T.Literal && node.value === null) || (node.type === T.Identifier && node.name === 'undefined');
}

/** The length of an array literal without spreads (`[a, b]`), else undefined. */
function getArrayLength(node: TSESTree.Node): number | undefined {
  if (node.type !== T.ArrayExpression || node.elements.some((element) => element?.type === T.SpreadElement)) return undefined;
  return node.elements.length;
}

/** True when nothing between `root` and `node` makes `node` conditional (`?:`, `&&`/`||`/`??` right side, `?.`, a loop or `if`). */
function isUnconditionalIn(node: TSESTree.Node, root: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current && child !== root) {
    switch (current.type) {
      case T.ConditionalExpression:
        if (child !== current.test) return false;
        break;
      case T.LogicalExpression:
        if (child === current.right) return false;
        break;
      case T.IfStatement:
        if (child !== current.test) return false;
        break;
      case T.SwitchCase:
      case T.ForStatement:
      case T.ForInStatement:
      case T.ForOfStatement:
      case T.WhileStatement:
      case T.DoWhileStatement:
      case T.CatchClause:
        return false;
      case T.TryStatement:
        if (child === current.block && current.block.body.length > 0) break;
        if (child !== current.finalizer) return false;
        break;
      case T.FunctionDeclaration:
      case T.FunctionExpression:
      case T.ArrowFunctionExpression:
        return false;
      default:
        break;
    }
    if (child.type === T.ChainExpression && child !== node) return false;
    child = current;
    current = current.parent;
  }
  return true;
}

function getExportedName(fn: FunctionNode): string | undefined {
  const parent = fn.parent;
  if (fn.type === T.FunctionDeclaration && fn.id && parent?.type === T.ExportNamedDeclaration) return fn.id.name;
  if (parent?.type === T.ExportDefaultDeclaration) return 'default';
  if (parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier && parent.parent?.parent?.type === T.ExportNamedDeclaration) return parent.id.name;
  if (parent?.type === T.AssignmentExpression && parent.left.type === T.MemberExpression) {
    const name = getCalleeName(parent.left);
    if (name?.startsWith('exports.') || name?.startsWith('module.exports.')) return getStaticMemberName(parent.left);
  }
  // `module.exports = { handler: async (event) => … }` / `module.exports = { handler }` is not followed to a declaration here.
  if (parent?.type === T.Property && parent.value === fn && parent.parent?.type === T.ObjectExpression) {
    const assignment = parent.parent.parent;
    if (assignment?.type === T.AssignmentExpression && getCalleeName(assignment.left) === 'module.exports' && parent.key.type === T.Identifier) return parent.key.name;
  }
  // `const handler = async () => …; export { handler }` / `exports.handler = handler`.
  const name = fn.type === T.FunctionDeclaration ? fn.id?.name : parent?.type === T.VariableDeclarator && parent.id.type === T.Identifier ? parent.id.name : undefined;
  if (!name) return undefined;
  let program: TSESTree.Node = fn;
  while (program.parent) program = program.parent;
  if (program.type !== T.Program) return undefined;
  for (const statement of program.body) {
    if (statement.type === T.ExportNamedDeclaration && !statement.declaration) {
      for (const specifier of statement.specifiers) {
        if (specifier.local.type === T.Identifier && specifier.local.name === name) return specifier.exported.type === T.Identifier ? specifier.exported.name : String(specifier.exported.value);
      }
    }
    if (statement.type === T.ExpressionStatement && statement.expression.type === T.AssignmentExpression) {
      const assignment = statement.expression;
      const target = getCalleeName(assignment.left);
      if (assignment.right.type === T.Identifier && assignment.right.name === name && (target?.startsWith('exports.') || target?.startsWith('module.exports.'))) {
        return assignment.left.type === T.MemberExpression ? getStaticMemberName(assignment.left) : undefined;
      }
      if (target === 'module.exports' && assignment.right.type === T.ObjectExpression) {
        for (const property of assignment.right.properties) {
          if (property.type === T.Property && property.value.type === T.Identifier && property.value.name === name && property.key.type === T.Identifier) return property.key.name;
        }
      }
    }
  }
  return undefined;
}

/** True for a function declaration, function expression or arrow function. */
export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return node.type === T.FunctionDeclaration || node.type === T.FunctionExpression || node.type === T.ArrowFunctionExpression;
}

/** True for a loop statement: `for`, `for…of` (also `for await`), `for…in`, `while`, `do…while`. */
export function isLoop(node: TSESTree.Node): boolean {
  return (
    node.type === T.ForStatement ||
    node.type === T.ForOfStatement ||
    node.type === T.ForInStatement ||
    node.type === T.WhileStatement ||
    node.type === T.DoWhileStatement
  );
}

/** The nearest function (declaration, expression or arrow) that contains `node`, not counting `node` itself. */
export function getEnclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) return current;
    current = current.parent;
  }
  return undefined;
}

function isStatementList(node: TSESTree.Node): node is TSESTree.BlockStatement | TSESTree.Program | TSESTree.StaticBlock {
  return node.type === T.BlockStatement || node.type === T.Program || node.type === T.StaticBlock;
}

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** Visits the nodes that run as part of `root` (not the bodies of nested functions or classes). */
function visitExecuted(root: TSESTree.Node, callback: (node: TSESTree.Node) => void): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== root && (isFunctionNode(node) || node.type === T.ClassBody)) continue;
    callback(node);
    for (const key of Object.keys(node)) {
      if (key === 'parent' || key === 'range' || key === 'loc' || key === 'typeAnnotation' || key === 'returnType') continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof (item as TSESTree.Node).type === 'string') stack.push(item as TSESTree.Node);
      } else if (child && typeof (child as TSESTree.Node).type === 'string') {
        stack.push(child as TSESTree.Node);
      }
    }
  }
}
