/**
 * Whether a value given to a blob member of a KMS request (`CiphertextBlob` of Decrypt and ReEncrypt) is text rather
 * than bytes.
 *
 * Both SDKs accept a string for a blob member and send its UTF-8 bytes: SDK v3's JSON serializer
 * (`@smithy/core` protocols, `JsonShapeSerializer`) base64-encodes `fromUtf8(string)`, and SDK v2's `BinaryShape`
 * (`aws-sdk/lib/model/shape.js`, `util.base64.encode`) does `Buffer.from(string).toString('base64')`. Neither decodes a
 * base64 string first, so base64 text (an environment variable, a database column, a JSON field) reaches KMS as the
 * bytes of its characters, which are not a ciphertext: KMS answers `InvalidCiphertextException`.
 *
 * Only definite evidence counts: a string literal or constant, a template literal, `process.env.X`, `x.toString()`,
 * `String(x)`, `JSON.stringify(x)`, with types a value whose type is `string`, and `Buffer.from(text)` whose encoding
 * is absent or not base64 while `text` is known base64 text (an environment variable or a base64 literal).
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import type * as ts from 'typescript';
import { skipWrappers } from './ast/wrappers.js';
import type { FileAnalysis } from './model.js';
import { getCalleeName, getStaticMemberName, toStringValueIfString } from './values.js';

/**
 * Why a blob value is text.
 * - `string-literal`: a known string (a literal, a constant, a concatenation of known parts);
 * - `template-literal`, `env-var` (`process.env.X`), `to-string` (`x.toString(…)`, `String(x)`, `JSON.stringify(x)`);
 * - `string-type`: with type information, the value's type is `string` (or a string literal type);
 * - `utf8-of-base64`: `Buffer.from(text)` / `Buffer.from(text, 'utf8')` of base64 text: the bytes are the characters,
 *   not the decoded ciphertext.
 */
export type StringBlobKind = 'string-literal' | 'template-literal' | 'env-var' | 'to-string' | 'string-type' | 'utf8-of-base64';

/** Evidence that a blob value is text: `kind`, and `source`, the expression that shows it (after following constants). */
export interface StringBlobEvidence {
  readonly kind: StringBlobKind;
  readonly source: TSESTree.Node;
}

