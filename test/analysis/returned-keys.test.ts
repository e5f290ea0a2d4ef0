/**
 * Table-driven tests of `flow/returned-keys.ts`: which functions return plaintext key bytes (and in what shape), and
 * which calls of them hand key bytes to the calling code.
 */
import { describe, expect, it } from 'vitest';
import { getKeyReturningFunctions, getReturnedKeys } from '../../src/analysis/index.js';
import { analyse, type ParseMode } from './harness.js';

const HEAD = "import { KMSClient, GenerateDataKeyCommand, DecryptCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\n";
const GDK = "await kms.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' }))";

interface Row {
  readonly name: string;
  readonly code: string;
  /** Expected key-returning functions as `name:operation:path` (`-` for the bytes themselves). */
  readonly functions: readonly string[];
  /** Expected calls handing key bytes here, as `helper:operation`. */
  readonly calls: readonly string[];
}

const rows: readonly Row[] = [
  { name: 'returns the bytes', code: `${HEAD}async function k() { const { Plaintext } = ${GDK}; return Plaintext; }\nasync function use() { const key = await k(); key.fill(0); }`, functions: ['k:GenerateDataKey:-'], calls: ['k:GenerateDataKey'] },
  { name: 'returns an envelope object', code: `${HEAD}const k = async () => { const r = ${GDK}; return { dataKey: r.Plaintext, blob: r.CiphertextBlob }; };\nasync function use() { const { dataKey } = await k(); return dataKey.length; }`, functions: ['k:GenerateDataKey:dataKey'], calls: ['k:GenerateDataKey'] },
  { name: 'only the encrypted half read by the caller', code: `${HEAD}const k = async () => { const r = ${GDK}; return { dataKey: r.Plaintext, blob: r.CiphertextBlob }; };\nasync function use() { const { blob } = await k(); return blob; }`, functions: ['k:GenerateDataKey:dataKey'], calls: [] },
  { name: 'Decrypt result returned', code: `${HEAD}async function open(b) { const o = await kms.send(new DecryptCommand({ CiphertextBlob: b })); return o.Plaintext; }\nasync function use(b) { const key = await open(b); return key; }`, functions: ['open:Decrypt:-'], calls: ['open:Decrypt'] },
  { name: 'helper wipes: nothing returned to judge', code: `${HEAD}async function k() { const { Plaintext } = ${GDK}; try { return Plaintext.length; } finally { Plaintext.fill(0); } }\nasync function use() { return k(); }`, functions: [], calls: [] },
  { name: 'helper also stores the key: not a sole owner', code: `${HEAD}const cache = {};\nasync function k() { const { Plaintext } = ${GDK}; cache.key = Plaintext; return Plaintext; }\nasync function use() { const key = await k(); return key.length; }`, functions: [], calls: [] },
  { name: 'mixed shapes on two paths', code: `${HEAD}async function k(f) { const { Plaintext } = ${GDK}; if (f) return { key: Plaintext }; return Plaintext; }`, functions: [], calls: [] },
  { name: 'returned inside an array', code: `${HEAD}async function k() { const { Plaintext } = ${GDK}; return [Plaintext]; }`, functions: [], calls: [] },
  { name: 'recursive call inside the helper is not a caller', code: `${HEAD}async function k(n) { if (n) return k(n - 1); const { Plaintext } = ${GDK}; return Plaintext; }`, functions: ['k:GenerateDataKey:-'], calls: [] },
  { name: 'a let-bound helper may be reassigned: no callers', code: `${HEAD}let k = async () => { const { Plaintext } = ${GDK}; return Plaintext; };\nasync function use() { const key = await k(); key.fill(0); }`, functions: ['k:GenerateDataKey:-'], calls: [] },
  { name: 'untyped import from another file is unknown', code: `${HEAD}import { newKey } from './keys.js';\nasync function use() { const key = await newKey(); return key.length; }`, functions: [], calls: [] },
];

describe('flow/returned-keys', () => {
  for (const mode of ['js', 'ts', 'typed'] as ParseMode[]) {
    describe(mode, () => {
      for (const row of rows) {
        it(row.name, () => {
          const result = analyse(row.code, mode, (analysis) => ({
            functions: getKeyReturningFunctions(analysis).map((fn) => `${fn.name}:${fn.operation}:${fn.path ?? '-'}`),
            calls: getReturnedKeys(analysis).map((returned) => `${returned.helper}:${returned.operation}`),
          }));
          expect(result).toEqual({ functions: row.functions, calls: row.calls });
        });
      }
    });
  }
});
