/**
 * Missing and empty encryption contexts: KMS calls (Encrypt, Decrypt, GenerateDataKey*, GenerateDataKeyPair*,
 * ReEncrypt source and destination) and Encryption SDK `encrypt()` / `encryptStream()` calls whose context is
 * definitely absent or empty on all or some paths. An encryption context is additional authenticated data: without
 * one the ciphertext is bound to nothing (KMS Developer Guide, "Encryption context":
 * https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html). RSA and SM2 encryption take no context
 * (KMS API Reference, Encrypt, `EncryptionContext`), so calls on keys this file uses with those algorithms are left out.
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import { getEncryptionSdkOptionsIndex } from './call-sites.js';
import { CONTEXT_OPERATIONS, isAsymmetricEncryptionAlgorithm } from './catalog/sdk.js';
import type { CallSite, FileAnalysis, StaticValue } from './model.js';
import { getResolvedGroups } from './roles.js';
import { lookupProperty, type ValueEvaluator } from './values.js';

/** Options of {@link getContextGaps}. */
export interface ContextGapOptions {
  /** KMS operations (AWS spelling) left out. */
  readonly ignoreOperations: readonly string[];
  /** Whether Encryption SDK `encrypt()` / `encryptStream()` calls are checked. */
  readonly checkEncryptionSdk: boolean;
}

/**
 * Where a suggestion can put a context, when the code allows an edit that is plainly right:
 * - `add-options`: the call has no options argument; add one after `after` (the argument before the options position);
 * - `add-member`: add the member to `object`, the request object literal written at the call;
 * - `replace-value`: replace `value`, an empty object literal, with a context.
 */
export type ContextInsertion =
  | { readonly kind: 'add-options'; readonly after: TSESTree.Node }
  | { readonly kind: 'add-member'; readonly object: TSESTree.ObjectExpression }
  | { readonly kind: 'replace-value'; readonly value: TSESTree.Node };

/** One missing or empty encryption context. */
export interface ContextGap {
  readonly site: CallSite;
  /** `missing`: absent on every path; `empty`: empty (`{}`, `null`, `undefined`) or absent on some or all paths. */
  readonly kind: 'missing' | 'empty';
  /** `all` when the gap is on every path the analysis sees, `some` when only on some. */
  readonly paths: 'all' | 'some';
  /** The request member: `EncryptionContext`, `SourceEncryptionContext`, `DestinationEncryptionContext`, `encryptionContext`. */
  readonly member: string;
  /** The operation as a message names it: `Encrypt`, `Encryption SDK encrypt()`. */
  readonly operation: string;
  /** Where to report: the call, or the property holding an empty context. */
  readonly node: TSESTree.Node;
  readonly insertion: ContextInsertion | undefined;
}

/**
 * The file's definite context gaps, in call-site order (per site, in role-group order). Unknown contexts (a spread
 * of an unknown object, a parameter) are never gaps. Calls on a key that some Encrypt/Decrypt in the file uses with an
 * RSA or SM2 algorithm are left out, except ReEncrypt.
 */
export function getContextGaps(analysis: FileAnalysis, options: ContextGapOptions): ContextGap[] {
  const ignored = new Set(options.ignoreOperations);
  const asymmetricKeys = getAsymmetricKeyTokens(analysis.callSites, analysis.evaluator);
  const gaps: ContextGap[] = [];
  for (const site of analysis.callSites) {
    if (site.service === 'kms' && CONTEXT_OPERATIONS.has(site.operation) && !ignored.has(site.operation)) {
      const keyToken = getKeyToken(site, analysis.evaluator);
      if (site.operation !== 'ReEncrypt' && keyToken !== undefined && asymmetricKeys.has(keyToken)) continue;
      for (const group of getResolvedGroups(site)) {
        if (!group.contextMember) continue;
        // RSA / SM2 encryption takes no context: skip when every algorithm the member may hold is one of them.
        if (group.algorithms?.every(isAsymmetricEncryptionAlgorithm)) continue;
        addGap(gaps, site, group.contextMember, site.operation);
      }
    } else if (site.service === 'encryption-sdk' && options.checkEncryptionSdk && (site.operation === 'encrypt' || site.operation === 'encryptStream')) {
      addEncryptionSdkGap(gaps, site);
    }
  }
  return gaps;
}

