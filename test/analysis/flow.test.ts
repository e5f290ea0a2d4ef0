/**
 * Table-driven tests of the forward flow (`flow/tracker.ts`): each row tracks the binding `subject` of a snippet and
 * compares the uses that are not plain reads (kind, memory, derivation, container path, calls followed, detail) and
 * whether the flow is complete; a second table asks `flowsTo` three-valued questions.
 */
import { describe, expect, it } from 'vitest';
import type { TSESTree } from '@typescript-eslint/utils';
import { getFlow, type FlowUse, type FlowUseKind } from '../../src/analysis/index.js';
import { walk } from '../../src/analysis/call-sites.js';
import { analyse, type ParseMode } from './harness.js';

function describeUse(use: FlowUse): string {
  const memory = use.memory === 'copy' ? '(copy)' : use.memory === 'unknown' ? '(?)' : '';
  const derived = use.derived ? '~' : '';
  const path = use.path.length > 0 ? `[${use.path.join('.')}]` : '';
  const via = use.via.length > 0 ? `@${use.via.length}` : '';
  return `${use.kind}${memory}${derived}${path}${via}:${use.detail}`;
}

function findSubject(root: TSESTree.Node, visitorKeys: Parameters<typeof walk>[1]): TSESTree.Identifier {
  let subject: TSESTree.Identifier | undefined;
  walk(root, visitorKeys, (node) => {
    if (node.type === 'Identifier' && node.name === 'subject' && !subject) {
      const parent = node.parent;
      if ((parent?.type === 'VariableDeclarator' && parent.id === node) || (parent && 'params' in parent && (parent.params as TSESTree.Node[]).includes(node))) subject = node;
    }
  });
  if (!subject) throw new Error('no `subject` binding in the snippet');
  return subject;
}

function trackSubject(code: string, mode: ParseMode): string {
  return analyse(code, mode, (analysis) => {
    const flow = getFlow(analysis).track(findSubject(analysis.sourceCode.ast, analysis.sourceCode.visitorKeys));
    const uses = flow.uses.filter((use) => use.kind !== 'read' || use.memory === 'copy').map(describeUse);
    return `${uses.join(', ')} | ${flow.complete ? 'complete' : 'incomplete'}`;
  });
}

function askFlowsTo(code: string, mode: ParseMode, kinds: readonly FlowUseKind[]): string {
  return analyse(code, mode, (analysis) => getFlow(analysis).flowsTo(findSubject(analysis.sourceCode.ast, analysis.sourceCode.visitorKeys), kinds).answer);
}

const NODE = "import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';\n";

