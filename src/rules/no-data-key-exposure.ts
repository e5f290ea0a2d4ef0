import { getAllUses, getKeyMaterial, getKmsModel, getReturnedKeys, type KeyUse } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Also check Decrypt results that are used as a cipher key. */
    checkDecryptedKeys?: boolean;
  },
];
export type MessageId = 'keyLogged' | 'keySerialised' | 'keyStored';

export default createRule<Options, MessageId>({
  name: 'no-data-key-exposure',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow plaintext data key bytes that are logged, serialised, stored or sent',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    messages: {
      keyLogged:
        'The plaintext data key from {{operation}} reaches {{detail}}: log lines are kept, shipped and read by people and services that must never hold key material. Log the KeyId or the encrypted key (CiphertextBlob) instead.',
      keySerialised:
        'The plaintext data key from {{operation}} is turned into text ({{detail}}) that is {{sink}}. Anyone who reads it can decrypt everything the key protects, without KMS. Keep only the encrypted data key (CiphertextBlob) and use the plaintext key in memory.',
      keyStored:
        'The plaintext data key from {{operation}} is written or sent out of the process ({{detail}}). Store or send the encrypted data key (CiphertextBlob) and decrypt it with KMS where it is needed.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkDecryptedKeys: {
            type: 'boolean',
            description: 'Also check the Plaintext of a Decrypt whose result is used as a cipher key (a data key unwrapped by KMS).',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkDecryptedKeys: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        // Key bytes from a KMS call in this file, and those a helper returns to a caller here (same file, or typed).
        for (const material of [...getKeyMaterial(analysis), ...getReturnedKeys(analysis)]) {
          if (material.operation === 'Decrypt' && (options.checkDecryptedKeys === false || !material.usedAsCipherKey)) continue;
          const reported = new Set<number>();
          for (const use of getAllUses(material)) {
            const messageId = getExposure(use);
            if (!messageId || reported.has(use.node.range[0])) continue;
            reported.add(use.node.range[0]);
            const sink = use.sink === 'log' ? 'logged' : 'written or sent out of the process';
            context.report({ node: use.node, messageId, data: { operation: material.operation, detail: use.detail, sink } });
          }
        }
      },
    };
  },
});

/** The exposure a use is, if it is a definite one: logged, serialised into a log or a store, written or sent. */
function getExposure(use: KeyUse): MessageId | undefined {
  if (use.kind !== 'leak') return undefined;
  if (use.leak === 'log') return 'keyLogged';
  if ((use.leak === 'string' || use.leak === 'json') && (use.sink === 'log' || use.sink === 'persist')) return 'keySerialised';
  if (use.leak === 'persist') return 'keyStored';
  return undefined;
}
