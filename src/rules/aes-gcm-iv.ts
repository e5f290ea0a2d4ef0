import { getIvProblems, getKmsModel, mentionsCipherApi, type IvProblemKind } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Report a GCM IV whose length is known and not in `allowedIvLengths`. */
    checkIvLength?: boolean;
    /** IV lengths in bytes that are not reported. */
    allowedIvLengths?: number[];
    /** Functions that build a deterministic IV from a per-message counter with a per-key invocation bound. */
    deterministicIvFunctions?: string[];
  },
];
/** The messageIds are the kinds of problem the analysis finds (`constantIv`, `reusedIv`, …). */
export type MessageId = IvProblemKind;

export default createRule<Options, MessageId>({
  name: 'aes-gcm-iv',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a fresh, unpredictable 12-byte IV for every AES-GCM encryption (node:crypto, WebCrypto, @noble/ciphers)',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    messages: {
      constantIv:
        'This AES-GCM IV is {{origin}}: every message under the same key gets the same IV. Two ciphertexts with one key and IV leak the XOR of their plaintexts and let anyone who sees them forge tags. Generate randomBytes(12) (or crypto.getRandomValues(new Uint8Array(12))) for each message and store it with the ciphertext.',
      weakRandomIv:
        'This AES-GCM IV comes from {{origin}}, which is not a cryptographic random source: IVs repeat or can be predicted, and a repeated IV under one key breaks GCM (plaintext XOR leaks, tags can be forged). Use randomBytes(12) or crypto.getRandomValues().',
      counterIv:
        'This AES-GCM IV is built from {{origin}}. A counter IV is safe only while it never repeats under the key (across restarts and instances) and the key has a per-key invocation bound; if that holds, name the function in deterministicIvFunctions, otherwise use randomBytes(12) per message.',
      moduleIv:
        'The AES-GCM IV `{{name}}` is made once at module scope and reused by every call of this function: all messages under one key share an IV, which leaks the XOR of their plaintexts and lets tags be forged. Generate a new IV inside the function for each message.',
      reusedIv:
        'The IV `{{name}}` was already used for an encryption under the same key at line {{line}}: reusing a GCM IV leaks the XOR of the two plaintexts and lets tags be forged. Generate a new IV for each encryption.',
      reusedIvInLoop:
        'The IV `{{name}}` is created outside this loop and used by every iteration with the same key: each message after the first reuses the IV, which breaks GCM. Generate the IV inside the loop.',
      randomIvOnDecrypt:
        'A fresh random IV on decryption: decryption needs the IV the message was encrypted with, so this always fails authentication. Read the IV stored with the ciphertext.',
      passwordDerivedIv:
        'createCipher derives the key and the IV from the password alone, so every message under that password gets the same IV (and it was removed in Node 22). Use createCipheriv with a key from a KDF or KMS and randomBytes(12) as the IV.',
      ivLength:
        'This AES-GCM IV is {{length}} bytes. GCM is specified for 12-byte (96-bit) IVs; other lengths are hashed into the counter block (NIST SP 800-38D), which raises the collision bound, and many implementations refuse them. Use a 12-byte IV.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkIvLength: { type: 'boolean', description: 'Report an IV whose length is statically known and not in allowedIvLengths (default true).' },
          allowedIvLengths: {
            type: 'array',
            items: { type: 'integer', minimum: 1 },
            uniqueItems: true,
            description: 'IV lengths in bytes that are accepted (default [12]).',
          },
          deterministicIvFunctions: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Names of functions that build a deterministic IV from a per-message counter under a per-key invocation bound (NIST SP 800-38D 8.2.1): IVs they return, and counter IVs built inside them, are accepted.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkIvLength: true, allowedIvLengths: [12], deterministicIvFunctions: [] }],
  create(context, [options]) {
    if (!mentionsCipherApi(context.sourceCode)) return {};
    const ivOptions = {
      checkIvLength: options.checkIvLength !== false,
      allowedIvLengths: options.allowedIvLengths ?? [12],
      deterministicIvFunctions: options.deterministicIvFunctions ?? [],
    };
    return {
      'Program:exit'() {
        for (const problem of getIvProblems(getKmsModel(context), ivOptions)) context.report({ node: problem.node, messageId: problem.kind, data: problem.data });
      },
    };
  },
});
