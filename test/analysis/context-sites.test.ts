/**
 * The context-site comparisons at scale and the one-pipeline parity: the per-file builder (from the ESTree model)
 * and the program index (from a `ts.Program`) must find the same sites in the same sources.
 */
import { describe, expect, it } from 'vitest';
import {
  findKeySpellingConflicts,
  findUnmatchedKeySets,
  findValueCaseMismatches,
  getFileContextSites,
  getKeySet,
  uniqueEntries,
  type ContextEntry,
  type ContextSite,
} from '../../src/analysis/context-sites.js';
import { getProgramIndex } from '../../src/analysis/program-index.js';
import { analyse, createVirtualProgram } from './harness.js';

/** A synthetic site: `names` are its context keys (value: the name's own text unless given). */
function makeSite(index: number, side: 'encrypt' | 'decrypt', keyId: string | undefined, entries: ReadonlyArray<readonly [string, string]>): ContextSite {
  const file = `f${index % 50}.ts`;
  const base = index * 100;
  const place = (offset: number) => ({ file, line: index + 1, column: offset + 1, range: [base + offset, base + offset + 1] as const });
  const contextEntries: ContextEntry[] = entries.map(([name, value], position) => ({
    name,
    key: place(10 + position * 10),
    keyForm: 'identifier',
    quote: undefined,
    value: { kind: 'string', value },
    valuePlace: place(15 + position * 10),
  }));
  return { service: 'kms', operation: side === 'encrypt' ? 'Encrypt' : 'Decrypt', member: 'EncryptionContext', side, keyId, entries: contextEntries, complete: true, place: place(0) };
}

describe('comparisons over many sites of one key', () => {
  // 5,000 sites on one key: 2,500 encrypt sites write { tenantId, stage }; 2,497 decrypt sites agree; three do not.
  const sites: ContextSite[] = [];
  for (let index = 0; index < 2500; index++) sites.push(makeSite(index, 'encrypt', 'alias/app', [['tenantId', 't'], ['stage', 'prod']]));
  for (let index = 2500; index < 4997; index++) sites.push(makeSite(index, 'decrypt', 'alias/app', [['tenantId', 't'], ['stage', 'prod']]));
  sites.push(makeSite(4997, 'decrypt', 'alias/app', [['TenantId', 't'], ['stage', 'prod']]));
  sites.push(makeSite(4998, 'decrypt', 'alias/app', [['tenantId', 't'], ['stage', 'Prod']]));
  sites.push(makeSite(4999, 'decrypt', 'alias/app', [['tenantId', 't'], ['region', 'eu']]));

  it('finds the one misspelt key, pointing at the first encrypt site that spells it right', () => {
    const conflicts = findKeySpellingConflicts(sites);
    expect(conflicts.map((conflict) => `${conflict.entry.name}@${conflict.entry.key.line} → ${conflict.expected}@${conflict.expectedAt.key.line}`)).toEqual([
      // f47.ts holds sites 47, 97, …: the same-file counterpart of site 4997 (file f47.ts) is the encrypt site 47.
      'TenantId@4998 → tenantId@48',
    ]);
  });

  it('finds the decrypt key sets no encrypt site produces (the spelling variant left to the spelling check)', () => {
    const unmatched = findUnmatchedKeySets(sites, { skipSpellingVariants: true });
    expect(unmatched.map((result) => `${result.site.place.line}:${result.producers.length}`)).toEqual(['5000:2500']);
  });

  it('finds the value that differs only in case', () => {
    const mismatches = findValueCaseMismatches(sites);
    expect(mismatches.map((mismatch) => `${mismatch.entry.name}=${mismatch.entry.value.kind === 'string' ? mismatch.entry.value.value : '?'}@${mismatch.site.place.line} expected ${mismatch.expected}@${mismatch.expectedAt.key.line}`)).toEqual([
      'stage=Prod@4999 expected prod@1',
    ]);
  });
});

