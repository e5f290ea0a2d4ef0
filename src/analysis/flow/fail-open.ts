/**
 * Fail-open decrypts (issue 8, `no-fail-open-decrypt`): the pieces of a decrypt call that decide whether a `catch`
 * hands back the undecrypted value — the ciphertext argument, the variables and member chains it is built from, and
 * whether a fallback expression evaluates to one of them. The `catch` clauses themselves come from `control.ts`.
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../../util/ts-eslint.js';
import type { CallSite, FileAnalysis } from '../model.js';
import type { FlowTracker } from './tracker.js';

/** A KMS Decrypt or an Encryption SDK decrypt call site. */
export function isDecrypt(site: CallSite): boolean {
  return (site.service === 'kms' && site.operation === 'Decrypt') || (site.service === 'encryption-sdk' && site.operation === 'decrypt');
}

/** The ciphertext argument: `CiphertextBlob` of a Decrypt request, the second argument of the Encryption SDK's decrypt. */
export function getCiphertextNode(analysis: FileAnalysis, flow: FlowTracker, site: CallSite): TSESTree.Node | undefined {
  if (site.service === 'encryption-sdk') return site.node.type === T.CallExpression ? site.node.arguments[1] : undefined;
  if (!site.inputNode) return undefined;
  const object = flow.resolveObjectLiteral(site.inputNode);
  for (const property of object?.properties ?? []) {
    if (property.type === T.Property && !property.computed && property.key.type === T.Identifier && property.key.name === 'CiphertextBlob') return property.value;
  }
  return undefined;
}

export interface Sources {
  /** Variables the ciphertext is made from, used whole (`sealed` in `Buffer.from(sealed, 'base64')`). */
  readonly variables: Set<unknown>;
  /** Member chains the ciphertext is made from, as source text (`process.env.ALERT_WEBHOOK_URL`, `row.blob`). */
  readonly texts: Set<string>;
}

/** The variables and member chains that the ciphertext expression is built from (not callees, not `Buffer`). */
export function getSources(analysis: FileAnalysis, ciphertext: TSESTree.Node): Sources {
  const sources: Sources = { variables: new Set(), texts: new Set() };
  visitValues(ciphertext, (node) => {
    const chain = getChainText(analysis, node);
    if (chain) {
      sources.texts.add(chain);
      return false;
    }
    if (node.type === T.Identifier) {
      const variable = analysis.evaluator.findVariable(node);
      if (variable && variable.defs.length > 0) sources.variables.add(variable);
    }
    return true;
  });
  return sources;
}

/**
 * Whether `expression` evaluates to the undecrypted value itself on some path: a source variable or member chain,
 * through `??`/`||`, `?:`, TypeScript wrappers and conversions (`String(x)`, `x.toString()`, `Buffer.from(x)`). A new
 * object or a string built around it (`{ ...row, email: null }`) is not the value.
 */
export function isUndecryptedValue(analysis: FileAnalysis, expression: TSESTree.Node, sources: Sources, depth = 0): boolean {
  if (depth > 6) return false;
  const node = expression;
  switch (node.type) {
    case T.TSAsExpression:
    case T.TSNonNullExpression:
    case T.TSSatisfiesExpression:
    case T.ChainExpression:
      return isUndecryptedValue(analysis, node.expression, sources, depth + 1);
    case T.AwaitExpression:
      return isUndecryptedValue(analysis, node.argument, sources, depth + 1);
    case T.LogicalExpression:
      return isUndecryptedValue(analysis, node.left, sources, depth + 1) || isUndecryptedValue(analysis, node.right, sources, depth + 1);
    case T.ConditionalExpression:
      return isUndecryptedValue(analysis, node.consequent, sources, depth + 1) || isUndecryptedValue(analysis, node.alternate, sources, depth + 1);
    case T.Identifier:
      return sources.variables.has(analysis.evaluator.findVariable(node));
    case T.MemberExpression: {
      const chain = getChainText(analysis, node);
      return chain !== undefined && sources.texts.has(chain);
    }
    case T.CallExpression: {
      const callee = node.callee;
      const name = callee.type === T.Identifier ? callee.name : callee.type === T.MemberExpression && !callee.computed && callee.property.type === T.Identifier ? callee.property.name : undefined;
      const first = node.arguments[0];
      if ((name === 'String' || name === 'from') && first) return isUndecryptedValue(analysis, first, sources, depth + 1);
      if (name === 'toString' && callee.type === T.MemberExpression) return isUndecryptedValue(analysis, callee.object, sources, depth + 1);
      return false;
    }
    default:
      return false;
  }
}

/** A non-computed member chain on a variable (`process.env.X`, `process.env['X']`, `row.blob`) as text; else undefined. */
function getChainText(analysis: FileAnalysis, node: TSESTree.Node): string | undefined {
  if (node.type !== T.MemberExpression) return undefined;
  const name = node.computed ? (node.property.type === T.Literal ? String(node.property.value) : undefined) : node.property.type === T.Identifier ? node.property.name : undefined;
  if (name === undefined) return undefined;
  const object = node.object;
  if (object.type === T.Identifier) return `${object.name}.${name}`;
  const inner = getChainText(analysis, object);
  return inner === undefined ? undefined : `${inner}.${name}`;
}

/**
 * Visits the value-carrying sub-expressions of `root`: not callees, not member property names, not nested functions.
 * `visit` returns false to skip the children of a node.
 */
function visitValues(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean): void {
  const walk = (node: TSESTree.Node): void => {
    if (node.type === T.ArrowFunctionExpression || node.type === T.FunctionExpression) return;
    if (!visit(node)) return;
    switch (node.type) {
      case T.CallExpression:
      case T.NewExpression:
        if (node.callee.type === T.MemberExpression) walk(node.callee.object);
        for (const argument of node.arguments) walk(argument);
        return;
      case T.MemberExpression:
        walk(node.object);
        if (node.computed) walk(node.property);
        return;
      case T.Property:
        if (node.computed) walk(node.key);
        walk(node.value);
        return;
      default:
        for (const [key, value] of Object.entries(node)) {
          if (key === 'parent' || key === 'typeAnnotation' || key === 'typeArguments') continue;
          if (Array.isArray(value)) {
            for (const item of value) if (isNode(item)) walk(item);
          } else if (isNode(value)) walk(value);
        }
    }
  };
  walk(root);
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The call a promise chain starts from: `kms.send(new DecryptCommand(…))` for a command, the call itself otherwise. */
export function getChainStart(node: TSESTree.Node): TSESTree.Node {
  const parent = node.parent;
  if (node.type === T.NewExpression && parent?.type === T.CallExpression && parent.arguments.includes(node)) {
    return parent.parent?.type === T.MemberExpression && parent.parent.object === parent && isPromiseCall(parent.parent) ? parent.parent.parent! : parent;
  }
  if (parent?.type === T.MemberExpression && parent.object === node && isPromiseCall(parent)) return parent.parent!;
  return node;
}

/** `x.promise` (SDK v2's `request.promise()`). */
function isPromiseCall(member: TSESTree.MemberExpression): boolean {
  return !member.computed && member.property.type === T.Identifier && member.property.name === 'promise' && member.parent?.type === T.CallExpression;
}

/** Source text on one line, at most 60 characters (for messages). */
export function getOneLineText(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}
