import { RESERVED_CONTEXT_PREFIX, getEncryptionSdkClientBuilds, getKmsModel, getReservedContextKeys, type EncryptionSdkClientBuild } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Accept `REQUIRE_ENCRYPT_ALLOW_DECRYPT` everywhere (the middle step of a migration to key commitment). */
    allowMigration?: boolean;
    /** Accept `REQUIRE_ENCRYPT_ALLOW_DECRYPT` on clients that only decrypt (RDS Database Activity Streams, Cognito custom senders). */
    allowDecryptOnlyClients?: boolean;
    /** Report encryption-context keys with the reserved `aws-crypto-` prefix. */
    checkReservedContextKeys?: boolean;
  },
];
export type MessageId = 'forbidEncrypt' | 'allowDecrypt' | 'reservedContextKey';

export default createRule<Options, MessageId>({
  name: 'require-commitment-policy',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require key commitment in the AWS Encryption SDK client and keep aws-crypto- encryption context keys out',
      recommended: 'error',
      benefitsFromTypeChecking: false,
    },
    messages: {
      forbidEncrypt:
        '{{factory}}(…) with FORBID_ENCRYPT_ALLOW_DECRYPT{{encrypting}} writes messages without key commitment and decrypts them too: a ciphertext can then decrypt to different plaintexts under different data keys. Use REQUIRE_ENCRYPT_REQUIRE_DECRYPT (the default), or REQUIRE_ENCRYPT_ALLOW_DECRYPT while old messages are still read.',
      allowDecrypt:
        '{{factory}}(…) with REQUIRE_ENCRYPT_ALLOW_DECRYPT still decrypts messages without key commitment: it is the migration step, not the end state. Re-encrypt old messages and use REQUIRE_ENCRYPT_REQUIRE_DECRYPT, or set allowMigration while the migration runs.',
      reservedContextKey: `The encryption context key '{{key}}' uses the prefix '${RESERVED_CONTEXT_PREFIX}', which the AWS Encryption SDK reserves for its own keys (it writes 'aws-crypto-public-key' for signing suites and refuses a context that has it). Rename the key.`,
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowMigration: {
            type: 'boolean',
            description: 'Accept REQUIRE_ENCRYPT_ALLOW_DECRYPT on every client, while messages written without key commitment are still being read and re-encrypted.',
          },
          allowDecryptOnlyClients: {
            type: 'boolean',
            description:
              'Accept REQUIRE_ENCRYPT_ALLOW_DECRYPT on a client that, visibly in the file, only decrypts (buildDecrypt, or only decrypt/decryptStream taken from buildClient): consumers of RDS Database Activity Streams and of Cognito custom sender triggers must decrypt messages those services write without key commitment.',
          },
          checkReservedContextKeys: {
            type: 'boolean',
            description: 'Report encryption-context keys of Encryption SDK encrypt calls that start with the reserved aws-crypto- prefix.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ allowMigration: false, allowDecryptOnlyClients: true, checkReservedContextKeys: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        const text = context.sourceCode.text;
        if (!text.includes('@aws-crypto/')) return;
        const analysis = getKmsModel(context);
        for (const build of getEncryptionSdkClientBuilds(analysis)) {
          const messageId = getProblem(build, options);
          if (!messageId) continue;
          context.report({ node: build.node, messageId, data: { factory: build.factory, encrypting: build.encrypts === 'yes' ? ' on a client that encrypts' : '' } });
        }
        if (options.checkReservedContextKeys === false) return;
        for (const { key, property } of getReservedContextKeys(analysis)) context.report({ node: property, messageId: 'reservedContextKey', data: { key } });
      },
    };
  },
});

/** The problem with a client's policy under the options, or `undefined` when it is fine or not known. */
function getProblem(build: EncryptionSdkClientBuild, options: Options[0]): MessageId | undefined {
  if (build.policy === 'FORBID_ENCRYPT_ALLOW_DECRYPT') return 'forbidEncrypt';
  if (build.policy !== 'REQUIRE_ENCRYPT_ALLOW_DECRYPT' || options.allowMigration) return undefined;
  if (options.allowDecryptOnlyClients !== false && build.encrypts === 'no') return undefined;
  return 'allowDecrypt';
}
