import path from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../src/rules/require-data-key-zeroization.js';
import { plainJsTester, tsTester, typedFixturesDir, typedTester } from '../rule-tester.js';

/** Three lines of imports and a client; snippets start on line 4. */
const V3 = [
  "import { KMSClient, GenerateDataKeyCommand, GenerateDataKeyPairCommand, DecryptCommand } from '@aws-sdk/client-kms';",
  "import { createCipheriv, createDecipheriv, createPrivateKey } from 'node:crypto';",
  'const kms = new KMSClient({});',
].join('\n');
const GDK = "new GenerateDataKeyCommand({ KeyId: 'alias/app', KeySpec: 'AES_256', EncryptionContext: { tenantId } })";
const DEC = "new DecryptCommand({ KeyId: 'alias/app', CiphertextBlob: blob, EncryptionContext: { tenantId } })";
const lines = (...parts: string[]): string => parts.join('\n');

plainJsTester.run('require-data-key-zeroization (plain JS)', rule, {
  valid: [
    // Wiped in a finally that covers every use (the sample service's sealDocument).
    lines(
      V3,
      'export async function seal(tenantId, body, iv) {',
      `  const { Plaintext: dataKey, CiphertextBlob } = await kms.send(${GDK});`,
      "  if (!dataKey) throw new Error('no data key');",
      '  try {',
      "    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);",
      '    return { CiphertextBlob, body: Buffer.concat([cipher.update(body), cipher.final()]) };',
      '  } finally {',
      '    dataKey.fill(0);',
      '  }',
      '}',
    ),
    // A straight-line wipe with nothing that can throw between receipt and wipe; the copy is wiped in finally.
    lines(
      V3,
      'export async function seal(tenantId, iv) {',
      `  const { Plaintext } = await kms.send(${GDK});`,
      '  const key = Buffer.from(Plaintext);',
      '  Plaintext.fill(0);',
      "  try { return createCipheriv('aes-256-gcm', key, iv); } finally { key.fill(0); }",
      '}',
    ),
    // Returned: ownership moves to the caller (no-data-key-exposure's business, not this rule's).
    `${V3}\nexport async function newDataKey(tenantId) {\n  const { Plaintext } = await kms.send(${GDK});\n  return Plaintext;\n}`,
    // Stored on this: ownership moves.
    `${V3}\nexport class Sealer {\n  async init(tenantId) {\n    const res = await kms.send(${GDK});\n    this.dataKey = res.Plaintext;\n  }\n}`,
    // Passed to a function imported from elsewhere: unknown, not reported.
    `${V3}\nimport { encryptWith } from './crypto-utils.js';\nexport async function seal(tenantId, body) {\n  const { Plaintext } = await kms.send(${GDK});\n  return encryptWith(Plaintext, body);\n}`,
    // Handed to an Encryption SDK raw AES keyring, which owns (and zeroes) it.
    `${V3}\nimport { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/client-node';\nexport async function keyring(tenantId) {\n  const { Plaintext } = await kms.send(${GDK});\n  return new RawAesKeyringNode({ keyName: 'k', keyNamespace: 'app', unencryptedMasterKey: Plaintext, wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });\n}`,
    // A Decrypt result that is not used as a key (a secret read as text) is not this rule's business.
    `${V3}\nexport async function readSecret(tenantId, blob) {\n  const { Plaintext } = await kms.send(${DEC});\n  return Buffer.from(Plaintext).toString('utf8');\n}`,
    // A same-file helper that wipes its parameter on every path.
    `${V3}\nfunction wipe(buffer) {\n  buffer.fill(0);\n}\nexport async function seal(tenantId, iv) {\n  const { Plaintext } = await kms.send(${GDK});\n  try { return createCipheriv('aes-256-gcm', Plaintext, iv); } finally { wipe(Plaintext); }\n}`,
    // A configured wipe function.
    {
      code: `${V3}\nimport { zeroize } from './secure-memory.js';\nexport async function seal(tenantId, iv) {\n  const { Plaintext } = await kms.send(${GDK});\n  try { return createCipheriv('aes-256-gcm', Plaintext, iv); } finally { zeroize(Plaintext); }\n}`,
      options: [{ wipeFunctions: ['zeroize'] }],
    },
    // checkDecryptedKeys: false leaves Decrypt results alone.
    {
      code: `${V3}\nexport async function open(tenantId, blob, iv) {\n  const { Plaintext } = await kms.send(${DEC});\n  return createDecipheriv('aes-256-gcm', Plaintext, iv);\n}`,
      options: [{ checkDecryptedKeys: false }],
    },
    // Plaintext never read (prefer-generate-data-key-without-plaintext's business).
    `${V3}\nexport async function provision(tenantId) {\n  const { CiphertextBlob } = await kms.send(${GDK});\n  return CiphertextBlob;\n}`,
    // Guarded and optional-chained wipes in finally; libsodium's memzero.
    `${V3}\nimport sodium from 'sodium-native';\nexport async function seal(tenantId, iv) {\n  const res = await kms.send(${GDK});\n  const key = res.Plaintext;\n  try { return createCipheriv('aes-256-gcm', key, iv); } finally { if (key) sodium.sodium_memzero(key); }\n}`,
    // A same-file helper uses the key inside the try; the finally wipes it.
    `${V3}\nconst sealWith = (key, iv, body) => createCipheriv('aes-256-gcm', key, iv).update(body);\nexport async function seal(tenantId, iv, body) {\n  const { Plaintext } = await kms.send(${GDK});\n  try { return sealWith(Plaintext, iv, body); } finally { Plaintext?.fill(0); }\n}`,
    // SDK v2 callback, Decrypt used as a key, wiped in finally (the sample service's decryptReport).
    "const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();\nkms.decrypt({ CiphertextBlob: b }, (err, data) => {\n  if (err) return;\n  const key = data.Plaintext;\n  try { createDecipheriv('aes-256-gcm', key, iv); } finally { key.fill(0); }\n});",
    // Not the AWS SDK: a local object with a send method.
    "const kms = { send: async () => ({ Plaintext: new Uint8Array(32) }) };\nconst { Plaintext } = await kms.send({});\nrequire('node:crypto').createCipheriv('aes-256-gcm', Plaintext, iv);",
  ],
  invalid: [
    {
      // Never wiped: the suggestion wraps the rest of the block in try/finally.
      code: lines(
        V3,
        'export async function seal(tenantId, body, iv) {',
        `  const { Plaintext: dataKey } = await kms.send(${GDK});`,
        "  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);",
        '  return Buffer.concat([cipher.update(body), cipher.final()]);',
        '}',
      ),
      errors: [
        {
          messageId: 'keyNotWiped',
          line: 5,
          data: { operation: 'GenerateDataKey', member: 'Plaintext' },
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: lines(
                V3,
                'export async function seal(tenantId, body, iv) {',
                `  const { Plaintext: dataKey } = await kms.send(${GDK});`,
                '  try {',
                "    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);",
                '    return Buffer.concat([cipher.update(body), cipher.final()]);',
                '  } finally {',
                '    dataKey?.fill(0);',
                '  }',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      // A wipe after code that can throw does not cover every path: the suggestion moves it into finally.
      code: lines(
        V3,
        'export async function seal(tenantId, iv, out) {',
        `  const { Plaintext } = await kms.send(${GDK});`,
        "  out.write(createCipheriv('aes-256-gcm', Plaintext, iv).update('x'));",
        '  Plaintext.fill(0);',
        '}',
      ),
      errors: [
        {
          messageId: 'keyNotWiped',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: lines(
                V3,
                'export async function seal(tenantId, iv, out) {',
                `  const { Plaintext } = await kms.send(${GDK});`,
                '  try {',
                "    out.write(createCipheriv('aes-256-gcm', Plaintext, iv).update('x'));",
                '  } finally {',
                '    Plaintext.fill(0);',
                '  }',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      // A value declared before the wipe is used after it: no safe suggestion.
      code: lines(
        V3,
        'export async function seal(tenantId, iv, body) {',
        `  const { Plaintext } = await kms.send(${GDK});`,
        "  const cipher = createCipheriv('aes-256-gcm', Plaintext, iv);",
        '  const out = Buffer.concat([cipher.update(body), cipher.final()]);',
        '  Plaintext.fill(0);',
        '  return out;',
        '}',
      ),
      errors: [{ messageId: 'keyNotWiped', line: 5, suggestions: [] }],
    },
    {
      // A Decrypt result used as a decipher key, read straight from the response.
      code: `${V3}\nexport async function open(tenantId, blob, iv) {\n  const res = await kms.send(${DEC});\n  return createDecipheriv('aes-256-gcm', res.Plaintext, iv);\n}`,
      errors: [
        {
          messageId: 'keyNotWiped',
          line: 6,
          data: { operation: 'Decrypt', member: 'Plaintext' },
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `${V3}\nexport async function open(tenantId, blob, iv) {\n  const res = await kms.send(${DEC});\n  try {\n    return createDecipheriv('aes-256-gcm', res.Plaintext, iv);\n  } finally {\n    res.Plaintext?.fill(0);\n  }\n}`,
            },
          ],
        },
      ],
    },
    {
      // Turned into a base64 string: reported even though the buffer is wiped.
      code: lines(
        V3,
        'export async function seal(tenantId, iv, log) {',
        `  const { Plaintext } = await kms.send(${GDK});`,
        '  try {',
        "    log.debug('data key', Plaintext.toString('base64'));",
        "    return createCipheriv('aes-256-gcm', Plaintext, iv);",
        '  } finally {',
        '    Plaintext.fill(0);',
        '  }',
        '}',
      ),
      errors: [{ messageId: 'keyConvertedToString', line: 7, data: { operation: 'GenerateDataKey', member: 'Plaintext', conversion: "`toString('base64')`" } }],
    },
    {
      // A template literal and JSON.stringify are strings too; Buffer.from(k).toString() as well.
      code: lines(
        V3,
        'export async function seal(tenantId, iv) {',
        `  const { Plaintext: key } = await kms.send(${GDK});`,
        '  try {',
        '    console.log(`key=${key}`);',
        '    const json = JSON.stringify({ key });',
        "    const hex = Buffer.from(key).toString('hex');",
        "    return createCipheriv('aes-256-gcm', key, iv);",
        '  } finally {',
        '    key.fill(0);',
        '  }',
        '}',
      ),
      errors: [
        { messageId: 'keyConvertedToString', line: 7, data: { operation: 'GenerateDataKey', member: 'Plaintext', conversion: '`a template literal`' } },
        { messageId: 'keyConvertedToString', line: 8, data: { operation: 'GenerateDataKey', member: 'Plaintext', conversion: '`JSON.stringify()`' } },
        { messageId: 'keyConvertedToString', line: 9, data: { operation: 'GenerateDataKey', member: 'Plaintext', conversion: "`toString('hex')`" } },
      ],
    },
    {
      // The copy is used as the key and never wiped; wiping the original does not wipe it.
      code: lines(
        V3,
        'export async function seal(tenantId, iv) {',
        `  const { Plaintext } = await kms.send(${GDK});`,
        '  const key = Uint8Array.from(Plaintext);',
        '  Plaintext.fill(0);',
        "  return createCipheriv('aes-256-gcm', key, iv);",
        '}',
      ),
      errors: [
        {
          messageId: 'keyCopyNotWiped',
          line: 6,
          data: { operation: 'GenerateDataKey', member: 'Plaintext', copy: '`Uint8Array.from()`' },
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: lines(
                V3,
                'export async function seal(tenantId, iv) {',
                `  const { Plaintext } = await kms.send(${GDK});`,
                '  const key = Uint8Array.from(Plaintext);',
                '  try {',
                '    Plaintext.fill(0);',
                "    return createCipheriv('aes-256-gcm', key, iv);",
                '  } finally {',
                '    key?.fill(0);',
                '  }',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      // SDK v2 callback: the Decrypt result is used as a key and never wiped.
      code: "const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();\nkms.decrypt({ CiphertextBlob: b }, (err, data) => {\n  if (err) return;\n  const key = data.Plaintext;\n  const decipher = createDecipheriv('aes-256-gcm', key, iv);\n  done(decipher);\n});",
      errors: [
        {
          messageId: 'keyNotWiped',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: "const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();\nkms.decrypt({ CiphertextBlob: b }, (err, data) => {\n  if (err) return;\n  const key = data.Plaintext;\n  try {\n    const decipher = createDecipheriv('aes-256-gcm', key, iv);\n    done(decipher);\n  } finally {\n    key?.fill(0);\n  }\n});",
            },
          ],
        },
      ],
    },
    {
      // .then(({ Plaintext }) => …): reported on the destructuring; no simple place for a try.
      code: `${V3}\nexport const cipherFor = (tenantId, iv) => kms.send(${GDK})\n  .then(({ Plaintext }) => createCipheriv('aes-256-gcm', Plaintext, iv));`,
      errors: [{ messageId: 'keyNotWiped', line: 5, suggestions: [] }],
    },
    {
      // GenerateDataKeyPair: the private key and its Buffer.from copy are both left in memory.
      code: lines(
        V3,
        'export async function signer() {',
        "  const { PrivateKeyPlaintext } = await kms.send(new GenerateDataKeyPairCommand({ KeyId: 'k', KeyPairSpec: 'ECC_NIST_P256' }));",
        "  return createPrivateKey({ key: Buffer.from(PrivateKeyPlaintext), format: 'der', type: 'pkcs8' });",
        '}',
      ),
      errors: [
        {
          messageId: 'keyNotWiped',
          line: 5,
          data: { operation: 'GenerateDataKeyPair', member: 'PrivateKeyPlaintext' },
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: lines(
                V3,
                'export async function signer() {',
                "  const { PrivateKeyPlaintext } = await kms.send(new GenerateDataKeyPairCommand({ KeyId: 'k', KeyPairSpec: 'ECC_NIST_P256' }));",
                '  try {',
                "    return createPrivateKey({ key: Buffer.from(PrivateKeyPlaintext), format: 'der', type: 'pkcs8' });",
                '  } finally {',
                '    PrivateKeyPlaintext?.fill(0);',
                '  }',
                '}',
              ),
            },
          ],
        },
        { messageId: 'keyCopyNotWiped', line: 6, data: { operation: 'GenerateDataKeyPair', member: 'PrivateKeyPlaintext', copy: '`Buffer.from()`' }, suggestions: [] },
      ],
    },
    {
      // A wipe on one branch only.
      code: `${V3}\nexport async function seal(tenantId, iv, ok) {\n  const { Plaintext } = await kms.send(${GDK});\n  const c = createCipheriv('aes-256-gcm', Plaintext, iv);\n  if (ok) Plaintext.fill(0);\n  return c;\n}`,
      errors: [{ messageId: 'keyNotWiped', line: 5, suggestions: [] }],
    },
    {
      // One-line function: the suggestion stays on one line.
      code: `${V3}\nexport async function seal(tenantId, iv) { const { Plaintext } = await kms.send(${GDK}); return createCipheriv('aes-256-gcm', Plaintext, iv); }`,
      errors: [
        {
          messageId: 'keyNotWiped',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: `${V3}\nexport async function seal(tenantId, iv) { const { Plaintext } = await kms.send(${GDK}); try { return createCipheriv('aes-256-gcm', Plaintext, iv); } finally { Plaintext?.fill(0); } }`,
            },
          ],
        },
      ],
    },
  ],
});

tsTester.run('require-data-key-zeroization (TypeScript syntax)', rule, {
  valid: [
    `${V3}\nexport async function seal(tenantId: string, iv: Buffer): Promise<Buffer> {\n  const { Plaintext } = await kms.send(${GDK});\n  try {\n    const cipher = createCipheriv('aes-256-gcm', Plaintext!, iv);\n    return cipher.final();\n  } finally {\n    Plaintext?.fill(0);\n  }\n}`,
    `${V3}\nimport { gcm } from '@noble/ciphers/aes.js';\nexport async function open(tenantId: string, blob: Uint8Array, nonce: Uint8Array, data: Uint8Array): Promise<Uint8Array> {\n  const out = await kms.send(${DEC});\n  const key = out.Plaintext as Uint8Array;\n  try { return gcm(key, nonce).decrypt(data); } finally { key.fill(0); }\n}`,
  ],
  invalid: [
    {
      // SDK v2 with `as Buffer` (the sample service's encryptReport): the cast makes the wipe `.fill(0)`.
      code: lines(
        "import AWS from 'aws-sdk';",
        "import { createCipheriv } from 'node:crypto';",
        'const kms = new AWS.KMS();',
        'export async function encryptReport(reportId: string, csv: Buffer, iv: Buffer): Promise<Buffer> {',
        "  const data = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { reportId } }).promise();",
        '  const dataKey = data.Plaintext as Buffer;',
        "  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);",
        '  return Buffer.concat([cipher.update(csv), cipher.final()]);',
        '}',
      ),
      errors: [
        {
          messageId: 'keyNotWiped',
          line: 6,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: lines(
                "import AWS from 'aws-sdk';",
                "import { createCipheriv } from 'node:crypto';",
                'const kms = new AWS.KMS();',
                'export async function encryptReport(reportId: string, csv: Buffer, iv: Buffer): Promise<Buffer> {',
                "  const data = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { reportId } }).promise();",
                '  const dataKey = data.Plaintext as Buffer;',
                '  try {',
                "    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);",
                '    return Buffer.concat([cipher.update(csv), cipher.final()]);',
                '  } finally {',
                '    dataKey.fill(0);',
                '  }',
                '}',
              ),
            },
          ],
        },
      ],
    },
    {
      // crypto.subtle.importKey('raw', key) from a Decrypt inside a class, and the key logged as a string.
      code: lines(
        V3,
        'export class Opener {',
        '  async open(tenantId: string, blob: Uint8Array): Promise<CryptoKey> {',
        `    const { Plaintext } = await kms.send(${DEC});`,
        '    console.debug(`opening with ${Plaintext}`);',
        "    return crypto.subtle.importKey('raw', Plaintext!, 'AES-GCM', false, ['decrypt']);",
        '  }',
        '}',
      ),
      errors: [
        {
          messageId: 'keyNotWiped',
          line: 6,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: lines(
                V3,
                'export class Opener {',
                '  async open(tenantId: string, blob: Uint8Array): Promise<CryptoKey> {',
                `    const { Plaintext } = await kms.send(${DEC});`,
                '    try {',
                '      console.debug(`opening with ${Plaintext}`);',
                "      return crypto.subtle.importKey('raw', Plaintext!, 'AES-GCM', false, ['decrypt']);",
                '    } finally {',
                '      Plaintext?.fill(0);',
                '    }',
                '  }',
                '}',
              ),
            },
          ],
        },
        { messageId: 'keyConvertedToString', line: 7 },
      ],
    },
  ],
});

