import rule, { type Options } from '../../src/rules/prefer-reencrypt.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/** Two header lines; snippets start on line 3, the Decrypt is on line 4 (`new` at column 30 for `const res = …`). */
const V3 = "import { KMSClient, DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms'; import { createDecipheriv } from 'node:crypto';\nconst kms = new KMSClient({});";
const V2 = "import AWS from 'aws-sdk';\nconst kms = new AWS.KMS();";
const lines = (...parts: string[]): string => parts.join('\n');
type Bang = (expression: string) => string;
const none: Bang = (expression) => expression;
const bang: Bang = (expression) => `${expression}!`;

const DECRYPT = "  const res = await kms.send(new DecryptCommand({ KeyId: 'old', CiphertextBlob: blob, EncryptionContext: { a: 'b' } }));";
const encrypt = (plaintext: string, key = 'new'): string => `  const out = await kms.send(new EncryptCommand({ KeyId: '${key}', Plaintext: ${plaintext}, EncryptionContext: { a: 'c' } }));`;
/** Decrypt (line 4), `middle` (line 5), Encrypt (line 6). */
const rotate = (middle: string, encryptLine: string, tail = '  return out.CiphertextBlob;'): string => lines('export async function rotate(blob) {', DECRYPT, middle, encryptLine, tail, '}');

function invalidCases(b: Bang, header = V3): { code: string; line: number; column: number; options?: Options }[] {
  return [
    { code: lines(header, rotate('  void 0;', encrypt(b('res.Plaintext')))), line: 4, column: 30 },
    { code: lines(header, rotate("  if (!res.Plaintext) throw new Error('empty');", encrypt(b('res.Plaintext')))), line: 4, column: 30 },
    { code: lines(header, rotate(`  const plain = ${b('res.Plaintext')};`, encrypt('plain'))), line: 4, column: 30 },
    { code: lines(header, rotate('  const { Plaintext } = res;', encrypt(b('Plaintext')))), line: 4, column: 30 },
    { code: lines(header, rotate("  if (res.Plaintext === undefined) throw new Error('empty');", encrypt(b('res.Plaintext'), 'alias/platform'))), line: 4, column: 30 },
    { code: lines(header, rotate(`  const plain = ${b('res.Plaintext')};`, encrypt('plain'), '  plain.fill(0);\n  return out.CiphertextBlob;')), line: 4, column: 30 },
    { code: lines(header, rotate("  console.log('rotating');", encrypt(b('res.Plaintext')))), line: 4, column: 30 },
    { code: lines(header, rotate(`  if (${b('res.Plaintext')}.length === 0) throw new Error('empty');`, encrypt(b('res.Plaintext')))), line: 4, column: 30 },
    { code: lines(header, rotate('  void 0;', encrypt(b('res.Plaintext'), 'alias/other'))), options: [{ allowedDestinationKeys: ['alias/elsewhere'] }], line: 4, column: 30 },
    { code: lines(header, rotate('  const started = Date.now();', encrypt(b('res.Plaintext')), '  return { blob: out.CiphertextBlob, ms: Date.now() - started };')), line: 4, column: 30 },
  ];
}

function validCases(b: Bang, header = V3): { code: string; options?: Options }[] {
  return [
    // The plaintext is also used locally as a key.
    { code: lines(header, rotate(`  const d = createDecipheriv('aes-256-gcm', ${b('res.Plaintext')}, Buffer.alloc(12));`, encrypt(b('res.Plaintext')))) },
    // Also returned.
    { code: lines(header, 'export async function rotate(blob) {', DECRYPT, encrypt(b('res.Plaintext')), '  return { plain: res.Plaintext, blob: out.CiphertextBlob };', '}') },
    // Also logged or handed to a function.
    { code: lines(header, rotate('  audit(res.Plaintext);', encrypt(b('res.Plaintext')))) },
    // Transformed before Encrypt: the bytes that go in are not the plaintext KMS holds.
    { code: lines(header, rotate(`  const upper = Buffer.from(Buffer.from(${b('res.Plaintext')}).toString('utf8').toUpperCase());`, encrypt('upper'))) },
    // Only a Decrypt.
    { code: lines(header, 'export async function open(blob) {', DECRYPT, '  return res.Plaintext;', '}') },
    // Encrypt of something else.
    { code: lines(header, rotate('  void res;', encrypt("Buffer.from('x')"))) },
    // The allowed destination key.
    { code: lines(header, rotate('  void 0;', encrypt(b('res.Plaintext'), 'alias/offline'))), options: [{ allowedDestinationKeys: ['alias/offline'] }] },
    // The plaintext stored on an object as well.
    { code: lines(header, rotate('  this.last = res.Plaintext;', encrypt(b('res.Plaintext')))) },
    // The Decrypt response passed on whole: unknown.
    { code: lines(header, 'export async function rotate(blob, keep) {', DECRYPT, '  keep(res);', encrypt(b('res.Plaintext')), '  return out;', '}') },
    // Two Encrypts of the same plaintext (fan-out to two keys): ReEncrypt twice is not one call.
    { code: lines(header, rotate(encrypt(b('res.Plaintext'), 'a').replace('const out', 'const first'), encrypt(b('res.Plaintext'), 'b'))) },
  ];
}

const errors = (line: number, column: number) => [{ messageId: 'preferReEncrypt' as const, line, column }];
const toInvalid = ({ line, column, ...rest }: ReturnType<typeof invalidCases>[number]) => ({ ...rest, errors: errors(line, column) });

plainJsTester.run('prefer-reencrypt (plain JS)', rule, {
  valid: [
    ...validCases(none),
    // SDK v2: the key analysis does not tie this Plaintext to the v2 Encrypt request today, so the rule stays silent.
    lines(V2, 'export async function rotate(blob) {', "  const res = await kms.decrypt({ KeyId: 'old', CiphertextBlob: blob }).promise();", "  const out = await kms.encrypt({ KeyId: 'new', Plaintext: res.Plaintext }).promise();", '  return out.CiphertextBlob;', '}'),
  ],
  invalid: invalidCases(none).map(toInvalid),
});

tsTester.run('prefer-reencrypt (TypeScript syntax)', rule, {
  valid: validCases(bang),
  invalid: invalidCases(bang).map(toInvalid),
});

const TYPED = "import type { KMSClient } from '@aws-sdk/client-kms'; import { DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms'; import { createDecipheriv } from 'node:crypto';\ndeclare const kms: KMSClient;";

typedTester.run('prefer-reencrypt (typed)', rule, {
  valid: validCases(bang, TYPED),
  invalid: invalidCases(bang, TYPED).map(toInvalid),
});
