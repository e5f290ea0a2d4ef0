/**
 * Table-driven tests of provenance: each row asks where the argument of `probe(…)` comes from and compares a compact
 * description of its origins (`kind(api):valueType`, `~` when mixed into a larger value) and the value's type.
 * A second table checks the length guards that bound an origin.
 */
import { describe, expect, it } from 'vitest';
import type { TSESTree } from '@typescript-eslint/utils';
import { walk } from '../../src/analysis/call-sites.js';
import type { FileAnalysis } from '../../src/analysis/index.js';
import {
  ProvenanceAnalysis,
  isFromEnv,
  isKmsResponseMember,
  isUnboundedOrigin,
  type Origin,
  type Provenance,
} from '../../src/analysis/provenance.js';
import { analyse, type ParseMode } from './harness.js';

function findProbeArgument(analysis: FileAnalysis): TSESTree.Node {
  let argument: TSESTree.Node | undefined;
  walk(analysis.sourceCode.ast, analysis.sourceCode.visitorKeys, (node) => {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'probe') argument = node.arguments[0];
  });
  if (!argument) throw new Error('no probe(...) call in the snippet');
  return argument;
}

function describeOrigin(origin: Origin): string {
  const api = origin.api ? `(${origin.api})` : '';
  const member = origin.member ? `.${origin.member}` : '';
  const size = origin.byteLength !== undefined ? `[${origin.byteLength}B]` : '';
  return `${origin.direct ? '' : '~'}${origin.kind}${api}${member}${size}:${origin.valueType}`;
}

function probe<T>(code: string, mode: ParseMode, inspect: (provenance: Provenance, analysis: ProvenanceAnalysis) => T): T {
  return analyse(code, mode, (analysis) => {
    const provenanceAnalysis = new ProvenanceAnalysis(analysis);
    return inspect(provenanceAnalysis.getProvenance(findProbeArgument(analysis)), provenanceAnalysis);
  });
}

const KMS = "import { KMSClient, DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\n";