typedTester.run('require-data-key-zeroization (typed)', rule, {
  valid: [
    // A client received as a parameter, found by its type; wiped in finally.
    "import type { KMS } from '@aws-sdk/client-kms';\nimport { createCipheriv } from 'node:crypto';\nexport async function seal(kms: KMS, iv: Buffer) {\n  const out = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { a: 'b' } });\n  const key = out.Plaintext!;\n  try { return createCipheriv('aes-256-gcm', key, iv); } finally { key.fill(0); }\n}",
    // A configured dotted wipe function.
    {
      code: "import { KMSClient, GenerateDataKeyCommand } from '@aws-sdk/client-kms';\nimport { createCipheriv } from 'node:crypto';\ndeclare const secure: { wipe(b: Uint8Array): void };\nexport async function seal(client: KMSClient, iv: Buffer) {\n  const { Plaintext } = await client.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { a: 'b' } }));\n  try { return createCipheriv('aes-256-gcm', Plaintext!, iv); } finally { secure.wipe(Plaintext!); }\n}",
      options: [{ wipeFunctions: ['secure.wipe'] }],
    },
  ],
  invalid: [
    {
      // Found only through the parameter's type; `out.Plaintext!` makes the wipe `.fill(0)`.
      code: "import type { KMS } from '@aws-sdk/client-kms';\nimport { createCipheriv } from 'node:crypto';\nexport async function seal(kms: KMS, iv: Buffer) {\n  const out = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { a: 'b' } });\n  const key = out.Plaintext!;\n  return createCipheriv('aes-256-gcm', key, iv);\n}",
      errors: [
        {
          messageId: 'keyNotWiped',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: "import type { KMS } from '@aws-sdk/client-kms';\nimport { createCipheriv } from 'node:crypto';\nexport async function seal(kms: KMS, iv: Buffer) {\n  const out = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { a: 'b' } });\n  const key = out.Plaintext!;\n  try {\n    return createCipheriv('aes-256-gcm', key, iv);\n  } finally {\n    key.fill(0);\n  }\n}",
            },
          ],
        },
      ],
    },
    {
      // With types the wipe is optional-chained because `Plaintext` may be undefined.
      code: "import { KMSClient, GenerateDataKeyCommand } from '@aws-sdk/client-kms';\nimport { createCipheriv } from 'node:crypto';\nexport async function seal(client: KMSClient, iv: Buffer) {\n  const { Plaintext } = await client.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { a: 'b' } }));\n  return createCipheriv('aes-256-gcm', Plaintext!, iv);\n}",
      errors: [
        {
          messageId: 'keyNotWiped',
          line: 4,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: "import { KMSClient, GenerateDataKeyCommand } from '@aws-sdk/client-kms';\nimport { createCipheriv } from 'node:crypto';\nexport async function seal(client: KMSClient, iv: Buffer) {\n  const { Plaintext } = await client.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { a: 'b' } }));\n  try {\n    return createCipheriv('aes-256-gcm', Plaintext!, iv);\n  } finally {\n    Plaintext?.fill(0);\n  }\n}",
            },
          ],
        },
      ],
    },
    {
      // A typed, non-optional copy (`key: Buffer`) gets `.fill(0)`; the original `res.Plaintext` may be undefined
      // and gets `?.fill(0)`; the copy is also turned into a hex string.
      code: lines(
        "import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';",
        "import { createDecipheriv } from 'node:crypto';",
        'export async function open(client: KMSClient, blob: Uint8Array, iv: Buffer) {',
        "  const res = await client.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: blob, EncryptionContext: { a: 'b' } }));",
        '  const key: Buffer = Buffer.from(res.Plaintext!);',
        "  const hex = key.toString('hex');",
        "  return createDecipheriv('aes-256-gcm', key, iv);",
        '}',
      ),
      errors: [
        {
          messageId: 'keyCopyNotWiped',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: lines(
                "import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';",
                "import { createDecipheriv } from 'node:crypto';",
                'export async function open(client: KMSClient, blob: Uint8Array, iv: Buffer) {',
                "  const res = await client.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: blob, EncryptionContext: { a: 'b' } }));",
                '  const key: Buffer = Buffer.from(res.Plaintext!);',
                '  try {',
                "    const hex = key.toString('hex');",
                "    return createDecipheriv('aes-256-gcm', key, iv);",
                '  } finally {',
                '    key.fill(0);',
                '  }',
                '}',
              ),
            },
          ],
        },
        {
          messageId: 'keyNotWiped',
          line: 5,
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              output: lines(
                "import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';",
                "import { createDecipheriv } from 'node:crypto';",
                'export async function open(client: KMSClient, blob: Uint8Array, iv: Buffer) {',
                "  const res = await client.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: blob, EncryptionContext: { a: 'b' } }));",
                '  try {',
                '    const key: Buffer = Buffer.from(res.Plaintext!);',
                "    const hex = key.toString('hex');",
                "    return createDecipheriv('aes-256-gcm', key, iv);",
                '  } finally {',
                '    res.Plaintext?.fill(0);',
                '  }',
                '}',
              ),
            },
          ],
        },
        { messageId: 'keyConvertedToString', line: 6 },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------------------------------
