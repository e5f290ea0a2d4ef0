import rule from '../../src/rules/require-encryption-context.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

const V3 = "import { KMSClient, EncryptCommand, DecryptCommand, GenerateDataKeyCommand, ReEncryptCommand, GenerateDataKeyPairCommand, GenerateDataKeyWithoutPlaintextCommand } from '@aws-sdk/client-kms';\nconst client = new KMSClient({});\n";
const PLACEHOLDER = "{ purpose: 'TODO: describe the data, e.g. tenantId or record id' }";

/** The expected suggestion output: `member: PLACEHOLDER` inserted after the (unique) `anchor` property. */
function insertContext(code: string, anchor: string, member: string): string {
  if (code.split(anchor).length !== 2) throw new Error(`anchor ${anchor} is not unique in the test code`);
  return code.replace(anchor, `${anchor}, ${member}: ${PLACEHOLDER}`);
}

plainJsTester.run('require-encryption-context (plain JS)', rule, {
  valid: [
    // A context on Encrypt.
    `${V3}await client.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: data, EncryptionContext: { tenantId: 't1' } }));`,
    // The context comes from a parameter nobody in this file calls: unknown, not reported.
    `${V3}export async function enc(ctx, data) { return client.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: data, EncryptionContext: ctx })); }`,
    // The whole input is a parameter of an exported function: unknown.
    `${V3}export const run = (input) => client.send(new DecryptCommand(input));`,
    // A spread of an unknown object may carry the context.
    `${V3}export async function f(extra) { await client.send(new DecryptCommand({ CiphertextBlob: b, ...extra })); }`,
    // RSA encryption takes no encryption context.
    `${V3}await client.send(new EncryptCommand({ KeyId: 'alias/rsa', Plaintext: data, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));`,
    // A Decrypt without an algorithm on a key this file uses for RSA: the key is asymmetric, no context applies.
    "import { KMS } from '@aws-sdk/client-kms';\nconst kms = new KMS({});\nconst KEY = 'alias/partner-rsa';\nawait kms.encrypt({ KeyId: KEY, Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });\nawait kms.decrypt({ KeyId: KEY, CiphertextBlob: c });",
    // The same with the key id imported from another module: the binding identifies the key.
    "import { KMS } from '@aws-sdk/client-kms';\nimport { PARTNER_KEY } from './config.js';\nconst kms = new KMS({});\nawait kms.encrypt({ KeyId: PARTNER_KEY, Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' });\nawait kms.decrypt({ KeyId: PARTNER_KEY, CiphertextBlob: c });",
    // SM2 too; through a const.
    `${V3}const ALG = 'SM2PKE';\nawait client.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: b, EncryptionAlgorithm: ALG }));`,
    // Context built in a const with shorthand properties.
    `${V3}const tenantId = 't';\nconst EncryptionContext = { tenantId };\nawait client.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext }));`,
    // Both ReEncrypt contexts.
    `${V3}await client.send(new ReEncryptCommand({ CiphertextBlob: b, DestinationKeyId: 'k2', SourceEncryptionContext: { a: '1' }, DestinationEncryptionContext: { a: '1' } }));`,
    // Operations without an encryption context are not this rule's business.
    "import { KMS } from '@aws-sdk/client-kms';\nawait new KMS({}).sign({ KeyId: 'k', Message: m, SigningAlgorithm: 'ECDSA_SHA_256' });",
    // Not the AWS SDK: a local object with an encrypt method.
    "const kms = { encrypt() {} };\nkms.encrypt({ KeyId: 'k', Plaintext: 'x' });",
    // An unrelated class named EncryptCommand.
    "class EncryptCommand { constructor(x) {} }\nnew EncryptCommand({ KeyId: 'k' });",
    // v2 with context, callback style.
    "const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();\nkms.decrypt({ CiphertextBlob: b, EncryptionContext: { app: 'x' } }, (err, data) => {});",
    // Encryption SDK with a context.
    "import { buildClient, CommitmentPolicy } from '@aws-crypto/client-node';\nconst { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);\nawait encrypt(keyring, data, { encryptionContext: { stage: 'prod' } });",
    // Encryption SDK streaming with a context in its options (the second argument).
    "import { buildClient } from '@aws-crypto/client-node';\nconst { encryptStream } = buildClient();\nsource.pipe(encryptStream(keyring, { encryptionContext: { job: 'export' } }));",
    // Encryption SDK decrypt: the context is in the message header; nothing to pass.
    "import { buildClient } from '@aws-crypto/client-node';\nconst { decrypt } = buildClient();\nawait decrypt(keyring, ciphertext);",
    // Option: Decrypt ignored.
    { code: `${V3}await client.send(new DecryptCommand({ CiphertextBlob: b }));`, options: [{ ignoreOperations: ['Decrypt'] }] },
    // Option: the Encryption SDK is not checked.
    {
      code: "import { buildClient } from '@aws-crypto/client-node';\nconst { encrypt } = buildClient();\nawait encrypt(keyring, data);",
      options: [{ checkEncryptionSdk: false }],
    },
  ],
  invalid: [
    {
      code: `${V3}await client.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: data }));`,
      errors: [
        {
          messageId: 'missingEncryptionContext',
          line: 3,
          data: { operation: 'Encrypt', member: 'EncryptionContext' },
          suggestions: [
            {
              messageId: 'addEncryptionContext',
              output: `${V3}await client.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: data, EncryptionContext: ${PLACEHOLDER} }));`,
            },
          ],
        },
      ],
    },
    {
      // An empty object is no context.
      code: `${V3}await client.send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: {} }));`,
      errors: [
        {
          messageId: 'emptyEncryptionContext',
          line: 3,
          suggestions: [
            {
              messageId: 'addEncryptionContext',
              output: `${V3}await client.send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: ${PLACEHOLDER} }));`,
            },
          ],
        },
      ],
    },
    {
      // `opts || {}` can be empty.
      code: `${V3}export async function f(opts, b) { await client.send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: opts || {} })); }`,
      errors: [{ messageId: 'emptyEncryptionContext', data: { paths: ' on some paths', operation: 'Decrypt', member: 'EncryptionContext' }, suggestions: [] }],
    },
    {
      // The command is built in a variable and sent later.
      code: `${V3}const cmd = new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' });\nconst { Plaintext } = await client.send(cmd);`,
      errors: [{ messageId: 'missingEncryptionContext', line: 3, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext(`${V3}const cmd = new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' });\nconst { Plaintext } = await client.send(cmd);`, "KeySpec: 'AES_256'", 'EncryptionContext') }] }],
    },
    {
      // The input comes from a const object.
      code: `${V3}const params = { KeyId: 'k', Plaintext: data };\nawait client.send(new EncryptCommand(params));`,
      errors: [
        {
          messageId: 'missingEncryptionContext',
          line: 4,
          suggestions: [
            {
              messageId: 'addEncryptionContext',
              output: `${V3}const params = { KeyId: 'k', Plaintext: data, EncryptionContext: ${PLACEHOLDER} };\nawait client.send(new EncryptCommand(params));`,
            },
          ],
        },
      ],
    },
    {
      // ReEncrypt: both sides are checked.
      code: `${V3}await client.send(new ReEncryptCommand({ CiphertextBlob: b, DestinationKeyId: 'k2' }));`,
      errors: [
        { messageId: 'missingEncryptionContext', data: { operation: 'ReEncrypt', member: 'SourceEncryptionContext' }, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext(`${V3}await client.send(new ReEncryptCommand({ CiphertextBlob: b, DestinationKeyId: 'k2' }));`, "DestinationKeyId: 'k2'", 'SourceEncryptionContext') }] },
        { messageId: 'missingEncryptionContext', data: { operation: 'ReEncrypt', member: 'DestinationEncryptionContext' }, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext(`${V3}await client.send(new ReEncryptCommand({ CiphertextBlob: b, DestinationKeyId: 'k2' }));`, "DestinationKeyId: 'k2'", 'DestinationEncryptionContext') }] },
      ],
    },
    {
      // ReEncrypt to an RSA destination: only the source side needs one.
      code: `${V3}await client.send(new ReEncryptCommand({ CiphertextBlob: b, DestinationKeyId: 'rsa', DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));`,
      errors: [{ messageId: 'missingEncryptionContext', data: { operation: 'ReEncrypt', member: 'SourceEncryptionContext' }, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext(`${V3}await client.send(new ReEncryptCommand({ CiphertextBlob: b, DestinationKeyId: 'rsa', DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));`, "DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1'", 'SourceEncryptionContext') }] }],
    },
    {
      // Renamed import, GenerateDataKeyPair.
      code: "import { GenerateDataKeyPairCommand as Pair, KMSClient } from '@aws-sdk/client-kms';\nawait new KMSClient({}).send(new Pair({ KeyId: 'k', KeyPairSpec: 'RSA_2048' }));",
      errors: [{ messageId: 'missingEncryptionContext', data: { operation: 'GenerateDataKeyPair', member: 'EncryptionContext' }, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext("import { GenerateDataKeyPairCommand as Pair, KMSClient } from '@aws-sdk/client-kms';\nawait new KMSClient({}).send(new Pair({ KeyId: 'k', KeyPairSpec: 'RSA_2048' }));", "KeyPairSpec: 'RSA_2048'", 'EncryptionContext') }] }],
    },
    {
      // Namespace import.
      code: "import * as kms from '@aws-sdk/client-kms';\nconst c = new kms.KMSClient({});\nawait c.send(new kms.GenerateDataKeyWithoutPlaintextCommand({ KeyId: 'k', KeySpec: 'AES_256' }));",
      errors: [{ messageId: 'missingEncryptionContext', line: 3, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext("import * as kms from '@aws-sdk/client-kms';\nconst c = new kms.KMSClient({});\nawait c.send(new kms.GenerateDataKeyWithoutPlaintextCommand({ KeyId: 'k', KeySpec: 'AES_256' }));", "KeySpec: 'AES_256'", 'EncryptionContext') }] }],
    },
    {
      // CommonJS require.
      code: "const { DecryptCommand } = require('@aws-sdk/client-kms');\nmodule.exports = (client, b) => client.send(new DecryptCommand({ CiphertextBlob: b }));",
      errors: [{ messageId: 'missingEncryptionContext', line: 2, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext("const { DecryptCommand } = require('@aws-sdk/client-kms');\nmodule.exports = (client, b) => client.send(new DecryptCommand({ CiphertextBlob: b }));", "CiphertextBlob: b", 'EncryptionContext') }] }],
    },
    {
      // v3 aggregated client, promise style.
      code: "import { KMS } from '@aws-sdk/client-kms';\nconst kms = new KMS({ region: 'eu-west-1' });\nexport const f = (b) => kms.decrypt({ CiphertextBlob: b, KeyId: 'k' });",
      errors: [{ messageId: 'missingEncryptionContext', line: 3, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext("import { KMS } from '@aws-sdk/client-kms';\nconst kms = new KMS({ region: 'eu-west-1' });\nexport const f = (b) => kms.decrypt({ CiphertextBlob: b, KeyId: 'k' });", "KeyId: 'k'", 'EncryptionContext') }] }],
    },
    {
      // v2 with .promise().
      code: "const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();\nconst res = await kms.encrypt({ KeyId: 'k', Plaintext: 'x' }).promise();",
      errors: [{ messageId: 'missingEncryptionContext', line: 3, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext("const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();\nconst res = await kms.encrypt({ KeyId: 'k', Plaintext: 'x' }).promise();", "Plaintext: 'x'", 'EncryptionContext') }] }],
    },
    {
      // v2 single-client module, callback style.
      code: "const KMS = require('aws-sdk/clients/kms');\nconst kms = new KMS();\nkms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' }, (err, data) => {});",
      errors: [{ messageId: 'missingEncryptionContext', line: 3, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext("const KMS = require('aws-sdk/clients/kms');\nconst kms = new KMS();\nkms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' }, (err, data) => {});", "KeySpec: 'AES_256'", 'EncryptionContext') }] }],
    },
    {
      // A context on one branch only.
      code: `${V3}export async function f(flag, b) { const ctx = flag ? { a: 'b' } : undefined; await client.send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: ctx })); }`,
      errors: [{ messageId: 'emptyEncryptionContext', data: { paths: ' on some paths', operation: 'Decrypt', member: 'EncryptionContext' }, suggestions: [] }],
    },
    {
      // A parameter whose only call site in this file passes an empty object.
      code: `${V3}async function dec(b, ctx) { return client.send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: ctx })); }\nawait dec(blob, {});`,
      errors: [{ messageId: 'emptyEncryptionContext', line: 3, suggestions: [] }],
    },
    {
      // Encryption SDK encrypt without options.
      code: "import { buildClient, CommitmentPolicy } from '@aws-crypto/client-node';\nconst { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);\nawait encrypt(keyring, data);",
      errors: [
        {
          messageId: 'missingEncryptionContext',
          line: 3,
          suggestions: [
            {
              messageId: 'addEncryptionContext',
              output: `import { buildClient, CommitmentPolicy } from '@aws-crypto/client-node';\nconst { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);\nawait encrypt(keyring, data, { encryptionContext: ${PLACEHOLDER} });`,
            },
          ],
        },
      ],
    },
    {
      // Encryption SDK streaming: the options are the second argument.
      code: "import { buildClient } from '@aws-crypto/client-node';\nconst { encryptStream } = buildClient();\nsource.pipe(encryptStream(keyring, { plaintextLength: 10 }));",
      errors: [{ messageId: 'missingEncryptionContext', line: 3, suggestions: [{ messageId: 'addEncryptionContext', output: "import { buildClient } from '@aws-crypto/client-node';\nconst { encryptStream } = buildClient();\nsource.pipe(encryptStream(keyring, { plaintextLength: 10, encryptionContext: " + PLACEHOLDER + " }));" }] }],
    },
    {
      // Encryption SDK streaming without options.
      code: "import { buildClient } from '@aws-crypto/client-node';\nconst { encryptStream } = buildClient();\nsource.pipe(encryptStream(keyring));",
      errors: [{ messageId: 'missingEncryptionContext', line: 3, suggestions: [{ messageId: 'addEncryptionContext', output: "import { buildClient } from '@aws-crypto/client-node';\nconst { encryptStream } = buildClient();\nsource.pipe(encryptStream(keyring, { encryptionContext: " + PLACEHOLDER + " }));" }] }],
    },
    {
      // Encryption SDK through a client object, options without a context.
      code: "const { buildClient } = require('@aws-crypto/client-node');\nconst client = buildClient();\nclient.encrypt(keyring, data, { plaintextLength: 10 });",
      errors: [{ messageId: 'missingEncryptionContext', line: 3, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext("const { buildClient } = require('@aws-crypto/client-node');\nconst client = buildClient();\nclient.encrypt(keyring, data, { plaintextLength: 10 });", "plaintextLength: 10", 'encryptionContext') }] }],
    },
    {
      // A helper in the same file returns the command.
      code: `${V3}function makeDecrypt(b) { return new DecryptCommand({ CiphertextBlob: b }); }\nexport const out = await client.send(makeDecrypt(blob));`,
      errors: [{ messageId: 'missingEncryptionContext', line: 3, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext(`${V3}function makeDecrypt(b) { return new DecryptCommand({ CiphertextBlob: b }); }\nexport const out = await client.send(makeDecrypt(blob));`, "CiphertextBlob: b", 'EncryptionContext') }] }],
    },
  ],
});

