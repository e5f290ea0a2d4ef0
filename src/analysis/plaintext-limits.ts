/**
 * KMS Encrypt plaintexts over the service limit: a `Plaintext` whose statically known size exceeds the limit of the
 * call's `EncryptionAlgorithm` (4096 bytes for `SYMMETRIC_DEFAULT`; the RSA and SM2 limits per key spec), or that
 * comes from a source of unbounded size (a file read, a stream, an HTTP or S3 body, `JSON.stringify` of a collection,
 * a buffer grown in a loop) with no length guard before the call. KMS rejects larger plaintexts with
 * `ValidationException` (KMS API Reference, Encrypt, `Plaintext`:
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html). Limits are data (`catalog/kms-limits.ts`);
 * origins and guards come from `provenance.ts`.
 */
import type { TSESTree } from '../util/ts-eslint.js';
import { ASYMMETRIC_ENCRYPT_PLAINTEXT_BYTES, SYMMETRIC_ENCRYPT_PLAINTEXT_BYTES } from './catalog/kms-limits.js';
import type { FileAnalysis, StaticValue } from './model.js';
import { describeOrigin, getFileProvenance, isUnboundedOrigin, type Origin } from './provenance.js';
import { getByteLength, lookupProperty, toStringValueIfString } from './values.js';

/** RSA key specs whose Encrypt limits KMS documents. */
export type RsaKeySpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096';

/** Options of {@link getPlaintextLimitProblems}. */
export interface PlaintextLimitOptions {
  /** The RSA key spec assumed for `RSAES_OAEP_*` calls (the key spec is not visible in code). */
  readonly rsaKeySpec: RsaKeySpec;
  /** Whether plaintexts from unbounded sources are problems too. */
  readonly checkUnboundedSources: boolean;
}

/** The limit that applies to a call: the largest over the algorithms it may use (a definite answer must exceed all). */
export interface PlaintextLimit {
  /** The limit in bytes. */
  readonly bytes: number;
  /** `SYMMETRIC_DEFAULT`, `RSAES_OAEP_SHA_256`, `SM2PKE`, or `any encryption algorithm` when the algorithm is unknown. */
  readonly algorithm: string;
  /** The RSA key spec the limit assumes (an RSA algorithm; the key spec is not visible in code). */
  readonly assumedKeySpec: RsaKeySpec | undefined;
}

/** One Encrypt plaintext over the limit: `too-large` with its known size, or `unbounded` with its source. */
export type PlaintextLimitProblem =
  | { readonly kind: 'too-large'; readonly node: TSESTree.Node; readonly limit: PlaintextLimit; readonly size: number }
  | { readonly kind: 'unbounded'; readonly node: TSESTree.Node; readonly limit: PlaintextLimit; readonly source: string };

/** One way the `Plaintext` member is given (several when the input object itself is a union). */
interface PlaintextCandidate {
  readonly property: TSESTree.Property | undefined;
  readonly expression: TSESTree.Node;
  readonly value: StaticValue;
}

/**
 * The file's Encrypt plaintexts that definitely exceed the limit, in call-site order. Reported at the `Plaintext`
 * property, or at the call when the property came from a spread. A size guard on the plaintext's origin (a length
 * check within the limit, or one the analysis cannot size) clears it; calls with an algorithm not in the limits table
 * are left out.
 */
export function getPlaintextLimitProblems(analysis: FileAnalysis, options: PlaintextLimitOptions): PlaintextLimitProblem[] {
  const sites = analysis.callSites.filter((site) => site.service === 'kms' && site.operation === 'Encrypt');
  if (sites.length === 0) return [];
  const provenance = getFileProvenance(analysis);
  const problems: PlaintextLimitProblem[] = [];
  for (const site of sites) {
    const limit = getPlaintextLimit(site.input, options.rsaKeySpec);
    if (!limit) continue;
    for (const candidate of getPlaintextCandidates(site.input)) {
      const { origins } = provenance.getProvenance(candidate.expression);
      const isGuarded = (origin: Origin): boolean => provenance.getOriginBounds(origin).some((bound) => bound.bytes === undefined || bound.bytes <= limit.bytes);
      const node = candidate.property ?? site.node;
      const size = getLargestKnownSize(candidate.value);
      if (size !== undefined && size > limit.bytes && !origins.some(isGuarded)) {
        problems.push({ kind: 'too-large', node, limit, size });
        continue;
      }
      if (!options.checkUnboundedSources) continue;
      const unbounded = origins.find((origin) => isUnboundedOrigin(origin) && !isGuarded(origin));
      if (unbounded) problems.push({ kind: 'unbounded', node, limit, source: describeOrigin(unbounded) });
    }
  }
  return problems;
}