// Key flow across functions and modules: a helper returns the key, the caller owns it (issue 8)
// ---------------------------------------------------------------------------------------------------------------------

/** 1-based line and column of the only occurrence of `needle` in `code`. */
function at(code: string, needle: string): { line: number; column: number } {
  const index = code.indexOf(needle);
  if (index < 0 || code.indexOf(needle, index + 1) >= 0) throw new Error(`"${needle}" must occur exactly once`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** A same-file helper that returns the key bytes, and one that returns them inside an object. */
const HELPERS = lines(
  V3,
  'async function newDataKey(tenantId) {',
  `  const { Plaintext } = await kms.send(${GDK});`,
  '  return Plaintext;',
  '}',
  'const envelopeKey = async (tenantId) => {',
  `  const res = await kms.send(${GDK});`,
  '  return { plaintextKey: res.Plaintext, encryptedKey: res.CiphertextBlob };',
  '};',
);
const sameFileUnwiped = lines(HELPERS, 'export async function seal(tenantId, iv, body) {', '  const key = await newDataKey(tenantId);', "  return createCipheriv('aes-256-gcm', key, iv).update(body);", '}');
const sameFileObject = lines(HELPERS, 'export async function seal(tenantId, iv, body) {', '  const { plaintextKey, encryptedKey } = await envelopeKey(tenantId);', "  const c = createCipheriv('aes-256-gcm', plaintextKey, iv);", '  return { encryptedKey, body: c.update(body) };', '}');
const sameFileMember = lines(HELPERS, 'export async function seal(tenantId, iv) {', '  const dk = await envelopeKey(tenantId);', "  return createCipheriv('aes-256-gcm', dk.plaintextKey, iv);", '}');
const sameFileString = lines(HELPERS, 'export async function exportKey(tenantId) {', '  const key = await newDataKey(tenantId);', "  try { return key.toString('base64'); } finally { key.fill(0); }", '}');
const decryptHelper = lines(
  V3,
  'function unwrap(tenantId, blob) {',
  `  return kms.send(${DEC}).then((out) => out.Plaintext);`,
  '}',
  'async function openKey(tenantId, blob) {',
  `  const out = await kms.send(${DEC});`,
  '  return out.Plaintext;',
  '}',
);
const decryptUnwiped = lines(decryptHelper, 'export async function open(tenantId, blob, iv) {', '  const key = await openKey(tenantId, blob);', "  return createDecipheriv('aes-256-gcm', key, iv);", '}');

plainJsTester.run('require-data-key-zeroization (plain JS, returned keys)', rule, {
  valid: [
    // The caller wipes the returned key in a finally that covers its use.
    lines(HELPERS, 'export async function seal(tenantId, iv, body) {', '  const key = await newDataKey(tenantId);', "  try { return createCipheriv('aes-256-gcm', key, iv).update(body); } finally { key.fill(0); }", '}'),
    // The object form, wiped.
    lines(HELPERS, 'export async function seal(tenantId, iv) {', '  const { plaintextKey } = await envelopeKey(tenantId);', "  try { return createCipheriv('aes-256-gcm', plaintextKey, iv); } finally { plaintextKey.fill(0); }", '}'),
    // The caller hands the key on again (returns it): its own caller owns it.
    lines(HELPERS, 'export async function passOn(tenantId) {', '  const key = await newDataKey(tenantId);', '  return key;', '}'),
    // Only the encrypted half is read.
    lines(HELPERS, 'export async function provision(tenantId) {', '  const { encryptedKey } = await envelopeKey(tenantId);', '  return encryptedKey;', '}'),
    // A helper that wipes before returning hands back nothing to judge.
    lines(V3, 'async function used(tenantId, iv) {', `  const { Plaintext } = await kms.send(${GDK});`, "  try { return createCipheriv('aes-256-gcm', Plaintext, iv); } finally { Plaintext.fill(0); }", '}', 'export async function seal(tenantId, iv) {', '  const c = await used(tenantId, iv);', "  return c.update('x');", '}'),
    // A Decrypt result that the caller does not use as a key (a secret string), with checkDecryptedKeys at its default.
    lines(decryptHelper, 'export async function password(tenantId, blob) {', '  const secret = await openKey(tenantId, blob);', '  return secret.length;', '}'),
    // A `.then` callback returns the key: the promise's callers are not followed (unknown).
    lines(decryptHelper, 'export async function open(tenantId, blob, iv) {', '  const key = await unwrap(tenantId, blob);', "  return createDecipheriv('aes-256-gcm', key, iv);", '}'),
    // Called and discarded.
    lines(HELPERS, 'export async function warm(tenantId) {', '  await newDataKey(tenantId);', '}'),
    // The caller passes the key to a function the analysis cannot see (ownership unknown).
    lines(HELPERS, "import { sealWith } from './crypto.js';", 'export async function seal(tenantId, body) {', '  const key = await newDataKey(tenantId);', '  return sealWith(key, body);', '}'),
    // The caller wipes with a guarded wipe in a finally.
    lines(HELPERS, 'export async function seal(tenantId, iv) {', '  const key = await newDataKey(tenantId);', "  try { return createCipheriv('aes-256-gcm', key, iv); } finally { if (key) key.fill(0); }", '}'),
  ],
  invalid: [
    {
      code: sameFileUnwiped,
      errors: [
        {
          messageId: 'returnedKeyNotWiped',
          data: { operation: 'GenerateDataKey', member: 'Plaintext', helper: 'newDataKey' },
          ...at(sameFileUnwiped, 'key = await newDataKey'),
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { wipe: 'key?.fill(0);' },
              output: lines(HELPERS, 'export async function seal(tenantId, iv, body) {', '  const key = await newDataKey(tenantId);', '  try {', "    return createCipheriv('aes-256-gcm', key, iv).update(body);", '  } finally {', '    key?.fill(0);', '  }', '}'),
            },
          ],
        },
      ],
    },
    {
      code: sameFileObject,
      errors: [
        {
          messageId: 'returnedKeyNotWiped',
          ...at(sameFileObject, 'plaintextKey, encryptedKey }'),
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { wipe: 'plaintextKey?.fill(0);' },
              output: lines(HELPERS, 'export async function seal(tenantId, iv, body) {', '  const { plaintextKey, encryptedKey } = await envelopeKey(tenantId);', '  try {', "    const c = createCipheriv('aes-256-gcm', plaintextKey, iv);", '    return { encryptedKey, body: c.update(body) };', '  } finally {', '    plaintextKey?.fill(0);', '  }', '}'),
            },
          ],
        },
      ],
    },
    {
      code: sameFileMember,
      errors: [
        {
          messageId: 'returnedKeyNotWiped',
          ...at(sameFileMember, 'dk.plaintextKey'),
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { wipe: 'dk.plaintextKey?.fill(0);' },
              output: lines(HELPERS, 'export async function seal(tenantId, iv) {', '  const dk = await envelopeKey(tenantId);', '  try {', "    return createCipheriv('aes-256-gcm', dk.plaintextKey, iv);", '  } finally {', '    dk.plaintextKey?.fill(0);', '  }', '}'),
            },
          ],
        },
      ],
    },
    { code: sameFileString, errors: [{ messageId: 'keyConvertedToString', ...at(sameFileString, "key.toString('base64')") }] },
    {
      code: decryptUnwiped,
      errors: [
        {
          messageId: 'returnedKeyNotWiped',
          data: { operation: 'Decrypt', member: 'Plaintext', helper: 'openKey' },
          ...at(decryptUnwiped, 'key = await openKey'),
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { wipe: 'key?.fill(0);' },
              output: lines(decryptHelper, 'export async function open(tenantId, blob, iv) {', '  const key = await openKey(tenantId, blob);', '  try {', "    return createDecipheriv('aes-256-gcm', key, iv);", '  } finally {', '    key?.fill(0);', '  }', '}'),
            },
          ],
        },
      ],
    },
  ],
});