const rows: Array<{ name: string; mode: ParseMode; code: string; expected: string }> = [
  {
    name: 'cipher key and IV positions of createCipheriv',
    mode: 'js',
    code: NODE + "export function f(key) { const subject = randomBytes(12); return createCipheriv('aes-256-gcm', key, subject); }",
    expected: 'cipher-iv:createCipheriv() | complete',
  },
  {
    name: 'key argument of createDecipheriv through an alias',
    mode: 'js',
    code: NODE + "export function f(subject, iv) { const k = subject; return createDecipheriv('aes-256-gcm', k, iv); }",
    expected: 'cipher-key:createDecipheriv() | complete',
  },
  {
    name: 'namespace import and require are traced alike',
    mode: 'js',
    code: "const crypto = require('crypto');\nexports.f = (subject) => crypto.createCipheriv('aes-128-gcm', subject, Buffer.alloc(12));",
    expected: 'cipher-key:crypto.createCipheriv() | complete',
  },
  {
    name: 'a local function named createCipheriv is not the API',
    mode: 'js',
    code: 'function createCipheriv(a, b) { return b; }\nexport const f = (subject) => createCipheriv(1, subject);',
    expected: 'return:return, argument:createCipheriv(), return@1:return | complete',
  },
  {
    name: 'WebCrypto iv inside the algorithm object',
    mode: 'js',
    code: "export async function f(key, data) { const subject = crypto.getRandomValues(new Uint8Array(12)); return crypto.subtle.encrypt({ name: 'AES-GCM', iv: subject }, key, data); }",
    expected: 'cipher-iv[iv]:crypto.subtle.encrypt() | complete',
  },
  {
    name: 'WebCrypto algorithm object held in a const',
    mode: 'js',
    code: "export async function f(key, data, subject) { const alg = { name: 'AES-GCM', iv: subject }; return globalThis.crypto.subtle.decrypt(alg, key, data); }",
    expected: 'cipher-iv[iv]:globalThis.crypto.subtle.decrypt() | complete',
  },
  {
    name: 'webcrypto.subtle from node:crypto: importKey key bytes',
    mode: 'js',
    code: "import { webcrypto } from 'node:crypto';\nexport const f = (subject) => webcrypto.subtle.importKey('raw', subject, 'AES-GCM', false, ['encrypt']);",
    expected: 'cipher-key:webcrypto.subtle.importKey() | complete',
  },
  {
    name: '@noble/ciphers gcm key and nonce',
    mode: 'js',
    code: "import { gcm } from '@noble/ciphers/aes.js';\nimport { randomBytes } from '@noble/ciphers/utils.js';\nexport const f = (key, data) => { const subject = randomBytes(12); return gcm(key, subject).encrypt(data); };",
    expected: 'cipher-iv:gcm() | complete',
  },
  {
    name: 'Buffer#subarray is a view',
    mode: 'js',
    code: NODE + "export function f() { const subject = randomBytes(32); const k = subject.subarray(0, 16); k.fill(0); }",
    expected: 'wipe:fill(0) | complete',
  },
  {
    name: 'Buffer#slice is a view',
    mode: 'js',
    code: NODE + "export function f() { const subject = randomBytes(32); subject.slice(0, 16).fill(0); }",
    expected: 'wipe:fill(0) | complete',
  },
  {
    name: 'Uint8Array#slice copies',
    mode: 'js',
    code: 'export function f() { const subject = new Uint8Array(32); subject.slice(0, 16).fill(0); }',
    expected: 'read(copy):copied by slice(), wipe(copy):fill(0) | complete',
  },
  {
    name: 'slice of a value of unknown shape: memory unknown',
    mode: 'js',
    code: 'export function f(subject) { subject.slice(0, 16).fill(0); }',
    expected: 'wipe(?):fill(0) | complete',
  },
  {
    name: 'slice of a typed Uint8Array copies (types)',
    mode: 'typed',
    code: 'export function f(subject: Uint8Array) { subject.slice(0, 16).fill(0); }',
    expected: 'read(copy):copied by slice(), wipe(copy):fill(0) | complete',
  },
  {
    name: 'slice of a typed Buffer is a view (types)',
    mode: 'typed',
    code: 'export function f(subject: Buffer) { subject.slice(0, 16).fill(0); }',
    expected: 'wipe:fill(0) | complete',
  },
  {
    name: 'Buffer.from copies; .buffer then Buffer.from is a view',
    mode: 'js',
    code: 'export function f(subject) { Buffer.from(subject).fill(0); Buffer.from(subject.buffer).fill(0); }',
    expected: 'read(copy):copied by Buffer.from(), wipe(copy):fill(0), wipe:fill(0) | complete',
  },
  {
    name: 'randomFillSync wipes its argument',
    mode: 'js',
    code: "import crypto from 'node:crypto';\nexport function f(subject) { crypto.randomFillSync(subject); }",
    expected: 'wipe:crypto.randomFillSync() | complete',
  },
  {
    name: 'a configured wipe helper is not known without the option',
    mode: 'js',
    code: 'import { zero } from "./util.js";\nexport function f(subject) { zero(subject); }',
    expected: 'argument:zero() | incomplete',
  },
  {
    name: 'console and logger calls, with the value in an object',
    mode: 'js',
    code: 'export function f(subject, logger) { console.debug(subject); logger.info({ key: subject }); }',
    expected: 'log:console.debug, log[key]:logger.info | complete',
  },
  {
    name: 'string conversion then a log: both uses, the log derived',
    mode: 'js',
    code: "export function f(subject, log) { const text = subject.toString('base64'); log.warn(`key ${text}`); }",
    expected: "string:toString('base64'), log(copy)~:log.warn, string(copy)~:a template literal | complete",
  },
  {
    name: 'JSON.stringify is a string',
    mode: 'js',
    code: 'export const f = (subject) => JSON.stringify({ subject });',
    expected: 'return(copy)~:return, string[subject]:JSON.stringify() | complete',
  },
  {
    name: 'S3 PutObject Body and Metadata are persistence',
    mode: 'js',
    code: "import { PutObjectCommand } from '@aws-sdk/client-s3';\nexport const f = (s3, subject) => s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Metadata: { iv: subject } }));",
    expected: 'persist[Metadata.iv]:PutObject | complete',
  },
  {
    name: 'DynamoDB item through a database client',
    mode: 'js',
    code: 'export const f = (db, subject) => db.insert({ id: 1, dataKey: subject });',
    expected: 'persist[dataKey]:db.insert() | complete',
  },
  {
    name: 'HTTP response and fetch are network',
    mode: 'js',
    code: "export function f(req, res, subject) { res.json({ subject }); fetch('https://x', { method: 'POST', body: subject }); }",
    expected: 'network[subject]:res.json(), network[body]:fetch() | complete',
  },
  {
    name: 'into another KMS call',
    mode: 'js',
    code: "import { KMSClient, EncryptCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\nexport const f = (subject) => kms.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: subject }));",
    expected: 'kms[Plaintext]:Encrypt | complete',
  },
  {
    name: 'same-file function: into the parameter',
    mode: 'js',
    code: NODE + "function seal(k, data) { return createCipheriv('aes-256-gcm', k, randomBytes(12)).update(data); }\nexport const f = (subject) => seal(subject, 'x');",
    expected: 'argument:seal(), cipher-key@1:createCipheriv() | complete',
  },
  {
    name: 'same-file function: out through the return to the caller',
    mode: 'js',
    code: 'function wrap(x) { return x; }\nexport function f(subject) { const y = wrap(subject); console.log(y); }',
    expected: 'argument:wrap(), return@1:return, log:console.log | complete',
  },
  {
    name: 'a method of the same class through this',
    mode: 'js',
    code: 'export class Box { seal(subject) { this.keep(subject); } keep(k) { console.log(k); } }',
    expected: 'argument:keep(), log@1:console.log | complete',
  },
  {
    name: 'returned from an exported function: leaves the file',
    mode: 'js',
    code: NODE + 'export function f() { const subject = randomBytes(32); return subject; }',
    expected: 'return:return | complete',
  },
  {
    name: 'container read back: envelope.iv',
    mode: 'js',
    code: 'export function f(subject, store) { const envelope = { iv: subject, n: 1 }; store.put(envelope.iv); console.log(envelope.n); }',
    expected: 'argument:store.put() | incomplete',
  },
  {
    name: 'property assignment onto a local object, then returned',
    mode: 'js',
    code: 'export function f(subject) { const out = {}; out.tag = subject; return out; }',
    expected: 'store:.tag =, return[tag]:return | complete',
  },
  {
    name: 'Buffer.concat of the value keeps it as a part',
    mode: 'js',
    code: 'export function f(subject, ct, res) { res.send(Buffer.concat([subject, ct])); }',
    expected: 'network(copy)~:res.send(), read(copy)[0]:Buffer.concat() | complete',
  },
  {
    name: 'unknown function: incomplete',
    mode: 'js',
    code: "import { helper } from './helper.js';\nexport function f(subject) { helper(subject); }",
    expected: 'argument:helper() | incomplete',
  },
  {
    name: 'a reassigned variable is unknown',
    mode: 'js',
    code: 'export function f(a, b) { let subject = a; subject = b; console.log(subject); }',
    expected: 'unknown:reassigned variable | incomplete',
  },
  {
    name: 'TypeScript wrappers are transparent',
    mode: 'ts',
    code: NODE + "export function f(subject: unknown, iv: Buffer) { return createCipheriv('aes-256-gcm', (subject as Buffer)!, iv); }",
    expected: 'cipher-key:createCipheriv() | complete',
  },
  {
    name: 'setAuthTag and setAAD on a decipher',
    mode: 'js',
    code: NODE + "export function f(key, iv, subject, aad) { const d = createDecipheriv('aes-256-gcm', key, iv); d.setAAD(aad); d.setAuthTag(subject); return d; }",
    expected: 'auth-tag:setAuthTag() | complete',
  },
  {
    name: 'the decipher object: method uses and pipeline',
    mode: 'js',
    code: NODE + "import { pipeline } from 'node:stream/promises';\nexport async function f(key, iv, src, dst) { const subject = createDecipheriv('aes-256-gcm', key, iv); subject.setAuthTag(Buffer.alloc(16)); await pipeline(src, subject, dst); }",
    expected: 'method:.setAuthTag(), argument:pipeline() | complete',
  },
  {
    name: 'cross-file function with types: the declaring file is named',
    mode: 'typed',
    code: "import { helper } from './other.js';\nexport function f(subject: Uint8Array) { helper(subject); }",
    expected: 'argument:helper() | incomplete',
  },
];

