import rule, { type Options } from '../../src/rules/prefer-generate-data-key-without-plaintext.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/** Two header lines; the snippets start on line 3. */
const V3 = "import { KMSClient, GenerateDataKeyCommand, GenerateDataKeyPairCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});";
const V2 = "import AWS from 'aws-sdk';\nconst kms = new AWS.KMS();";
const lines = (...parts: string[]): string => parts.join('\n');
/** `x!` in the TypeScript levels, `x` in plain JS. */
type Bang = (expression: string) => string;
const none: Bang = (expression) => expression;
const bang: Bang = (expression) => `${expression}!`;

const GDK = "new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { tenant: 't' } })";

/**
 * Shared by the three levels. The GenerateDataKey call is always `  const x = await kms.send(new …` on its own line, so
 * `new` is at column 27 for `const res`, 40 for `const { CiphertextBlob }`; see each case.
 */
function invalidCases(b: Bang, header = V3): { code: string; line: number; column: number; options?: Options }[] {
  return [
    // Only CiphertextBlob destructured.
    { code: lines(header, 'export async function provision() {', `  const { CiphertextBlob } = await kms.send(${GDK});`, '  return { wrapped: CiphertextBlob };', '}'), line: 4, column: 45 },
    // A response variable of which only CiphertextBlob is read.
    { code: lines(header, 'export async function provision(store) {', `  const res = await kms.send(${GDK});`, `  store.put(Buffer.from(${b('res.CiphertextBlob')}).toString('base64'));`, '}'), line: 4, column: 30 },
    // The sample service's provisionTenant: a presence check, then only the ciphertext.
    { code: lines(header, 'export async function provision(id) {', `  const indexKey = await kms.send(${GDK});`, "  if (!indexKey.CiphertextBlob) throw new Error('no key');", '  return { id, wrapped: Buffer.from(indexKey.CiphertextBlob) };', '}'), line: 4, column: 35 },
    // Member read straight off the awaited call.
    { code: lines(header, 'export async function wrapped() {', `  const blob = (await kms.send(${GDK})).CiphertextBlob;`, '  return blob;', '}'), line: 4, column: 32 },
    // Plaintext destructured but never read.
    { code: lines(header, 'export async function provision() {', `  const { Plaintext, CiphertextBlob } = await kms.send(${GDK});`, '  return CiphertextBlob;', '}'), line: 4, column: 56 },
    // An alias destructured later.
    { code: lines(header, 'export async function provision() {', `  const res = await kms.send(${GDK});`, '  const { CiphertextBlob, KeyId } = res;', '  return { CiphertextBlob, KeyId };', '}'), line: 4, column: 30 },
    // Optional chaining on the response.
    { code: lines(header, 'export async function provision() {', `  const res = await kms.send(${GDK});`, '  return res?.CiphertextBlob;', '}'), line: 4, column: 30 },
    // A key pair whose private key plaintext is never read.
    { code: lines(header, 'export async function pair() {', "  const res = await kms.send(new GenerateDataKeyPairCommand({ KeyId: 'k', KeyPairSpec: 'RSA_2048' }));", '  return { publicKey: res.PublicKey, wrapped: res.PrivateKeyCiphertextBlob };', '}'), line: 4, column: 30 },
    // A then-callback that reads only CiphertextBlob.
    { code: lines(header, 'export function provision() {', `  return kms.send(${GDK})`, '    .then((res) => res.CiphertextBlob);', '}'), line: 4, column: 19 },
    // KeyId and CiphertextBlob kept, Plaintext not.
    { code: lines(header, 'export async function provision(table) {', `  const { CiphertextBlob, KeyId } = await kms.send(${GDK});`, '  await table.put({ keyId: KeyId, wrapped: CiphertextBlob });', '}'), line: 4, column: 52 },
  ];
}

