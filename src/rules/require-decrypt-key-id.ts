import { getKmsModel, getResolvedGroups, isAsymmetricEncryptionAlgorithm, type ResolvedGroup } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Also report requests that decrypt symmetric ciphertext (the AWS best practice, not a failure). */
    checkSymmetric?: boolean;
  },
];
export type MessageId = 'missingKeyId' | 'keyIdRequired';

/** The decrypting half of each operation: Decrypt's only group, ReEncrypt's source group. */
const DECRYPT_SIDES: ReadonlyMap<string, string> = new Map([
  ['Decrypt', 'request'],
  ['ReEncrypt', 'source'],
]);

export default createRule<Options, MessageId>({
  name: 'require-decrypt-key-id',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require KeyId on Decrypt and SourceKeyId on ReEncrypt',
      recommended: 'warn',
      benefitsFromTypeChecking: true,
    },
    messages: {
      missingKeyId:
        '{{operation}} is called without {{member}}. AWS recommends naming the KMS key on every decrypt: KMS then uses only that key and answers IncorrectKeyException for ciphertext under any other key, instead of decrypting with whatever key the ciphertext names.',
      keyIdRequired:
        '{{operation}} with {{member}} omitted and the asymmetric algorithm {{algorithm}}: KMS cannot find an RSA or SM2 key from the ciphertext, so {{member}} is required and the request fails. Pass the key id or ARN of the key pair.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkSymmetric: {
            type: 'boolean',
            description:
              'Report Decrypt / ReEncrypt requests without a key id when the algorithm is symmetric or not given (the AWS best practice). With false, only requests with an RSA or SM2 algorithm, which fail without one, are reported.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkSymmetric: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        for (const site of getKmsModel(context).callSites) {
          const side = site.service === 'kms' ? DECRYPT_SIDES.get(site.operation) : undefined;
          if (side === undefined) continue;
          const group = getResolvedGroups(site).find((candidate) => candidate.side === side);
          // Only a key member that is missing on every path; a present key (known or not) and an unseen spread are silent.
          if (!group || group.key.state !== 'absent') continue;
          const algorithm = getAsymmetricAlgorithm(group);
          const data = { operation: site.operation, member: group.key.member, algorithm: algorithm ?? '' };
          if (algorithm !== undefined) context.report({ node: site.node, messageId: 'keyIdRequired', data });
          else if (options.checkSymmetric !== false) context.report({ node: site.node, messageId: 'missingKeyId', data });
        }
      },
    };
  },
});

/** The group's algorithm when every value it may hold is an RSA/SM2 encryption algorithm (`RSAES_OAEP_SHA_256 | …`). */
function getAsymmetricAlgorithm(group: ResolvedGroup): string | undefined {
  const algorithms = group.algorithms;
  if (!algorithms || algorithms.length === 0 || !algorithms.every(isAsymmetricEncryptionAlgorithm)) return undefined;
  return algorithms.join(' | ');
}
