/**
 * `kms-audit --format cbom`: the built CLI's CycloneDX document of the sample service validates against the 1.6
 * JSON schema bundled with @cyclonedx/cyclonedx-library (its strict validator), and lists the KMS keys as
 * related crypto material and the algorithms (AES-256-GCM for SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_256, ECDSA_SHA_256)
 * as algorithm assets, with the files that use them as occurrences.
 */
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCbom, describeAlgorithm, getProjectIdentity } from '../../src/cli/cbom.js';
import type { InventoryEntry } from '../../src/cli/inventory.js';
import type { AuditReport } from '../../src/cli/report.js';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeCdkKeyEntry } from './inventory-entries.js';
import { assertBuilt, binPath, createProject, removeProject, repoRoot } from './temp-project.js';

interface Occurrence {
  location: string;
  line: number;
  additionalContext?: string;
}
interface CbomComponent {
  type: string;
  name: string;
  'bom-ref': string;
  properties?: Array<{ name: string; value: string }>;
  evidence?: { occurrences?: Occurrence[] };
  cryptoProperties: {
    assetType: string;
    algorithmProperties?: Record<string, unknown>;
    relatedCryptoMaterialProperties?: Record<string, unknown>;
    oid?: string;
  };
}
interface Cbom {
  specVersion: string;
  metadata: { component: { type: string; name: string; group?: string; version?: string; 'bom-ref': string } };
  components: CbomComponent[];
  dependencies: Array<{ ref: string; dependsOn?: string[] }>;
}

const PARTNER_RSA_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/0f6d2f4e-8a55-4c7e-9a0b-3c1d2e4f5a6b';
const PARTNER_FILE = 'fixtures/sample-service/src/partner/partner-exchange.ts';
const DR_KEY = 'arn:aws:kms:eu-central-1:444455556666:key/7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9';
const ROTATE_FILE = 'fixtures/sample-service/src/ops/rotate-keys.ts';

/** Occurrence order: by file (code-unit order), then by line. */
const byPlace = (a: { location: string; line: number }, b: { location: string; line: number }): number =>
  a.location < b.location ? -1 : a.location > b.location ? 1 : a.line - b.line;

/** A report of `inventory` as buildCbom reads it (only `version`, `root` and `inventory` matter to it). */
const makeReport = (inventory: InventoryEntry[], root = '/p'): AuditReport => ({
  version: '0.1.0',
  root,
  summary: { filesScanned: 1, filesTyped: 0, filesUntyped: 1, errors: 0, warnings: 0, parseErrors: 0, byRule: {}, keys: inventory.length, callSites: inventory.length },
  findings: [],
  inventory,
  notes: [],
});