tsTester.run('require-encryption-context (TypeScript syntax)', rule, {
  valid: [
    `${V3}const ctx: Record<string, string> = { tenantId: 't' };\nawait client.send(new EncryptCommand({ KeyId: 'k', Plaintext: data, EncryptionContext: ctx } as const));`,
    `${V3}export async function dec(ctx: Record<string, string>, b: Uint8Array) { await client.send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: ctx! })); }`,
    `${V3}class Store { constructor(private readonly kms: KMSClient) {}\n async open(b: Uint8Array) { return this.kms.send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: { store: 'docs' } satisfies Record<string, string> })); } }`,
  ],
  invalid: [
    {
      code: `${V3}const input = { KeyId: 'k', Plaintext: data } as const;\nawait client.send(new EncryptCommand(input));`,
      errors: [{ messageId: 'missingEncryptionContext', line: 4, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext(`${V3}const input = { KeyId: 'k', Plaintext: data } as const;\nawait client.send(new EncryptCommand(input));`, "Plaintext: data", 'EncryptionContext') }] }],
    },
    {
      code: `${V3}class Store {\n  private kms = new KMSClient({});\n  async open(b: Uint8Array): Promise<Uint8Array | undefined> {\n    const out = await this.kms.send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: {} as Record<string, string> }));\n    return out.Plaintext;\n  }\n}`,
      errors: [{ messageId: 'emptyEncryptionContext', line: 6, suggestions: [] }],
    },
    {
      code: "import { KMS } from '@aws-sdk/client-kms';\nclass Keys {\n  private readonly kms: KMS = new KMS({});\n  wrap(p: Uint8Array) { return this.kms.encrypt({ KeyId: 'alias/k', Plaintext: p }); }\n}",
      errors: [{ messageId: 'missingEncryptionContext', line: 4, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext("import { KMS } from '@aws-sdk/client-kms';\nclass Keys {\n  private readonly kms: KMS = new KMS({});\n  wrap(p: Uint8Array) { return this.kms.encrypt({ KeyId: 'alias/k', Plaintext: p }); }\n}", "Plaintext: p", 'EncryptionContext') }] }],
    },
  ],
});

