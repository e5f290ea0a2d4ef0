/**
 * Table-driven tests of `getIvProblems` and `getAuthTagProblems` (`cipher-problems.ts`). Problems are written
 * `kind@line` (with the message data that names the problem, when there is some) in order; 'none' when there are none.
 * Snippets start with one import line, so their code is on line 2.
 */
import { describe, expect, it } from 'vitest';
import { getAuthTagProblems, getIvProblems, type AuthTagProblemOptions, type CipherProblem, type IvProblemOptions } from '../../src/analysis/index.js';
import { analyse, type ParseMode } from './harness.js';

const NODE = "import { createCipheriv, createDecipheriv, createCipher, randomBytes } from 'node:crypto';\n";
const IV_DEFAULTS: IvProblemOptions = { checkIvLength: true, allowedIvLengths: [12], deterministicIvFunctions: [] };
const TAG_DEFAULTS: AuthTagProblemOptions = { minimumTagLength: 128, checkAuthTagOrder: false };

type Row<Options> = { name: string; code: string; expected: string; mode?: ParseMode; options?: Partial<Options> };

const format = (problem: CipherProblem<string>): string => `${problem.kind}@${problem.node.loc.start.line}${problem.data ? `(${Object.values(problem.data).join(',')})` : ''}`;

const ivRows: Row<IvProblemOptions>[] = [
  { name: 'a fresh random IV', code: `${NODE}export const seal = (key, pt) => createCipheriv('aes-256-gcm', key, randomBytes(12)).update(pt);`, expected: 'none' },
  { name: 'a zero buffer', code: `${NODE}export const seal = (key, pt) => createCipheriv('aes-256-gcm', key, Buffer.alloc(12)).update(pt);`, expected: 'constantIv@2(Buffer.alloc(12) (all zeros))' },
  { name: 'a Math.random IV', code: `${NODE}export const seal = (key) => createCipheriv('aes-256-gcm', key, Buffer.from(String(Math.random())));`, expected: 'weakRandomIv@2(Math.random())' },
  { name: 'a module-level IV', code: `${NODE}const IV = randomBytes(12);\nexport const seal = (key, pt) => createCipheriv('aes-256-gcm', key, IV).update(pt);`, expected: 'moduleIv@3(IV)' },
  { name: 'one IV for two encryptions under one key', code: `${NODE}export function two(key, a, b) {\n  const iv = randomBytes(12);\n  createCipheriv('aes-256-gcm', key, iv).update(a);\n  createCipheriv('aes-256-gcm', key, iv).update(b);\n}`, expected: 'reusedIv@5(iv,4)' },
  { name: 'an IV made outside a loop', code: `${NODE}export function all(key, items) {\n  const iv = randomBytes(12);\n  for (const item of items) createCipheriv('aes-256-gcm', key, iv).update(item);\n}`, expected: 'reusedIvInLoop@4(iv)' },
  { name: 'a fresh random IV on decryption', code: `${NODE}export const open = (key, ct) => createDecipheriv('aes-256-gcm', key, randomBytes(12)).update(ct);`, expected: 'randomIvOnDecrypt@2' },
  { name: 'createCipher derives the IV from the password', code: `${NODE}export const seal = (pw, pt) => createCipher('aes-256-gcm', pw).update(pt);`, expected: 'passwordDerivedIv@2' },
  { name: 'a 16-byte IV', code: `${NODE}export const seal = (key, pt) => createCipheriv('aes-256-gcm', key, randomBytes(16)).update(pt);`, expected: 'ivLength@2(16)' },
  { name: 'a 16-byte IV when 16 is allowed', options: { allowedIvLengths: [12, 16] }, code: `${NODE}export const seal = (key, pt) => createCipheriv('aes-256-gcm', key, randomBytes(16)).update(pt);`, expected: 'none' },
  { name: 'a constant IV in TypeScript', mode: 'ts', code: `${NODE}export const seal = (key: Buffer, pt: Buffer) => createCipheriv('aes-256-gcm', key, Buffer.alloc(12)).update(pt);`, expected: 'constantIv@2(Buffer.alloc(12) (all zeros))' },
];