const rows: Array<{ name: string; mode: ParseMode; code: string; expected: string }> = [
  { name: 'string literal', mode: 'js', code: "probe('abc');", expected: 'literal[3B]:string => string' },
  { name: 'UTF-8 bytes of a repeated literal', mode: 'js', code: "probe('€'.repeat(2000));", expected: 'literal[6000B]:string => string' },
  { name: 'Buffer.alloc', mode: 'js', code: 'probe(Buffer.alloc(8192));', expected: 'literal[8192B]:bytes => bytes' },
  { name: 'randomBytes', mode: 'js', code: "import { randomBytes } from 'node:crypto';\nprobe(randomBytes(32));", expected: 'random-bytes(randomBytes)[32B]:bytes => bytes' },
  { name: 'crypto.getRandomValues', mode: 'js', code: 'probe(crypto.getRandomValues(new Uint8Array(12)));', expected: 'random-bytes(crypto.getRandomValues)[12B]:bytes => bytes' },
  { name: 'readFileSync, bytes', mode: 'js', code: "import { readFileSync } from 'node:fs';\nprobe(readFileSync('f'));", expected: 'file-read(readFileSync):bytes => bytes' },
  { name: 'readFileSync with an encoding is a string', mode: 'js', code: "const fs = require('fs');\nprobe(fs.readFileSync('f', { encoding: 'utf8' }));", expected: 'file-read(readFileSync):string => string' },
  { name: 'fs.promises.readFile through await and a const', mode: 'js', code: "import * as fs from 'fs';\nconst data = await fs.promises.readFile('f');\nprobe(data);", expected: 'file-read(fs.promises.readFile):bytes => bytes' },
  { name: 'readFile from fs/promises, then toString', mode: 'js', code: "import { readFile } from 'node:fs/promises';\nprobe((await readFile('f')).toString('utf8'));", expected: 'file-read(readFile):string => string' },
  { name: 'readFile callback data', mode: 'js', code: "const fs = require('node:fs');\nfs.readFile('f', (err, data) => probe(data));", expected: 'file-read(readFile):bytes => bytes' },
  { name: 'createReadStream', mode: 'js', code: "import { createReadStream } from 'fs';\nprobe(createReadStream('f'));", expected: 'stream(createReadStream):other => other' },
  { name: 'chunks pushed in for-await, then concatenated', mode: 'js', code: "import { createReadStream } from 'fs';\nconst chunks = [];\nfor await (const c of createReadStream('f')) chunks.push(c);\nprobe(Buffer.concat(chunks));", expected: 'loop-accumulation(chunks.push() in a loop):bytes => bytes' },
  { name: 'string appended in a while loop', mode: 'js', code: "export function f(next) { let s = ''; let x; while ((x = next())) { s += x; } probe(s); }", expected: 'loop-accumulation(s appended in a loop):unknown => unknown' },
  { name: "chunks pushed in a 'data' listener", mode: 'js', code: "export function f(stream) { const parts = []; stream.on('data', (c) => parts.push(c)); stream.on('end', () => probe(Buffer.concat(parts))); }", expected: "loop-accumulation(parts.push() in a 'data' listener):bytes => bytes" },
  { name: 'a loop over a literal list is not an accumulation', mode: 'js', code: "const parts = [];\nfor (const p of ['a', 'b']) parts.push(p);\nprobe(parts.join(''));", expected: '~literal:string => string' },
  { name: 'S3 GetObject Body, destructured, transformToString', mode: 'js', code: "import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nconst { Body } = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));\nprobe(await Body.transformToString());", expected: 's3-object-body(GetObject Body.transformToString()):string => string' },
  { name: 'S3 GetObject Body through the response object (v2)', mode: 'js', code: "const AWS = require('aws-sdk');\nconst s3 = new AWS.S3();\nconst res = await s3.getObject({ Bucket: 'b', Key: 'k' }).promise();\nprobe(res.Body);", expected: 's3-object-body(GetObject Body):other => other' },
  { name: 'express req.body', mode: 'js', code: 'app.post("/x", (req, res) => { probe(req.body); res.end(); });', expected: 'http-request-body(req.body):unknown => unknown' },
  { name: 'Lambda event.body', mode: 'js', code: 'export const handler = async (event) => probe(event.body);', expected: 'http-request-body(event.body):string => string' },
  { name: 'exports.handler event.body', mode: 'js', code: 'exports.handler = async function (event, context) { return probe(JSON.parse(event.body)); };', expected: '~http-request-body(event.body):unknown => unknown' },
  { name: 'fetch-style request.arrayBuffer()', mode: 'js', code: 'export async function POST(request) { probe(await request.arrayBuffer()); }', expected: 'http-request-body(request.arrayBuffer()):bytes => bytes' },
  { name: 'fetch response text', mode: 'js', code: "const res = await fetch('https://example.com');\nprobe(await res.text());", expected: 'fetch-response-body(fetch().text()):string => string' },
  { name: 'a shadowed fetch is not the global', mode: 'js', code: "const fetch = (u) => ({ text: () => 'x' });\nprobe(fetch('u').text());", expected: 'unknown:unknown => unknown' },
  { name: 'JSON.stringify of a spread array literal', mode: 'js', code: 'export const f = (items) => probe(JSON.stringify([...items]));', expected: 'serialized-collection(JSON.stringify):string => string' },
  { name: 'JSON.stringify of a small object mixes its parts', mode: 'js', code: "probe(JSON.stringify({ a: process.env.A, b: 'x' }));", expected: '~env-var(process.env.A):string | ~literal:string => string' },
  { name: 'process.env member', mode: 'js', code: 'probe(process.env.DB_PASSWORD);', expected: 'env-var(process.env.DB_PASSWORD):string => string' },
  { name: 'destructured from process.env, then Buffer.from base64', mode: 'js', code: "const { SECRET_BLOB } = process.env;\nprobe(Buffer.from(SECRET_BLOB, 'base64'));", expected: 'env-var(process.env.SECRET_BLOB):bytes => bytes' },
  { name: 'env from node:process', mode: 'js', code: "import { env } from 'node:process';\nprobe(env['API_KEY']);", expected: 'env-var(process.env.API_KEY):string => string' },
  { name: 'Decrypt Plaintext, member of the response', mode: 'js', code: `${KMS}const out = await kms.send(new DecryptCommand({ CiphertextBlob: b }));\nprobe(out.Plaintext);`, expected: 'kms-response(Decrypt response).Plaintext:bytes => bytes' },
  { name: 'GenerateDataKey Plaintext, destructured and renamed', mode: 'js', code: `${KMS}const { Plaintext: key } = await kms.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' }));\nprobe(key);`, expected: 'kms-response(GenerateDataKey response).Plaintext:bytes => bytes' },
  { name: 'KMS response in a .then callback', mode: 'js', code: `${KMS}kms.send(new DecryptCommand({ CiphertextBlob: b })).then((res) => probe(res.Plaintext));`, expected: 'kms-response(Decrypt response).Plaintext:bytes => bytes' },
  { name: 'conditional: both alternatives', mode: 'js', code: "import { readFileSync } from 'fs';\nexport const f = (c) => probe(c ? readFileSync('f') : 'small');", expected: 'file-read(readFileSync):bytes | literal[5B]:string => unknown' },
  { name: 'a parameter with a visible call site', mode: 'js', code: "import { readFileSync } from 'fs';\nfunction seal(data) { probe(data); }\nseal(readFileSync('f'));", expected: 'file-read(readFileSync):bytes => bytes' },
  { name: 'an exported function parameter is unknown', mode: 'js', code: 'export function seal(data) { probe(data); }', expected: 'parameter:unknown => unknown' },
  { name: 'return value of a local helper', mode: 'js', code: "import { readFile } from 'fs/promises';\nasync function load(p) { return readFile(p, 'utf8'); }\nprobe(await load('x'));", expected: 'file-read(readFile):string => string' },
  { name: 'TypeScript wrappers are transparent', mode: 'ts', code: "import { readFileSync } from 'node:fs';\nprobe((readFileSync('f') as Buffer)!);", expected: 'file-read(readFileSync):bytes => bytes' },
  { name: 'express handler by annotation', mode: 'ts', code: "import type { Request } from 'express';\nexport function save(request: Request, next: () => void) { probe(request.body); }", expected: 'http-request-body(req.body):unknown => unknown' },
  // ---- recall patterns (issue 7) ----
  { name: 'JSON.stringify of a parameter array mapped', mode: 'js', code: 'export const f = (items) => probe(JSON.stringify(items.map((item) => item.id)));', expected: 'serialized-collection(JSON.stringify):string => string' },
  { name: 'JSON.stringify of a literal list mapped is not a collection', mode: 'js', code: "probe(JSON.stringify(['a', 'b'].map((x) => x)));", expected: '~unknown:string => string' },
  {
    name: 'a value passed to a method of the same class through this.',
    mode: 'js',
    code: "import { readFileSync } from 'fs';\nexport class Sealer {\n  seal(data) { return probe(data); }\n  sealFile(path) { return this.seal(readFileSync(path)); }\n}",
    // Callers outside the class stay unknown (a public method); the one inside passes a whole file.
    expected: 'parameter:unknown | file-read(readFileSync):bytes => unknown',
  },
  {
    name: 'a private method has no callers but its class',
    mode: 'ts',
    code: "import { readFileSync } from 'fs';\nexport class Sealer {\n  private seal(data: Buffer) { return probe(data); }\n  sealFile(path: string) { return this.seal(readFileSync(path)); }\n}",
    expected: 'file-read(readFileSync):bytes => bytes',
  },
  {
    name: 'a method passed as a value keeps its parameter unknown',
    mode: 'js',
    code: "import { readFileSync } from 'fs';\nexport class Sealer {\n  seal(data) { return probe(data); }\n  all(list) { this.seal(readFileSync('f')); return list.map(this.seal); }\n}",
    expected: 'parameter:unknown => unknown',
  },
  { name: 'typed: JSON.stringify of an array parameter', mode: 'typed', code: 'export function f(items: number[]) { probe(JSON.stringify(items)); }', expected: 'serialized-collection(JSON.stringify):string => string' },
  { name: 'typed: JSON.stringify of a fixed tuple is not a collection', mode: 'typed', code: 'export function f(pair: [string, number]) { probe(JSON.stringify(pair)); }', expected: '~parameter:string => string' },
  { name: 'typed: the value type comes from the checker', mode: 'typed', code: 'export function f(s: string | undefined) { probe(s); }', expected: 'parameter:unknown => string' },
];

