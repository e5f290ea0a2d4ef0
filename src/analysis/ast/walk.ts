/**
 * The one ESTree walker of the analysis: depth-first, children in source order, using ESLint's visitor keys when
 * given (otherwise the node's own enumerable keys, minus `parent`/`range`/`loc`).
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../../util/ts-eslint.js';

/** Options of {@link walk}. */
export interface WalkOptions {
  /** Do not enter functions nested in `root` (`root` itself is entered): the code that runs in one function. */
  readonly skipNestedFunctions?: boolean;
  /** Do not enter class bodies nested in `root` (methods run later, when called). */
  readonly skipClassBodies?: boolean;
  /** Do not enter `typeAnnotation` / `returnType` (TypeScript types never run). */
  readonly skipTypeAnnotations?: boolean;
}

function isFunction(node: TSESTree.Node): boolean {
  return node.type === T.FunctionDeclaration || node.type === T.FunctionExpression || node.type === T.ArrowFunctionExpression;
}

/**
 * Depth-first walk over an ESTree subtree; `visit` is called on `root` and every descendant, parents first. When
 * `visit` returns `false` the node's children are not visited.
 */
export function walk(
  root: TSESTree.Node,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>> | undefined,
  visit: (node: TSESTree.Node) => boolean | void,
  options: WalkOptions = {},
): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    const keys = visitorKeys?.[node.type] ?? Object.keys(node).filter((key) => key !== 'parent' && key !== 'range' && key !== 'loc');
    for (let index = keys.length - 1; index >= 0; index--) {
      if (options.skipTypeAnnotations && (keys[index] === 'typeAnnotation' || keys[index] === 'returnType')) continue;
      const child = (node as unknown as Record<string, unknown>)[keys[index]!];
      // A single child is pushed as it is: wrapping it in a one-element array per node was most of what the model
      // build allocated on a large file.
      if (!Array.isArray(child)) {
        pushChild(stack, child as TSESTree.Node | null | undefined, options);
        continue;
      }
      for (let childIndex = child.length - 1; childIndex >= 0; childIndex--) pushChild(stack, child[childIndex] as TSESTree.Node | null | undefined, options);
    }
  }
}

function pushChild(stack: TSESTree.Node[], item: TSESTree.Node | null | undefined, options: WalkOptions): void {
  if (!item || typeof item.type !== 'string') return;
  if (options.skipNestedFunctions && isFunction(item)) return;
  if (options.skipClassBodies && item.type === T.ClassBody) return;
  stack.push(item);
}