describe('kms-audit fixtures/sample-service --format cbom', () => {
  let text: string;
  let bom: Cbom;
  const byName = (name: string): CbomComponent => {
    const component = bom.components.find((candidate) => candidate.name === name);
    if (!component) throw new Error(`no component ${name}`);
    return component;
  };
  beforeAll(() => {
    assertBuilt();
    // Spawned here (not with runCli) for a longer kill timeout: the typed audit of the sample service is slow on a loaded machine.
    const run = spawnSync(process.execPath, [binPath, 'fixtures/sample-service', '--format', 'cbom', '--fail-on', 'never', '--quiet'], { cwd: repoRoot, encoding: 'utf8', timeout: 230_000, maxBuffer: 64 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(0);
    text = run.stdout;
    bom = JSON.parse(text) as Cbom;
  }, 240_000);

  it("validates against the library's bundled CycloneDX 1.6 schema", async () => {
    const error = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
    expect(error).toBeNull();
    expect(bom.specVersion).toBe('1.6');
  });

  it('lists SYMMETRIC_DEFAULT as AES-256-GCM and RSAES_OAEP_SHA_256 as algorithm assets, with occurrences', () => {
    const aes = byName('AES-256-GCM');
    expect(aes.type).toBe('cryptographic-asset');
    expect(aes.cryptoProperties).toMatchObject({
      assetType: 'algorithm',
      algorithmProperties: { primitive: 'ae', mode: 'gcm', parameterSetIdentifier: '256' },
      oid: '2.16.840.1.101.3.4.1.46',
    });
    expect(aes.properties).toContainEqual({ name: 'aws-kms:algorithm', value: 'SYMMETRIC_DEFAULT' });
    expect(aes.evidence!.occurrences!.length).toBeGreaterThan(10);

    const rsa = byName('RSAES_OAEP_SHA_256');
    expect(rsa.cryptoProperties).toMatchObject({ assetType: 'algorithm', algorithmProperties: { primitive: 'pke', padding: 'oaep' } });
    expect((rsa.cryptoProperties.algorithmProperties!.cryptoFunctions as string[]).sort()).toEqual(['decrypt', 'encrypt']);
    expect(rsa.evidence!.occurrences!.map(({ location, line }) => `${location}:${line}`)).toEqual([`${PARTNER_FILE}:29`, `${PARTNER_FILE}:38`]);

    expect(byName('ECDSA_SHA_256').cryptoProperties.algorithmProperties).toMatchObject({ primitive: 'signature' });
  });

  it('lists the known keys as related crypto material with the key spec where the code implies one', () => {
    const documents = byName('alias/docstore-documents');
    expect(documents.cryptoProperties).toEqual({
      assetType: 'related-crypto-material',
      relatedCryptoMaterialProperties: { type: 'secret-key', id: 'alias/docstore-documents', algorithmRef: 'crypto/algorithm/SYMMETRIC_DEFAULT', size: 256 },
    });
    expect(documents.properties).toContainEqual({ name: 'aws-kms:keySpec', value: 'SYMMETRIC_DEFAULT' });
    expect(documents.evidence!.occurrences!.map((occurrence) => occurrence.location)).toContain('fixtures/sample-service/src/documents/document-store.ts');

    // The partner key is used with RSAES_OAEP_SHA_256 and, by one Decrypt that omits the algorithm, SYMMETRIC_DEFAULT:
    // no key spec is claimed, and both algorithms are its dependencies.
    const partner = byName(PARTNER_RSA_KEY);
    expect(partner.cryptoProperties.relatedCryptoMaterialProperties).toEqual({ type: 'key', id: PARTNER_RSA_KEY });
    expect(partner.properties?.some((property) => property.name === 'aws-kms:keySpec')).toBe(false);
    expect(bom.dependencies.find((dependency) => dependency.ref === partner['bom-ref'])!.dependsOn).toEqual([
      'crypto/algorithm/RSAES_OAEP_SHA_256',
      'crypto/algorithm/SYMMETRIC_DEFAULT',
    ]);
    expect(bom.components.map((component) => component.name)).not.toContain('(unknown key)');
  });

  it('lists each place once per component, sorted by file then line', () => {
    for (const component of bom.components) {
      const places = (component.evidence?.occurrences ?? []).map(({ location, line }) => ({ location, line }));
      expect(places, component.name).toEqual([...places].sort(byPlace));
      expect(new Set(places.map(({ location, line }) => `${location}:${line}`)).size, component.name).toBe(places.length);
    }
    // The ReEncrypt of rotate-keys.ts names a known destination key and an unknown source key, both SYMMETRIC_DEFAULT:
    // one place of AES-256-GCM, used with two keys.
    const reEncrypt = byName('AES-256-GCM').evidence!.occurrences!.filter((occurrence) => occurrence.location === ROTATE_FILE && occurrence.line === 100);
    expect(reEncrypt).toHaveLength(1);
    expect(reEncrypt[0]!.additionalContext).toContain(`with ${DR_KEY}`);
    expect(reEncrypt[0]!.additionalContext).toContain('with (unknown key)');
  });

  it("names the audited project by the package.json of the report root (the repository's, run from there)", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(bom.metadata.component).toEqual({ type: 'application', name: manifest.name, version: manifest.version, 'bom-ref': 'audited-project' });
  });

  it('every dependency names a component of the BOM', () => {
    const refs = new Set(['audited-project', ...bom.components.map((component) => component['bom-ref'])]);
    for (const dependency of bom.dependencies) {
      expect(refs.has(dependency.ref)).toBe(true);
      for (const target of dependency.dependsOn ?? []) expect(refs.has(target)).toBe(true);
    }
  });
});

describe('buildCbom: CDK key constructs', () => {
  it('lists each construct as a key, with its key spec and rotation when known, and validates', async () => {
    // Two constructs with the same id in one file are two keys.
    const inventory = [
      makeCdkKeyEntry({ id: 'Key', line: 3, keySpec: 'SYMMETRIC_DEFAULT', rotation: 'off' }),
      makeCdkKeyEntry({ id: 'Key', line: 9, keySpec: 'ECC_NIST_P256', rotation: 'unknown' }),
      makeCdkKeyEntry({ id: 'Other', line: 12, keySpec: null, rotation: 'on' }),
    ];
    const text = JSON.stringify(buildCbom(makeReport(inventory)));
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text)).toBeNull();
    const bom = JSON.parse(text) as Cbom;
    const lineOf = (component: CbomComponent): number => component.evidence?.occurrences?.[0]?.line ?? 0;
    const keys = bom.components.filter((component) => component.cryptoProperties.assetType === 'related-crypto-material').sort((a, b) => lineOf(a) - lineOf(b));
    expect(keys.map((key) => [key.name, key.evidence?.occurrences?.map((occurrence) => occurrence.line)])).toEqual([
      ['Key (CDK kms.Key)', [3]],
      ['Key (CDK kms.Key)', [9]],
      ['Other (CDK kms.Key)', [12]],
    ]);
    expect(new Set(keys.map((key) => key['bom-ref'])).size).toBe(3);
    const property = (key: CbomComponent, name: string) => key.properties?.filter((item) => item.name === name).map((item) => item.value);
    expect(keys.map((key) => property(key, 'aws-kms:keySpec'))).toEqual([['SYMMETRIC_DEFAULT'], ['ECC_NIST_P256'], []]);
    expect(keys.map((key) => property(key, 'aws-kms:rotation'))).toEqual([['off'], ['unknown'], ['on']]);
    expect(keys.map((key) => property(key, 'aws-kms:cdkConstructId'))).toEqual([['Key'], ['Key'], ['Other']]);
    expect(keys[0]!.cryptoProperties.relatedCryptoMaterialProperties).toEqual({ type: 'secret-key', id: 'Key (CDK kms.Key)', size: 256 });
    expect(keys[1]!.cryptoProperties.relatedCryptoMaterialProperties).toEqual({ type: 'key', id: 'Key (CDK kms.Key)' });
  });
});

