import { CONTEXT_OPERATIONS, getContextGaps, getKmsModel } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';
import { getContextInsertionFix } from '../util/fixes.js';

export type Options = [
  {
    /** KMS operations (AWS spelling) this rule leaves alone. */
    ignoreOperations?: string[];
    /** Check `encrypt()` / `encryptStream()` of the AWS Encryption SDK (`@aws-crypto/client-node`). */
    checkEncryptionSdk?: boolean;
  },
];
export type MessageId = 'missingEncryptionContext' | 'emptyEncryptionContext' | 'addEncryptionContext';

/** The placeholder the suggestion inserts; the user replaces it with facts about the data (tenant, record id, purpose). */
const PLACEHOLDER = "{ purpose: 'TODO: describe the data, e.g. tenantId or record id' }";

export default createRule<Options, MessageId>({
  name: 'require-encryption-context',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an encryption context on KMS Encrypt, Decrypt, GenerateDataKey*, ReEncrypt and Encryption SDK encrypt calls',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      missingEncryptionContext:
        '{{operation}} is called without {{member}}. Bind the ciphertext to what it protects with an encryption context (non-secret key-value pairs, e.g. a tenant or record id); KMS then refuses to decrypt it under any other context.',
      emptyEncryptionContext:
        '{{member}} of this {{operation}} call is empty{{paths}}. An empty encryption context binds the ciphertext to nothing; pass non-secret key-value pairs that identify the data.',
      addEncryptionContext: 'Add {{member}} with a placeholder to fill in.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ignoreOperations: {
            type: 'array',
            description: 'KMS operations (AWS spelling, e.g. "Decrypt") that this rule does not check.',
            items: { type: 'string', enum: [...CONTEXT_OPERATIONS] },
            uniqueItems: true,
          },
          checkEncryptionSdk: {
            type: 'boolean',
            description: 'Also check encrypt() and encryptStream() of the AWS Encryption SDK for JavaScript.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ ignoreOperations: [], checkEncryptionSdk: true }],
  create(context, [options]) {
    const gapOptions = { ignoreOperations: options.ignoreOperations ?? [], checkEncryptionSdk: options.checkEncryptionSdk !== false };
    return {
      'Program:exit'() {
        for (const gap of getContextGaps(getKmsModel(context), gapOptions)) {
          const { insertion, member } = gap;
          context.report({
            node: gap.node,
            messageId: gap.kind === 'missing' ? 'missingEncryptionContext' : 'emptyEncryptionContext',
            data: { operation: gap.operation, member, paths: gap.paths === 'some' ? ' on some paths' : '' },
            suggest: insertion ? [{ messageId: 'addEncryptionContext', data: { member }, fix: getContextInsertionFix(insertion, member, PLACEHOLDER) }] : [],
          });
        }
      },
    };
  },
});
