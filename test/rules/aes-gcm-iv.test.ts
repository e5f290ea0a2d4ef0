import rule from '../../src/rules/aes-gcm-iv.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/** One line of imports; snippets start on line 2. */
const NODE = "import { createCipheriv, createDecipheriv, randomBytes, createHash, webcrypto } from 'node:crypto';";
const NOBLE = "import { gcm } from '@noble/ciphers/aes.js'; import { randomBytes, managedNonce } from '@noble/ciphers/utils.js';";
const lines = (...parts: string[]): string => parts.join('\n');

plainJsTester.run('aes-gcm-iv (plain JS)', rule, {
  valid: [
    // A fresh random IV per call, stored with the ciphertext.
    lines(NODE, "export function seal(key, pt) { const iv = randomBytes(12); const c = createCipheriv('aes-256-gcm', key, iv); return { iv, ct: Buffer.concat([c.update(pt), c.final()]), tag: c.getAuthTag() }; }"),
    // The IV inline.
    lines(NODE, "export const seal = (key, pt) => createCipheriv('aes-128-gcm', key, randomBytes(12)).update(pt);"),
    // Decrypt reads the IV from the stored envelope.
    lines(NODE, "export function open(key, env) { const d = createDecipheriv('aes-256-gcm', key, env.iv); d.setAuthTag(env.tag); return Buffer.concat([d.update(env.ct), d.final()]); }"),
    // Decrypt with an IV sliced from the payload.
    lines(NODE, "export function open(key, payload) { const iv = payload.subarray(0, 12); return createDecipheriv('aes-256-gcm', key, iv); }"),
    // A constant IV for a non-GCM mode is not this rule's business.
    lines(NODE, "export const f = (key) => createCipheriv('aes-256-cbc', key, Buffer.alloc(16));"),
    // An algorithm the analysis cannot read: unknown, not reported.
    lines(NODE, 'export const f = (alg, key) => createCipheriv(alg, key, Buffer.alloc(12));'),
    // WebCrypto with getRandomValues per call.
    "export async function seal(key, data) { const iv = crypto.getRandomValues(new Uint8Array(12)); return { iv, ct: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data) }; }",
    // webcrypto.subtle from node:crypto with a fresh IV.
    lines(NODE, "export async function seal(key, data) { const iv = webcrypto.getRandomValues(new Uint8Array(12)); return webcrypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data); }"),
    // WebCrypto decrypt with the stored IV.
    "export const open = (key, iv, ct) => globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, ct);",
    // noble: randomBytes(12) per call.
    lines(NOBLE, 'export function seal(key, data) { const nonce = randomBytes(12); return { nonce, ct: gcm(key, nonce).encrypt(data) }; }'),
    // noble managedNonce: safe by construction.
    lines(NOBLE, 'export const seal = (key, data) => managedNonce(gcm)(key).encrypt(data);'),
    // noble decrypt with the stored nonce.
    lines(NOBLE, 'export const open = (key, nonce, ct) => gcm(key, nonce).decrypt(ct);'),
    // Two encryptions, each with its own IV.
    lines(NODE, "export function two(key, a, b) { const iv1 = randomBytes(12); const iv2 = randomBytes(12); createCipheriv('aes-256-gcm', key, iv1).update(a); createCipheriv('aes-256-gcm', key, iv2).update(b); }"),
    // The same IV variable with two different keys.
    lines(NODE, "export function wrap(k1, k2, a) { const iv = randomBytes(12); createCipheriv('aes-256-gcm', k1, iv).update(a); createCipheriv('aes-256-gcm', k2, iv).update(a); }"),
    // The IV is generated inside the loop.
    lines(NODE, "export function all(key, items) { for (const item of items) { const iv = randomBytes(12); createCipheriv('aes-256-gcm', key, iv).update(item); } }"),
    // A per-item key: the outer IV is still unique per key.
    lines(NODE, "export function all(items) { const iv = randomBytes(12); for (const item of items) { const key = randomBytes(32); createCipheriv('aes-256-gcm', key, iv).update(item); } }"),
    // A counter IV built in a function named in deterministicIvFunctions.
    {
      code: lines(NODE, "let seq = 0; export function nextSeal(key, pt) { const iv = Buffer.alloc(12); iv.writeUInt32BE(seq++, 8); return createCipheriv('aes-256-gcm', key, iv).update(pt); }"),
      options: [{ deterministicIvFunctions: ['nextSeal'] }],
    },
    // A module-level buffer refilled per call is not a constant.
    lines(NODE, "import { randomFillSync } from 'node:crypto';\nconst iv = Buffer.alloc(12);\nexport function seal(key, pt) { randomFillSync(iv); return createCipheriv('aes-256-gcm', key, iv).update(pt); }"),
    // A 16-byte IV with checkIvLength off.
    { code: lines(NODE, "export const f = (key) => createCipheriv('aes-256-gcm', key, randomBytes(16));"), options: [{ checkIvLength: false }] },
    // A 16-byte IV allowed by allowedIvLengths.
    { code: lines(NODE, "export const f = (key) => createCipheriv('aes-256-gcm', key, randomBytes(16));"), options: [{ allowedIvLengths: [12, 16] }] },
    // A local function named createCipheriv is not the API.
    "function createCipheriv(a, k, iv) { return [a, k, iv]; }\nexport const f = (k) => createCipheriv('aes-256-gcm', k, Buffer.alloc(12));",
    // Seen in a public WebCrypto tutorial: encrypt then decrypt in one function with the same fresh IV — the decrypt
    // uses the message's IV, not a new one.
    "export async function roundTrip(key, data) { const iv = window.crypto.getRandomValues(new Uint8Array(12)); const ct = await window.crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data); return window.crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, ct); }",
    // No cipher API in the file at all.
    'export const f = (items) => items.map((x) => x * 2);',
  ],
  invalid: [
    {
      code: lines(NODE, "export const f = (key) => createCipheriv('aes-256-gcm', key, Buffer.alloc(12));"),
      errors: [{ messageId: 'constantIv', line: 2, column: 62, data: { origin: 'Buffer.alloc(12) (all zeros)' } }],
    },
    {
      code: lines(NODE, "export const f = (key) => createCipheriv('aes-256-gcm', key, 'abcdefghijkl');"),
      errors: [{ messageId: 'constantIv', line: 2, column: 62 }],
    },
    {
      code: lines(NODE, "const IV = Buffer.from('000102030405060708090a0b', 'hex');", "export const f = (key) => createCipheriv('aes-256-gcm', key, IV);"),
      errors: [{ messageId: 'constantIv', line: 3, column: 62, data: { origin: 'derived from a fixed string' } }],
    },
    {
      code: lines(NODE, "export const f = (key) => createCipheriv('aes-256-gcm', key, Buffer.from(process.env.GCM_IV, 'hex'));"),
      errors: [{ messageId: 'constantIv', line: 2, column: 62, data: { origin: 'an environment variable (the same for every message)' } }],
    },
    {
      code: lines(NODE, "export const f = (key) => createCipheriv('aes-256-gcm', key, createHash('sha256').update('app-iv').digest().subarray(0, 12));"),
      errors: [{ messageId: 'constantIv', line: 2, column: 62, data: { origin: 'a hash of a fixed string' } }],
    },
    {
      code: lines(NODE, "export function f(key) { const iv = Buffer.from(Array.from({ length: 12 }, () => Math.floor(Math.random() * 256))); return createCipheriv('aes-256-gcm', key, iv); }"),
      errors: [{ messageId: 'weakRandomIv', line: 2, data: { origin: 'Math.random()' } }],
    },
    {
      code: lines(NODE, "export function f(key) { const iv = Buffer.from(String(Date.now()).padStart(12, '0')); return createCipheriv('aes-256-gcm', key, iv); }"),
      errors: [{ messageId: 'weakRandomIv', line: 2, data: { origin: 'Date.now()' } }],
    },
    {
      code: lines(NODE, 'const IV = randomBytes(12);', "export function seal(key, pt) { return createCipheriv('aes-256-gcm', key, IV).update(pt); }"),
      errors: [{ messageId: 'moduleIv', line: 3, column: 75, data: { name: 'IV' } }],
    },
    {
      code: lines(NODE, "export function two(key, a, b) { const iv = randomBytes(12);", "  const x = createCipheriv('aes-256-gcm', key, iv).update(a);", "  const y = createCipheriv('aes-256-gcm', key, iv).update(b);", '  return [x, y]; }'),
      errors: [{ messageId: 'reusedIv', line: 4, column: 48, data: { name: 'iv', line: '3' } }],
    },
    {
      code: lines(NODE, "export function all(key, items) { const iv = randomBytes(12);", "  return items.map((item) => createCipheriv('aes-256-gcm', key, iv).update(item)); }"),
      errors: [{ messageId: 'reusedIvInLoop', line: 3, column: 65, data: { name: 'iv' } }],
    },
    {
      code: lines(NODE, "export function all(key, items) { const iv = randomBytes(12);", "  for (const item of items) createCipheriv('aes-256-gcm', key, iv).update(item); }"),
      errors: [{ messageId: 'reusedIvInLoop', line: 3 }],
    },
    {
      code: lines(NODE, "export function open(key, ct, tag) { const d = createDecipheriv('aes-256-gcm', key, randomBytes(12)); d.setAuthTag(tag); return Buffer.concat([d.update(ct), d.final()]); }"),
      errors: [{ messageId: 'randomIvOnDecrypt', line: 2 }],
    },
    {
      code: lines(NODE, "export const f = (key) => createCipheriv('aes-256-gcm', key, randomBytes(16));"),
      errors: [{ messageId: 'ivLength', line: 2, column: 62, data: { length: '16' } }],
    },
    {
      code: lines("import crypto from 'crypto';", "export const f = (pw, pt) => crypto.createCipher('aes-256-gcm', pw).update(pt);"),
      errors: [{ messageId: 'passwordDerivedIv', line: 2, column: 30 }],
    },
    {
      code: lines(NODE, "const ALG = 'aes-256-gcm';", 'export const f = (key) => createCipheriv(ALG, key, new Uint8Array(12));'),
      errors: [{ messageId: 'constantIv', line: 3, data: { origin: 'new Uint8Array(12) (all zeros)' } }],
    },
    {
      code: lines(NODE, 'export const f = (bits, key) => createCipheriv(`aes-${bits}-gcm`, key, Buffer.alloc(12));'),
      errors: [{ messageId: 'constantIv', line: 2 }],
    },
    {
      code: lines(NODE, "const config = { algorithm: 'id-aes256-GCM' };", 'export const f = (key) => createCipheriv(config.algorithm, key, Buffer.alloc(12));'),
      errors: [{ messageId: 'constantIv', line: 3 }],
    },
    {
      code: lines(NODE, "let seq = 0; export function seal(key, pt) { const iv = Buffer.alloc(12); iv.writeUInt32BE(seq++, 8); return createCipheriv('aes-256-gcm', key, iv).update(pt); }"),
      errors: [{ messageId: 'counterIv', line: 2, data: { origin: 'a counter (seq++)' } }],
    },
    {
      code: "export const seal = (key, data) => crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, data);",
      errors: [{ messageId: 'constantIv', line: 1, column: 81 }],
    },
    {
      code: "const ALG = { name: 'AES-GCM', iv: new TextEncoder().encode('fixed-nonce!') };\nexport const seal = (key, data) => crypto.subtle.encrypt(ALG, key, data);",
      errors: [{ messageId: 'constantIv', line: 1 }],
    },
    {
      code: "export const open = (key, data) => crypto.subtle.decrypt({ name: 'AES-GCM', iv: crypto.getRandomValues(new Uint8Array(12)) }, key, data);",
      errors: [{ messageId: 'randomIvOnDecrypt', line: 1 }],
    },
    {
      code: lines(NOBLE, "const NONCE = new Uint8Array(12);", 'export const seal = (key, data) => gcm(key, NONCE).encrypt(data);'),
      errors: [{ messageId: 'constantIv', line: 3 }],
    },
    {
      code: lines(NOBLE, 'const nonce = randomBytes(12);', 'export const seal = (key, data) => gcm(key, nonce).encrypt(data);'),
      errors: [{ messageId: 'moduleIv', line: 3, data: { name: 'nonce' } }],
    },
    {
      code: lines(NOBLE, 'export const seal = (key, data) => gcm(key, randomBytes(16)).encrypt(data);'),
      errors: [{ messageId: 'ivLength', line: 2, data: { length: '16' } }],
    },
    // Seen in a public project: noble's randomBytes from the 1.x `webcrypto` entry point, 24 bytes (an XChaCha habit),
    // the cipher held in a const and used through `.encrypt`.
    {
      code: lines("import { randomBytes as rnd } from '@noble/ciphers/webcrypto'; import { gcm as aesGcm } from '@noble/ciphers/aes';", 'export function seal(key, data) { const nonce = rnd(24); const aes = aesGcm(key, nonce); return [aes.encrypt(data), nonce]; }'),
      errors: [{ messageId: 'ivLength', line: 2, column: 82, data: { length: '24' } }],
    },
    {
      code: lines(NOBLE, 'export const open = (key, data) => gcm(key, randomBytes(12)).decrypt(data);'),
      errors: [{ messageId: 'randomIvOnDecrypt', line: 2 }],
    },
    // Seen in a public demo: a CommonJS module whose one IV, random at load, serves every encrypt — and decrypt with the
    // same binding is not a "fresh random IV on decrypt" (it is the same bytes in the same process).
    {
      code: lines(
        "var crypto = require('crypto'), algorithm = 'aes-256-gcm', iv = crypto.randomBytes(12);",
        'function seal(key, text) { var c = crypto.createCipheriv(algorithm, key, iv); return { ct: c.update(text), tag: c.getAuthTag() }; }',
        'function open(key, box) { var d = crypto.createDecipheriv(algorithm, key, iv, { authTagLength: 16 }); d.setAuthTag(box.tag); return d.update(box.ct) + d.final(); }',
        'module.exports = { seal, open };',
      ),
      // ESLint's flat `languageOptions.sourceType`, which the rule tester passes through but does not declare.
      languageOptions: { sourceType: 'commonjs' } as never,
      errors: [{ messageId: 'moduleIv', line: 2, column: 74, data: { name: 'iv' } }],
    },
    {
      code: "const { createCipheriv } = require('node:crypto');\nexports.seal = (key) => createCipheriv('aes-256-gcm', key, Buffer.alloc(12));",
      errors: [{ messageId: 'constantIv', line: 2 }],
    },
  ],
});