function validCases(b: Bang, header = V3): string[] {
  return [
    // Plaintext read: the data key is used.
    lines(header, "import { createCipheriv } from 'node:crypto';", 'export async function seal(iv, data) {', `  const { Plaintext, CiphertextBlob } = await kms.send(${GDK});`, `  const c = createCipheriv('aes-256-gcm', ${b('Plaintext')}, iv);`, '  return { wrapped: CiphertextBlob, body: c.update(data) };', '}'),
    // Plaintext read through the response variable.
    lines(header, 'export async function key() {', `  const res = await kms.send(${GDK});`, '  return { key: res.Plaintext, wrapped: res.CiphertextBlob };', '}'),
    // The response returned whole: what the caller reads is unknown.
    lines(header, 'export async function newKey() {', `  const res = await kms.send(${GDK});`, '  return res;', '}'),
    // The response passed whole to a function.
    lines(header, 'export async function provision(save) {', `  const res = await kms.send(${GDK});`, '  await save(res);', '}'),
    // A rest element keeps every other member.
    lines(header, 'export async function provision() {', `  const { KeyId, ...rest } = await kms.send(${GDK});`, '  return rest;', '}'),
    // A computed member read.
    lines(header, 'export async function pick(member) {', `  const res = await kms.send(${GDK});`, '  return res[member];', '}'),
    // The response stored on an object.
    lines(header, 'export async function provision(holder) {', `  holder.key = await kms.send(${GDK});`, '}'),
    // Already GenerateDataKeyWithoutPlaintext (a different operation).
    lines("import { KMSClient, GenerateDataKeyWithoutPlaintextCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});", 'export async function provision() {', "  const { CiphertextBlob } = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: 'k', KeySpec: 'AES_256' }));", '  return CiphertextBlob;', '}'),
    // The response reassigned: the second value is unknown.
    lines(header, 'export async function provision() {', `  let res = await kms.send(${GDK});`, `  res = await kms.send(${GDK});`, '  return res.Plaintext;', '}'),
    // Neither member read (the response is discarded): nothing to say about CiphertextBlob.
    lines(header, 'export async function warm() {', `  await kms.send(${GDK});`, '}'),
    // A key pair whose private key is used.
    lines(header, 'export async function pair() {', "  const res = await kms.send(new GenerateDataKeyPairCommand({ KeyId: 'k', KeyPairSpec: 'RSA_2048' }));", '  return { privateKey: res.PrivateKeyPlaintext, wrapped: res.PrivateKeyCiphertextBlob };', '}'),
  ];
}

const errors = (line: number, column: number) => [{ messageId: 'plaintextNeverRead' as const, line, column }];

plainJsTester.run('prefer-generate-data-key-without-plaintext (plain JS)', rule, {
  valid: [
    ...validCases(none),
    // Key pairs switched off.
    { code: lines(V3, 'export async function pair() {', "  const res = await kms.send(new GenerateDataKeyPairCommand({ KeyId: 'k', KeyPairSpec: 'RSA_2048' }));", '  return res.PrivateKeyCiphertextBlob;', '}'), options: [{ checkKeyPairs: false }] },
    // SDK v2 callback whose data is passed on whole.
    lines(V2, 'export function provision(done) {', "  kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' }, (err, data) => done(err, data));", '}'),
  ],
  invalid: [
    ...invalidCases(none).map(({ line, column, ...rest }) => ({ ...rest, errors: errors(line, column) })),
    // SDK v2 promise style.
    { code: lines(V2, 'export async function provision() {', "  const data = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' }).promise();", '  return data.CiphertextBlob;', '}'), errors: errors(4, 22) },
  ],
});

tsTester.run('prefer-generate-data-key-without-plaintext (TypeScript syntax)', rule, {
  valid: [
    ...validCases(bang),
    // `as` cast of the whole response handed on.
    lines(V3, 'export async function provision(save: (x: unknown) => void) {', `  const res = await kms.send(${GDK});`, '  save(res as unknown);', '}'),
  ],
  invalid: [
    ...invalidCases(bang).map(({ line, column, ...rest }) => ({ ...rest, errors: errors(line, column) })),
    // A non-null assertion on the response.
    { code: lines(V3, 'export async function provision(): Promise<Uint8Array> {', `  const res = await kms.send(${GDK});`, '  return res!.CiphertextBlob!;', '}'), errors: errors(4, 30) },
  ],
});

/** Typed: the client is declared with its type only. */
const TYPED = "import type { KMSClient } from '@aws-sdk/client-kms'; import { GenerateDataKeyCommand, GenerateDataKeyPairCommand } from '@aws-sdk/client-kms';\ndeclare const kms: KMSClient;";
const TYPED_AGGREGATED = "import type { KMS } from '@aws-sdk/client-kms';\ndeclare const kms: KMS;";

typedTester.run('prefer-generate-data-key-without-plaintext (typed)', rule, {
  valid: [
    ...validCases(bang, TYPED),
    lines(TYPED_AGGREGATED, 'export async function key() {', "  const res = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' });", '  return res.Plaintext;', '}'),
  ],
  invalid: [
    ...invalidCases(bang, TYPED).map(({ line, column, ...rest }) => ({ ...rest, errors: errors(line, column) })),
    // An aggregated client known only by its type.
    { code: lines(TYPED_AGGREGATED, 'export async function wrapped() {', "  const res = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' });", '  return res.CiphertextBlob;', '}'), errors: errors(4, 21) },
  ],
});
