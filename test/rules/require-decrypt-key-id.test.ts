import rule, { type Options } from '../../src/rules/require-decrypt-key-id.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/** Two header lines; each snippet starts on line 3. */
const V3 = "import { KMSClient, DecryptCommand, ReEncryptCommand, KMS } from '@aws-sdk/client-kms';\nconst client = new KMSClient({});";
const V2 = "const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();";
const TYPED = "import type { KMSClient } from '@aws-sdk/client-kms'; import { DecryptCommand, ReEncryptCommand, KMS } from '@aws-sdk/client-kms';\ndeclare const client: KMSClient;";
const lines = (...parts: string[]): string => parts.join('\n');

type Case = { code: string; messageId: 'missingKeyId' | 'keyIdRequired'; line: number; column: number; options?: Options };

/** `x` is `'!'` for TypeScript levels (non-null assertions), `''` for plain JS. */
function invalidCases(header: string, x: string): Case[] {
  return [
    // v3 command inline: the `new` is at column 20 of `await client.send(new …`.
    { code: lines(header, 'await client.send(new DecryptCommand({ CiphertextBlob: blob }));'), messageId: 'missingKeyId', line: 3, column: 19 },
    // With a context but no key.
    { code: lines(header, "const res = await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { tenantId: 't' } }));"), messageId: 'missingKeyId', line: 3, column: 31 },
    // Command built in a variable and sent later: reported at the `new`.
    { code: lines(header, 'const command = new DecryptCommand({ CiphertextBlob: blob });', 'await client.send(command);'), messageId: 'missingKeyId', line: 3, column: 17 },
    // The input is a const object.
    { code: lines(header, `const input = { CiphertextBlob: Buffer.from(text${x}, 'base64') };`, 'await client.send(new DecryptCommand(input));'), messageId: 'missingKeyId', line: 4, column: 19 },
    // KeyId set to undefined explicitly.
    { code: lines(header, 'await client.send(new DecryptCommand({ KeyId: undefined, CiphertextBlob: blob }));'), messageId: 'missingKeyId', line: 3, column: 19 },
    // ReEncrypt without SourceKeyId.
    { code: lines(header, "await client.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: 'alias/new' }));"), messageId: 'missingKeyId', line: 3, column: 19 },
    // v3 aggregated client.
    { code: lines(header, 'const kms = new KMS({});', 'await kms.decrypt({ CiphertextBlob: blob });'), messageId: 'missingKeyId', line: 4, column: 7 },
    // RSA algorithm and no KeyId: the request fails.
    { code: lines(header, "await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));"), messageId: 'keyIdRequired', line: 3, column: 19 },
    // SM2 through a const, ReEncrypt source side.
    { code: lines(header, "const ALG = 'SM2PKE';", "await client.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionAlgorithm: ALG, DestinationKeyId: 'k' }));"), messageId: 'keyIdRequired', line: 4, column: 19 },
    // The asymmetric case is still reported with checkSymmetric: false.
    { code: lines(header, "await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));"), messageId: 'keyIdRequired', line: 3, column: 19, options: [{ checkSymmetric: false }] },
    // One of two RSA algorithms, both asymmetric.
    { code: lines(header, "const alg = legacy ? 'RSAES_OAEP_SHA_1' : 'RSAES_OAEP_SHA_256';", 'await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionAlgorithm: alg }));'), messageId: 'keyIdRequired', line: 4, column: 19 },
  ];
}

function validCases(header: string): (string | { code: string; options?: Options })[] {
  return [
    lines(header, "await client.send(new DecryptCommand({ KeyId: 'alias/app', CiphertextBlob: blob }));"),
    // A KeyId that is present but not known.
    lines(header, 'export async function open(keyId, blob) { return client.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: blob })); }'),
    lines(header, 'await client.send(new DecryptCommand({ KeyId: process.env.KEY_ARN, CiphertextBlob: blob }));'),
    // A spread the analysis cannot see into may carry KeyId.
    lines(header, 'export async function open(params) { return client.send(new DecryptCommand({ ...params, CiphertextBlob: blob })); }'),
    // The whole input comes from elsewhere.
    lines(header, 'export const open = (input) => client.send(new DecryptCommand(input));'),
    // KeyId on some paths only: not definitely absent.
    lines(header, "const input = { CiphertextBlob: blob };", "if (pinned) input.KeyId = 'alias/app';", 'await client.send(new DecryptCommand(input));'),
    // KeyId assigned after the literal, before the call.
    lines(header, 'const input = { CiphertextBlob: blob };', "input.KeyId = 'alias/app';", 'await client.send(new DecryptCommand(input));'),
    // ReEncrypt with SourceKeyId.
    lines(header, "await client.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceKeyId: 'alias/old', DestinationKeyId: 'alias/new' }));"),
    // Encrypt has no such member to miss.
    lines(header, 'const kms = new KMS({});', 'await kms.encrypt({ Plaintext: data });'),
    // checkSymmetric: false leaves the best-practice case alone.
    { code: lines(header, 'await client.send(new DecryptCommand({ CiphertextBlob: blob }));'), options: [{ checkSymmetric: false }] },
    { code: lines(header, "await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }));"), options: [{ checkSymmetric: false }] },
    // The Encryption SDK passes the key ids of its keyring itself.
    "import { buildClient } from '@aws-crypto/client-node';\nconst { decrypt } = buildClient();\nawait decrypt(keyring, ciphertext);",
    // Not the AWS SDK.
    'const kms = { decrypt() {} };\nkms.decrypt({ CiphertextBlob: blob });',
  ];
}

const toInvalid = ({ messageId, line, column, ...rest }: Case) => ({ ...rest, errors: [{ messageId, line, column }] });

plainJsTester.run('require-decrypt-key-id (plain JS)', rule, {
  valid: [
    ...validCases(V3),
    // SDK v2 with a KeyId, callback style.
    `${V2}\nkms.decrypt({ KeyId: 'alias/app', CiphertextBlob: blob }, (err, data) => {});`,
  ],
  invalid: [
    ...invalidCases(V3, '').map(toInvalid),
    // SDK v2, callback style and promise style.
    { code: `${V2}\nkms.decrypt({ CiphertextBlob: blob }, (err, data) => {});`, errors: [{ messageId: 'missingKeyId', line: 3, column: 1 }] },
    { code: `${V2}\nconst data = await kms.reEncrypt({ CiphertextBlob: blob, DestinationKeyId: 'k' }).promise();`, errors: [{ messageId: 'missingKeyId', line: 3, column: 20 }] },
  ],
});

tsTester.run('require-decrypt-key-id (TypeScript syntax)', rule, {
  valid: validCases(V3),
  invalid: invalidCases(V3, '!').map(toInvalid),
});

typedTester.run('require-decrypt-key-id (typed)', rule, {
  valid: [
    ...validCases(TYPED),
    // A client injected with its type: a KeyId from a typed parameter is present, unknown.
    "import type { KMS } from '@aws-sdk/client-kms';\nexport async function open(kms: KMS, keyId: string, blob: Uint8Array) { return kms.decrypt({ KeyId: keyId, CiphertextBlob: blob }); }",
  ],
  invalid: [
    ...invalidCases(TYPED, '!').map(toInvalid),
    // Recognised through the parameter's type alone.
    {
      code: "import type { KMS } from '@aws-sdk/client-kms';\nexport async function open(kms: KMS, blob: Uint8Array) { return kms.decrypt({ CiphertextBlob: blob }); }",
      errors: [{ messageId: 'missingKeyId', line: 2, column: 65 }],
    },
  ],
});