describe('buildCbom: occurrences', () => {
  const use = (algorithm: string, operations: string[], files: InventoryEntry['files']): InventoryEntry['algorithms'][number] => ({
    algorithm,
    count: files.reduce((sum, file) => sum + file.lines.length, 0),
    operations,
    files,
  });
  const key = (name: string, operations: string[], files: InventoryEntry['files'], algorithms: InventoryEntry['algorithms']): InventoryEntry => ({
    key: name,
    callSites: files.reduce((sum, file) => sum + file.lines.length, 0),
    operations: operations.map((operation) => ({ operation, count: 1 })),
    encryptionContextKeySets: [],
    files,
    keyExpressions: [],
    algorithms,
  });
  it('lists a place used with several keys once, with every key in its context, sorted by file then line', async () => {
    // src/z.ts:5 is a ReEncrypt from an unknown key to alias/a; src/z.ts:12 is `cond ? 'alias/a' : 'alias/b'`.
    const inventory = [
      key('alias/a', ['Encrypt', 'ReEncrypt destination'], [{ file: 'src/b.ts', lines: [7] }, { file: 'src/z.ts', lines: [5, 12] }], [
        use('SYMMETRIC_DEFAULT', ['Encrypt', 'ReEncrypt destination'], [{ file: 'src/b.ts', lines: [7] }, { file: 'src/z.ts', lines: [5, 12] }]),
      ]),
      key('alias/b', ['Encrypt'], [{ file: 'src/z.ts', lines: [12] }], [use('SYMMETRIC_DEFAULT', ['Encrypt'], [{ file: 'src/z.ts', lines: [12] }])]),
      key('(unknown key)', ['Decrypt', 'ReEncrypt source'], [{ file: 'src/a.ts', lines: [30] }, { file: 'src/z.ts', lines: [5] }], [
        use('SYMMETRIC_DEFAULT', ['Decrypt', 'ReEncrypt source'], [{ file: 'src/a.ts', lines: [30] }, { file: 'src/z.ts', lines: [5] }]),
      ]),
    ];
    const text = JSON.stringify(buildCbom(makeReport(inventory)));
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text)).toBeNull();
    const bom = JSON.parse(text) as Cbom;
    const aes = bom.components.find((component) => component.name === 'AES-256-GCM')!;
    const occurrences = aes.evidence!.occurrences!;
    expect(occurrences.map(({ location, line }) => `${location}:${line}`)).toEqual(['src/a.ts:30', 'src/b.ts:7', 'src/z.ts:5', 'src/z.ts:12']);
    const contextAt = (line: number): string => occurrences.find((occurrence) => occurrence.location === 'src/z.ts' && occurrence.line === line)!.additionalContext!;
    expect(contextAt(5)).toContain('with alias/a');
    expect(contextAt(5)).toContain('with (unknown key)');
    expect(contextAt(5)).not.toContain('alias/b');
    expect(contextAt(12)).toContain('with alias/a');
    expect(contextAt(12)).toContain('with alias/b');
    // Each key says what it is used for once per place.
    expect(contextAt(12).split('with alias/a')).toHaveLength(2);
    for (const name of ['alias/a', 'alias/b']) {
      const places = bom.components.find((component) => component.name === name)!.evidence!.occurrences!.map(({ location, line }) => ({ location, line }));
      expect(places).toEqual([...places].sort(byPlace));
      expect(new Set(places.map(({ location, line }) => `${location}:${line}`)).size).toBe(places.length);
    }
  });
});

