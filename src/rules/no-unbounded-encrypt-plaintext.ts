import { getKmsModel, getPlaintextLimitProblems, type RsaKeySpec } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type { RsaKeySpec } from '../analysis/index.js';

export type Options = [
  {
    /** The RSA key spec assumed for `RSAES_OAEP_*` Encrypt calls (the key spec is not visible in code). */
    rsaKeySpec?: RsaKeySpec;
    /** Report plaintexts that come from unbounded sources (file reads, streams, request bodies, …). */
    checkUnboundedSources?: boolean;
  },
];
export type MessageId = 'plaintextTooLarge' | 'plaintextUnbounded';

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
    const limitOptions = { rsaKeySpec: options.rsaKeySpec ?? 'RSA_2048', checkUnboundedSources: options.checkUnboundedSources !== false };
    return {
      'Program:exit'() {
        for (const problem of getPlaintextLimitProblems(getKmsModel(context), limitOptions)) {
          const { bytes, algorithm, assumedKeySpec } = problem.limit;
          const assumption = assumedKeySpec ? ` with an ${assumedKeySpec} key (assumed: the key spec is not visible in code; set the rsaKeySpec option if yours differs)` : '';
          const data = { limit: String(bytes), algorithm, assumption };
          if (problem.kind === 'too-large') context.report({ node: problem.node, messageId: 'plaintextTooLarge', data: { ...data, size: String(problem.size) } });
          else context.report({ node: problem.node, messageId: 'plaintextUnbounded', data: { ...data, source: problem.source } });
        }
      },
    };
  },
});
