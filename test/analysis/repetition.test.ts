/**
 * Table-driven tests of `getPerItemKmsCalls` (`repetition.ts`): each row is a snippet and the per-item calls it
 * should yield, written `operation@line:repetition` ('none' when there are none).
 */
import { describe, expect, it } from 'vitest';
import { getPerItemKmsCalls } from '../../src/analysis/index.js';
import { analyse, type ParseMode } from './harness.js';

const KMS = "import { KMS } from '@aws-sdk/client-kms';\nconst kms = new KMS({});\n";

type Row = { name: string; code: string; expected: string; mode?: ParseMode; maximum?: number };

const rows: Row[] = [
  { name: 'Decrypt per item of a for…of', code: `${KMS}export async function f(blobs) {\n  for (const b of blobs) await kms.decrypt({ CiphertextBlob: b });\n}`, expected: 'Decrypt@4:for…of loop' },
  { name: 'Encrypt in a Promise.all fan-out', code: `${KMS}export const f = (items) => Promise.all(items.map((p) => kms.encrypt({ KeyId: 'k', Plaintext: p })));`, expected: 'Encrypt@3:Promise.all fan-out' },
  { name: 'Sign in a forEach callback (its own quota)', code: `${KMS}export function f(ms) { ms.forEach((m) => kms.sign({ KeyId: 'k', Message: m, SigningAlgorithm: 'ECDSA_SHA_256' })); }`, expected: 'Sign@3:forEach callback' },
  { name: 'a small static bound', code: `${KMS}export async function f(a, b) { for (const x of [a, b]) await kms.decrypt({ CiphertextBlob: x }); }`, expected: 'none' },
  { name: 'a static bound above the maximum', code: `${KMS}export async function f() { for (let i = 0; i < 20; i++) await kms.generateRandom({ NumberOfBytes: 32 }); }`, expected: 'GenerateRandom@3:for loop' },
  { name: 'a static bound within a raised maximum', maximum: 50, code: `${KMS}export async function f() { for (let i = 0; i < 20; i++) await kms.generateRandom({ NumberOfBytes: 32 }); }`, expected: 'none' },
  { name: 'a retry loop that returns on success', code: `${KMS}export async function f(b) {\n  for (let i = 0; ; i++) {\n    try { return await kms.decrypt({ CiphertextBlob: b }); } catch (e) { if (i > 3) throw e; }\n  }\n}`, expected: 'none' },
  { name: 'a break that only ends a switch case is no retry exit', code: `${KMS}export async function f(bs, m) {\n  for (const b of bs) {\n    try { await kms.decrypt({ CiphertextBlob: b }); switch (m) { case 1: break; } } catch {}\n  }\n}`, expected: 'Decrypt@5:for…of loop' },
  { name: 'a cache lookup guards the call', code: `${KMS}const cache = new Map();\nexport async function f(bs) {\n  for (const b of bs) { if (!cache.has(b)) cache.set(b, await kms.decrypt({ CiphertextBlob: b })); }\n}`, expected: 'none' },
  { name: 'a control-plane call in a loop is not a crypto call', code: `${KMS}export async function f(ids) { for (const id of ids) await kms.describeKey({ KeyId: id }); }`, expected: 'none' },
  { name: 'a while loop in TypeScript', mode: 'ts', code: `${KMS}export async function f(q: Uint8Array[]) { while (q.length) await kms.decrypt({ CiphertextBlob: q.pop()! }); }`, expected: 'Decrypt@3:while loop' },
];

describe('getPerItemKmsCalls', () => {
  for (const row of rows) {
    it(`${row.name} (${row.mode ?? 'js'})`, () => {
      const found = analyse(row.code, row.mode ?? 'js', (analysis) =>
        getPerItemKmsCalls(analysis, { maximumStaticIterations: row.maximum ?? 10 }).map((call) => `${call.site.operation}@${call.site.node.loc.start.line}:${call.repetition}`),
      );
      expect(found.join(' | ') || 'none').toBe(row.expected);
    });
  }
});