describe('buildCbom: the audited project', () => {
  /** The CBOM of an empty audit of a project made of `files` (validated against the 1.6 schema), and the project's folder name. */
  const cbomOf = async (files: Record<string, string>): Promise<{ subject: Cbom['metadata']['component']; folder: string }> => {
    const root = createProject(files);
    try {
      const text = JSON.stringify(buildCbom(makeReport([], root)));
      expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text)).toBeNull();
      return { subject: (JSON.parse(text) as Cbom).metadata.component, folder: path.basename(root) };
    } finally {
      removeProject(root);
    }
  };

  it('is the name and version of the package.json in the root, and validates', async () => {
    const { subject } = await cbomOf({ 'package.json': '{ "name": "docs-service", "version": "2.3.4", "private": true }\n' });
    expect(subject).toEqual({ type: 'application', name: 'docs-service', version: '2.3.4', 'bom-ref': 'audited-project' });
  });

  it('keeps a scoped name whole, without a group, and validates', async () => {
    const { subject } = await cbomOf({ 'package.json': '\uFEFF{ "name": "@acme/svc", "version": "1.0.0-rc.1" }' });
    expect(subject).toMatchObject({ name: '@acme/svc', version: '1.0.0-rc.1' });
    expect(subject.group).toBeUndefined();
  });

  it('takes the name without a version when the version is not a string', async () => {
    expect((await cbomOf({ 'package.json': '{ "name": "svc", "version": 2 }' })).subject).toEqual({ type: 'application', name: 'svc', 'bom-ref': 'audited-project' });
    expect((await cbomOf({ 'package.json': '{ "name": "svc", "version": "" }' })).subject.version).toBeUndefined();
  });

  it.each([
    ['no package.json', { 'src/index.js': 'export {};\n' }],
    ['a package.json that is not JSON', { 'package.json': '{ "name": "svc", ' }],
    ['an empty package.json', { 'package.json': '' }],
    ['a package.json that is not an object', { 'package.json': '["svc"]' }],
    ['a package.json that is null', { 'package.json': 'null' }],
    ['a package.json without a name', { 'package.json': '{ "version": "1.0.0" }' }],
    ['a package.json whose name is not a string', { 'package.json': '{ "name": { "first": "svc" }, "version": "1.0.0" }' }],
    ['a package.json whose name is empty', { 'package.json': '{ "name": " ", "version": "1.0.0" }' }],
    ['a package.json that is a directory', { 'package.json/index.js': 'export {};\n' }],
  ])('is the folder name, without a version, for %s', async (_, files) => {
    const { subject, folder } = await cbomOf(files);
    expect(subject).toEqual({ type: 'application', name: folder, 'bom-ref': 'audited-project' });
  });

  it('is the folder name when the package.json cannot be read', () => {
    const root = createProject({ 'package.json': '{ "name": "svc" }' });
    const manifest = path.join(root, 'package.json');
    // Root reads any file whatever its mode, so the read is made to fail as it does for an unreadable file.
    const original = fs.readFileSync;
    const spy = vi.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
      if (file === manifest) throw Object.assign(new Error(`EACCES: permission denied, open '${manifest}'`), { code: 'EACCES' });
      return original(file, options as BufferEncoding);
    }) as typeof fs.readFileSync);
    try {
      expect((buildCbom(makeReport([], root)) as unknown as Cbom).metadata.component.name).toBe(path.basename(root));
      expect(spy).toHaveBeenCalledWith(manifest, 'utf8');
    } finally {
      spy.mockRestore();
      removeProject(root);
    }
  });

  it('getProjectIdentity names a filesystem root by itself', () => {
    expect(getProjectIdentity(path.parse(repoRoot).root).name).toBe(path.parse(repoRoot).root);
  });
});

describe('describeAlgorithm', () => {
  it('pins the key spec only where the algorithm decides it', () => {
    expect(describeAlgorithm('HMAC_SHA_256')).toMatchObject({ primitive: 'mac', keySpec: 'HMAC_256' });
    expect(describeAlgorithm('SYMMETRIC_DEFAULT')).toMatchObject({ name: 'AES-256-GCM', keySpec: 'SYMMETRIC_DEFAULT' });
    // ECDSA_SHA_256 signs with ECC_NIST_P256 or ECC_SECG_P256K1 keys: no key spec.
    expect(describeAlgorithm('ECDSA_SHA_256').keySpec).toBeUndefined();
    expect(describeAlgorithm('RSAES_OAEP_SHA_1').keySpec).toBeUndefined();
    expect(describeAlgorithm('SOMETHING_NEW')).toEqual({ name: 'SOMETHING_NEW', primitive: 'other' });
  });
});
