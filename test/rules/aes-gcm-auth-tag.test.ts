import rule from '../../src/rules/aes-gcm-auth-tag.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/** One line of imports; snippets start on line 2. */
const NODE = "import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'; import { pipeline } from 'node:stream/promises';";
const NOBLE = "import { gcm } from '@noble/ciphers/aes.js'; import { randomBytes } from '@noble/ciphers/utils.js';";
const lines = (...parts: string[]): string => parts.join('\n');

plainJsTester.run('aes-gcm-auth-tag (plain JS)', rule, {
  valid: [
    // The canonical decrypt: authTagLength, setAuthTag, update, final.
    lines(NODE, "export function open(key, { iv, tag, ct }) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); d.setAuthTag(tag); return Buffer.concat([d.update(ct), d.final()]); }"),
    // A length check before setAuthTag instead of authTagLength (Semgrep flags this; it is fine).
    lines(NODE, "export function open(key, iv, tag, ct) { if (tag.length !== 16) throw new Error('bad tag'); const d = createDecipheriv('aes-256-gcm', key, iv); d.setAuthTag(tag); return Buffer.concat([d.update(ct), d.final()]); }"),
    // An assertion on the tag length.
    lines(NODE, "import assert from 'node:assert';", "export function open(key, iv, tag, ct) { assert.equal(tag.byteLength, 16); const d = createDecipheriv('aes-256-gcm', key, iv); d.setAuthTag(tag); d.update(ct); return d.final(); }"),
    // A round trip in one function: the tag is this function's own getAuthTag().
    lines(NODE, "export function selfTest(key, pt) { const iv = randomBytes(12); const c = createCipheriv('aes-256-gcm', key, iv); const ct = Buffer.concat([c.update(pt), c.final()]); const tag = c.getAuthTag(); const d = createDecipheriv('aes-256-gcm', key, iv); d.setAuthTag(tag); return Buffer.concat([d.update(ct), d.final()]); }"),
    // Stream use through pipeline: final() runs in the stream; setAuthTag is there.
    lines(NODE, "export async function openFile(key, iv, tag, src, dst) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); d.setAuthTag(tag); await pipeline(src, d, dst); }"),
    // .pipe() stream use.
    lines(NODE, "export function openStream(key, iv, tag, src, dst) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); d.setAuthTag(tag); src.pipe(d).pipe(dst); }"),
    // The decipher is returned: the caller finishes it.
    lines(NODE, "export function decipherFor(key, iv) { return createDecipheriv('aes-256-gcm', key, iv); }"),
    // Encrypt: the tag is returned with the ciphertext.
    lines(NODE, "export function seal(key, pt) { const iv = randomBytes(12); const c = createCipheriv('aes-256-gcm', key, iv); const ct = Buffer.concat([c.update(pt), c.final()]); return { iv, ct, tag: c.getAuthTag() }; }"),
    // Encrypt: the tag is appended to the ciphertext.
    lines(NODE, "export function seal(key, iv, pt) { const c = createCipheriv('aes-256-gcm', key, iv); const ct = Buffer.concat([c.update(pt), c.final()]); return Buffer.concat([iv, ct, c.getAuthTag()]); }"),
    // Encrypt: the tag is stored on an object.
    lines(NODE, "export function seal(key, iv, pt, out) { const c = createCipheriv('aes-256-gcm', key, iv); out.ct = Buffer.concat([c.update(pt), c.final()]); out.tag = c.getAuthTag(); }"),
    // Not GCM: no tag to check.
    lines(NODE, "export function open(key, iv, ct) { const d = createDecipheriv('aes-256-cbc', key, iv); return Buffer.concat([d.update(ct), d.final()]); }"),
    // A decipher handled in a same-file helper that sets the tag and finishes.
    lines(NODE, "function finish(d, tag, ct) { d.setAuthTag(tag); return Buffer.concat([d.update(ct), d.final()]); }", "export function open(key, iv, tag, ct) { if (tag.length !== 16) throw new Error('tag'); return finish(createDecipheriv('aes-256-gcm', key, iv), tag, ct); }"),
    // setAuthTag after update() is accepted by default (Node 20 verifies in final()).
    lines(NODE, "export function open(key, iv, tag, ct) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); const p = d.update(ct); d.setAuthTag(tag); d.final(); return p; }"),
    // WebCrypto with the default 128-bit tag.
    "export const seal = (key, iv, data) => crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data);",
    // WebCrypto with an explicit 128-bit tag.
    "export const open = (key, iv, data) => crypto.subtle.decrypt({ name: 'AES-GCM', iv, tagLength: 128 }, key, data);",
    // WebCrypto 96-bit tag allowed by the option.
    { code: "export const seal = (key, iv, data) => crypto.subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 96 }, key, data);", options: [{ minimumTagLength: 96 }] },
    // noble: gcm verifies its own 16-byte tag on decrypt.
    lines(NOBLE, 'export const open = (key, nonce, sealed) => gcm(key, nonce).decrypt(sealed);'),
    lines(NOBLE, 'export function seal(key, data) { const nonce = randomBytes(12); return { nonce, sealed: gcm(key, nonce).encrypt(data) }; }'),
    // Both branches call final(): the analysis cannot say one path misses it, so it stays quiet.
    lines(NODE, "export function open(key, iv, tag, ct, fast) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); d.setAuthTag(tag); const p = d.update(ct); if (fast) { d.final(); return p; } d.final(); return p; }"),
  ],
  invalid: [
    {
      code: lines(NODE, "export function open(key, iv, ct) { const d = createDecipheriv('aes-256-gcm', key, iv); return Buffer.concat([d.update(ct), d.final()]); }"),
      errors: [{ messageId: 'missingAuthTag', line: 2, column: 47 }],
    },
    {
      code: lines(NODE, "export function open(key, iv, tag, ct) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); const p = d.update(ct); d.final(); d.setAuthTag(tag); return p; }"),
      errors: [{ messageId: 'authTagAfterFinal', line: 2 }],
    },
    {
      code: lines(NODE, "export function open(key, iv, tag, ct) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); const p = d.update(ct); d.setAuthTag(tag); d.final(); return p; }"),
      options: [{ checkAuthTagOrder: true }],
      errors: [{ messageId: 'authTagAfterUpdate', line: 2 }],
    },
    {
      code: lines(NODE, "export function peek(key, iv, tag, ct) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); d.setAuthTag(tag); return d.update(ct); }"),
      errors: [{ messageId: 'missingFinal', line: 2, column: 143 }],
    },
    {
      code: lines(NODE, "export function open(key, iv, tag, ct, preview) {", "  const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); d.setAuthTag(tag);", '  const p = d.update(ct);', '  if (preview) return p;', '  d.final();', '  return p; }'),
      errors: [{ messageId: 'finalNotOnEveryPath', line: 6, column: 3 }],
    },
    {
      code: lines(NODE, "export function open(key, { iv, tag, ct }) { const d = createDecipheriv('aes-256-gcm', key, iv); d.setAuthTag(tag); return Buffer.concat([d.update(ct), d.final()]); }"),
      errors: [{ messageId: 'unboundedTagLength', line: 2, column: 111 }],
    },
    {
      code: lines(NODE, "export function open(key, payload) { const iv = payload.subarray(0, 12); const tag = payload.subarray(-16); const d = createDecipheriv('aes-256-gcm', key, iv); d.setAuthTag(tag); return Buffer.concat([d.update(payload.subarray(12, -16)), d.final()]); }"),
      errors: [{ messageId: 'unboundedTagLength', line: 2 }],
    },
    {
      code: lines(NODE, "export function open(key, body) { const d = createDecipheriv('aes-256-gcm', key, Buffer.from(body.iv, 'base64')); d.setAuthTag(Buffer.from(body.tag, 'base64')); return d.update(body.ct, 'base64', 'utf8') + d.final('utf8'); }"),
      errors: [{ messageId: 'unboundedTagLength', line: 2 }],
    },
    {
      code: lines(NODE, "export function seal(key, pt) { const iv = randomBytes(12); const c = createCipheriv('aes-256-gcm', key, iv); return { iv, ct: Buffer.concat([c.update(pt), c.final()]) }; }"),
      errors: [{ messageId: 'tagNotRead', line: 2 }],
    },
    {
      code: lines(NODE, "export function seal(key, iv, pt) { const c = createCipheriv('aes-256-gcm', key, iv); const ct = Buffer.concat([c.update(pt), c.final()]); const tag = c.getAuthTag(); return { iv, ct }; }"),
      errors: [{ messageId: 'tagDiscarded', line: 2 }],
    },
    {
      code: lines(NODE, "export function seal(key, iv, pt) { const c = createCipheriv('aes-256-gcm', key, iv); const ct = c.update(pt); c.final(); c.getAuthTag(); return ct; }"),
      errors: [{ messageId: 'tagDiscarded', line: 2 }],
    },
    {
      code: "export const seal = (key, iv, data) => crypto.subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 96 }, key, data);",
      errors: [{ messageId: 'shortTagLength', line: 1, column: 62, data: { length: '96', minimum: '128' } }],
    },
    {
      code: "const ALG = { name: 'AES-GCM', tagLength: 64 };\nexport const open = (key, iv, data) => globalThis.crypto.subtle.decrypt({ ...ALG, iv }, key, data);",
      errors: [{ messageId: 'shortTagLength', line: 2 }],
    },
    {
      code: "import { webcrypto } from 'node:crypto';\nexport const seal = (key, iv, data) => webcrypto.subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 32 }, key, data);",
      errors: [{ messageId: 'shortTagLength', line: 2 }],
    },
    {
      code: "const crypto = require('crypto');\nexports.open = (key, iv, ct) => { const d = crypto.createDecipheriv('aes-128-gcm', key, iv); return d.update(ct); };",
      errors: [{ messageId: 'missingAuthTag', line: 2 }, { messageId: 'missingFinal', line: 2 }],
    },
    {
      code: lines(NODE, "const ALG = 'aes-256-gcm';", "export async function openFile(key, iv, src, dst) { const d = createDecipheriv(ALG, key, iv); await pipeline(src, d, dst); }"),
      errors: [{ messageId: 'missingAuthTag', line: 3 }],
    },
  ],
});

