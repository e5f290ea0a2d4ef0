/**
 * Table-driven tests of the key-material flow: each row is a snippet, a parse mode and the summary of the first
 * key-material call site (or of all of them), written as
 * `<Operation>.<member> access=<read|never|unknown> cipherKey=<bool>` followed by one line per region:
 * `<original|copy>@<line> <wiped@line|unwiped>[ moves]: <use kinds in source order>` where a use is
 * `kind[:leak][>sink][(via)]`.
 */
import { describe, expect, it } from 'vitest';
import { getKeyMaterial, type KeyMaterial, type KeyMaterialOptions } from '../../src/analysis/key-material.js';
import { analyse, type ParseMode } from './harness.js';

interface Row {
  readonly name: string;
  readonly mode: ParseMode;
  readonly code: string;
  readonly options?: KeyMaterialOptions;
  readonly expected: readonly string[];
}

/** Lints `code` and returns the summaries of the file's key material. */
function summariseFile(code: string, mode: ParseMode, options: KeyMaterialOptions | undefined): string[] {
  return analyse(code, mode, (analysis) => getKeyMaterial(analysis, options).flatMap(summarise));
}

function summarise(material: KeyMaterial): string[] {
  const lines = [`${material.operation}.${material.member} access=${material.access} cipherKey=${material.usedAsCipherKey}`];
  for (const region of material.regions) {
    const wiped = region.coveringWipe ? `wiped@${region.coveringWipe.node.loc.start.line}` : 'unwiped';
    const uses = region.uses.map((use) => `${use.kind}${use.leak ? `:${use.leak}` : ''}${use.sink ? `>${use.sink}` : ''}${use.via ? '(via)' : ''}`);
    lines.push(`${region.kind}@${region.reportNode.loc.start.line} ${wiped}${region.ownershipMoves ? ' moves' : ''}: ${uses.join(',')}`);
  }
  return lines;
}

/** Three lines of imports and a client; snippets start on line 4. */
const V3 = [
  "import { KMSClient, GenerateDataKeyCommand, GenerateDataKeyPairCommand, DecryptCommand } from '@aws-sdk/client-kms';",
  "import { createCipheriv, createDecipheriv, createPrivateKey, randomFillSync } from 'node:crypto';",
  'const kms = new KMSClient({});',
].join('\n');
const GDK = "new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' })";
const DEC = "new DecryptCommand({ KeyId: 'k', CiphertextBlob: blob })";

