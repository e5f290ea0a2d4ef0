import rule from '../../src/rules/no-data-key-exposure.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/** Two header lines; snippets start on line 3, the sink is on line 5. */
const V3 = "import { KMSClient, GenerateDataKeyCommand, DecryptCommand, PutObjectCommand } from '@aws-sdk/client-kms'; import { createCipheriv, createDecipheriv } from 'node:crypto';\nconst kms = new KMSClient({});";
const V2 = "import AWS from 'aws-sdk'; import { createCipheriv } from 'node:crypto';\nconst kms = new AWS.KMS();";
const lines = (...parts: string[]): string => parts.join('\n');
type Bang = (expression: string) => string;
const none: Bang = (expression) => expression;
const bang: Bang = (expression) => `${expression}!`;

const GDK = "  const { Plaintext, CiphertextBlob } = await kms.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { a: 'b' } }));";
/** A function that makes a data key (line 4), does `sink` (line 5), uses and wipes the key. */
const withSink = (b: Bang, header: string, sink: string, params = 'iv, data'): string =>
  lines(header, `export async function seal(${params}) {`, GDK, sink, `  try { return createCipheriv('aes-256-gcm', ${b('Plaintext')}, iv).update(data); } finally { ${b('Plaintext')}.fill(0); }`, '}');

function invalidCases(b: Bang, header = V3): { code: string; line: number; column: number; messageId: 'keyLogged' | 'keySerialised' | 'keyStored' }[] {
  return [
    { code: withSink(b, header, '  console.log(Plaintext);'), line: 5, column: 3, messageId: 'keyLogged' },
    { code: withSink(b, header, "  console.debug('key', Plaintext);"), line: 5, column: 3, messageId: 'keyLogged' },
    { code: withSink(b, header, '  logger.info({ key: Plaintext });', 'iv, data, logger'), line: 5, column: 3, messageId: 'keyLogged' },
    { code: withSink(b, header, "  console.log(`key=${Buffer.from(Plaintext).toString('base64')}`);"), line: 5, column: 22, messageId: 'keySerialised' },
    { code: withSink(b, header, "  console.info('key ' + Buffer.from(Plaintext).toString('hex'));"), line: 5, column: 25, messageId: 'keySerialised' },
    { code: withSink(b, header, '  console.warn(JSON.stringify({ key: Plaintext }));'), line: 5, column: 16, messageId: 'keySerialised' },
    { code: withSink(b, header, "  log.error('bad', Plaintext);", 'iv, data, log'), line: 5, column: 3, messageId: 'keyLogged' },
    { code: withSink(b, header, '  console.trace(Plaintext, CiphertextBlob);'), line: 5, column: 3, messageId: 'keyLogged' },
    { code: withSink(b, header, "  console.error(String(Plaintext));"), line: 5, column: 17, messageId: 'keySerialised' },
    { code: withSink(b, header, "  console.dir(Plaintext);"), line: 5, column: 3, messageId: 'keyLogged' },
  ];
}

function validCases(b: Bang, header = V3): string[] {
  return [
    // Only passed to a cipher and wiped.
    withSink(b, header, '  void 0;'),
    // The encrypted key is logged, not the plaintext.
    withSink(b, header, "  console.log(Buffer.from(CiphertextBlob).toString('base64'));"),
    // The KeyId is logged.
    withSink(b, header, "  console.log('made a data key for', 'k');"),
    // The key length is logged (a number, not key bytes).
    withSink(b, header, '  console.log(Plaintext.length);'),
    // A wipe before logging anything.
    withSink(b, header, "  console.info('data key ready');"),
    // Returned from an unexported helper (the caller wipes): not an exposure this rule reports.
    lines(header, 'async function newKey() {', GDK, '  return { key: Plaintext, wrapped: CiphertextBlob };', '}', "export async function seal(iv, data) { const k = await newKey(); try { return createCipheriv('aes-256-gcm', k.key, iv).update(data); } finally { k.key.fill(0); } }"),
    // A Decrypt whose result is not used as a key: not key material (a secret, other rules).
    lines(header, 'export async function reveal(blob) {', "  const res = await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: blob, EncryptionContext: { a: 'b' } }));", '  console.log(res.KeyId);', '  return res.Plaintext;', '}'),
    // The encrypted key in a template.
    withSink(b, header, "  console.log(`wrapped=${Buffer.from(CiphertextBlob).toString('hex')}`);"),
    // A key comparison (a read).
    withSink(b, header, "  if (Plaintext.length !== 32) throw new Error('bad key');"),
    // The whole response passed to an unknown function: unknown, silent.
    lines(header, 'export async function seal(save) {', "  const res = await kms.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { a: 'b' } }));", '  await save(res);', '}'),
  ];
}