const tsNonNull = lines(HELPERS, 'export async function seal(tenantId: string, iv: Buffer) {', '  const key = (await newDataKey(tenantId))!;', "  return createCipheriv('aes-256-gcm', key, iv);", '}');

tsTester.run('require-data-key-zeroization (TypeScript syntax, returned keys)', rule, {
  valid: [
    // Untyped, a helper in another file is unknown: silent, whether the caller wipes or not.
    "import { newDataKey } from './data-keys.js';\nimport { createCipheriv } from 'node:crypto';\nexport async function seal(tenantId: string, iv: Buffer) {\n  const key = await newDataKey(tenantId);\n  return createCipheriv('aes-256-gcm', key, iv);\n}",
    lines(HELPERS, 'export async function seal(tenantId: string, iv: Buffer) {', '  const key = (await newDataKey(tenantId)) as Uint8Array;', "  try { return createCipheriv('aes-256-gcm', key, iv); } finally { key.fill(0); }", '}'),
  ],
  invalid: [
    {
      code: tsNonNull,
      errors: [
        {
          messageId: 'returnedKeyNotWiped',
          ...at(tsNonNull, 'key = (await'),
          suggestions: [
            {
              messageId: 'wrapInTryFinally',
              data: { wipe: 'key.fill(0);' },
              output: lines(HELPERS, 'export async function seal(tenantId: string, iv: Buffer) {', '  const key = (await newDataKey(tenantId))!;', '  try {', "    return createCipheriv('aes-256-gcm', key, iv);", '  } finally {', '    key.fill(0);', '  }', '}'),
            },
          ],
        },
      ],
    },
  ],
});

