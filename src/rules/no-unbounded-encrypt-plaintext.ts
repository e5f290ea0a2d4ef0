import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  type CallSite,
  describeOrigin,
  getByteLength,
  getKmsModel,
  getProvenanceAnalysis,
  isUnboundedOrigin,
  lookupProperty,
  type Origin,
  type ProvenanceAnalysis,
  type StaticValue,
  toStringValueIfString,
} from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

/** RSA key specs whose Encrypt limits KMS documents. */
export type RsaKeySpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096';

export type Options = [
  {
    /** The RSA key spec assumed for `RSAES_OAEP_*` Encrypt calls (the key spec is not visible in code). */
    rsaKeySpec?: RsaKeySpec;
    /** Report plaintexts that come from unbounded sources (file reads, streams, request bodies, …). */
    checkUnboundedSources?: boolean;
  },
];
export type MessageId = 'plaintextTooLarge' | 'plaintextUnbounded';

/** Encrypt `Plaintext` limit in bytes for symmetric keys (`SYMMETRIC_DEFAULT`): KMS API Reference, Encrypt; KMS-FACTS. */
export const SYMMETRIC_PLAINTEXT_LIMIT = 4096;

/**
 * Encrypt `Plaintext` limits in bytes per RSA key spec and algorithm (KMS API Reference, Encrypt, "Plaintext"; KMS-FACTS):
 * the modulus size minus the OAEP overhead (2 × hash length + 2).
 */
export const RSA_PLAINTEXT_LIMITS: Readonly<Record<RsaKeySpec, Readonly<Record<'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256', number>>>> = {
  RSA_2048: { RSAES_OAEP_SHA_1: 214, RSAES_OAEP_SHA_256: 190 },
  RSA_3072: { RSAES_OAEP_SHA_1: 342, RSAES_OAEP_SHA_256: 318 },
  RSA_4096: { RSAES_OAEP_SHA_1: 470, RSAES_OAEP_SHA_256: 446 },
};

/** Encrypt `Plaintext` limit in bytes for `SM2PKE` (SM2 keys, China Regions only; KMS-FACTS). */
export const SM2_PLAINTEXT_LIMIT = 1024;

export default createRule<Options, MessageId>({
  name: 'no-unbounded-encrypt-plaintext',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow KMS Encrypt of a plaintext that exceeds the service limit or comes from a source of unbounded size',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    messages: {
      plaintextTooLarge:
        'This Encrypt Plaintext is {{size}} bytes, over the {{limit}}-byte limit of {{algorithm}}{{assumption}}: KMS rejects it with ValidationException. Encrypt data of this size with envelope encryption (GenerateDataKey, then AES-256-GCM locally) or the AWS Encryption SDK.',
      plaintextUnbounded:
        'This Encrypt Plaintext comes from {{source}}, and nothing before this call keeps it within the {{limit}}-byte limit of {{algorithm}}{{assumption}}: KMS rejects larger plaintexts with ValidationException. Use envelope encryption (GenerateDataKey, then AES-256-GCM locally) or the AWS Encryption SDK, or check the length first.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          rsaKeySpec: {
            type: 'string',
            enum: ['RSA_2048', 'RSA_3072', 'RSA_4096'],
            description:
              'RSA key spec assumed for Encrypt calls with EncryptionAlgorithm RSAES_OAEP_SHA_1/RSAES_OAEP_SHA_256 (the key spec is not visible in code); it sets the plaintext limit.',
          },
          checkUnboundedSources: {
            type: 'boolean',
            description:
              'Also report plaintexts read from sources of unbounded size (file reads, streams, HTTP and S3 bodies, fetch bodies, JSON.stringify of collections, buffers grown in loops) without a length check.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ rsaKeySpec: 'RSA_2048', checkUnboundedSources: true }],
  create(context, [options]) {
    const keySpec = options.rsaKeySpec ?? 'RSA_2048';
    return {
      'Program:exit'() {
        const model = getKmsModel(context);
        const encryptSites = model.callSites.filter((site) => site.service === 'kms' && site.operation === 'Encrypt');
        if (encryptSites.length === 0) return;
        const provenance = getProvenanceAnalysis(context);
        for (const site of encryptSites) {
          const limit = getLimit(site.input, keySpec);
          if (!limit) continue;
          for (const candidate of getPlaintextCandidates(site.input)) {
            checkPlaintext(context, provenance, site, candidate, limit, options.checkUnboundedSources !== false);
          }
        }
      },
    };
  },
});

