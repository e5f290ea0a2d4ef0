/**
 * Which members of an SDK response the code reads: `const { CiphertextBlob } = await kms.send(…)`,
 * `res.CiphertextBlob`, `(await kms.send(…)).CiphertextBlob`, `const { A } = res`. The answer is `known` (every use of
 * the response is a static member read or a test of the response itself) or `unknown` (the response is passed whole
 * to a function, returned, stored, spread, reassigned, read with a computed key, destructured with a rest element…).
 *
 * Used by `prefer-generate-data-key-without-plaintext` (GenerateDataKey whose `Plaintext` is never read; KMS API
 * Reference, GenerateDataKeyWithoutPlaintext). Never throws on valid code.
 */
import { AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '../../util/ts-eslint.js';
import type { ResultBinding } from '../model.js';
import { getStaticMemberName, type ValueEvaluator } from '../values.js';

/** The response members read, or `unknown` when some use of the response is not a static member read. */
export type ResponseMembers = { readonly state: 'known'; readonly members: ReadonlySet<string> } | { readonly state: 'unknown' };

const UNKNOWN: ResponseMembers = { state: 'unknown' };

/**
 * The members of the response at `result` (a call site's {@link ResultBinding}) that are read anywhere in the file.
 * A destructured member whose local is never read does not count as read.
 */
export function getResponseMembersRead(result: ResultBinding, evaluator: ValueEvaluator): ResponseMembers {
  const members = new Set<string>();
  const ok = result.binding ? readBinding(result.binding, evaluator, members, 0) : result.expression ? readExpression(result.expression, evaluator, members, 0) : false;
  return ok ? { state: 'known', members } : UNKNOWN;
}

const MAX_DEPTH = 4;

/** `const res = …` / `const { A, B } = …` / `(err, data) =>`: records members, false when a use is not understood. */
function readBinding(binding: TSESTree.Node, evaluator: ValueEvaluator, members: Set<string>, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (binding.type === T.Identifier) {
    const variable = evaluator.findVariable(binding);
    if (!variable) return false;
    if (variable.references.filter((reference) => reference.isWrite()).length > 1) return false;
    if (variable.defs.some((definition) => definition.type === 'Parameter') && variable.references.some((reference) => reference.isWrite())) return false;
    return variable.references.every((reference) => !reference.isReadOnly() || readExpression(reference.identifier, evaluator, members, depth + 1));
  }
  if (binding.type === T.ObjectPattern) {
    for (const property of binding.properties) {
      if (property.type === T.RestElement) return false;
      const name = property.computed ? (property.key.type === T.Literal ? String(property.key.value) : undefined) : property.key.type === T.Identifier ? property.key.name : undefined;
      if (name === undefined) return false;
      const local = property.value.type === T.AssignmentPattern ? property.value.left : property.value;
      if (local.type === T.Identifier && !isRead(evaluator.findVariable(local))) continue;
      members.add(name);
    }
    return true;
  }
  return false;
}

/** One occurrence of the response: a member read, a test, an `await`, or a `const x = res` alias. */
function readExpression(node: TSESTree.Node, evaluator: ValueEvaluator, members: Set<string>, depth: number): boolean {
  let child = node;
  let parent = node.parent;
  while (parent && isWrapper(parent, child)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  switch (parent.type) {
    case T.MemberExpression: {
      if (parent.object !== child) return false;
      const name = getStaticMemberName(parent);
      if (name === undefined) return false;
      members.add(name);
      return true;
    }
    case T.VariableDeclarator:
      return parent.init === child && readBinding(parent.id, evaluator, members, depth + 1);
    case T.IfStatement:
    case T.ConditionalExpression:
      return parent.test === child;
    case T.UnaryExpression:
      return parent.operator === '!' || parent.operator === 'typeof';
    case T.ExpressionStatement:
      return true;
    default:
      return false;
  }
}

function isWrapper(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case T.TSNonNullExpression:
    case T.TSAsExpression:
    case T.TSSatisfiesExpression:
    case T.TSTypeAssertion:
    case T.ChainExpression:
      return parent.expression === child;
    case T.AwaitExpression:
      return parent.argument === child;
    default:
      return false;
  }
}

function isRead(variable: TSESLint.Scope.Variable | null): boolean {
  if (!variable) return true;
  return variable.references.some((reference) => reference.isRead());
}