/** The typed program of `fixtures/typed/key-flow`: `data-keys.ts` holds the helpers; the linted code replaces `caller.ts`. */
const keyFlowDir = path.join(typedFixturesDir, 'key-flow');
const keyFlowTester = new RuleTester({
  languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: keyFlowDir } },
  defaultFilenames: { ts: 'caller.ts', tsx: 'caller.tsx' },
});
const IMPORTS = "import { createCipheriv, createDecipheriv } from 'node:crypto';\nimport { KeyService, generateEnvelopeKey, newDataKey, unwrapDataKey, withDataKey } from './data-keys.js';\n";
const crossUnwiped = `${IMPORTS}export async function seal(tenantId: string, iv: Buffer, body: Buffer) {\n  const key = await newDataKey(tenantId);\n  return createCipheriv('aes-256-gcm', key, iv).update(body);\n}`;
const crossObject = `${IMPORTS}export async function seal(tenantId: string, iv: Buffer) {\n  const { plaintextKey, encryptedKey } = await generateEnvelopeKey(tenantId);\n  return { encryptedKey, cipher: createCipheriv('aes-256-gcm', plaintextKey, iv) };\n}`;
const crossDecrypt = `${IMPORTS}export async function open(tenantId: string, blob: Uint8Array, iv: Buffer) {\n  const key = await unwrapDataKey(tenantId, blob);\n  return createDecipheriv('aes-256-gcm', key, iv);\n}`;
const crossMethod = `${IMPORTS}const keys = new KeyService();\nexport async function seal(tenantId: string, iv: Buffer) {\n  const key = await keys.dataKey(tenantId);\n  return createCipheriv('aes-256-gcm', key, iv);\n}`;