tsTester.run('aes-gcm-auth-tag (TypeScript syntax)', rule, {
  valid: [
    lines(NODE, "export function open(key: Buffer, env: { iv: Buffer; tag: Buffer; ct: Buffer }): Buffer { const d = createDecipheriv('aes-256-gcm', key, env.iv, { authTagLength: 16 }); d.setAuthTag(env.tag); return Buffer.concat([d.update(env.ct), d.final()]); }"),
    lines(NODE, "export function seal(key: Buffer, iv: Buffer, pt: Buffer) { const c = createCipheriv('aes-256-gcm', key, iv); const ct = Buffer.concat([c.update(pt), c.final()]); return { ct, tag: c.getAuthTag() as Buffer }; }"),
    "export const open = (key: CryptoKey, iv: Uint8Array, data: Uint8Array) => crypto.subtle.decrypt({ name: 'AES-GCM', iv } satisfies AesGcmParams, key, data);",
  ],
  invalid: [
    {
      code: lines(NODE, "export function open(key: Buffer, iv: Buffer, ct: Buffer): Buffer { const d = createDecipheriv('aes-256-gcm', key, iv); return Buffer.concat([d.update(ct), d.final()]); }"),
      errors: [{ messageId: 'missingAuthTag', line: 2 }],
    },
    {
      code: lines(NODE, "export function open(key: Buffer, iv: Buffer, tag: Buffer, ct: Buffer) { const d = createDecipheriv('aes-256-gcm', key, iv); d.setAuthTag(tag!); return Buffer.concat([d.update(ct), d.final()]); }"),
      errors: [{ messageId: 'unboundedTagLength', line: 2 }],
    },
    {
      code: "export const seal = (key: CryptoKey, iv: Uint8Array, data: Uint8Array) => crypto.subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 96 } as AesGcmParams, key, data);",
      errors: [{ messageId: 'shortTagLength', line: 1 }],
    },
  ],
});

typedTester.run('aes-gcm-auth-tag (typed)', rule, {
  valid: [
    lines(NODE, "export function open(key: Buffer, iv: Buffer, tag: Buffer, ct: Buffer) { if (tag.length !== 16) throw new Error('tag'); const d = createDecipheriv('aes-256-gcm', key, iv); d.setAuthTag(tag); return Buffer.concat([d.update(ct), d.final()]); }"),
    lines(NOBLE, 'export const open = (key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array) => gcm(key, nonce).decrypt(sealed);'),
  ],
  invalid: [
    {
      code: lines(NODE, "export function peek(key: Buffer, iv: Buffer, tag: Buffer, ct: Buffer) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); d.setAuthTag(tag); return d.update(ct); }"),
      errors: [{ messageId: 'missingFinal', line: 2 }],
    },
    {
      code: lines(NODE, "export function seal(key: Buffer, iv: Buffer, pt: Buffer) { const c = createCipheriv('aes-256-gcm', key, iv); return Buffer.concat([c.update(pt), c.final()]); }"),
      errors: [{ messageId: 'tagNotRead', line: 2 }],
    },
  ],
});
