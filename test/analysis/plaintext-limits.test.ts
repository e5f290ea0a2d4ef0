/**
 * Table-driven tests of `getPlaintextLimitProblems` and `getPlaintextLimit` (`plaintext-limits.ts`). Problems are
 * written `kind:limit:algorithm:detail` (detail: the size or the source), 'none' when there are none.
 */
import { describe, expect, it } from 'vitest';
import { ASYMMETRIC_ENCRYPT_PLAINTEXT_BYTES, SYMMETRIC_ENCRYPT_PLAINTEXT_BYTES, getPlaintextLimitProblems, type PlaintextLimitOptions } from '../../src/analysis/index.js';
import { analyse, type ParseMode } from './harness.js';

const KMS = "import { KMSClient, EncryptCommand } from '@aws-sdk/client-kms';\nimport { readFileSync } from 'node:fs';\nconst kms = new KMSClient({});\n";
const encrypt = (members: string): string => `${KMS}export const f = (p) => kms.send(new EncryptCommand({ KeyId: 'k', EncryptionContext: { a: 'b' }, ${members} }));`;
const DEFAULTS: PlaintextLimitOptions = { rsaKeySpec: 'RSA_2048', checkUnboundedSources: true };

type Row = { name: string; code: string; expected: string; mode?: ParseMode; options?: Partial<PlaintextLimitOptions> };

const symmetric = SYMMETRIC_ENCRYPT_PLAINTEXT_BYTES.max;
const rsa2048 = ASYMMETRIC_ENCRYPT_PLAINTEXT_BYTES['RSA_2048/RSAES_OAEP_SHA_256']!;

const rows: Row[] = [
  { name: 'a known buffer over the symmetric limit', code: encrypt(`Plaintext: Buffer.alloc(${symmetric + 1})`), expected: `too-large:${symmetric}:SYMMETRIC_DEFAULT:${symmetric + 1}` },
  { name: 'a known buffer at the symmetric limit', code: encrypt(`Plaintext: Buffer.alloc(${symmetric})`), expected: 'none' },
  { name: 'an RSA limit under the assumed key spec', code: encrypt(`Plaintext: Buffer.alloc(${rsa2048 + 1}), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'`), expected: `too-large:${rsa2048}:RSAES_OAEP_SHA_256:${rsa2048 + 1}` },
  { name: 'the same size under a larger RSA key spec', options: { rsaKeySpec: 'RSA_4096' }, code: encrypt(`Plaintext: Buffer.alloc(${rsa2048 + 1}), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'`), expected: 'none' },
  { name: 'an unknown algorithm takes the largest limit', code: `${KMS}export const f = (alg) => kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: Buffer.alloc(5000), EncryptionAlgorithm: alg }));`, expected: `too-large:${symmetric}:any encryption algorithm:5000` },
  { name: 'an algorithm the limits table does not know', code: encrypt("Plaintext: Buffer.alloc(5000), EncryptionAlgorithm: 'NOT_AN_ALGORITHM'"), expected: 'none' },
  { name: 'a file read is unbounded', code: `${KMS}export const f = (path) => kms.send(new EncryptCommand({ KeyId: 'k', EncryptionContext: { a: 'b' }, Plaintext: readFileSync(path) }));`, expected: `unbounded:${symmetric}:SYMMETRIC_DEFAULT:a file read (readFileSync)` },
  { name: 'a file read when unbounded sources are not checked', options: { checkUnboundedSources: false }, code: `${KMS}export const f = (path) => kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: readFileSync(path) }));`, expected: 'none' },
  { name: 'a length guard within the limit clears a file read', code: `${KMS}export function f(path) {\n  const data = readFileSync(path);\n  if (data.length > 4000) throw new Error('too big');\n  return kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: data }));\n}`, expected: 'none' },
  { name: 'a parameter is unknown, not a problem', code: encrypt('Plaintext: p'), expected: 'none' },
  { name: 'a long string literal in TypeScript', mode: 'ts', code: encrypt(`Plaintext: Buffer.from('${'x'.repeat(symmetric + 10)}')`), expected: `too-large:${symmetric}:SYMMETRIC_DEFAULT:${symmetric + 10}` },
];

describe('getPlaintextLimitProblems', () => {
  for (const row of rows) {
    it(`${row.name} (${row.mode ?? 'js'})`, () => {
      const found = analyse(row.code, row.mode ?? 'js', (analysis) =>
        getPlaintextLimitProblems(analysis, { ...DEFAULTS, ...row.options }).map((p) => `${p.kind}:${p.limit.bytes}:${p.limit.algorithm}:${p.kind === 'too-large' ? p.size : p.source}`),
      );
      expect(found.join(' | ') || 'none').toBe(row.expected);
    });
  }
});