/**
 * `code` with the statements after the declaration line holding `needle` (up to the function's closing `}`) wrapped in
 * `try { … } finally { <wipe> }`, indented one more level — the suggestion's shape for a two-space-indented body.
 */
function wrapRest(code: string, needle: string, wipe: string): string {
  const codeLines = code.split('\n');
  const declaration = at(code, needle).line - 1;
  const close = codeLines.indexOf('}', declaration);
  const rest = codeLines.slice(declaration + 1, close).map((line) => `  ${line}`);
  return [...codeLines.slice(0, declaration + 1), '  try {', ...rest, '  } finally {', `    ${wipe}`, '  }', ...codeLines.slice(close)].join('\n');
}

keyFlowTester.run('require-data-key-zeroization (typed, helpers in another file)', rule, {
  valid: [
    // The wiping caller.
    `${IMPORTS}export async function seal(tenantId: string, iv: Buffer, body: Buffer) {\n  const key = await newDataKey(tenantId);\n  try {\n    return createCipheriv('aes-256-gcm', key, iv).update(body);\n  } finally {\n    key.fill(0);\n  }\n}`,
    `${IMPORTS}export async function seal(tenantId: string, iv: Buffer) {\n  const { plaintextKey, encryptedKey } = await generateEnvelopeKey(tenantId);\n  try {\n    return { encryptedKey, cipher: createCipheriv('aes-256-gcm', plaintextKey, iv) };\n  } finally {\n    plaintextKey.fill(0);\n  }\n}`,
    // The helper wipes on the caller's behalf ("use then wipe").
    `${IMPORTS}export function seal(tenantId: string, iv: Buffer, body: Buffer) {\n  return withDataKey(tenantId, (key) => createCipheriv('aes-256-gcm', key, iv).update(body));\n}`,
    // Only the encrypted half.
    `${IMPORTS}export async function provision(tenantId: string) {\n  const { encryptedKey } = await generateEnvelopeKey(tenantId);\n  return encryptedKey;\n}`,
    // A Decrypt result not used as a key.
    `${IMPORTS}export async function size(tenantId: string, blob: Uint8Array) {\n  const secret = await unwrapDataKey(tenantId, blob);\n  return secret.byteLength;\n}`,
    // The method form, wiped.
    `${IMPORTS}const keys = new KeyService();\nexport async function seal(tenantId: string, iv: Buffer) {\n  const key = await keys.dataKey(tenantId);\n  try { return createCipheriv('aes-256-gcm', key, iv); } finally { key.fill(0); }\n}`,
  ],
  invalid: [
    {
      code: crossUnwiped,
      errors: [
        {
          messageId: 'returnedKeyNotWiped',
          data: { operation: 'GenerateDataKey', member: 'Plaintext', helper: 'newDataKey' },
          ...at(crossUnwiped, 'key = await'),
          suggestions: [{ messageId: 'wrapInTryFinally', data: { wipe: 'key.fill(0);' }, output: wrapRest(crossUnwiped, 'key = await', 'key.fill(0);') }],
        },
      ],
    },
    {
      code: crossObject,
      errors: [{ messageId: 'returnedKeyNotWiped', ...at(crossObject, 'plaintextKey, encryptedKey }'), suggestions: [{ messageId: 'wrapInTryFinally', output: wrapRest(crossObject, 'plaintextKey, encryptedKey }', 'plaintextKey.fill(0);') }] }],
    },
    {
      code: crossDecrypt,
      errors: [
        {
          messageId: 'returnedKeyNotWiped',
          data: { operation: 'Decrypt', member: 'Plaintext', helper: 'unwrapDataKey' },
          ...at(crossDecrypt, 'key = await'),
          suggestions: [{ messageId: 'wrapInTryFinally', output: wrapRest(crossDecrypt, 'key = await', 'key.fill(0);') }],
        },
      ],
    },
    {
      code: crossMethod,
      errors: [
        {
          messageId: 'returnedKeyNotWiped',
          data: { operation: 'GenerateDataKey', member: 'Plaintext', helper: 'keys.dataKey' },
          ...at(crossMethod, 'key = await'),
          suggestions: [{ messageId: 'wrapInTryFinally', output: wrapRest(crossMethod, 'key = await', 'key.fill(0);') }],
        },
      ],
    },
  ],
});
