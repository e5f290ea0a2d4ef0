/**
 * Table-driven tests of `src/analysis/program-index.ts` (the sites it finds in a whole `ts.Program`) and of the
 * comparisons in `src/analysis/context-sites.ts` run over them. Programs are built in memory: the rows' files are
 * virtual, placed in this folder so that `@aws-sdk/client-kms`, `aws-sdk` and `@aws-crypto/client-node` resolve from
 * the repository's node_modules; library files are parsed once and shared by all rows.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findKeySpellingConflicts,
  findUnmatchedKeySets,
  findValueCaseMismatches,
  getKeySet,
  normalizeContextKey,
  type ContextSite,
} from '../../src/analysis/context-sites.js';
import { getProgramIndex, getProgramIndexBuildCount } from '../../src/analysis/program-index.js';
import { createVirtualProgram } from './harness.js';

/** `file:line Operation side keyId complete? { keys }` — one line per context site, in source order. */
function summarize(site: ContextSite): string {
  const file = path.basename(site.place.file);
  const keys = site.entries.map((entry) => `${entry.name}=${describeValue(entry.value)}`).join(', ');
  return `${file}:${site.place.line} ${site.operation} ${site.side} ${site.keyId ?? '?'} ${site.complete ? 'complete' : 'partial'} { ${keys} }`;
}

function describeValue(value: ContextSite['entries'][number]['value']): string {
  if (value.kind === 'string') return value.value === undefined ? 'string' : JSON.stringify(value.value);
  if (value.kind === 'non-string') return value.type;
  return '?';
}

const V3 = "import { KMSClient, EncryptCommand, DecryptCommand, ReEncryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';\nconst client = new KMSClient({});\n";

interface Row {
  readonly name: string;
  readonly files: Record<string, string>;
  readonly sites: readonly string[];
}

