/**
 * The one wrapper skipper: expressions that evaluate to the value they wrap — `x as T`, `x!`, `x satisfies T`,
 * `<T>x`, `a?.b` chains, `f<T>` instantiations and (unless asked not to) `await x`, which the analysis treats as the
 * promise's value.
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../../util/ts-eslint.js';

/** Options of the wrapper skippers. */
export interface WrapperOptions {
  /** Treat `await x` as a wrapper of `x` (default true). False where awaiting changes what is asked (a raw `Body`). */
  readonly throughAwait?: boolean;
}

/** True when `parent` wraps `child` without changing its value (see the module comment). */
export function isValueWrapper(parent: TSESTree.Node, child: TSESTree.Node, options: WrapperOptions = {}): boolean {
  switch (parent.type) {
    case T.TSAsExpression:
    case T.TSNonNullExpression:
    case T.TSSatisfiesExpression:
    case T.TSTypeAssertion:
    case T.ChainExpression:
      return parent.expression === child;
    case T.AwaitExpression:
      return options.throughAwait !== false && parent.argument === child;
    case T.TSInstantiationExpression:
      return parent.expression === child;
    default:
      return false;
  }
}

/** Goes down through wrappers to the wrapped expression (`(await x as T)!` → `x`). */
export function skipWrappers(node: TSESTree.Node, options: WrapperOptions = {}): TSESTree.Node {
  let current = node;
  for (;;) {
    const inner =
      current.type === T.AwaitExpression ? current.argument : 'expression' in current && current.type !== T.ExpressionStatement ? (current.expression as TSESTree.Node | undefined) : undefined;
    if (!inner || !isValueWrapper(current, inner, options)) return current;
    current = inner;
  }
}

/** Goes up through wrappers to the outermost expression that still holds `node`'s value. */
export function skipWrappersUp(node: TSESTree.Node, options: WrapperOptions = {}): TSESTree.Node {
  let current = node;
  while (current.parent && isValueWrapper(current.parent, current, options)) current = current.parent;
  return current;
}