const toInvalid = ({ line, column, messageId, code }: ReturnType<typeof invalidCases>[number]) => ({ code, errors: [{ messageId, line, column }] });

plainJsTester.run('no-data-key-exposure (plain JS)', rule, {
  valid: validCases(none),
  invalid: [
    ...invalidCases(none).map(toInvalid),
    // The sample service's analytics extract: SDK v2, the key logged as base64.
    {
      code: lines(V2, 'export async function extract(id, iv, rows) {', "  const data = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { a: 'b' } }).promise();", '  const dataKey = data.Plaintext;', "  console.debug(`[extract] ${id} data key=${dataKey.toString('base64')}`);", "  try { return createCipheriv('aes-256-gcm', dataKey, iv).update(rows); } finally { dataKey.fill(0); }", '}'),
      errors: [{ messageId: 'keySerialised', line: 6, column: 45 }],
    },
  ],
});

tsTester.run('no-data-key-exposure (TypeScript syntax)', rule, {
  valid: validCases(bang),
  invalid: invalidCases(bang).map(toInvalid),
});

const TYPED = "import type { KMSClient } from '@aws-sdk/client-kms'; import { GenerateDataKeyCommand, DecryptCommand } from '@aws-sdk/client-kms'; import { createCipheriv } from 'node:crypto';\ndeclare const kms: KMSClient;";

typedTester.run('no-data-key-exposure (typed)', rule, {
  valid: validCases(bang, TYPED),
  invalid: invalidCases(bang, TYPED).map(toInvalid),
});

// Key flow: a helper returns the key, the caller exposes it (issue 8).

/** 1-based line and column of the only occurrence of `needle` in `code`. */
function at(code: string, needle: string): { line: number; column: number } {
  const index = code.indexOf(needle);
  if (index < 0 || code.indexOf(needle, index + 1) >= 0) throw new Error(`"${needle}" must occur exactly once`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
const HELPER = lines(V3, 'async function newKey() {', GDK, '  return Plaintext;', '}');
const loggedReturned = lines(HELPER, 'export async function seal(iv) {', '  const key = await newKey();', "  console.debug('key', key);", "  try { return createCipheriv('aes-256-gcm', key, iv); } finally { key.fill(0); }", '}');
const serialisedReturned = lines(HELPER, 'export async function seal(iv, log) {', '  const key = await newKey();', "  console.info(`key=${key.toString('base64')}`);", "  try { return createCipheriv('aes-256-gcm', key, iv); } finally { key.fill(0); }", '}');

plainJsTester.run('no-data-key-exposure (plain JS, returned keys)', rule, {
  valid: [
    // The caller only uses and wipes the key.
    lines(HELPER, 'export async function seal(iv) {', '  const key = await newKey();', "  try { return createCipheriv('aes-256-gcm', key, iv); } finally { key.fill(0); }", '}'),
    // The caller logs the key's length, not the key.
    lines(HELPER, 'export async function seal(iv) {', '  const key = await newKey();', '  console.debug(key.length);', "  try { return createCipheriv('aes-256-gcm', key, iv); } finally { key.fill(0); }", '}'),
  ],
  invalid: [
    { code: loggedReturned, errors: [{ messageId: 'keyLogged', ...at(loggedReturned, 'console.debug') }] },
    { code: serialisedReturned, errors: [{ messageId: 'keySerialised', ...at(serialisedReturned, "key.toString('base64')") }] },
  ],
});
