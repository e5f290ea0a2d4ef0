import { getAuthTagProblems, getKmsModel, mentionsCipherApi, type AuthTagProblemKind } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Smallest WebCrypto `tagLength` (bits) accepted. */
    minimumTagLength?: number;
    /** Report `setAuthTag()` called after `update()`. */
    checkAuthTagOrder?: boolean;
  },
];
/** The messageIds are the kinds of problem the analysis finds (`missingAuthTag`, `tagDiscarded`, …). */
export type MessageId = AuthTagProblemKind;

export default createRule<Options, MessageId>({
  name: 'aes-gcm-auth-tag',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require AES-GCM authentication tags to be produced, kept, length-checked and verified before decrypted data is used',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    messages: {
      missingAuthTag:
        'This AES-GCM decipher never gets setAuthTag(): final() throws "Unsupported state or unable to authenticate data" on every message, and the plaintext update() returns is unauthenticated. Call decipher.setAuthTag(tag) with the stored tag before final().',
      authTagAfterFinal: 'setAuthTag() comes after final(): the tag is never checked and final() has already thrown. Call setAuthTag(tag) before final().',
      authTagAfterUpdate:
        'setAuthTag() comes after update(). Node 20 still checks the tag in final() for GCM, but the plaintext update() returned is unauthenticated until then, and CCM/OCB require the tag first. Set the tag before the first update().',
      missingFinal:
        'This AES-GCM decipher calls update() but never final(): the tag is never verified, so tampered ciphertext decrypts to attacker-chosen plaintext without an error. Call decipher.final() before using the plaintext.',
      finalNotOnEveryPath:
        'final() does not run on every path after update(): on the other paths the plaintext is used without the tag being verified. Call final() before any return of decrypted data.',
      unboundedTagLength:
        'This tag comes from the input and the decipher has no authTagLength: Node accepts tags as short as 4 bytes, so a truncated tag is far easier to forge. Pass { authTagLength: 16 } to createDecipheriv or check tag.length === 16 before setAuthTag().',
      tagNotRead:
        'This AES-GCM cipher finishes (final()) but its tag is never read with getAuthTag(): without the tag the message can never be decrypted and verified. Store cipher.getAuthTag() with the ciphertext.',
      tagDiscarded:
        'The tag from getAuthTag() is not stored, returned or sent anywhere: the ciphertext cannot be verified on decryption. Keep the tag with the ciphertext and IV.',
      shortTagLength: 'WebCrypto AES-GCM tagLength {{length}} is below {{minimum}} bits: shorter tags make forgeries more likely. Use 128 (the default).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          minimumTagLength: {
            type: 'integer',
            enum: [32, 64, 96, 104, 112, 120, 128],
            description: 'Smallest WebCrypto AES-GCM tagLength in bits that is accepted (default 128).',
          },
          checkAuthTagOrder: {
            type: 'boolean',
            description: 'Also report setAuthTag() called after update() (accepted by Node 20 for GCM; default false).',
          },
        },
      },
    ],
  },
  defaultOptions: [{ minimumTagLength: 128, checkAuthTagOrder: false }],
  create(context, [options]) {
    if (!mentionsCipherApi(context.sourceCode)) return {};
    const tagOptions = { minimumTagLength: options.minimumTagLength ?? 128, checkAuthTagOrder: options.checkAuthTagOrder === true };
    return {
      'Program:exit'() {
        for (const problem of getAuthTagProblems(getKmsModel(context), tagOptions)) context.report({ node: problem.node, messageId: problem.kind, data: problem.data });
      },
    };
  },
});