describe('the order sites come in', () => {
  // One file's sites in source order, the last two sharing context objects with earlier sites (as two requests that pass
  // one const do): the keys are then no longer at increasing offsets. The comparisons index keys without a lookup table
  // while offsets increase and skip sorting what is already in source order; that must not change what they find.
  const inOneFile = (site: ContextSite): ContextSite => ({
    ...site,
    place: { ...site.place, file: 'one.ts' },
    entries: site.entries.map((entry) => ({ ...entry, key: { ...entry.key, file: 'one.ts' }, valuePlace: entry.valuePlace && { ...entry.valuePlace, file: 'one.ts' } })),
  });
  const sites: ContextSite[] = [];
  for (let index = 0; index < 40; index++) {
    const spelling = index === 7 ? 'TenantId' : 'tenantId';
    sites.push(inOneFile(makeSite(index * 50, index % 2 === 0 ? 'encrypt' : 'decrypt', 'alias/app', [[spelling, 't'], ['stage', index === 9 ? 'Prod' : 'prod']])));
  }
  // Requests 40 and 41 send the contexts of requests 7 (the misspelt one) and 10, for the other side.
  sites.push(inOneFile({ ...makeSite(40 * 50, 'encrypt', 'alias/app', []), entries: sites[7]!.entries }));
  sites.push(inOneFile({ ...makeSite(41 * 50, 'decrypt', 'alias/app', []), entries: sites[10]!.entries }));
  const shuffled = [...sites.filter((_, index) => index % 3 === 0), ...sites.filter((_, index) => index % 3 !== 0).reverse()];
  const describeConflicts = (list: readonly ContextSite[]) =>
    findKeySpellingConflicts(list).map((conflict) => `${conflict.entry.name}@${conflict.entry.key.range[0]} → ${conflict.expected}@${conflict.expectedAt.key.range[0]} ${conflict.expectedSite.side}`);

  it('counts a shared context key once, on both sides', () => {
    const unique = uniqueEntries(sites);
    const places = new Set(sites.flatMap((site) => site.entries.map((entry) => entry.key.range[0])));
    expect(unique.map((entry) => entry.key.range[0])).toEqual([...places].sort((a, b) => a - b));
    // The misspelt key is written once (request 7) though two requests send it.
    expect(findKeySpellingConflicts(sites).filter((conflict) => conflict.entry === sites[7]!.entries[0])).toHaveLength(1);
  });

  it('finds the same conflicts, key sets and written keys in any order', () => {
    expect(describeConflicts(shuffled)).toEqual(describeConflicts(sites));
    expect(describeConflicts(sites).length).toBeGreaterThan(0);
    expect(uniqueEntries(shuffled)).toEqual(uniqueEntries(sites));
    const describeUnmatched = (list: readonly ContextSite[]) => findUnmatchedKeySets(list, { skipSpellingVariants: false }).map((result) => result.site.place.range[0]);
    expect(describeUnmatched(shuffled)).toEqual(describeUnmatched(sites));
  });

  it('orders the names of a key set as the default sort does, without repeats', () => {
    const names = ['b', 'B', 'a', '_x', 'é', 'e', '𝒳', 'Z', 'a', '', '10', '9', 'tenant-id', 'tenant_id'];
    const site = { ...sites[0]!, entries: names.map((name, index) => ({ ...sites[0]!.entries[0]!, name, key: { ...sites[0]!.entries[0]!.key, range: [index, index + 1] as const } })) };
    expect(getKeySet(site)).toEqual([...new Set(names)].sort());
  });
});

// ---- parity: the per-file builder and the program index over the same sources ----

function programSites(text: string): ContextSite[] {
  const program = createVirtualProgram({ [`parity-${Math.random().toString(36).slice(2)}.ts`]: text });
  return [...getProgramIndex(program).contextSites];
}

/** What both builders must agree on: operation, member, side, key, completeness, keys and values, line. */
function summarise(site: ContextSite): string {
  const entries = site.entries.map((entry) => `${entry.name}=${entry.value.kind === 'string' ? (entry.value.value ?? 'string') : entry.value.kind === 'non-string' ? entry.value.type : '?'}`);
  return `${site.place.line} ${site.operation}.${site.member} ${site.side} ${site.keyId ?? '?'} ${site.complete ? 'complete' : 'partial'} {${entries.join(',')}}`;
}

const V3 = "import { KMSClient, EncryptCommand, DecryptCommand, ReEncryptCommand } from '@aws-sdk/client-kms';\nconst client = new KMSClient({});\n";
const ESDK = "import { buildClient } from '@aws-crypto/client-node';\nconst { encrypt, encryptStream } = buildClient();\n";

const parityRows: ReadonlyArray<{ readonly name: string; readonly code: string }> = [
  { name: 'v3 Encrypt with a literal key and context', code: `${V3}export const f = (p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenant: 't' } }));` },
  { name: 'Decrypt without a context', code: `${V3}export const f = (b: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: b }));` },
  {
    name: 'ReEncrypt: source and destination groups',
    code: `${V3}export const f = (b: Uint8Array) => client.send(new ReEncryptCommand({ CiphertextBlob: b, SourceKeyId: 'alias/old', SourceEncryptionContext: { a: '1' }, DestinationKeyId: 'alias/new', DestinationEncryptionContext: { a: '1', v: '2' } }));`,
  },
  { name: 'Encryption SDK encrypt, non-string value', code: `${ESDK}export const f = (k: any, d: string) => encrypt(k, d, { encryptionContext: { n: 1 as unknown as string } });` },
  { name: 'Encryption SDK encryptStream, non-string value (options second)', code: `${ESDK}export const f = (k: any) => encryptStream(k, { encryptionContext: { n: 1 as unknown as string } });` },
  { name: 'Encryption SDK encrypt without options', code: `${ESDK}export const f = (k: any, d: string) => encrypt(k, d);` },
];

describe('one context-site pipeline: per-file and program-wide sites agree', () => {
  it.each(parityRows)('$name', ({ code }) => {
    const perFile = analyse(code, 'typed', (analysis) => getFileContextSites(analysis, 'file.ts').map(summarise));
    expect(perFile.length).toBeGreaterThan(0);
    expect(programSites(code).map(summarise)).toEqual(perFile);
  });
});
