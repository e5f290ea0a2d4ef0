/**
 * Which encryption algorithm each KMS key is used with, and the decrypt-side requests that disagree.
 *
 * An asymmetric ciphertext (RSA `RSAES_OAEP_SHA_1` / `RSAES_OAEP_SHA_256`, `SM2PKE`) carries no metadata: KMS decrypts
 * it only when the Decrypt (or ReEncrypt's source side) names the key pair and the same algorithm the Encrypt used.
 * Without `EncryptionAlgorithm` the request asks for `SYMMETRIC_DEFAULT`, which an RSA key refuses with
 * `InvalidKeyUsageException`; another OAEP hash does not open the ciphertext (AWS KMS API Reference, Decrypt,
 * "EncryptionAlgorithm" and "KeyId": https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html).
 *
 * Encrypt sides are Encrypt requests and ReEncrypt's destination; decrypt sides are Decrypt and ReEncrypt's source
 * (the catalogue's role groups, `catalog/sdk.ts`). A key is the same key when its reference names the same key id or
 * alias ({@link parseKeyIdentity}), or, when its text is not known, when both requests name the same variable in
 * this file. With type information the encrypt sides of the whole program take part (`program-index.ts`).
 *
 * Precision first: a key with an encrypt side whose algorithm is symmetric, absent or not known is left alone (the
 * file's view of that key is mixed), and a decrypt-side algorithm that is not known is never reported.
 */
import { AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '../util/ts-eslint.js';
import { isAsymmetricEncryptionAlgorithm, type GroupSide } from './catalog/sdk.js';
import type { SourcePlace } from './context-sites.js';
import type { CallSite, FileAnalysis } from './model.js';
import { getProgramCallScope, type IndexedCall } from './program-index.js';
import { getResolvedGroups, parseKeyIdentity, type ResolvedGroup } from './roles.js';
import { lookupProperty } from './values.js';

/** An encrypt side that fixes the algorithm for its key: `Encrypt { KeyId: K, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }`. */
export interface AlgorithmProducer {
  readonly operation: string;
  /** The key reference as written (the string, or the variable's name when only the binding is known). */
  readonly keyText: string;
  readonly algorithm: string;
  /** Where the request is (1-based line); `file` is the file name the program or the caller uses. */
  readonly place: SourcePlace;
}

/** A decrypt side whose key has asymmetric encrypt sides, and whose algorithm omits or changes theirs. */
export interface AlgorithmMismatch {
  readonly site: CallSite;
  readonly side: GroupSide;
  /** `EncryptionAlgorithm` or `SourceEncryptionAlgorithm`. */
  readonly member: string;
  /** The algorithm(s) the request names (`undefined`: the member is absent, so KMS uses `SYMMETRIC_DEFAULT`). */
  readonly found: readonly string[] | undefined;
  /** Every algorithm the key's encrypt sides use, sorted. */
  readonly expected: readonly string[];
  /** The first encrypt side (by file, then line) for the key. */
  readonly producer: AlgorithmProducer;
}

/** What identifies a key: `key:<id>`, `alias:<name>`, `text:<string>`, or the variable its reference names. */
type KeyToken = string | TSESLint.Scope.Variable;

/** Per key: the asymmetric encrypt sides, or `mixed` once any encrypt side is symmetric or not known. */
type KeyAlgorithms = Map<KeyToken, AlgorithmProducer[] | 'mixed'>;

/**
 * The decrypt-side requests of this file that omit or change the asymmetric algorithm their key is encrypted with
 * (see the module comment). `fileName` names this file in the places of the answer when there is no program.
 */
export function findAlgorithmMismatches(analysis: FileAnalysis, fileName: string): AlgorithmMismatch[] {
  const keys: KeyAlgorithms = new Map();
  const program = getProgramCallScope(analysis);
  const file = program?.file ?? fileName;
  // The index's reading of this file's requests: it resolves imported consts the per-file evaluator cannot.
  const indexed = new Map<number, IndexedCall>();
  for (const call of program?.calls ?? []) if (call.place.file === file) indexed.set(call.place.range[0], call);
  for (const site of analysis.callSites) {
    if (site.service !== 'kms') continue;
    const group = getEncryptSide(site);
    if (!group) continue;
    for (const { token, text } of getKeyTokens(analysis, site, group, indexed.get(site.node.range[0]))) {
      addProducer(keys, token, site.operation, text, group.algorithms, toPlace(site.node, file));
    }
  }
  for (const call of program?.calls ?? []) {
    if (call.service !== 'kms' || call.place.file === file) continue;
    const members = call.operation === 'Encrypt' ? ['KeyId', 'EncryptionAlgorithm'] : call.operation === 'ReEncrypt' ? ['DestinationKeyId', 'DestinationEncryptionAlgorithm'] : undefined;
    const keyText = members && call.strings.get(members[0]!);
    if (!members || keyText === undefined) continue;
    const algorithm = call.strings.get(members[1]!);
    addProducer(keys, toIdentityToken(keyText), call.operation, keyText, algorithm === undefined ? undefined : [algorithm], call.place);
  }
  const mismatches: AlgorithmMismatch[] = [];
  for (const site of analysis.callSites) {
    if (site.service !== 'kms') continue;
    const group = getDecryptSide(site);
    if (!group?.algorithmMember) continue;
    const tokens = getKeyTokens(analysis, site, group, indexed.get(site.node.range[0]));
    const producers = tokens.map(({ token }) => keys.get(token)).find((candidate) => candidate !== undefined);
    if (!producers || producers === 'mixed') continue;
    const expected = [...new Set(producers.map((producer) => producer.algorithm))].sort();
    const found = getDecryptAlgorithms(group);
    if (found === 'unknown' || (found !== undefined && found.some((algorithm) => expected.includes(algorithm)))) continue;
    const producer = [...producers].sort((a, b) => (a.place.file === b.place.file ? a.place.range[0] - b.place.range[0] : a.place.file < b.place.file ? -1 : 1))[0]!;
    mismatches.push({ site, side: group.side, member: group.algorithmMember, found, expected, producer });
  }
  return mismatches;
}

function addProducer(
  keys: KeyAlgorithms,
  token: KeyToken,
  operation: string,
  keyText: string,
  algorithms: readonly string[] | undefined,
  place: SourcePlace,
): void {
  const known = keys.get(token);
  if (known === 'mixed') return;
  if (!algorithms || algorithms.length !== 1 || !isAsymmetricEncryptionAlgorithm(algorithms[0]!)) {
    keys.set(token, 'mixed');
    return;
  }
  const producer = { operation, keyText, algorithm: algorithms[0]!, place };
  if (known) known.push(producer);
  else keys.set(token, [producer]);
}

/** Encrypt's request group, ReEncrypt's destination group. */
function getEncryptSide(site: CallSite): ResolvedGroup | undefined {
  if (site.operation === 'Encrypt') return getResolvedGroups(site).find((group) => group.side === 'request');
  if (site.operation === 'ReEncrypt') return getResolvedGroups(site).find((group) => group.side === 'destination');
  return undefined;
}

/** Decrypt's request group, ReEncrypt's source group. */
function getDecryptSide(site: CallSite): ResolvedGroup | undefined {
  if (site.operation === 'Decrypt') return getResolvedGroups(site).find((group) => group.side === 'request');
  if (site.operation === 'ReEncrypt') return getResolvedGroups(site).find((group) => group.side === 'source');
  return undefined;
}

/** `undefined` when the algorithm member is absent on every path; `unknown` when it is not statically known. */
function getDecryptAlgorithms(group: ResolvedGroup): readonly string[] | undefined | 'unknown' {
  const lookup = group.algorithm;
  if (lookup?.state === 'absent') return lookup.paths === 'all' ? undefined : 'unknown';
  if (lookup?.state !== 'present' || !group.algorithms || group.algorithms.length === 0) return 'unknown';
  return group.algorithms;
}

/** The single known key reference of the group. */
function getGroupKeyText(group: ResolvedGroup): string | undefined {
  return group.key.state === 'known' && group.key.keys.length === 1 ? group.key.keys[0]!.text : undefined;
}

/** A key id and its key ARN are one key; an alias name and its alias ARN one alias. */
function toIdentityToken(text: string): string {
  const identity = parseKeyIdentity(text);
  if (identity.keyId !== undefined) return `key:${identity.keyId}`;
  if (identity.alias !== undefined) return `alias:${identity.alias}`;
  return `text:${text}`;
}

/**
 * The tokens of the group's key: its known reference (from the per-file evaluation, else from the program index's
 * reading of the same request), and the variable an identifier key member names. Empty when neither is known.
 */
function getKeyTokens(analysis: FileAnalysis, site: CallSite, group: ResolvedGroup, indexed: IndexedCall | undefined): { token: KeyToken; text: string }[] {
  const tokens: { token: KeyToken; text: string }[] = [];
  const member = group.key.member;
  const text = getGroupKeyText(group) ?? (member === undefined ? undefined : indexed?.strings.get(member));
  if (text !== undefined) tokens.push({ token: toIdentityToken(text), text });
  if (group.key.state !== 'unknown' || member === undefined) return tokens;
  const lookup = lookupProperty(site.input, member);
  const node: TSESTree.Node | undefined = lookup.state === 'present' ? lookup.propertyNode?.value : undefined;
  const variable = node?.type === T.Identifier ? analysis.evaluator.findVariable(node) : null;
  if (variable) tokens.push({ token: variable, text: text ?? variable.name });
  return tokens;
}

function toPlace(node: TSESTree.Node, file: string): SourcePlace {
  return { file, line: node.loc.start.line, range: node.range };
}