type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

/** The limit that applies to a call: the largest over the algorithms it may use (a definite answer must exceed all). */
interface Limit {
  readonly bytes: number;
  readonly algorithm: string;
  readonly assumption: string;
}

/** One way the `Plaintext` member is given (several when the input object itself is a union). */
interface PlaintextCandidate {
  readonly property: TSESTree.Property | undefined;
  readonly expression: TSESTree.Node;
  readonly value: StaticValue;
}

function checkPlaintext(
  context: Context,
  provenance: ProvenanceAnalysis,
  site: CallSite,
  candidate: PlaintextCandidate,
  limit: Limit,
  checkUnbounded: boolean,
): void {
  const { origins } = provenance.getProvenance(candidate.expression);
  const isGuarded = (origin: Origin): boolean =>
    provenance.getOriginBounds(origin).some((bound) => bound.bytes === undefined || bound.bytes <= limit.bytes);
  const node = candidate.property ?? site.node;
  const data = { limit: String(limit.bytes), algorithm: limit.algorithm, assumption: limit.assumption };
  const size = getLargestKnownSize(candidate.value);
  if (size !== undefined && size > limit.bytes && !origins.some(isGuarded)) {
    context.report({ node, messageId: 'plaintextTooLarge', data: { ...data, size: String(size) } });
    return;
  }
  if (!checkUnbounded) return;
  const unbounded = origins.find((origin) => isUnboundedOrigin(origin) && !isGuarded(origin));
  if (unbounded) context.report({ node, messageId: 'plaintextUnbounded', data: { ...data, source: describeOrigin(unbounded) } });
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

/** The plaintext limit of a call from its `EncryptionAlgorithm`; `undefined` for an algorithm this rule does not know. */
function getLimit(input: StaticValue, keySpec: RsaKeySpec): Limit | undefined {
  const lookup = lookupProperty(input, 'EncryptionAlgorithm');
  const symmetric: Limit = { bytes: SYMMETRIC_PLAINTEXT_LIMIT, algorithm: 'SYMMETRIC_DEFAULT', assumption: '' };
  if (lookup.state === 'absent' && lookup.paths === 'all') return symmetric;
  if (lookup.state !== 'present') return { ...symmetric, algorithm: 'any encryption algorithm' };
  const options = lookup.value.kind === 'union' ? lookup.value.options : [lookup.value];
  const limits: Limit[] = [];
  for (const option of options) {
    const algorithm = toStringValueIfString(option);
    if (algorithm === undefined) return { ...symmetric, algorithm: 'any encryption algorithm' };
    const limit = getAlgorithmLimit(algorithm, keySpec);
    if (!limit) return undefined;
    limits.push(limit);
  }
  return limits.reduce((largest, limit) => (limit.bytes > largest.bytes ? limit : largest));
}

function getAlgorithmLimit(algorithm: string, keySpec: RsaKeySpec): Limit | undefined {
  if (algorithm === 'SYMMETRIC_DEFAULT') return { bytes: SYMMETRIC_PLAINTEXT_LIMIT, algorithm, assumption: '' };
  if (algorithm === 'SM2PKE') return { bytes: SM2_PLAINTEXT_LIMIT, algorithm, assumption: '' };
  if (algorithm === 'RSAES_OAEP_SHA_1' || algorithm === 'RSAES_OAEP_SHA_256') {
    return {
      bytes: RSA_PLAINTEXT_LIMITS[keySpec][algorithm],
      algorithm,
      assumption: ` with an ${keySpec} key (assumed: the key spec is not visible in code; set the rsaKeySpec option if yours differs)`,
    };
  }
  return undefined;
}