const rows: Row[] = [
  // ---- bindings ----
  {
    name: 'destructured alias, wiped in finally',
    mode: 'js',
    code: `${V3}\nexport async function f(data, iv) {\n  const { Plaintext: key } = await kms.send(${GDK});\n  try { return createCipheriv('aes-256-gcm', key, iv).update(data); } finally { key.fill(0); }\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@5 wiped@6: cipher-key,wipe'],
  },
  {
    name: 'response in a variable, key aliased from .Plaintext, never wiped',
    mode: 'js',
    code: `${V3}\nexport async function f(iv) {\n  const res = await kms.send(${GDK});\n  const key = res.Plaintext;\n  return createCipheriv('aes-256-gcm', key, iv);\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@6 unwiped: cipher-key'],
  },
  {
    name: 'member read of an awaited call without a binding',
    mode: 'js',
    code: `${V3}\nexport async function f(iv) {\n  const c = createCipheriv('aes-256-gcm', (await kms.send(${GDK})).Plaintext, iv);\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@5 unwiped: cipher-key'],
  },
  {
    name: '.then(({ Plaintext }) => …) wiped with randomFillSync in finally',
    mode: 'js',
    code: `${V3}\nkms.send(${GDK}).then(({ Plaintext }) => {\n  try { return createCipheriv('aes-256-gcm', Plaintext, iv); } finally { randomFillSync(Plaintext); }\n});`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@4 wiped@5: cipher-key,wipe'],
  },
  {
    name: 'SDK v2 .promise(), key turned into a hex string that is logged',
    mode: 'js',
    code: "const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();\nexport async function f() {\n  const data = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' }).promise();\n  const key = data.Plaintext;\n  console.log(key.toString('hex'));\n}",
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=false', 'original@5 unwiped: leak:string>log'],
  },
  {
    name: 'SDK v2 callback: Decrypt result used as a decipher key',
    mode: 'js',
    code: "const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();\nkms.decrypt({ CiphertextBlob: b }, (err, data) => {\n  if (err) return;\n  const key = data.Plaintext;\n  createDecipheriv('aes-256-gcm', key, iv);\n});",
    expected: ['Decrypt.Plaintext access=read cipherKey=true', 'original@5 unwiped: cipher-key'],
  },
  {
    name: 'response discarded: nothing read',
    mode: 'js',
    code: `${V3}\nawait kms.send(${GDK});`,
    expected: ['GenerateDataKey.Plaintext access=never cipherKey=false'],
  },
  {
    name: 'only CiphertextBlob destructured',
    mode: 'js',
    code: `${V3}\nexport async function f() { const { CiphertextBlob } = await kms.send(${GDK}); return CiphertextBlob; }`,
    expected: ['GenerateDataKey.Plaintext access=never cipherKey=false'],
  },
  {
    name: 'the whole response is returned: unknown',
    mode: 'js',
    code: `${V3}\nexport function f() { return kms.send(${GDK}); }`,
    expected: ['GenerateDataKey.Plaintext access=unknown cipherKey=false'],
  },
  {
    name: 'a rest element keeps Plaintext: unknown',
    mode: 'js',
    code: `${V3}\nexport async function f() { const { KeyId, ...rest } = await kms.send(${GDK}); return rest; }`,
    expected: ['GenerateDataKey.Plaintext access=unknown cipherKey=false'],
  },
  {
    name: 'key read, then the whole response returned: the caller holds the same bytes',
    mode: 'js',
    code: `${V3}\nexport async function f(iv) {\n  const res = await kms.send(${GDK});\n  createCipheriv('aes-256-gcm', res.Plaintext, iv);\n  return res;\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@6 unwiped moves: cipher-key,unknown'],
  },
  {
    name: 'a computed destructuring key may be Plaintext: unknown',
    mode: 'js',
    code: `${V3}\nexport async function f(name) { const { [name]: value } = await kms.send(${GDK}); return value; }`,
    expected: ['GenerateDataKey.Plaintext access=unknown cipherKey=false'],
  },
  // ---- wipes and paths ----
  {
    name: 'straight-line wipe after a call does not cover (the call can throw)',
    mode: 'js',
    code: `${V3}\nexport async function f(iv) {\n  const { Plaintext } = await kms.send(${GDK});\n  const c = createCipheriv('aes-256-gcm', Plaintext, iv);\n  Plaintext.fill(0);\n  return c;\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@5 unwiped: cipher-key,wipe'],
  },
  {
    name: 'straight-line wipe after a copy and an absence guard covers',
    mode: 'js',
    code: `${V3}\nexport async function f(iv) {\n  const { Plaintext } = await kms.send(${GDK});\n  if (!Plaintext) throw new Error('no key');\n  const key = Buffer.from(Plaintext);\n  Plaintext.fill(0);\n  try { return createCipheriv('aes-256-gcm', key, iv); } finally { key.fill(0); }\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@5 wiped@8: read,copy,wipe', 'copy@7 wiped@9: cipher-key,wipe'],
  },
  {
    name: 'an early return between receipt and wipe breaks the straight line',
    mode: 'js',
    code: `${V3}\nexport async function f(flag) {\n  const { Plaintext } = await kms.send(${GDK});\n  if (flag) return;\n  Plaintext.fill(0);\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=false', 'original@5 unwiped: wipe'],
  },
  {
    name: 'a key use after the try is not covered by its finally',
    mode: 'js',
    code: `${V3}\nexport async function f(iv) {\n  const { Plaintext } = await kms.send(${GDK});\n  try { createCipheriv('aes-256-gcm', Plaintext, iv); } finally { Plaintext.fill(0); }\n  return createDecipheriv('aes-256-gcm', Plaintext, iv);\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@5 unwiped: cipher-key,wipe,cipher-key'],
  },
  {
    name: 'same-file helper that wipes its parameter',
    mode: 'js',
    code: `${V3}\nfunction wipe(buffer) { buffer.fill(0); }\nexport async function f(iv) {\n  const { Plaintext } = await kms.send(${GDK});\n  try { return createCipheriv('aes-256-gcm', Plaintext, iv); } finally { wipe(Plaintext); }\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@6 wiped@7: cipher-key,wipe'],
  },
  {
    name: 'same-file helper that uses the key: followed into the parameter',
    mode: 'js',
    code: `${V3}\nconst seal = (key, iv) => createCipheriv('aes-256-gcm', key, iv);\nexport async function f(iv) {\n  const { Plaintext } = await kms.send(${GDK});\n  try { return seal(Plaintext, iv); } finally { Plaintext.fill(0); }\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@6 wiped@7: pass-to-function,cipher-key(via),wipe'],
  },
  {
    name: 'configured wipe function',
    mode: 'js',
    code: `${V3}\nimport { zeroize } from './secure.js';\nexport async function f(iv) {\n  const { Plaintext } = await kms.send(${GDK});\n  try { return createCipheriv('aes-256-gcm', Plaintext, iv); } finally { zeroize(Plaintext); }\n}`,
    options: { wipeFunctions: ['zeroize'] },
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@6 wiped@7: cipher-key,wipe'],
  },
  {
    name: 'the same call without the option: an unknown function',
    mode: 'js',
    code: `${V3}\nimport { zeroize } from './secure.js';\nexport async function f(iv) {\n  const { Plaintext } = await kms.send(${GDK});\n  try { return createCipheriv('aes-256-gcm', Plaintext, iv); } finally { zeroize(Plaintext); }\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@6 unwiped moves: cipher-key,pass-to-function'],
  },
  // ---- copies and views ----
  {
    name: 'the copy is wiped, the original is not',
    mode: 'js',
    code: `${V3}\nexport async function f(iv) {\n  const { Plaintext } = await kms.send(${GDK});\n  const copy = Uint8Array.from(Plaintext);\n  try { return createCipheriv('aes-256-gcm', copy, iv); } finally { copy.fill(0); }\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@5 unwiped: copy', 'copy@6 wiped@7: cipher-key,wipe'],
  },
  {
    name: 'a view over .buffer is the same memory',
    mode: 'js',
    code: `${V3}\nexport async function f(iv) {\n  const { Plaintext } = await kms.send(${GDK});\n  const view = Buffer.from(Plaintext.buffer, Plaintext.byteOffset, Plaintext.byteLength);\n  try { return createCipheriv('aes-256-gcm', view, iv); } finally { view.fill(0); }\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@5 wiped@7: read,read,cipher-key,wipe'],
  },
  {
    name: 'Decrypt result turned into a string through a copy: not a key',
    mode: 'js',
    code: `${V3}\nexport async function f(blob) {\n  const { Plaintext } = await kms.send(${DEC});\n  return Buffer.from(Plaintext).toString('utf8');\n}`,
    expected: ['Decrypt.Plaintext access=read cipherKey=false', 'original@5 unwiped: copy', 'copy@6 unwiped: leak:string>return'],
  },
  {
    name: 'GenerateDataKeyPair private key copied into createPrivateKey options',
    mode: 'js',
    code: `${V3}\nexport async function f() {\n  const { PrivateKeyPlaintext } = await kms.send(new GenerateDataKeyPairCommand({ KeyId: 'k', KeyPairSpec: 'ECC_NIST_P256' }));\n  return createPrivateKey({ key: Buffer.from(PrivateKeyPlaintext), format: 'der', type: 'pkcs8' });\n}`,
    expected: ['GenerateDataKeyPair.PrivateKeyPlaintext access=read cipherKey=true', 'original@5 unwiped: copy', 'copy@6 unwiped: cipher-key'],
  },
  // ---- leaks and ownership ----
  {
    name: 'returned: ownership moves to the caller',
    mode: 'js',
    code: `${V3}\nexport async function f() {\n  const { Plaintext } = await kms.send(${GDK});\n  return Plaintext;\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=false', 'original@5 unwiped moves: leak:return'],
  },
  {
    name: 'stored on this',
    mode: 'js',
    code: `${V3}\nexport class Keys {\n  async init() {\n    const res = await kms.send(${GDK});\n    this.key = res.Plaintext;\n  }\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=false', 'original@7 unwiped moves: leak:store'],
  },
  {
    name: 'handed to an Encryption SDK raw AES keyring (the library owns it)',
    mode: 'js',
    code: `${V3}\nimport { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/client-node';\nexport async function f() {\n  const { Plaintext } = await kms.send(${GDK});\n  return new RawAesKeyringNode({ keyName: 'k', keyNamespace: 'n', unencryptedMasterKey: Plaintext, wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING });\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@6 unwiped moves: cipher-key'],
  },
  {
    name: 'template literal in a logger call, then JSON',
    mode: 'js',
    code: `${V3}\nexport async function f(logger) {\n  const { Plaintext } = await kms.send(${GDK});\n  logger.info(\`key=\${Plaintext}\`);\n  const json = JSON.stringify({ key: Plaintext });\n  Plaintext.fill(0);\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=false', 'original@5 unwiped: leak:string>log,leak:json,wipe'],
  },
  {
    name: 'reassigned variable: lost track',
    mode: 'js',
    code: `${V3}\nexport async function f(other) {\n  const res = await kms.send(${GDK});\n  let key = res.Plaintext;\n  key = other;\n  key.fill(0);\n}`,
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=false', 'original@6 unwiped moves: unknown'],
  },
  // ---- cipher-key uses of Decrypt results ----
  {
    name: '@noble/ciphers gcm(key, nonce) from a Decrypt, TypeScript syntax',
    mode: 'ts',
    code: `${V3}\nimport { gcm } from '@noble/ciphers/aes.js';\nexport async function f(blob: Uint8Array, nonce: Uint8Array, data: Uint8Array) {\n  const { Plaintext } = await kms.send(${DEC});\n  try { return gcm(Plaintext!, nonce).decrypt(data); } finally { Plaintext?.fill(0); }\n}`,
    expected: ['Decrypt.Plaintext access=read cipherKey=true', 'original@6 wiped@7: cipher-key,wipe'],
  },
  {
    name: 'crypto.subtle.importKey raw, TypeScript syntax',
    mode: 'ts',
    code: `${V3}\nexport async function f(blob: Uint8Array) {\n  const out = await kms.send(${DEC});\n  const key = out.Plaintext as Uint8Array;\n  return crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);\n}`,
    expected: ['Decrypt.Plaintext access=read cipherKey=true', 'original@6 unwiped: cipher-key'],
  },
  {
    name: 'typed: an aggregated client parameter found by its type',
    mode: 'typed',
    code: "import type { KMS } from '@aws-sdk/client-kms';\nimport { createCipheriv } from 'node:crypto';\nexport async function f(kms: KMS, iv: Buffer) {\n  const out = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' });\n  const key = out.Plaintext!;\n  return createCipheriv('aes-256-gcm', key, iv);\n}",
    expected: ['GenerateDataKey.Plaintext access=read cipherKey=true', 'original@5 unwiped: cipher-key'],
  },
];

describe('key-material', () => {
  it('has at least 20 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(20);
  });
  for (const row of rows) {
    it(`${row.mode}: ${row.name}`, () => {
      expect(summariseFile(row.code, row.mode, row.options)).toEqual(row.expected);
    });
  }
  it('caches one answer per file and option set', () => {
    const code = `${V3}\nexport async function f() { const { Plaintext } = await kms.send(${GDK}); return Plaintext; }`;
    const { same, different } = analyse(code, 'js', (analysis) => ({
      same: getKeyMaterial(analysis, { wipeFunctions: ['a', 'b'] }) === getKeyMaterial(analysis, { wipeFunctions: ['b', 'a'] }),
      different: getKeyMaterial(analysis) !== getKeyMaterial(analysis, { wipeFunctions: ['a'] }),
    }));
    expect(same).toBe(true);
    expect(different).toBe(true);
  });
});
