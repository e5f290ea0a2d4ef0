import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../src/rules/consistent-encryption-algorithm.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/**
 * Program-wide typed cases run in `fixtures/consistent-encryption-algorithm`: `sealer.ts` encrypts under
 * `PARTNER_RSA_KEY` with RSAES_OAEP_SHA_256, under `LEGACY_RSA_KEY` with RSAES_OAEP_SHA_1 and under `APP_KEY`
 * symmetrically (`config.ts` holds the key ids). The linted code replaces the empty `file.ts` there.
 */
const programDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/consistent-encryption-algorithm');
const programTester = new RuleTester({
  languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: programDir } },
  defaultFilenames: { ts: 'file.ts', tsx: 'file.tsx' },
});

const V3 = "import { KMSClient, EncryptCommand, DecryptCommand, ReEncryptCommand, KMS } from '@aws-sdk/client-kms';\nconst client = new KMSClient({});";
const TYPED = "import type { KMSClient } from '@aws-sdk/client-kms'; import { EncryptCommand, DecryptCommand, ReEncryptCommand, KMS } from '@aws-sdk/client-kms';\ndeclare const client: KMSClient;";
const lines = (...parts: string[]): string => parts.join('\n');
const KEY = "const KEY = 'alias/partner-rsa';";
const encrypt = (algorithm: string, key = 'KEY'): string => `await client.send(new EncryptCommand({ KeyId: ${key}, Plaintext: data, EncryptionAlgorithm: '${algorithm}' }));`;
/** The Decrypt line of most cases; `rest` follows `CiphertextBlob: blob`. */
const decrypt = (rest = '', key = 'KEY'): string => `const out = await client.send(new DecryptCommand({ KeyId: ${key}, CiphertextBlob: blob${rest} }));`;