describe('getProvenance', () => {
  for (const row of rows) {
    it(`${row.name} (${row.mode})`, () => {
      const actual = probe(row.code, row.mode, (provenance) => `${provenance.origins.map(describeOrigin).join(' | ')} => ${provenance.valueType}`);
      expect(actual).toBe(row.expected);
    });
  }
});

describe('predicates for other rules', () => {
  it('isFromEnv: a ciphertext read from process.env', () => {
    expect(probe("probe(Buffer.from(process.env.CIPHERTEXT, 'base64'));", 'js', (provenance) => isFromEnv(provenance))).toBe(true);
    expect(probe("probe(Buffer.from('AAAA', 'base64'));", 'js', (provenance) => isFromEnv(provenance))).toBe(false);
  });
  it('isKmsResponseMember: the Plaintext of a Decrypt result, directly or re-encoded', () => {
    const code = `${KMS}const out = await kms.send(new DecryptCommand({ CiphertextBlob: b }));\nprobe(Buffer.from(out.Plaintext));`;
    expect(probe(code, 'js', (provenance) => isKmsResponseMember(provenance, 'Decrypt', 'Plaintext'))).toBe(true);
    expect(probe(code, 'js', (provenance) => isKmsResponseMember(provenance, 'GenerateDataKey', 'Plaintext'))).toBe(false);
  });
  it('isUnboundedOrigin: bodies and reads are, random bytes and env vars are not', () => {
    expect(probe("import { readFileSync } from 'fs';\nprobe(readFileSync('f'));", 'js', (provenance) => provenance.origins.every(isUnboundedOrigin))).toBe(true);
    expect(probe("import { randomBytes } from 'crypto';\nprobe(randomBytes(32));", 'js', (provenance) => provenance.origins.some(isUnboundedOrigin))).toBe(false);
    expect(probe('probe(process.env.X);', 'js', (provenance) => provenance.origins.some(isUnboundedOrigin))).toBe(false);
  });
});