const rows: Row[] = [
  {
    name: 'v3 command with an inline literal context and a literal key id',
    files: { 'a.ts': `${V3}export const f = (p: Uint8Array, t: string) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenantId: t, kind: 'doc' } }));` },
    sites: ['a.ts:3 Encrypt encrypt alias/a complete { tenantId=?, kind="doc" }'],
  },
  {
    name: 'key id and context from imported consts; command built in a variable',
    files: {
      'cfg.ts': "export const KEY = 'alias/docs';\nexport const CONTEXT = { app: 'store', stage: `prod` } as const;\n",
      'b.ts': `${V3}import { KEY, CONTEXT } from './cfg.js';\nconst cmd = new DecryptCommand({ KeyId: KEY, CiphertextBlob: new Uint8Array(), EncryptionContext: CONTEXT });\nexport const r = client.send(cmd);`,
    },
    sites: ['b.ts:4 Decrypt decrypt alias/docs complete { app="store", stage="prod" }'],
  },
  {
    name: 'ReEncrypt: the source side decrypts, the destination side encrypts; a shared const context',
    files: {
      'c.ts': `${V3}const ctx = { tenantId: 'acme' };\nexport const r = client.send(new ReEncryptCommand({ CiphertextBlob: new Uint8Array(), SourceKeyId: 'alias/old', SourceEncryptionContext: ctx, DestinationKeyId: 'alias/new', DestinationEncryptionContext: ctx }));`,
    },
    sites: ['c.ts:4 ReEncrypt decrypt alias/old complete { tenantId="acme" }', 'c.ts:4 ReEncrypt encrypt alias/new complete { tenantId="acme" }'],
  },
  {
    name: 'no context at all is a complete empty set; an unknown key id stays unknown',
    files: { 'd.ts': `${V3}export const f = (k: string, p: Uint8Array) => client.send(new EncryptCommand({ KeyId: k, Plaintext: p }));` },
    sites: ['d.ts:3 Encrypt encrypt ? complete {  }'],
  },
  {
    name: 'a spread of an unknown object makes the set partial; known keys still count',
    files: { 'e.ts': `${V3}export const f = (extra: Record<string, string>, b: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: b, EncryptionContext: { ...extra, tenantId: 'x' } }));` },
    sites: ['e.ts:3 Decrypt decrypt alias/a partial { tenantId="x" }'],
  },
  {
    name: 'a spread of a const object is merged; computed const keys are read',
    files: { 'f.ts': `${V3}const BASE = { app: 'docs' };\nconst KEY_NAME = 'tenantId';\nexport const f = (b: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: b, EncryptionContext: { ...BASE, [KEY_NAME]: 'acme' } }));` },
    sites: ['f.ts:5 Decrypt decrypt alias/a complete { app="docs", tenantId="acme" }'],
  },
  {
    name: 'the whole request from a parameter: unknown key id and set',
    files: { 'g.ts': "import { DecryptCommand, type DecryptCommandInput } from '@aws-sdk/client-kms';\nexport const make = (input: DecryptCommandInput) => new DecryptCommand(input);" },
    sites: ['g.ts:2 Decrypt decrypt ? partial {  }'],
  },
  {
    name: 'non-string values are kept with their type and make the set partial',
    files: { 'h.js': "import { GenerateDataKeyCommand } from '@aws-sdk/client-kms';\nconst VERSION = 2;\nexport const c = new GenerateDataKeyCommand({ KeyId: 'alias/a', KeySpec: 'AES_256', EncryptionContext: { version: VERSION, on: true, meta: {}, tags: [], none: null } });" },
    sites: ['h.js:3 GenerateDataKey encrypt alias/a partial { version=number, on=boolean, meta=object, tags=array, none=null }'],
  },
  {
    name: 'RSA encryption takes no context: no site',
    files: { 'i.ts': `${V3}export const f = (p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/rsa', Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));` },
    sites: [],
  },
  {
    name: 'aggregated v3 client received as a parameter (recognised by type)',
    files: { 'j.ts': "import type { KMS } from '@aws-sdk/client-kms';\nexport const f = (kms: KMS, b: Uint8Array) =>\n  kms.decrypt({ KeyId: 'alias/a', CiphertextBlob: b, EncryptionContext: { TenantId: 'x' } });" },
    sites: ['j.ts:3 Decrypt decrypt alias/a complete { TenantId="x" }'],
  },
  {
    name: 'v2 client (aws-sdk/clients/kms.js, ESM) generateDataKey',
    files: { 'k.ts': "import KMS from 'aws-sdk/clients/kms.js';\nconst kms = new KMS();\nexport const r = kms.generateDataKey({ KeyId: 'alias/v2', KeySpec: 'AES_256', EncryptionContext: { reportId: 'r1' } }).promise();" },
    sites: ['k.ts:3 GenerateDataKey encrypt alias/v2 complete { reportId="r1" }'],
  },
  {
    name: 'Encryption SDK encrypt and encryptStream (options in the third and second argument)',
    files: {
      'l.ts': "import { buildClient, KmsKeyringNode } from '@aws-crypto/client-node';\nconst { encrypt, encryptStream } = buildClient();\nconst keyring = new KmsKeyringNode({ generatorKeyId: 'alias/x' });\nexport const a = encrypt(keyring, 'data', { encryptionContext: { orderId: 'o1' } });\nexport const s = encryptStream(keyring, { encryptionContext: { orderId: 'o2' } });\nexport const n = encrypt(keyring, 'data');",
    },
    sites: ['l.ts:4 encrypt encrypt ? complete { orderId="o1" }', 'l.ts:5 encryptStream encrypt ? complete { orderId="o2" }', 'l.ts:6 encrypt encrypt ? complete {  }'],
  },
  {
    name: 'look-alikes are not KMS: a local class with the same method and command names',
    files: { 'm.ts': "class EncryptCommand { constructor(readonly input: unknown) {} }\nclass Vault { decrypt(x: unknown) { return x; } }\nexport const c = new EncryptCommand({ KeyId: 'k', EncryptionContext: { a: 'b' } });\nexport const d = new Vault().decrypt({ KeyId: 'k', EncryptionContext: { a: 'b' } });" },
    sites: [],
  },
  {
    name: 'a context written as a parameter: unknown set; an `undefined` context is absent',
    files: { 'n.ts': `${V3}export const f = (ctx: Record<string, string>, b: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: b, EncryptionContext: ctx }));\nexport const g = (b: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: b, EncryptionContext: undefined }));` },
    sites: ['n.ts:3 Decrypt decrypt alias/a partial {  }', 'n.ts:4 Decrypt decrypt alias/a complete {  }'],
  },
];

describe('program index: context sites', () => {
  it.each(rows)('$name', ({ files, sites }) => {
    const index = getProgramIndex(createVirtualProgram(files));
    expect(index.contextSites.map(summarize)).toEqual(sites);
  });
});

describe('program index: building', () => {
  it('is built once per program and shared by every file and caller', () => {
    const program = createVirtualProgram({ 'p1.ts': `${V3}export const x = 1;`, 'p2.ts': 'export const y = 2;' });
    const before = getProgramIndexBuildCount();
    const first = getProgramIndex(program);
    const second = getProgramIndex(program);
    expect(second).toBe(first);
    expect(getProgramIndexBuildCount() - before).toBe(1);
    getProgramIndex(createVirtualProgram({ 'p3.ts': 'export const z = 3;' }));
    expect(getProgramIndexBuildCount() - before).toBe(2);
  });

  it('indexes program sources only: not declaration files, not node_modules', () => {
    const index = getProgramIndex(createVirtualProgram({ 'q.ts': `${V3}export {};`, 'q2.d.ts': 'export declare const k: string;' }));
    expect([...index.files].map((file) => path.basename(file))).toEqual(['q.ts']);
  });

  it('records every KMS request with its known string members', () => {
    const index = getProgramIndex(createVirtualProgram({ 'r.ts': `${V3}export const f = (p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }));` }));
    expect(index.calls.map((call) => [call.operation, Object.fromEntries(call.strings)])).toEqual([
      ['Encrypt', { KeyId: 'alias/a', EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }],
    ]);
  });
});