/** 1-based line and column of the only occurrence of `needle`. */
function at(code: string, needle: string): { line: number; column: number } {
  const index = code.indexOf(needle);
  if (index < 0 || code.indexOf(needle, index + 1) >= 0) throw new Error(`"${needle}" must occur exactly once`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

type MessageId = 'missingAlgorithm' | 'changedAlgorithm';
interface Case {
  readonly code: string;
  readonly messageId: MessageId;
  /** Where the report lands (the Decrypt / ReEncrypt call). */
  readonly needle: string;
  /** For `missingAlgorithm`: the suggestion's output, or `null` when there is none. */
  readonly output?: string | null;
}

function insertAfter(code: string, anchor: string, text: string): string {
  if (code.split(anchor).length !== 2) throw new Error(`anchor ${anchor} is not unique`);
  return code.replace(anchor, `${anchor}${text}`);
}

function invalidCases(header: string): Case[] {
  const missing = lines(header, KEY, encrypt('RSAES_OAEP_SHA_256'), decrypt());
  const viaConst = lines(header, KEY, encrypt('RSAES_OAEP_SHA_256'), 'const input = { KeyId: KEY, CiphertextBlob: blob };', 'await client.send(new DecryptCommand(input));');
  const reEncrypt = lines(header, KEY, encrypt('RSAES_OAEP_SHA_1'), "await client.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceKeyId: KEY, DestinationKeyId: 'alias/app' }));");
  return [
    { code: missing, messageId: 'missingAlgorithm', needle: 'new DecryptCommand', output: insertAfter(missing, 'CiphertextBlob: blob', ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'") },
    // Another OAEP hash.
    { code: lines(header, KEY, encrypt('RSAES_OAEP_SHA_256'), decrypt(", EncryptionAlgorithm: 'RSAES_OAEP_SHA_1'")), messageId: 'changedAlgorithm', needle: 'new DecryptCommand' },
    // SYMMETRIC_DEFAULT spelt out.
    { code: lines(header, KEY, encrypt('RSAES_OAEP_SHA_256'), decrypt(", EncryptionAlgorithm: 'SYMMETRIC_DEFAULT'")), messageId: 'changedAlgorithm', needle: 'new DecryptCommand' },
    // SM2 encrypt, RSA decrypt.
    { code: lines(header, KEY, encrypt('SM2PKE'), decrypt(", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'")), messageId: 'changedAlgorithm', needle: 'new DecryptCommand' },
    // The key written as a key ARN on one side and as its bare key id on the other.
    {
      code: lines(header, encrypt('RSAES_OAEP_SHA_256', "'arn:aws:kms:eu-west-1:111122223333:key/0f6d2f4e-8a55-4c7e-9a0b-3c1d2e4f5a6b'"), decrypt('', "'0f6d2f4e-8a55-4c7e-9a0b-3c1d2e4f5a6b'")),
      messageId: 'missingAlgorithm',
      needle: 'new DecryptCommand',
      output: insertAfter(lines(header, encrypt('RSAES_OAEP_SHA_256', "'arn:aws:kms:eu-west-1:111122223333:key/0f6d2f4e-8a55-4c7e-9a0b-3c1d2e4f5a6b'"), decrypt('', "'0f6d2f4e-8a55-4c7e-9a0b-3c1d2e4f5a6b'")), 'CiphertextBlob: blob', ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'"),
    },
    // The key is an imported binding whose value this file cannot see: the same binding is the same key.
    (() => {
      const code = lines("import { PARTNER_KEY } from './config.js';", header, encrypt('RSAES_OAEP_SHA_256', 'PARTNER_KEY'), decrypt('', 'PARTNER_KEY'));
      return { code, messageId: 'missingAlgorithm' as const, needle: 'new DecryptCommand', output: insertAfter(code, 'CiphertextBlob: blob', ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'") };
    })(),
    // The request in a const object: reported; the suggestion edits that object literal.
    { code: viaConst, messageId: 'missingAlgorithm', needle: 'new DecryptCommand', output: insertAfter(viaConst, 'CiphertextBlob: blob', ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'") },
    // ReEncrypt's source side.
    { code: reEncrypt, messageId: 'missingAlgorithm', needle: 'new ReEncryptCommand', output: insertAfter(reEncrypt, "DestinationKeyId: 'alias/app'", ", SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1'") },
    // ReEncrypt's destination side fixes the algorithm too.
    {
      code: lines(header, KEY, "await client.send(new ReEncryptCommand({ CiphertextBlob: old, SourceKeyId: 'alias/app', DestinationKeyId: KEY, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));", decrypt(", EncryptionAlgorithm: 'RSAES_OAEP_SHA_1'")),
      messageId: 'changedAlgorithm',
      needle: 'new DecryptCommand',
    },
    // The aggregated client.
    (() => {
      const code = lines(header, KEY, 'const kms = new KMS({});', "await kms.encrypt({ KeyId: KEY, Plaintext: data, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });", 'const res = await kms.decrypt({ KeyId: KEY, CiphertextBlob: blob });');
      return { code, messageId: 'missingAlgorithm' as const, needle: 'kms.decrypt', output: insertAfter(code, 'KeyId: KEY, CiphertextBlob: blob', ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'") };
    })(),
    // The algorithm through a const on the encrypt side.
    {
      code: lines(header, KEY, "const ALG = 'RSAES_OAEP_SHA_256';", 'await client.send(new EncryptCommand({ KeyId: KEY, Plaintext: data, EncryptionAlgorithm: ALG }));', decrypt(", EncryptionAlgorithm: 'RSAES_OAEP_SHA_1'")),
      messageId: 'changedAlgorithm',
      needle: 'new DecryptCommand',
    },
  ];
}

function validCases(header: string): string[] {
  return [
    // The same algorithm on both sides.
    lines(header, KEY, encrypt('RSAES_OAEP_SHA_256'), decrypt(", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'")),
    // No encrypt side for the key in view: nothing to compare with.
    lines(header, KEY, decrypt()),
    // The file also encrypts symmetrically under that key: its kind is not clear, stay silent.
    lines(header, KEY, encrypt('RSAES_OAEP_SHA_256'), 'await client.send(new EncryptCommand({ KeyId: KEY, Plaintext: data }));', decrypt()),
    // The decrypt's algorithm is not known.
    lines(header, KEY, encrypt('RSAES_OAEP_SHA_256'), `export async function open(blob, alg) { ${decrypt(', EncryptionAlgorithm: alg')} return out; }`),
    // A spread may carry the algorithm.
    lines(header, KEY, encrypt('RSAES_OAEP_SHA_256'), `export async function open(blob, extra) { ${decrypt(', ...extra')} return out; }`),
    // The decrypt's key is a parameter, not the encrypt's key.
    lines(header, KEY, encrypt('RSAES_OAEP_SHA_256'), `export async function open(keyId, blob) { ${decrypt('', 'keyId')} return out; }`),
    // Another key.
    lines(header, KEY, encrypt('RSAES_OAEP_SHA_256'), decrypt('', "'alias/app-data'")),
    // An alias and a key ARN may or may not be the same key: not compared.
    lines(header, encrypt('RSAES_OAEP_SHA_256', "'alias/partner-rsa'"), decrypt('', "'arn:aws:kms:eu-west-1:111122223333:key/0f6d2f4e-8a55-4c7e-9a0b-3c1d2e4f5a6b'")),
    // The decrypt may use either algorithm, one of them the encrypt's.
    lines(header, KEY, encrypt('RSAES_OAEP_SHA_1'), "const alg = legacy ? 'RSAES_OAEP_SHA_1' : 'RSAES_OAEP_SHA_256';", decrypt(', EncryptionAlgorithm: alg')),
    // The encrypt's algorithm is one of two: mixed, stay silent.
    lines(header, KEY, "const alg = legacy ? 'RSAES_OAEP_SHA_1' : 'RSAES_OAEP_SHA_256';", 'await client.send(new EncryptCommand({ KeyId: KEY, Plaintext: data, EncryptionAlgorithm: alg }));', decrypt()),
    // ReEncrypt with the source algorithm.
    lines(header, KEY, encrypt('RSAES_OAEP_SHA_1'), "await client.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceKeyId: KEY, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1', DestinationKeyId: 'alias/app' }));"),
    // Symmetric use only.
    lines(header, KEY, 'await client.send(new EncryptCommand({ KeyId: KEY, Plaintext: data }));', decrypt()),
  ];
}

function toInvalid({ code, messageId, needle, output }: Case) {
  const { line, column } = at(code, needle);
  const suggestions = messageId === 'missingAlgorithm' && output ? [{ messageId: 'addAlgorithm' as const, output }] : [];
  return { code, errors: [{ messageId, line, column, suggestions }] };
}

plainJsTester.run('consistent-encryption-algorithm (plain JS)', rule, {
  valid: [
    ...validCases(V3),
    // The Encryption SDK decrypt reads the algorithm from its message header.
    "import { buildClient } from '@aws-crypto/client-node';\nconst { decrypt } = buildClient();\nawait decrypt(keyring, ciphertext);",
  ],
  invalid: [
    ...invalidCases(V3).map(toInvalid),
    // SDK v2, promise style.
    (() => {
      const code = lines("const AWS = require('aws-sdk');", 'const kms = new AWS.KMS();', KEY, "await kms.encrypt({ KeyId: KEY, Plaintext: data, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }).promise();", 'const res = await kms.decrypt({ KeyId: KEY, CiphertextBlob: blob }).promise();');
      return toInvalid({ code, messageId: 'missingAlgorithm', needle: 'kms.decrypt', output: insertAfter(code, 'KeyId: KEY, CiphertextBlob: blob', ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'") });
    })(),
  ],
});

tsTester.run('consistent-encryption-algorithm (TypeScript syntax)', rule, {
  valid: validCases(V3),
  invalid: invalidCases(V3).map(toInvalid),
});

typedTester.run('consistent-encryption-algorithm (typed)', rule, {
  valid: validCases(TYPED),
  invalid: invalidCases(TYPED).map(toInvalid),
});

const PARTNER_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0f6d2f4e-8a55-4c7e-9a0b-3c1d2e4f5a6b';
const PROGRAM = "import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';\nimport { APP_KEY, LEGACY_RSA_KEY, PARTNER_RSA_KEY } from './config.js';\nconst kms = new KMSClient({});";
const open = (key: string, rest = ''): string => `export const open = (b: Uint8Array) => kms.send(new DecryptCommand({ KeyId: ${key}, CiphertextBlob: b${rest} }));`;

programTester.run('consistent-encryption-algorithm (typed, program-wide)', rule, {
  valid: [
    lines(PROGRAM, open('PARTNER_RSA_KEY', ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'")),
    lines(PROGRAM, open('LEGACY_RSA_KEY', ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_1'")),
    // sealer.ts encrypts under APP_KEY symmetrically.
    lines(PROGRAM, open('APP_KEY')),
    // A key no file encrypts under.
    lines(PROGRAM, open("'alias/elsewhere'")),
  ],
  invalid: [
    (() => {
      const code = lines(PROGRAM, open('PARTNER_RSA_KEY'));
      const { line, column } = at(code, 'new DecryptCommand');
      return {
        code,
        errors: [
          {
            messageId: 'missingAlgorithm' as const,
            line,
            column,
            data: { operation: 'Decrypt', keyId: PARTNER_ARN, member: 'EncryptionAlgorithm', producer: 'Encrypt', location: 'sealer.ts:11', expected: 'RSAES_OAEP_SHA_256', found: '' },
            suggestions: [{ messageId: 'addAlgorithm' as const, output: insertAfter(code, 'CiphertextBlob: b', ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'") }],
          },
        ],
      };
    })(),
    (() => {
      const code = lines(PROGRAM, open('LEGACY_RSA_KEY', ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'"));
      const { line, column } = at(code, 'new DecryptCommand');
      return { code, errors: [{ messageId: 'changedAlgorithm' as const, line, column, data: { operation: 'Decrypt', keyId: 'alias/legacy-rsa', member: 'EncryptionAlgorithm', producer: 'Encrypt', location: 'sealer.ts:15', found: 'RSAES_OAEP_SHA_256', expected: 'RSAES_OAEP_SHA_1' } }] };
    })(),
    // The key ARN written out here, the const in sealer.ts.
    (() => {
      const code = lines(PROGRAM, open("'arn:aws:kms:eu-west-1:111122223333:key/0f6d2f4e-8a55-4c7e-9a0b-3c1d2e4f5a6b'", ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_1'"));
      const { line, column } = at(code, 'new DecryptCommand');
      return { code, errors: [{ messageId: 'changedAlgorithm' as const, line, column }] };
    })(),
  ],
});