tsTester.run('aes-gcm-iv (TypeScript syntax)', rule, {
  valid: [
    lines(NODE, "export function seal(key: Buffer, pt: Buffer): { iv: Buffer; ct: Buffer } { const iv = randomBytes(12); const c = createCipheriv('aes-256-gcm', key, iv); return { iv, ct: Buffer.concat([c.update(pt), c.final()]) }; }"),
    lines(NODE, "export const open = (key: Buffer, env: { iv: Buffer }) => createDecipheriv('aes-256-gcm', key, env.iv as Buffer);"),
    lines(NOBLE, 'export const seal = (key: Uint8Array, data: Uint8Array): Uint8Array => managedNonce(gcm)(key).encrypt(data);'),
    "export const seal = async (key: CryptoKey, data: Uint8Array) => crypto.subtle.encrypt({ name: 'AES-GCM', iv: crypto.getRandomValues(new Uint8Array(12)) }, key, data);",
  ],
  invalid: [
    {
      code: lines(NODE, "const IV: Buffer = Buffer.alloc(12) as Buffer;", "export const f = (key: Buffer) => createCipheriv('aes-256-gcm', key, IV!);"),
      errors: [{ messageId: 'constantIv', line: 3 }],
    },
    {
      code: lines(NODE, "const iv = randomBytes(12);", "export function seal(key: Buffer, pt: string): Buffer { return createCipheriv('aes-256-gcm', key, iv).update(pt); }"),
      errors: [{ messageId: 'moduleIv', line: 3 }],
    },
    {
      code: lines(NOBLE, 'export const seal = (key: Uint8Array, d: Uint8Array) => gcm(key, new Uint8Array(12) satisfies Uint8Array).encrypt(d);'),
      errors: [{ messageId: 'constantIv', line: 2 }],
    },
    {
      code: "export const seal = (key: CryptoKey, data: BufferSource) => crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) } as AesGcmParams, key, data);",
      errors: [{ messageId: 'constantIv', line: 1 }],
    },
  ],
});

