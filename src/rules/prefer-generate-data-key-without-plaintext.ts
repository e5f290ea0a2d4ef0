import { getKmsModel, getResponseMembersRead } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Also check GenerateDataKeyPair whose `PrivateKeyPlaintext` is never read. */
    checkKeyPairs?: boolean;
  },
];
export type MessageId = 'plaintextNeverRead';

/** The operation, the plaintext member its response carries, and the operation that returns no plaintext (KMS API Reference). */
const WITHOUT_PLAINTEXT: Readonly<Record<string, { member: string; replacement: string }>> = {
  GenerateDataKey: { member: 'Plaintext', replacement: 'GenerateDataKeyWithoutPlaintext' },
  GenerateDataKeyPair: { member: 'PrivateKeyPlaintext', replacement: 'GenerateDataKeyPairWithoutPlaintext' },
};

export default createRule<Options, MessageId>({
  name: 'prefer-generate-data-key-without-plaintext',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Prefer GenerateDataKeyWithoutPlaintext when the plaintext data key is never read',
      recommended: 'warn',
      benefitsFromTypeChecking: true,
    },
    messages: {
      plaintextNeverRead:
        '{{operation}} returns the plaintext key in {{member}}, but this code only keeps the encrypted copy. Call {{replacement}} instead: the plaintext key then never leaves KMS, and this code needs only kms:{{replacement}}, not kms:{{operation}}, which hands out plaintext keys.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkKeyPairs: {
            type: 'boolean',
            description: 'Also report GenerateDataKeyPair whose PrivateKeyPlaintext is never read (GenerateDataKeyPairWithoutPlaintext returns only the encrypted private key).',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkKeyPairs: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        for (const site of analysis.callSites) {
          if (site.service !== 'kms') continue;
          const target = WITHOUT_PLAINTEXT[site.operation];
          if (!target || (site.operation === 'GenerateDataKeyPair' && options.checkKeyPairs === false)) continue;
          const read = getResponseMembersRead(analysis, site);
          // Only a definite answer: every use of the response is a member read, the encrypted copy is read, the plaintext is not.
          if (read.state !== 'known' || read.members.has(target.member)) continue;
          const encrypted = site.operation === 'GenerateDataKey' ? 'CiphertextBlob' : 'PrivateKeyCiphertextBlob';
          if (!read.members.has(encrypted)) continue;
          context.report({
            node: site.node,
            messageId: 'plaintextNeverRead',
            data: { operation: site.operation, member: target.member, replacement: target.replacement },
          });
        }
      },
    };
  },
});