describe('forward flow', () => {
  for (const row of rows) {
    it(`${row.name} (${row.mode})`, () => {
      expect(trackSubject(row.code, row.mode)).toBe(row.expected);
    });
  }
});

const questions: Array<{ name: string; mode: ParseMode; code: string; kinds: FlowUseKind[]; expected: string }> = [
  { name: 'a logged key reaches a log', mode: 'js', code: 'export const f = (subject) => console.log(subject);', kinds: ['log'], expected: 'yes' },
  { name: 'a key only used as a cipher key never reaches a log', mode: 'js', code: NODE + "export const f = (subject, iv) => createCipheriv('aes-256-gcm', subject, iv);", kinds: ['log', 'persist', 'network'], expected: 'no' },
  { name: 'a key passed to an unknown function: unknown', mode: 'js', code: "import { send } from './x.js';\nexport const f = (subject) => send(subject);", kinds: ['network'], expected: 'unknown' },
  { name: 'a wipe through a view counts', mode: 'js', code: NODE + 'export function f() { const subject = randomBytes(32); subject.subarray(0).fill(0); }', kinds: ['wipe'], expected: 'yes' },
  { name: 'string of a key stored in DynamoDB', mode: 'js', code: "import { PutCommand } from '@aws-sdk/lib-dynamodb';\nexport const f = (doc, subject) => doc.send(new PutCommand({ TableName: 't', Item: { k: subject.toString('hex') } }));", kinds: ['persist'], expected: 'yes' },
];

describe('flowsTo', () => {
  for (const row of questions) {
    it(`${row.name} (${row.mode})`, () => {
      expect(askFlowsTo(row.code, row.mode, row.kinds)).toBe(row.expected);
    });
  }
});

describe('traced cipher calls', () => {
  it('finds the role arguments of node:crypto, WebCrypto and noble calls, and nothing in a file without them', () => {
    const code =
      NODE +
      "import { gcm } from '@noble/ciphers/aes';\nexport async function f(key, iv, data) {\n  createCipheriv('aes-256-gcm', key, iv);\n  await crypto.subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 96 }, key, data);\n  gcm(key, iv);\n}";
    const found = analyse(code, 'js', (analysis) => {
      const flow = getFlow(analysis);
      return [...flow.getCryptoCalls().values()].map((call) => `${call.info.api}:${flow.getRoleArgument(call, 'cipher-iv')?.type ?? '-'}`);
    });
    expect(found).toEqual(['createCipheriv:Identifier', 'subtle.encrypt:Identifier', 'noble.gcm:Identifier']);
    expect(analyse('export const f = (a) => a.map((x) => x + 1);', 'js', (analysis) => getFlow(analysis).getCryptoCalls().size)).toBe(0);
  });
});