interface ComparisonRow {
  readonly name: string;
  readonly files: Record<string, string>;
  /** `check file:line detail` strings. */
  readonly findings: readonly string[];
}

const comparisonRows: ComparisonRow[] = [
  {
    name: 'cross-file spelling: a decrypt spelled unlike the encrypt sites of its key is reported, naming one',
    files: {
      's1.ts': `${V3}export const a = (t: string, p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/d', Plaintext: p, EncryptionContext: { TenantId: t } }));\nexport const b = (t: string, p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/e', Plaintext: p, EncryptionContext: { TenantId: t } }));`,
      's2.ts': `${V3}export const c = (t: string, b: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/e', CiphertextBlob: b, EncryptionContext: { tenantId: t } }));`,
    },
    findings: ['spelling s2.ts:3 tenantId -> TenantId at s1.ts:4'],
  },
  {
    name: 'a context object shared by both sides of a ReEncrypt is one occurrence, on both sides',
    files: { 't.ts': `${V3}const ctx = { tenant_id: 'x' };\nexport const a = client.send(new ReEncryptCommand({ CiphertextBlob: new Uint8Array(), SourceKeyId: 'alias/n', SourceEncryptionContext: ctx, DestinationKeyId: 'alias/n', DestinationEncryptionContext: ctx }));\nexport const b = client.send(new DecryptCommand({ KeyId: 'alias/n', CiphertextBlob: new Uint8Array(), EncryptionContext: { 'tenant-id': 'x' } }));` },
    findings: ['spelling t.ts:5 tenant-id -> tenant_id at t.ts:3'],
  },
  {
    name: "spellings are compared per KMS key: each key used consistently is no conflict (the reviewer's case)",
    files: { 'p.ts': `${V3}export async function a(tenantId: string, p: Uint8Array, b: Uint8Array) {\n  await client.send(new EncryptCommand({ KeyId: 'alias/service-a', Plaintext: p, EncryptionContext: { tenantId } }));\n  await client.send(new DecryptCommand({ KeyId: 'alias/service-a', CiphertextBlob: b, EncryptionContext: { tenantId } }));\n  await client.send(new EncryptCommand({ KeyId: 'alias/partner-b', Plaintext: p, EncryptionContext: { tenant_id: tenantId } }));\n  await client.send(new DecryptCommand({ KeyId: 'alias/partner-b', CiphertextBlob: b, EncryptionContext: { tenant_id: tenantId } }));\n}` },
    findings: [],
  },
  {
    name: 'an unrelated file (another key, another spelling, more often) does not change the cross-file finding',
    files: {
      's1.ts': `${V3}export const a = (t: string, p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/d', Plaintext: p, EncryptionContext: { TenantId: t } }));\nexport const b = (t: string, p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/e', Plaintext: p, EncryptionContext: { TenantId: t } }));`,
      's2.ts': `${V3}export const c = (t: string, b: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/e', CiphertextBlob: b, EncryptionContext: { tenantId: t } }));`,
      'a0.ts': `${V3}export const a = (t: string, p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/z', Plaintext: p, EncryptionContext: { tenant_id: t } }));\nexport const b = (t: string, x: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/z', CiphertextBlob: x, EncryptionContext: { tenant_id: t } }));\nexport const c = (t: string, x: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/z', CiphertextBlob: x, EncryptionContext: { tenant_id: t } }));`,
    },
    findings: ['spelling s2.ts:3 tenantId -> TenantId at s1.ts:4'],
  },
  {
    name: 'encrypt sites of one key disagree: the minority in the key group is reported, naming a decrypt of the winner',
    files: { 'm.ts': `${V3}export const a = (t: string, p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/m', Plaintext: p, EncryptionContext: { tenantId: t } }));\nexport const b = (t: string, p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/m', Plaintext: p, EncryptionContext: { tenant_id: t } }));\nexport const c = (t: string, x: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/m', CiphertextBlob: x, EncryptionContext: { tenantId: t } }));` },
    findings: ['spelling m.ts:4 tenant_id -> tenantId at m.ts:5'],
  },
  {
    name: 'unknown key ids: compared within one file only, and only encrypt against decrypt',
    files: {
      'k1.ts': `${V3}export const a = (k: string, t: string, p: Uint8Array) => client.send(new EncryptCommand({ KeyId: k, Plaintext: p, EncryptionContext: { tenantId: t } }));\nexport const b = (k: string, t: string, x: Uint8Array) => client.send(new DecryptCommand({ KeyId: k, CiphertextBlob: x, EncryptionContext: { TenantId: t } }));`,
      'k2.ts': `${V3}export const c = (t: string, x: Uint8Array) => client.send(new DecryptCommand({ CiphertextBlob: x, EncryptionContext: { tenant_id: t } }));\nexport const d = (t: string, p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/k', Plaintext: p, EncryptionContext: { Tenant_Id: t } }));`,
    },
    findings: ['spelling k1.ts:4 TenantId -> tenantId at k1.ts:3 (key unknown)'],
  },
  {
    name: 'unmatched key set, same key id, all producers known',
    files: { 'u.ts': `${V3}export const a = (p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/u', Plaintext: p, EncryptionContext: { tenantId: 'a' } }));\nexport const b = (x: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/u', CiphertextBlob: x, EncryptionContext: { tenantId: 'a', docId: 'd' } }));` },
    findings: ['keyset u.ts:4 { docId, tenantId } not produced by u.ts:3'],
  },
  {
    name: 'no key-set report when a producer for the key is partial, or an anonymous producer is unknown',
    files: {
      'v.ts': `${V3}export const a = (p: Uint8Array, ctx: Record<string, string>) => client.send(new EncryptCommand({ KeyId: 'alias/v', Plaintext: p, EncryptionContext: { ...ctx } }));\nexport const b = (x: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/v', CiphertextBlob: x, EncryptionContext: { other: 'a' } }));`,
      'w.ts': `${V3}export const a = (p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/w', Plaintext: p, EncryptionContext: { tenantId: 'a' } }));\nexport const b = (k: string, p: Uint8Array, ctx: Record<string, string>) => client.send(new EncryptCommand({ KeyId: k, Plaintext: p, EncryptionContext: ctx }));\nexport const c = (x: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/w', CiphertextBlob: x, EncryptionContext: { other: 'a' } }));`,
    },
    findings: [],
  },
  {
    name: 'values that differ only in case on the same key',
    files: { 'x.ts': `${V3}export const a = (p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/x', Plaintext: p, EncryptionContext: { tenant: 'Acme' } }));\nexport const b = (x: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/x', CiphertextBlob: x, EncryptionContext: { tenant: 'acme' } }));` },
    findings: ['value x.ts:4 acme -> Acme'],
  },
  {
    name: 'values that differ otherwise, or on another key, are not case mismatches',
    files: { 'y.ts': `${V3}export const a = (p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/y', Plaintext: p, EncryptionContext: { tenant: 'Acme' } }));\nexport const b = (x: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/y', CiphertextBlob: x, EncryptionContext: { tenant: 'Globex' } }));\nexport const c = (x: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/z', CiphertextBlob: x, EncryptionContext: { tenant: 'acme' } }));` },
    findings: [],
  },
];

