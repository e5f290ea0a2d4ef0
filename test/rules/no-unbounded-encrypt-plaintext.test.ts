import rule from '../../src/rules/no-unbounded-encrypt-plaintext.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

const V3 = "import { KMSClient, EncryptCommand, GenerateDataKeyCommand, DecryptCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\n";
const RSA_2048_NOTE = ' with an RSA_2048 key (assumed: the key spec is not visible in code; set the rsaKeySpec option if yours differs)';
const SYMMETRIC = { algorithm: 'SYMMETRIC_DEFAULT', limit: '4096', assumption: '' };

/** An Encrypt call with `plaintext` as the Plaintext member (line 3 of the snippet when it starts the body). */
const encrypt = (plaintext: string, extra = ''): string =>
  `await kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: ${plaintext}, EncryptionContext: { purpose: 'test' }${extra} }));`;

plainJsTester.run('no-unbounded-encrypt-plaintext (plain JS)', rule, {
  valid: [
    // A small literal.
    `${V3}${encrypt("Buffer.from('hello', 'utf8')")}`,
    // Exactly at the limit: 4096 bytes is allowed.
    `${V3}${encrypt("'a'.repeat(4096)")}`,
    // Random bytes of a known, small size.
    `${V3}import { randomBytes } from 'node:crypto';\n${encrypt('randomBytes(32)')}`,
    // A data key's bytes (GenerateDataKey Plaintext is at most 1024 bytes).
    `${V3}const { Plaintext: dataKey } = await kms.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' }));\n${encrypt('dataKey')}`,
    // A Decrypt result (at most 4096 bytes: KMS encrypted it).
    `${V3}export async function move(blob) {\n  const out = await kms.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: 'k' }));\n  ${encrypt('out.Plaintext')}\n}`,
    // An unknown parameter: not reported by default.
    `${V3}export async function seal(data) { ${encrypt('data')} }`,
    // An environment variable is not an unbounded source.
    `${V3}${encrypt('Buffer.from(process.env.API_TOKEN)')}`,
    // File read behind an exit guard on the same variable.
    `${V3}import { readFileSync } from 'node:fs';\nexport async function seal(p) {\n  const buf = readFileSync(p);\n  if (buf.byteLength > 4096) throw new Error('too large');\n  ${encrypt('buf')}\n}`,
    // Request body behind a guard through Buffer.byteLength and a named constant; the guard is on the body, the use is a copy.
    `${V3}const LIMIT = 4096;\napp.post('/secrets', async (req, res) => {\n  if (Buffer.byteLength(req.body) > LIMIT) return res.status(413).end();\n  const copy = Buffer.from(req.body);\n  ${encrypt('copy')}\n});`,
    // An enclosing guard.
    `${V3}import fs from 'node:fs';\nconst data = fs.readFileSync('f');\nif (data.length <= 4096) {\n  ${encrypt('data')}\n}`,
    // An assert() guard.
    `${V3}import assert from 'node:assert';\nimport { readFile } from 'node:fs/promises';\nconst data = await readFile('f');\nassert(data.length <= 1024);\n${encrypt('data')}`,
    // A loop that stops reading at the limit.
    `${V3}import { createReadStream } from 'node:fs';\nconst chunks = [];\nlet size = 0;\nfor await (const chunk of createReadStream('f')) {\n  size += chunk.length;\n  if (size > 4096) throw new Error('too large');\n  chunks.push(chunk);\n}\n${encrypt('Buffer.concat(chunks)')}`,
    // A loop over a literal list has a known count.
    `${V3}const parts = [];\nfor (const name of ['a', 'b']) parts.push(Buffer.from(name));\n${encrypt('Buffer.concat(parts)')}`,
    // A slice to the limit.
    `${V3}import { readFileSync } from 'fs';\n${encrypt("readFileSync('f').subarray(0, 4096)")}`,
    // Option: unbounded sources are not checked.
    { code: `${V3}import { readFileSync } from 'fs';\n${encrypt("readFileSync('f')")}`, options: [{ checkUnboundedSources: false }] },
    // RSA with a plaintext under 190 bytes.
    `${V3}${encrypt("'r'.repeat(190)", ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'")}`,
    // An algorithm chosen at run time: only sizes over every limit are definite; 1000 bytes may be fine.
    `${V3}export async function f(alg) { ${encrypt("'x'.repeat(1000)", ', EncryptionAlgorithm: alg')} }`,
    // Not KMS: a local object with an encrypt method.
    "import { readFileSync } from 'fs';\nconst vault = { encrypt() {} };\nvault.encrypt({ KeyId: 'k', Plaintext: readFileSync('f') });",
    // The Encryption SDK does envelope encryption itself: no size limit.
    "import { buildClient } from '@aws-crypto/client-node';\nimport { readFileSync } from 'fs';\nconst { encrypt } = buildClient();\nawait encrypt(keyring, readFileSync('f'), { encryptionContext: { a: 'b' } });",
    // Sign is another rule's business.
    "import { KMS } from '@aws-sdk/client-kms';\nimport { readFileSync } from 'fs';\nawait new KMS({}).sign({ KeyId: 'k', Message: readFileSync('f'), SigningAlgorithm: 'ECDSA_SHA_256' });",
    // A helper of the same file that throws on the size of its parameter, called before the Encrypt.
    `${V3}import fs from 'node:fs';\nfunction checkSize(b) {\n  if (b.byteLength > 4096) throw new Error('too big');\n}\nexport async function seal(path) {\n  const buf = fs.readFileSync(path);\n  checkSize(buf);\n  ${encrypt('buf')}\n}`,
    // The same helper as an arrow function with an assert() inside, called with await.
    `${V3}import assert from 'node:assert';\nimport { readFile } from 'node:fs/promises';\nconst checkSize = async (b) => assert(b.length <= 4096, 'too big');\nexport async function seal(path) {\n  const buf = await readFile(path);\n  await checkSize(buf);\n  ${encrypt('buf')}\n}`,
    // A helper that compares a length it is given.
    `${V3}import { readFileSync } from 'node:fs';\nfunction checkLength(n) {\n  if (n > 4096) throw new RangeError('too big');\n}\nexport async function seal(path) {\n  const buf = readFileSync(path);\n  checkLength(buf.length);\n  ${encrypt('buf')}\n}`,
    // A predicate helper in the test of an exit guard: not evaluated, but a size check, so unknown.
    `${V3}import { readFileSync } from 'node:fs';\nconst isSmall = (b) => b.length <= 4096;\nexport async function seal(path) {\n  const buf = readFileSync(path);\n  if (!isSmall(buf)) throw new Error('too big');\n  ${encrypt('buf')}\n}`,
    // assert.ok and invariant.
    `${V3}import assert from 'node:assert';\nimport { readFileSync } from 'node:fs';\nexport async function seal(path) {\n  const buf = readFileSync(path);\n  assert.ok(buf.byteLength < 4096);\n  ${encrypt('buf')}\n}`,
    `${V3}import invariant from 'tiny-invariant';\nimport { readFileSync } from 'node:fs';\nexport async function seal(path) {\n  const buf = readFileSync(path);\n  invariant(buf.length <= 4096, 'too big');\n  ${encrypt('buf')}\n}`,
    // A file-size guard on the same path, then the read inline.
    `${V3}import fs from 'node:fs';\nexport async function seal(path) {\n  if (fs.statSync(path).size > 4096) throw new Error('too big');\n  ${encrypt('fs.readFileSync(path)')}\n}`,
    // The same with fs/promises stat, awaited inline.
    `${V3}import { readFile, stat } from 'node:fs/promises';\nexport async function seal(path) {\n  if ((await stat(path)).size > 4096) throw new Error('too big');\n  const data = await readFile(path);\n  ${encrypt('data')}\n}`,
    // fs.promises.stat through a const, and a destructured size with a literal path.
    `${V3}import fs from 'node:fs';\nexport async function seal(path) {\n  const info = await fs.promises.stat(path);\n  if (info.size > 4096) return;\n  ${encrypt('await fs.promises.readFile(path)')}\n}`,
    `${V3}import { readFileSync, statSync } from 'node:fs';\nconst { size } = statSync('secret.txt');\nif (size > 4096) throw new Error('too big');\n${encrypt("readFileSync('secret.txt')")}`,
    // A guard on an equivalent recomputation: Buffer.from(text) checked, Buffer.from(text) encrypted.
    `${V3}import { readFileSync } from 'node:fs';\nexport async function seal(path) {\n  const text = readFileSync(path, 'utf8');\n  const bytes = Buffer.from(text);\n  if (bytes.byteLength > 4096) throw new Error('too big');\n  ${encrypt('Buffer.from(text)')}\n}`,
    // Buffer.byteLength of the source string, then a re-encoding of it.
    `${V3}export async function POST(request) {\n  const text = await request.text();\n  if (Buffer.byteLength(text) > 4096) return new Response(null, { status: 413 });\n  ${encrypt('Buffer.from(text)')}\n}`,
    // The string's .length (UTF-16 units; accepted as a deliberate check), then the encoded bytes through a const.
    `${V3}export async function POST(request) {\n  const text = await request.text();\n  const bytes = new TextEncoder().encode(text);\n  if (text.length > 4096) throw new Error('too big');\n  ${encrypt('bytes')}\n}`,
    // A check on a trimmed copy: derived, so its bound is unknown and nothing is reported.
    `${V3}export async function POST(request) {\n  const text = await request.text();\n  if (text.trim().length > 4096) throw new Error('too big');\n  ${encrypt('Buffer.from(text)')}\n}`,
    // A size check that cannot be evaluated (an escape hatch beside it): unknown, not reported.
    `${V3}import { readFileSync } from 'node:fs';\nexport async function seal(path, force) {\n  const buf = readFileSync(path);\n  if (buf.length > 4096 && !force) throw new Error('too big');\n  ${encrypt('buf')}\n}`,
    // A size check whose branch leaves only sometimes: unknown, not reported.
    `${V3}import { readFileSync } from 'node:fs';\nexport async function seal(path, strict) {\n  const buf = readFileSync(path);\n  if (buf.length > 4096) {\n    if (strict) throw new Error('too big');\n  }\n  ${encrypt('buf')}\n}`,
    // The size measured into a const first.
    `${V3}import { readFileSync } from 'node:fs';\nexport async function seal(path) {\n  const buf = readFileSync(path);\n  const length = buf.length;\n  if (length > 4096) throw new Error('too big');\n  ${encrypt('buf')}\n}`,
  ],
  invalid: [
    {
      // A 5,000-byte string literal (the v2 SDK accepts strings).
      code: `const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();\nawait kms.encrypt({ KeyId: 'k', Plaintext: '${'a'.repeat(5000)}' }).promise();`,
      errors: [{ messageId: 'plaintextTooLarge', line: 3, data: { ...SYMMETRIC, size: '5000' } }],
    },
    {
      // 2,000 '€' characters are 6,000 UTF-8 bytes.
      code: `${V3}${encrypt("Buffer.from('€'.repeat(2000), 'utf8')")}`,
      errors: [{ messageId: 'plaintextTooLarge', line: 3, data: { ...SYMMETRIC, size: '6000' } }],
    },
    {
      // Buffer.alloc(8192) through a const.
      code: `${V3}const payload = Buffer.alloc(8192);\n${encrypt('payload')}`,
      errors: [{ messageId: 'plaintextTooLarge', line: 4, data: { ...SYMMETRIC, size: '8192' } }],
    },
    {
      // RSAES_OAEP_SHA_256: 190 bytes with an (assumed) RSA_2048 key.
      code: `${V3}${encrypt("'r'.repeat(200)", ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'")}`,
      errors: [{ messageId: 'plaintextTooLarge', line: 3, data: { size: '200', limit: '190', algorithm: 'RSAES_OAEP_SHA_256', assumption: RSA_2048_NOTE } }],
    },
    {
      // RSAES_OAEP_SHA_1 with the rsaKeySpec option: RSA_3072 allows 342 bytes.
      code: `${V3}${encrypt("'r'.repeat(400)", ", EncryptionAlgorithm: 'RSAES_OAEP_SHA_1'")}`,
      options: [{ rsaKeySpec: 'RSA_3072' }],
      errors: [{ messageId: 'plaintextTooLarge', line: 3, data: { size: '400', limit: '342', algorithm: 'RSAES_OAEP_SHA_1', assumption: RSA_2048_NOTE.replace('RSA_2048', 'RSA_3072') } }],
    },
    {
      // readFileSync from node:fs.
      code: `${V3}import { readFileSync } from 'node:fs';\nexport async function seal(path) {\n  ${encrypt('readFileSync(path)')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 5, data: { ...SYMMETRIC, source: 'a file read (readFileSync)' } }],
    },
    {
      // fs.promises.readFile through a default import and a const.
      code: `${V3}import fs from 'fs';\nconst data = await fs.promises.readFile('big.json');\n${encrypt('data')}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 5, data: { ...SYMMETRIC, source: 'a file read (fs.promises.readFile)' } }],
    },
    {
      // A guard whose bound is above the KMS limit does not help.
      code: `${V3}import { readFile } from 'fs/promises';\nconst MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;\nexport async function seal(p) {\n  const doc = await readFile(p);\n  if (doc.length > MAX_DOCUMENT_BYTES) throw new Error('too big');\n  ${encrypt('doc')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 8 }],
    },
    {
      // A stream read into chunks in a for-await loop, then concatenated.
      code: `${V3}import { createReadStream } from 'node:fs';\nexport async function seal(p) {\n  const chunks = [];\n  for await (const chunk of createReadStream(p)) chunks.push(chunk);\n  ${encrypt('Buffer.concat(chunks)')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 7, data: { ...SYMMETRIC, source: 'a buffer or string grown in a loop (chunks.push() in a loop)' } }],
    },
    {
      // An S3 object body.
      code: `${V3}import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nexport async function seal(Key) {\n  const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'b', Key }));\n  const bytes = await Body.transformToByteArray();\n  ${encrypt('bytes')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 8, data: { ...SYMMETRIC, source: 'an S3 GetObject Body (GetObject Body.transformToByteArray())' } }],
    },
    {
      // An express-style handler's request body, serialised.
      code: `${V3}app.post('/profile', async (req, res) => {\n  ${encrypt('Buffer.from(JSON.stringify(req.body))')}\n  res.sendStatus(204);\n});`,
      errors: [{ messageId: 'plaintextUnbounded', line: 4, data: { ...SYMMETRIC, source: 'an HTTP request body (req.body)' } }],
    },
    {
      // A Lambda handler's event.body.
      code: `${V3}export const handler = async (event) => {\n  ${encrypt("Buffer.from(event.body ?? '', 'utf8')")}\n  return { statusCode: 204 };\n};`,
      errors: [{ messageId: 'plaintextUnbounded', line: 4, data: { ...SYMMETRIC, source: 'an HTTP request body (event.body)' } }],
    },
    {
      // A fetch-style route handler reading the body.
      code: `${V3}export async function POST(request) {\n  const text = await request.text();\n  ${encrypt('new TextEncoder().encode(text)')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 5, data: { ...SYMMETRIC, source: 'an HTTP request body (request.text())' } }],
    },
    {
      // A fetch response body.
      code: `${V3}const res = await fetch('https://example.com/export');\nconst body = Buffer.from(await res.arrayBuffer());\n${encrypt('body')}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 5, data: { ...SYMMETRIC, source: 'a fetch response body (fetch().arrayBuffer())' } }],
    },
    {
      // A string grown in a loop.
      code: `${V3}export async function seal(rows) {\n  let csv = '';\n  for (const row of rows) csv += row.join(',') + '\\n';\n  ${encrypt('Buffer.from(csv)')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 6 }],
    },
    {
      // JSON.stringify of an array literal with a spread.
      code: `${V3}export async function seal(items) {\n  ${encrypt("Buffer.from(JSON.stringify([...items, 'end']))")}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 4, data: { ...SYMMETRIC, source: 'JSON.stringify of a collection of unknown size (JSON.stringify)' } }],
    },
    {
      // fs.readFile with a callback, v2 client, through a helper of the same file.
      code: "const fs = require('fs');\nconst KMS = require('aws-sdk/clients/kms');\nconst kms = new KMS();\nfunction seal(data, cb) {\n  kms.encrypt({ KeyId: 'k', Plaintext: data }, cb);\n}\nfs.readFile('f', (err, data) => seal(data, () => {}));",
      errors: [{ messageId: 'plaintextUnbounded', line: 5, data: { ...SYMMETRIC, source: 'a file read (readFile)' } }],
    },
    {
      // A helper of the same file returns the collected stream.
      code: `${V3}async function readAll(stream) {\n  const parts = [];\n  stream.on('data', (c) => parts.push(c));\n  await new Promise((r) => stream.on('end', r));\n  return Buffer.concat(parts);\n}\nexport async function seal(s) { ${encrypt('await readAll(s)')} }`,
      errors: [{ messageId: 'plaintextUnbounded', line: 9, data: { ...SYMMETRIC, source: "a buffer or string grown in a loop (parts.push() in a 'data' listener)" } }],
    },
    {
      // A helper that only logs the size is not a check.
      code: `${V3}import { readFileSync } from 'node:fs';\nfunction logSize(b) { console.log('size', b.length); }\nexport async function seal(path) {\n  const buf = readFileSync(path);\n  logSize(buf);\n  ${encrypt('buf')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 8, data: { ...SYMMETRIC, source: 'a file read (readFileSync)' } }],
    },
    {
      // A helper whose bound is above the KMS limit does not help.
      code: `${V3}import { readFileSync } from 'node:fs';\nfunction checkSize(b) {\n  if (b.byteLength > 10 * 1024 * 1024) throw new Error('too big');\n}\nexport async function seal(path) {\n  const buf = readFileSync(path);\n  checkSize(buf);\n  ${encrypt('buf')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 10 }],
    },
    {
      // A lower bound only (an emptiness check) says nothing about the size.
      code: `${V3}import { readFileSync } from 'node:fs';\nexport async function seal(path) {\n  const buf = readFileSync(path);\n  if (buf.length < 1) throw new Error('empty');\n  ${encrypt('buf')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 7 }],
    },
    {
      // The size of another file is no guard for this one.
      code: `${V3}import fs from 'node:fs';\nexport async function seal(path, other) {\n  if (fs.statSync(other).size > 4096) throw new Error('too big');\n  ${encrypt('fs.readFileSync(path)')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 6, data: { ...SYMMETRIC, source: 'a file read (readFileSync)' } }],
    },
    {
      // A guard on a value from another source is no guard for this one.
      code: `${V3}export async function POST(request) {\n  const text = await request.text();\n  const header = Buffer.from(request.headers.get('x-note'));\n  if (header.byteLength > 4096) throw new Error('too big');\n  ${encrypt('Buffer.from(text)')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 7 }],
    },
    {
      // The input object is built first; one branch of a conditional is too large.
      code: `${V3}export async function seal(flag) {\n  const input = { KeyId: 'k', Plaintext: flag ? Buffer.alloc(16) : Buffer.alloc(5000) };\n  await kms.send(new EncryptCommand(input));\n}`,
      errors: [{ messageId: 'plaintextTooLarge', line: 4, data: { ...SYMMETRIC, size: '5000' } }],
    },
  ],
});