typedTester.run('require-encryption-context (typed)', rule, {
  valid: [
    // A KMS client from elsewhere, with a context.
    "import type { KMSClient } from '@aws-sdk/client-kms';\nimport { EncryptCommand } from '@aws-sdk/client-kms';\nexport async function f(client: KMSClient, p: Uint8Array) { return client.send(new EncryptCommand({ KeyId: 'k', Plaintext: p, EncryptionContext: { a: 'b' } })); }",
    // A command passed in as a parameter: recognised by type, input unknown, not reported.
    "import type { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';\nexport async function f(client: KMSClient, cmd: DecryptCommand) { return client.send(cmd); }",
    // Not a KMS client: a look-alike with the same method names.
    "class Vault { encrypt(x: { KeyId: string }) { return x; } }\nexport const v = new Vault().encrypt({ KeyId: 'k' });",
  ],
  invalid: [
    {
      // A v3 aggregated client received as a parameter: found by its type.
      code: "import type { KMS } from '@aws-sdk/client-kms';\nexport async function f(kms: KMS, p: Uint8Array) { return kms.encrypt({ KeyId: 'k', Plaintext: p }); }",
      errors: [{ messageId: 'missingEncryptionContext', line: 2, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext("import type { KMS } from '@aws-sdk/client-kms';\nexport async function f(kms: KMS, p: Uint8Array) { return kms.encrypt({ KeyId: 'k', Plaintext: p }); }", "Plaintext: p", 'EncryptionContext') }] }],
    },
    {
      // A v2 client injected through the constructor.
      code: "import type { KMS } from 'aws-sdk';\nexport class Enc { constructor(private kms: KMS) {}\n  dec(b: Buffer) { return this.kms.decrypt({ CiphertextBlob: b }).promise(); } }",
      errors: [{ messageId: 'missingEncryptionContext', line: 3, suggestions: [{ messageId: 'addEncryptionContext', output: insertContext("import type { KMS } from 'aws-sdk';\nexport class Enc { constructor(private kms: KMS) {}\n  dec(b: Buffer) { return this.kms.decrypt({ CiphertextBlob: b }).promise(); } }", "CiphertextBlob: b", 'EncryptionContext') }] }],
    },
    {
      code: "import { KMSClient, GenerateDataKeyCommand } from '@aws-sdk/client-kms';\nexport async function f(client: KMSClient) { const { Plaintext } = await client.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: {} })); return Plaintext; }",
      errors: [{ messageId: 'emptyEncryptionContext', line: 2, suggestions: [{ messageId: 'addEncryptionContext', output: "import { KMSClient, GenerateDataKeyCommand } from '@aws-sdk/client-kms';\nexport async function f(client: KMSClient) { const { Plaintext } = await client.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: {} })); return Plaintext; }".replace('EncryptionContext: {}', `EncryptionContext: ${PLACEHOLDER}`) }] }],
    },
  ],
});