/** The largest statically known byte size among the alternatives of a value. */
function getLargestKnownSize(value: StaticValue): number | undefined {
  const options = value.kind === 'union' ? value.options : [value];
  let largest: number | undefined;
  for (const option of options) {
    const size = getByteLength(option);
    if (size !== undefined && (largest === undefined || size > largest)) largest = size;
  }
  return largest;
}

function getPlaintextCandidates(input: StaticValue): PlaintextCandidate[] {
  const objects = input.kind === 'union' ? input.options : [input];
  const candidates: PlaintextCandidate[] = [];
  for (const object of objects) {
    const lookup = lookupProperty(object, 'Plaintext');
    if (lookup.state !== 'present') continue;
    const expression = lookup.propertyNode?.value ?? lookup.value.node;
    if (!expression || candidates.some((candidate) => candidate.expression === expression)) continue;
    candidates.push({ property: lookup.propertyNode, expression, value: lookup.value });
  }
  return candidates;
}

/**
 * The plaintext limit of an Encrypt request from its `EncryptionAlgorithm`: the symmetric limit when the member is
 * absent; the symmetric limit for `any encryption algorithm` when it is unknown (every algorithm's limit is at most
 * that); `undefined` for an algorithm the limits table does not know.
 */
export function getPlaintextLimit(input: StaticValue, keySpec: RsaKeySpec): PlaintextLimit | undefined {
  const lookup = lookupProperty(input, 'EncryptionAlgorithm');
  const symmetric: PlaintextLimit = { bytes: SYMMETRIC_ENCRYPT_PLAINTEXT_BYTES.max, algorithm: 'SYMMETRIC_DEFAULT', assumedKeySpec: undefined };
  if (lookup.state === 'absent' && lookup.paths === 'all') return symmetric;
  if (lookup.state !== 'present') return { ...symmetric, algorithm: 'any encryption algorithm' };
  const options = lookup.value.kind === 'union' ? lookup.value.options : [lookup.value];
  const limits: PlaintextLimit[] = [];
  for (const option of options) {
    const algorithm = toStringValueIfString(option);
    if (algorithm === undefined) return { ...symmetric, algorithm: 'any encryption algorithm' };
    const limit = getAlgorithmLimit(algorithm, keySpec);
    if (!limit) return undefined;
    limits.push(limit);
  }
  return limits.reduce((largest, limit) => (limit.bytes > largest.bytes ? limit : largest));
}

function getAlgorithmLimit(algorithm: string, keySpec: RsaKeySpec): PlaintextLimit | undefined {
  if (algorithm === 'SYMMETRIC_DEFAULT') return { bytes: SYMMETRIC_ENCRYPT_PLAINTEXT_BYTES.max, algorithm, assumedKeySpec: undefined };
  if (algorithm === 'SM2PKE') return { bytes: ASYMMETRIC_ENCRYPT_PLAINTEXT_BYTES['SM2/SM2PKE']!, algorithm, assumedKeySpec: undefined };
  if (algorithm === 'RSAES_OAEP_SHA_1' || algorithm === 'RSAES_OAEP_SHA_256') {
    return { bytes: ASYMMETRIC_ENCRYPT_PLAINTEXT_BYTES[`${keySpec}/${algorithm}`]!, algorithm, assumedKeySpec: keySpec };
  }
  return undefined;
}