tsTester.run('no-unbounded-encrypt-plaintext (TypeScript syntax)', rule, {
  valid: [
    `${V3}export async function seal(data: Uint8Array) { ${encrypt('data')} }`,
    `${V3}import { readFile } from 'node:fs/promises';\nexport async function seal(p: string): Promise<void> {\n  const data = (await readFile(p)) as Buffer;\n  if (data.byteLength > 4096) {\n    throw new RangeError('use envelope encryption');\n  }\n  ${encrypt('data!')}\n}`,
    `${V3}import type { Request, Response } from 'express';\nexport async function save(req: Request, res: Response) {\n  const body = req.body as string;\n  if (body.length > 2048) return void res.status(413).end();\n  ${encrypt('Buffer.from(body)')}\n}`,
    // A TypeScript assertion function checking the size.
    `${V3}import fs from 'node:fs';\nfunction assertSmall(b: Buffer): asserts b is Buffer {\n  if (b.length > 4096) throw new Error('too big');\n}\nexport async function seal(path: string, KeyId: string, EncryptionContext: Record<string, string>) {\n  const buf = fs.readFileSync(path);\n  assertSmall(buf);\n  await kms.send(new EncryptCommand({ KeyId, Plaintext: buf, EncryptionContext }));\n}`,
    // A file-size guard with a typed const path.
    `${V3}import { promises as fsp } from 'node:fs';\nexport async function seal(path: string): Promise<void> {\n  const { size } = await fsp.stat(path);\n  if (size > 4096) throw new RangeError('use envelope encryption');\n  ${encrypt('await fsp.readFile(path)')}\n}`,
  ],
  invalid: [
    {
      code: `${V3}import { readFile } from 'node:fs/promises';\nexport class Sealer {\n  constructor(private readonly path: string) {}\n  async seal(): Promise<void> {\n    const data = (await readFile(this.path)) as Buffer;\n    ${encrypt('data')}\n  }\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 8 }],
    },
    {
      code: `${V3}import type { Request, Response } from 'express';\nexport async function save(req: Request, res: Response) {\n  const body = req.body as string;\n  ${encrypt('Buffer.from(body)')}\n  res.end();\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 6, data: { ...SYMMETRIC, source: 'an HTTP request body (req.body)' } }],
    },
    {
      code: `${V3}import type { APIGatewayProxyEvent } from 'aws-lambda';\nexport async function main(evt: APIGatewayProxyEvent) {\n  ${encrypt('Buffer.from(evt.body!)')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 5, data: { ...SYMMETRIC, source: 'an HTTP request body (event.body)' } }],
    },
  ],
});

typedTester.run('no-unbounded-encrypt-plaintext (typed)', rule, {
  valid: [
    // A fixed-length tuple is not a collection of unknown size.
    `${V3}export async function seal(pair: [string, string]) { ${encrypt('Buffer.from(JSON.stringify(pair))')} }`,
    // An object type with known members.
    `${V3}interface Profile { name: string; email: string }\nexport async function seal(p: Profile) { ${encrypt('Buffer.from(JSON.stringify(p))')} }`,
    // A guard whose limit is only known from its type.
    `${V3}import { readFileSync } from 'node:fs';\ndeclare const LIMIT: 4096;\nconst data = readFileSync('f');\nif (data.length > LIMIT) throw new Error('too large');\n${encrypt('data')}`,
  ],
  invalid: [
    {
      // An array of unknown length.
      code: `${V3}interface Item { id: string }\nexport async function seal(items: Item[]) { ${encrypt('Buffer.from(JSON.stringify(items))')} }`,
      errors: [{ messageId: 'plaintextUnbounded', line: 4, data: { ...SYMMETRIC, source: 'JSON.stringify of a collection of unknown size (JSON.stringify)' } }],
    },
    {
      // A record (string index signature).
      code: `${V3}export async function seal(secrets: Record<string, string>) {\n  const json = JSON.stringify(secrets);\n  ${encrypt('Buffer.from(json)')}\n}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 5 }],
    },
    {
      // The guard's limit is known only from its type, and it is above the KMS limit.
      code: `${V3}import { readFileSync } from 'node:fs';\ndeclare const LIMIT: 10000;\nconst data = readFileSync('f');\nif (data.length > LIMIT) throw new Error('too large');\n${encrypt('data')}`,
      errors: [{ messageId: 'plaintextUnbounded', line: 7 }],
    },
    {
      // A KMS client received as a parameter (found by type) encrypting a tuple with a rest element.
      code: "import { EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';\nexport async function seal(client: KMSClient, rows: [string, ...string[]]) {\n  return client.send(new EncryptCommand({ KeyId: 'k', Plaintext: Buffer.from(JSON.stringify(rows)) }));\n}",
      errors: [{ messageId: 'plaintextUnbounded', line: 3 }],
    },
  ],
});