function addEncryptionSdkGap(gaps: ContextGap[], site: CallSite): void {
  const operation = `Encryption SDK ${site.operation}()`;
  if (site.inputNode) {
    addGap(gaps, site, 'encryptionContext', operation);
    return;
  }
  // encrypt(keyring, plaintext) / encryptStream(keyring) with no options at all: definitely no context.
  const call = site.node as TSESTree.CallExpression;
  const optionsIndex = getEncryptionSdkOptionsIndex(site.operation);
  if (call.arguments.length !== optionsIndex || call.arguments.some((argument) => argument.type === T.SpreadElement)) return;
  const insertion: ContextInsertion = { kind: 'add-options', after: call.arguments[optionsIndex - 1]! };
  gaps.push({ site, kind: 'missing', paths: 'all', member: 'encryptionContext', operation, node: site.node, insertion });
}

function addGap(gaps: ContextGap[], site: CallSite, member: string, operation: string): void {
  const lookup = lookupProperty(site.input, member);
  if (lookup.state === 'unknown') return;
  if (lookup.state === 'absent') {
    // A context present on some paths and missing on others still leaves those paths unbound.
    const object = site.input.kind === 'object' ? site.input.node : undefined;
    const insertion: ContextInsertion | undefined = lookup.paths === 'all' && object?.type === T.ObjectExpression ? { kind: 'add-member', object } : undefined;
    gaps.push({ site, kind: lookup.paths === 'all' ? 'missing' : 'empty', paths: lookup.paths, member, operation, node: site.node, insertion });
    return;
  }
  const emptiness = getEmptiness(lookup.value);
  if (emptiness === 'never' || emptiness === 'unknown') return;
  const property = lookup.propertyNode;
  const insertion: ContextInsertion | undefined =
    property && emptiness === 'all' && property.value.type === T.ObjectExpression && property.value.properties.length === 0 ? { kind: 'replace-value', value: property.value } : undefined;
  gaps.push({ site, kind: 'empty', paths: emptiness, member, operation, node: property ?? site.node, insertion });
}

/** Whether a context value is empty: on all paths, on some, never, or not known. `null`/`undefined` count as empty. */
export function getEmptiness(value: StaticValue): 'all' | 'some' | 'never' | 'unknown' {
  const options = value.kind === 'union' ? value.options : [value];
  let empty = 0;
  let unknown = 0;
  for (const option of options) {
    if (option.kind === 'object') {
      if (option.properties.some((property) => !isUndefined(property.value))) continue;
      if (option.complete) empty++;
      else unknown++;
    } else if (option.kind === 'primitive' && (option.value === null || option.value === undefined)) {
      empty++;
    } else if (option.kind === 'unknown') {
      unknown++;
    }
  }
  if (empty === 0) return unknown > 0 ? 'unknown' : 'never';
  return empty === options.length ? 'all' : 'some';
}

function isUndefined(value: StaticValue): boolean {
  return value.kind === 'primitive' && value.value === undefined;
}

/** Keys that some Encrypt or Decrypt in the file uses with an asymmetric encryption algorithm, as {@link getKeyToken}s. */
function getAsymmetricKeyTokens(sites: readonly CallSite[], evaluator: ValueEvaluator): Set<unknown> {
  const keys = new Set<unknown>();
  for (const site of sites) {
    if (site.service !== 'kms' || (site.operation !== 'Encrypt' && site.operation !== 'Decrypt')) continue;
    const group = getResolvedGroups(site)[0];
    if (!group?.algorithms?.every(isAsymmetricEncryptionAlgorithm)) continue;
    const token = getKeyToken(site, evaluator);
    if (token !== undefined) keys.add(token);
  }
  return keys;
}

/**
 * What identifies the `KeyId` of a call within this file: its string value when known, otherwise the variable it
 * names (an imported constant such as `PARTNER_RSA_KEY_ID` is the same binding at every use).
 */
function getKeyToken(site: CallSite, evaluator: ValueEvaluator): unknown {
  const key = getResolvedGroups(site)[0]?.key;
  if (key?.state === 'known' && key.keys.length === 1) return `string:${key.keys[0]!.text}`;
  if (!key?.member) return undefined;
  const lookup = lookupProperty(site.input, key.member);
  if (lookup.state !== 'present') return undefined;
  const node = lookup.propertyNode?.value;
  if (node?.type !== T.Identifier) return undefined;
  return evaluator.findVariable(node) ?? undefined;
}