function getFindings(sites: readonly ContextSite[]): string[] {
  const base = (file: string): string => path.basename(file);
  return [
    ...findKeySpellingConflicts(sites).map(
      (c) =>
        `spelling ${base(c.entry.key.file)}:${c.entry.key.line} ${c.entry.name} -> ${c.expected} at ${base(c.expectedAt.key.file)}:${c.expectedAt.key.line}${c.keyId === undefined ? ' (key unknown)' : ''}`,
    ),
    ...findUnmatchedKeySets(sites, { skipSpellingVariants: true }).map(
      (u) => `keyset ${base(u.site.place.file)}:${u.site.place.line} { ${getKeySet(u.site).join(', ')} } not produced by ${u.producers.map((p) => `${base(p.place.file)}:${p.place.line}`).join(', ')}`,
    ),
    ...findValueCaseMismatches(sites).map((m) => `value ${base(m.site.place.file)}:${m.site.place.line} ${m.entry.value.kind === 'string' ? m.entry.value.value : ''} -> ${m.expected}`),
  ];
}

describe('context comparisons over a program', () => {
  it.each(comparisonRows)('$name', ({ files, findings }) => {
    expect(getFindings(getProgramIndex(createVirtualProgram(files)).contextSites)).toEqual(findings);
  });

  it.each([
    ['TenantId', 'tenantid'],
    ['tenant_id', 'tenantid'],
    ['tenant-id', 'tenantid'],
    ['Tenant.Id', 'tenantid'],
    ['aws:s3:arn', 'aws:s3:arn'],
  ])('normalizeContextKey(%s) is %s', (name, normalized) => {
    expect(normalizeContextKey(name)).toBe(normalized);
  });
});