const tagRows: Row<AuthTagProblemOptions>[] = [
  { name: 'a complete decrypt with a length-bounded tag', code: `${NODE}export function open(key, iv, tag, ct) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); d.setAuthTag(tag); return Buffer.concat([d.update(ct), d.final()]); }`, expected: 'none' },
  { name: 'no setAuthTag', code: `${NODE}export function open(key, iv, ct) { const d = createDecipheriv('aes-256-gcm', key, iv); return Buffer.concat([d.update(ct), d.final()]); }`, expected: 'missingAuthTag@2' },
  { name: 'setAuthTag after final', code: `${NODE}export function open(key, iv, tag, ct) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); const p = d.update(ct); d.final(); d.setAuthTag(tag); return p; }`, expected: 'authTagAfterFinal@2' },
  { name: 'setAuthTag after update, when the order is checked', options: { checkAuthTagOrder: true }, code: `${NODE}export function open(key, iv, tag, ct) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); const p = d.update(ct); d.setAuthTag(tag); d.final(); return p; }`, expected: 'authTagAfterUpdate@2' },
  { name: 'update without final', code: `${NODE}export function peek(key, iv, tag, ct) { const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }); d.setAuthTag(tag); return d.update(ct); }`, expected: 'missingFinal@2' },
  { name: 'an untrusted tag with no length bound', code: `${NODE}export function open(key, iv, tag, ct) { const d = createDecipheriv('aes-256-gcm', key, iv); d.setAuthTag(tag); return Buffer.concat([d.update(ct), d.final()]); }`, expected: 'unboundedTagLength@2' },
  { name: 'an untrusted tag checked for length first', code: `${NODE}export function open(key, iv, tag, ct) { if (tag.length !== 16) throw new Error('tag'); const d = createDecipheriv('aes-256-gcm', key, iv); d.setAuthTag(tag); return Buffer.concat([d.update(ct), d.final()]); }`, expected: 'none' },
  { name: 'a cipher whose tag is never read', code: `${NODE}export function seal(key, iv, pt) { const c = createCipheriv('aes-256-gcm', key, iv); return Buffer.concat([c.update(pt), c.final()]); }`, expected: 'tagNotRead@2' },
  { name: 'a tag read and dropped', code: `${NODE}export function seal(key, iv, pt) { const c = createCipheriv('aes-256-gcm', key, iv); const ct = c.update(pt); c.final(); c.getAuthTag(); return ct; }`, expected: 'tagDiscarded@2' },
  { name: 'a returned cipher is left to the caller', code: `${NODE}export const make = (key, iv) => createCipheriv('aes-256-gcm', key, iv);`, expected: 'none' },
  { name: 'a short WebCrypto tag (TypeScript)', mode: 'ts', code: "export {};\nexport const seal = (key: CryptoKey, iv: Uint8Array, data: Uint8Array) => crypto.subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 96 }, key, data);", expected: 'shortTagLength@2(96,128)' },
];

describe('getIvProblems', () => {
  for (const row of ivRows) {
    it(`${row.name} (${row.mode ?? 'js'})`, () => {
      const found = analyse(row.code, row.mode ?? 'js', (analysis) => getIvProblems(analysis, { ...IV_DEFAULTS, ...row.options }).map(format));
      expect(found.join(' | ') || 'none').toBe(row.expected);
    });
  }
});

describe('getAuthTagProblems', () => {
  for (const row of tagRows) {
    it(`${row.name} (${row.mode ?? 'js'})`, () => {
      const found = analyse(row.code, row.mode ?? 'js', (analysis) => getAuthTagProblems(analysis, { ...TAG_DEFAULTS, ...row.options }).map(format));
      expect(found.join(' | ') || 'none').toBe(row.expected);
    });
  }
});