typedTester.run('aes-gcm-iv (typed)', rule, {
  valid: [
    lines(NODE, "export function seal(key: Buffer, pt: Buffer) { const iv = randomBytes(12); const c = createCipheriv('aes-256-gcm', key, iv); return { iv, ct: c.update(pt), tag: c.getAuthTag() }; }"),
    lines(NOBLE, 'export const open = (key: Uint8Array, nonce: Uint8Array, ct: Uint8Array) => gcm(key, nonce).decrypt(ct);'),
    "export const open = (key: CryptoKey, iv: Uint8Array, ct: Uint8Array) => crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, ct);",
  ],
  invalid: [
    {
      code: lines(NODE, "export const f = (key: Buffer) => createCipheriv('aes-256-gcm', key, Buffer.alloc(12));"),
      errors: [{ messageId: 'constantIv', line: 2, column: 70 }],
    },
    {
      code: lines(NOBLE, 'const NONCE = new Uint8Array(12);', 'export const seal = (key: Uint8Array, data: Uint8Array) => gcm(key, NONCE).encrypt(data);'),
      errors: [{ messageId: 'constantIv', line: 3 }],
    },
    {
      code: "export const seal = (key: CryptoKey, data: Uint8Array) => crypto.subtle.encrypt({ name: 'AES-GCM', iv: new Uint8Array(12) }, key, data);",
      errors: [{ messageId: 'constantIv', line: 1 }],
    },
  ],
});