/** Each row: the bounds (bytes, `?` when unknown) that hold for the first origin of the probe. */
const guardRows: Array<{ name: string; code: string; expected: string }> = [
  { name: 'no guard', code: "import { readFileSync } from 'fs';\nconst d = readFileSync('f');\nprobe(d);", expected: '' },
  { name: 'exit guard with throw', code: "import { readFileSync } from 'fs';\nconst d = readFileSync('f');\nif (d.byteLength > 4096) throw new Error('x');\nprobe(d);", expected: '4096' },
  { name: '>= is one less', code: "import { readFileSync } from 'fs';\nexport function f() { const d = readFileSync('f');\nif (d.length >= 1000) return;\nprobe(d); }", expected: '999' },
  { name: 'reversed operands', code: "import { readFileSync } from 'fs';\nconst d = readFileSync('f');\nif (4096 < d.length) throw new Error('x');\nprobe(d);", expected: '4096' },
  { name: 'enclosing if', code: "import { readFileSync } from 'fs';\nconst d = readFileSync('f');\nif (d.length <= 512) { probe(d); }", expected: '512' },
  { name: 'else branch of a > test', code: "import { readFileSync } from 'fs';\nconst d = readFileSync('f');\nif (d.length > 100) { console.log('big'); } else { probe(d); }", expected: '100' },
  { name: 'Buffer.byteLength on the source, use of a copy', code: "app.post('/', (req, res) => { if (Buffer.byteLength(req.body) > 2048) return res.end(); const c = Buffer.from(req.body); probe(c); });", expected: '2048' },
  { name: 'guard that does not exit', code: "import { readFileSync } from 'fs';\nconst d = readFileSync('f');\nif (d.length > 4096) console.warn('big');\nprobe(d);", expected: '' },
  { name: 'guard after the use', code: "import { readFileSync } from 'fs';\nexport function f() { const d = readFileSync('f');\nprobe(d);\nif (d.length > 4096) throw new Error('x'); }", expected: '' },
  { name: 'guard on another variable', code: "import { readFileSync } from 'fs';\nconst d = readFileSync('f');\nconst e = readFileSync('g');\nif (e.length > 10) throw new Error('x');\nprobe(d);", expected: '' },
  { name: 'limit written as arithmetic', code: "import { readFileSync } from 'fs';\nconst MAX = 4 * 1024;\nconst d = readFileSync('f');\nif (d.length > MAX) throw new Error('x');\nprobe(d);", expected: '4096' },
  { name: 'limit not known statically', code: "import { readFileSync } from 'fs';\nimport { MAX } from './limits.js';\nconst d = readFileSync('f');\nif (!d || d.length > MAX) throw new Error('x');\nprobe(d);", expected: '?' },
  { name: 'slice to a known end', code: "import { readFileSync } from 'fs';\nprobe(readFileSync('f').subarray(0, 256));", expected: '256' },
  { name: 'helper that throws on its parameter', code: "import { readFileSync } from 'fs';\nfunction check(b) { if (b.byteLength > 2000) throw new Error('x'); }\nconst d = readFileSync('f');\ncheck(d);\nprobe(d);", expected: '2000' },
  { name: 'helper that only reads the length', code: "import { readFileSync } from 'fs';\nfunction log(b) { console.log(b.length); }\nconst d = readFileSync('f');\nlog(d);\nprobe(d);", expected: '' },
  { name: 'helper on a measure', code: "import { readFileSync } from 'fs';\nconst check = (n) => { if (n >= 100) throw new Error('x'); };\nconst d = readFileSync('f');\ncheck(d.length);\nprobe(d);", expected: '99' },
  { name: 'local predicate in an exit guard', code: "import { readFileSync } from 'fs';\nfunction small(b) { return b.length < 10; }\nconst d = readFileSync('f');\nif (!small(d)) throw new Error('x');\nprobe(d);", expected: '?' },
  { name: 'conjunction that cannot be evaluated', code: "import { readFileSync } from 'fs';\nconst d = readFileSync('f');\nif (d.length > 4096 && !globalThis.force) throw new Error('x');\nprobe(d);", expected: '?' },
  { name: 'lower bound only', code: "import { readFileSync } from 'fs';\nconst d = readFileSync('f');\nif (d.length === 0) throw new Error('x');\nprobe(d);", expected: '' },
  { name: 'branch that only sometimes leaves', code: "import { readFileSync } from 'fs';\nexport function f(strict) { const d = readFileSync('f');\nif (d.length > 4096) { if (strict) return; }\nprobe(d); }", expected: '?' },
  { name: 'always-throwing helper in the branch', code: "import { readFileSync } from 'fs';\nfunction tooLarge() { throw new Error('x'); }\nconst d = readFileSync('f');\nif (d.length > 300) tooLarge();\nprobe(d);", expected: '300' },
  { name: 'length held in a const', code: "import { readFileSync } from 'fs';\nconst d = readFileSync('f');\nconst { byteLength } = d;\nif (byteLength > 64) throw new Error('x');\nprobe(d);", expected: '64' },
  { name: 'stat of the same path', code: "import { readFileSync, statSync } from 'fs';\nexport function f(p) { if (statSync(p).size > 1000) throw new Error('x');\nprobe(readFileSync(p)); }", expected: '1000' },
  { name: 'stat through a const after the read', code: "import fs from 'fs';\nexport async function f(p) { const d = await fs.promises.readFile(p);\nconst st = await fs.promises.stat(p);\nif (st.size > 1000) throw new Error('x');\nprobe(d); }", expected: '1000' },
  { name: 'stat of another path', code: "import { readFileSync, statSync } from 'fs';\nexport function f(p, q) { if (statSync(q).size > 1000) throw new Error('x');\nprobe(readFileSync(p)); }", expected: '' },
  { name: 'guard on an equivalent recomputation', code: "export async function POST(request) { const text = await request.text(); const bytes = Buffer.from(text, 'utf8'); if (bytes.length > 500) throw new Error('x'); probe(Buffer.from(text)); }", expected: '500' },
  { name: 'guard on the source, use of a re-encoded const', code: "export async function POST(request) { const text = await request.text(); const bytes = new TextEncoder().encode(text); if (text.length > 500) throw new Error('x'); probe(bytes); }", expected: '500' },
  { name: 'guard on a base64 re-encoding: derived, unknown size', code: "export async function POST(request) { const text = await request.text(); if (Buffer.from(text, 'base64').length > 500) throw new Error('x'); probe(Buffer.from(text)); }", expected: '?' },
  { name: 'counter guard inside the accumulating loop', code: "export async function f(stream) { const parts = []; let n = 0; for await (const c of stream) { n += c.length; if (n > 4096) throw new Error('x'); parts.push(c); } probe(Buffer.concat(parts)); }", expected: '4096' },
];

describe('getOriginBounds', () => {
  for (const row of guardRows) {
    it(row.name, () => {
      const actual = probe(row.code, 'js', (provenance, analysis) =>
        analysis
          .getOriginBounds(provenance.origins[0]!)
          .map((bound) => (bound.bytes === undefined ? '?' : String(bound.bytes)))
          .join(','),
      );
      expect(actual).toBe(row.expected);
    });
  }
});