/** Encodings of `Buffer.from(string, encoding)` that keep base64 text as its characters. */
const CHARACTER_ENCODINGS: ReadonlySet<string> = new Set(['utf8', 'utf-8', 'ascii', 'latin1', 'binary', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le']);

/** Base64 text long enough to be a KMS ciphertext (the shortest symmetric ciphertext is well over 100 bytes). */
const BASE64_TEXT = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MIN_BASE64_TEXT_LENGTH = 32;

const MAX_HOPS = 5;

/**
 * Evidence that `expression` (the value of a blob member) is a string, or `undefined` when it is bytes or not known.
 * Never throws.
 */
export function getStringBlobEvidence(analysis: FileAnalysis, expression: TSESTree.Node): StringBlobEvidence | undefined {
  try {
    const source = followConstants(analysis, expression);
    const syntactic = getSyntacticEvidence(analysis, source);
    if (syntactic) return syntactic;
    if (toStringValueIfString(analysis.evaluator.evaluate(expression)) !== undefined) return { kind: 'string-literal', source };
    if (analysis.types && !isBytesConstruction(source) && isStringTyped(analysis, skipWrappers(expression))) {
      return { kind: 'string-type', source };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** True when `text` looks like base64 of a KMS ciphertext (alphabet, padding, length). */
export function isBase64Text(text: string): boolean {
  return text.length >= MIN_BASE64_TEXT_LENGTH && BASE64_TEXT.test(text);
}

function getSyntacticEvidence(analysis: FileAnalysis, node: TSESTree.Node): StringBlobEvidence | undefined {
  if (node.type === T.TemplateLiteral) return { kind: 'template-literal', source: node };
  if (node.type === T.Literal && typeof node.value === 'string') return { kind: 'string-literal', source: node };
  if (isProcessEnvRead(node)) return { kind: 'env-var', source: node };
  if (node.type !== T.CallExpression) return undefined;
  const callee = skipWrappers(node.callee);
  if (callee.type === T.MemberExpression && getStaticMemberName(callee) === 'toString') return { kind: 'to-string', source: node };
  const name = getCalleeName(callee);
  if (name === 'String' || name === 'JSON.stringify') return { kind: 'to-string', source: node };
  if (name === 'Buffer.from' && isUtf8OfBase64(analysis, node)) return { kind: 'utf8-of-base64', source: node };
  return undefined;
}

/** `Buffer.from(text[, encoding])` where the encoding keeps characters and `text` is base64 text. */
function isUtf8OfBase64(analysis: FileAnalysis, call: TSESTree.CallExpression): boolean {
  const [text, encoding] = call.arguments;
  if (!text || text.type === T.SpreadElement) return false;
  if (encoding) {
    if (encoding.type === T.SpreadElement) return false;
    const name = toStringValueIfString(analysis.evaluator.evaluate(encoding));
    if (name === undefined || !CHARACTER_ENCODINGS.has(name.toLowerCase())) return false;
  }
  const source = followConstants(analysis, text);
  if (isProcessEnvRead(source)) return true;
  const known = toStringValueIfString(analysis.evaluator.evaluate(text));
  return known !== undefined && isBase64Text(known);
}

/** Callees whose result is bytes whatever their arguments (`Buffer.from(text, 'base64')`, `new Uint8Array(n)`). */
const BYTES_CONSTRUCTORS: ReadonlySet<string> = new Set([
  'Buffer.from',
  'Buffer.alloc',
  'Buffer.allocUnsafe',
  'Buffer.concat',
  'Uint8Array.from',
  'Uint8Array',
  'Buffer',
]);

/**
 * True when `node` builds bytes (`Buffer.from(…)`, `new Uint8Array(…)`): its type is never `string`, so the type
 * checker is not asked (resolving `Buffer.from`'s overloads is the costliest type query of this module).
 */
function isBytesConstruction(node: TSESTree.Node): boolean {
  if (node.type !== T.CallExpression && node.type !== T.NewExpression) return false;
  const name = getCalleeName(skipWrappers(node.callee));
  return name !== undefined && BYTES_CONSTRUCTORS.has(name);
}

/** `process.env.NAME` or `process.env['NAME']`. */
function isProcessEnvRead(node: TSESTree.Node): boolean {
  if (node.type !== T.MemberExpression) return false;
  const object = skipWrappers(node.object);
  return (
    object.type === T.MemberExpression &&
    !object.computed &&
    object.property.type === T.Identifier &&
    object.property.name === 'env' &&
    object.object.type === T.Identifier &&
    object.object.name === 'process'
  );
}

/** Through wrappers and `const x = …` (single definition, never reassigned) to the expression that gives the value. */
function followConstants(analysis: FileAnalysis, expression: TSESTree.Node): TSESTree.Node {
  let current = skipWrappers(expression);
  for (let hop = 0; hop < MAX_HOPS && current.type === T.Identifier; hop++) {
    const variable = analysis.evaluator.findVariable(current);
    if (!variable || variable.defs.length !== 1 || variable.defs[0]!.type !== 'Variable') break;
    const declarator = variable.defs[0]!.node as TSESTree.VariableDeclarator;
    if (declarator.id.type !== T.Identifier || !declarator.init) break;
    if (variable.references.some((reference) => reference.isWrite() && reference.identifier !== declarator.id)) break;
    current = skipWrappers(declarator.init);
  }
  return current;
}

/** With types: the type of `node` is `string` or a string literal type (unions only of those). */
function isStringTyped(analysis: FileAnalysis, node: TSESTree.Node): boolean {
  const types = analysis.types!;
  const tsNode = types.esTreeNodeToTSNodeMap.get(node);
  if (!tsNode) return false;
  const type = types.checker.getTypeAtLocation(tsNode);
  const parts = type.isUnion() ? type.types : [type];
  // ts.TypeFlags.StringLike = String | StringLiteral | TemplateLiteral | StringMapping (402653316).
  const STRING_LIKE = 402653316 as ts.TypeFlags;
  return parts.length > 0 && parts.every((part) => (part.flags & STRING_LIKE) !== 0);
}
