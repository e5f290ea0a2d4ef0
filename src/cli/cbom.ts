/**
 * The CycloneDX 1.6 format of the audit inventory (`kms-audit --format cbom`): a cryptography bill of materials.
 * Built with @cyclonedx/cyclonedx-library (BOM, components, tools, dependency graph, JSON normalisation); the library
 * does not model `cryptoProperties` or `evidence.occurrences` yet, so those are added to its normalised JSON, under
 * the names and shapes of the CycloneDX 1.6 JSON schema.
 *
 * - The audited project (`metadata.component`) is named by the `name` and `version` of the package.json in the report
 *   root, or by the root's folder name when there is no usable package.json.
 * - Every KMS algorithm the inventory knows (see `algorithms.ts`) is an `algorithm` asset: `SYMMETRIC_DEFAULT` as
 *   AES-256-GCM, RSA/SM2 encryption, ECDSA/RSA signing and HMAC by their KMS names, with the places that use them as
 *   occurrences: one per file and line, sorted, its context naming every key used there with the algorithm.
 * - Every statically known KMS key, alias or ARN is a `related-crypto-material` asset of type `key` (`secret-key`
 *   for a key used only with SYMMETRIC_DEFAULT), with its occurrences, the algorithms it is used with as
 *   dependencies, and the key spec where the code implies one (`aws-kms:keySpec`: SYMMETRIC_DEFAULT, HMAC_*).
 *   `(unknown key)` is not a key and gets no component; its calls still count as occurrences of their algorithms.
 * - Every CDK key construct (`new kms.Key(this, 'Id', …)`) is such a key too, one per construct, with its construct
 *   id (`aws-kms:cdkConstructId`), its automatic rotation (`aws-kms:rotation`: on, off or unknown) and the key spec
 *   its props give (`aws-kms:keySpec`; `SYMMETRIC_DEFAULT` when they give none), its place as the occurrence.
 *
 * Sources: CycloneDX 1.6 specification (cryptoProperties, componentEvidence.occurrences); AWS KMS Developer Guide
 * "Key spec reference" (SYMMETRIC_DEFAULT is AES-256-GCM; HMAC key specs match their MAC algorithm); OIDs from
 * NIST CSOR (AES) and RFC 8017 / RFC 5758 / RFC 4231 (RSA, ECDSA, HMAC).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { SYMMETRIC_DEFAULT } from './algorithms.js';
import type { InventoryEntry, InventoryFile } from './inventory.js';
import { UNKNOWN_KEY } from './inventory.js';
import type { AuditReport } from './report.js';

/** What CycloneDX says about one KMS algorithm (`algorithmProperties` plus name and OID). */
interface AlgorithmFacts {
  readonly name: string;
  readonly primitive: 'ae' | 'pke' | 'signature' | 'mac' | 'other';
  readonly parameterSetIdentifier?: string;
  readonly mode?: 'gcm';
  readonly padding?: 'oaep' | 'pkcs1v15' | 'other';
  readonly oid?: string;
  /** The key spec this algorithm pins down exactly, when it does (HMAC_SHA_256 → HMAC_256). */
  readonly keySpec?: string;
}

/** CycloneDX facts of a KMS algorithm name; unknown names are still listed, as primitive `other`. */
export function describeAlgorithm(algorithm: string): AlgorithmFacts {
  if (algorithm === SYMMETRIC_DEFAULT) {
    return { name: 'AES-256-GCM', primitive: 'ae', parameterSetIdentifier: '256', mode: 'gcm', oid: '2.16.840.1.101.3.4.1.46', keySpec: SYMMETRIC_DEFAULT };
  }
  let match = /^RSAES_OAEP_SHA_(1|256)$/u.exec(algorithm);
  if (match) return { name: algorithm, primitive: 'pke', padding: 'oaep', oid: '1.2.840.113549.1.1.7' };
  if (algorithm === 'SM2PKE') return { name: algorithm, primitive: 'pke' };
  match = /^ECDSA_SHA_(256|384|512)$/u.exec(algorithm);
  if (match) {
    const oid = { '256': '1.2.840.10045.4.3.2', '384': '1.2.840.10045.4.3.3', '512': '1.2.840.10045.4.3.4' }[match[1] as '256' | '384' | '512'];
    return { name: algorithm, primitive: 'signature', oid };
  }
  match = /^RSASSA_PSS_SHA_(256|384|512)$/u.exec(algorithm);
  if (match) return { name: algorithm, primitive: 'signature', padding: 'other', oid: '1.2.840.113549.1.1.10' };
  match = /^RSASSA_PKCS1_V1_5_SHA_(256|384|512)$/u.exec(algorithm);
  if (match) {
    const oid = { '256': '1.2.840.113549.1.1.11', '384': '1.2.840.113549.1.1.12', '512': '1.2.840.113549.1.1.13' }[match[1] as '256' | '384' | '512'];
    return { name: algorithm, primitive: 'signature', padding: 'pkcs1v15', oid };
  }
  match = /^HMAC_SHA_(224|256|384|512)$/u.exec(algorithm);
  if (match) {
    const bits = match[1] as '224' | '256' | '384' | '512';
    const oid = { '224': '1.2.840.113549.2.8', '256': '1.2.840.113549.2.9', '384': '1.2.840.113549.2.10', '512': '1.2.840.113549.2.11' }[bits];
    return { name: algorithm, primitive: 'mac', parameterSetIdentifier: bits, oid, keySpec: `HMAC_${bits}` };
  }
  return { name: algorithm, primitive: 'other' };
}

/** CycloneDX crypto functions of a KMS operation label (`Encrypt`, `ReEncrypt source`, `Sign`, …). */
function cryptoFunctions(operations: readonly string[]): string[] {
  const functions = new Set<string>();
  for (const operation of operations) {
    if (operation.startsWith('Encrypt') || operation === 'ReEncrypt destination') functions.add('encrypt');
    else if (operation.startsWith('Decrypt') || operation === 'ReEncrypt source') functions.add('decrypt');
    else if (operation.startsWith('GenerateDataKey')) functions.add('keygen').add('encrypt');
    else if (operation === 'Sign') functions.add('sign');
    else if (operation === 'Verify' || operation === 'VerifyMac') functions.add('verify');
    else if (operation === 'GenerateMac') functions.add('tag');
  }
  return [...functions].sort();
}

/** One `evidence.occurrences` item of the CycloneDX 1.6 schema (`location`, `line`, `additionalContext`; no offset). */
interface Occurrence {
  readonly location: string;
  readonly line: number;
  readonly additionalContext?: string;
}

/** Where a component is used, and what is said of the use (`Encrypt, Decrypt with alias/a`) at each of its places. */
interface Use {
  readonly files: readonly InventoryFile[];
  readonly context?: string;
}

/**
 * The occurrences of a component: one per place (file and line), however many uses name it — a ReEncrypt from one key
 * to another, or `cond ? 'alias/a' : 'alias/b'`, puts two keys' uses of one algorithm on one line. The contexts of the
 * uses at a place are joined with `; `, each once, in the order of `uses`. Sorted by file (code-unit order, so the
 * same on every machine), then by line.
 */
function toOccurrences(uses: readonly Use[]): Occurrence[] {
  const byPlace = new Map<string, { location: string; line: number; contexts: string[] }>();
  for (const { files, context } of uses) {
    for (const { file, lines } of files) {
      for (const line of lines) {
        const place = `${line}:${file}`;
        const occurrence = byPlace.get(place) ?? { location: file, line, contexts: [] };
        if (context && !occurrence.contexts.includes(context)) occurrence.contexts.push(context);
        byPlace.set(place, occurrence);
      }
    }
  }
  return [...byPlace.values()]
    .sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : a.line - b.line))
    .map(({ location, line, contexts }) => ({ location, line, ...(contexts.length > 0 ? { additionalContext: contexts.join('; ') } : {}) }));
}

/** The algorithm uses of the whole inventory, merged by algorithm name (known keys and `(unknown key)` alike). */
function collectAlgorithms(inventory: readonly InventoryEntry[]): Map<string, { operations: Set<string>; occurrences: Occurrence[] }> {
  const byName = new Map<string, { operations: Set<string>; uses: Use[] }>();
  for (const entry of inventory) {
    for (const use of entry.algorithms) {
      const merged = byName.get(use.algorithm) ?? { operations: new Set<string>(), uses: [] };
      for (const operation of use.operations) merged.operations.add(operation);
      merged.uses.push({ files: use.files, context: `${use.operations.join(', ')} with ${entry.key}` });
      byName.set(use.algorithm, merged);
    }
  }
  return new Map(
    [...byName.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([name, { operations, uses }]) => [name, { operations, occurrences: toOccurrences(uses) }]),
  );
}

/** The key spec the code implies for a key: one algorithm family that pins it (SYMMETRIC_DEFAULT, one HMAC size). */
function impliedKeySpec(entry: InventoryEntry): string | undefined {
  const specs = new Set(entry.algorithms.map((use) => describeAlgorithm(use.algorithm).keySpec));
  if (specs.size !== 1) return undefined;
  return [...specs][0];
}

/** Name and version of the audited project, for the BOM's `metadata.component`. */
export interface ProjectIdentity {
  readonly name: string;
  /** The package.json `version`; absent when the name is not from a package.json or its version is not a non-empty string. */
  readonly version?: string;
}

/**
 * The audited project as the CBOM names it: the `name` of the package.json in `root` (a non-empty string; a scoped
 * name stays whole, `@acme/svc`, which CycloneDX accepts as a component name) and its `version` when that is a
 * non-empty string; otherwise — no package.json, one that is not a readable file, not JSON, not an object, or has no
 * such name — the folder name (`path.basename(root)`, or `root` itself for a filesystem root), without a version.
 * Never throws. The package.json is read when the CBOM is written, so `kms-audit merge` names the project as the run
 * did when the reports' root still holds it.
 * @param root absolute directory the report's paths are relative to (`AuditReport.root`)
 */
export function getProjectIdentity(root: string): ProjectIdentity {
  const folder = { name: path.basename(root) || root };
  let manifest: unknown;
  try {
    const file = path.join(root, 'package.json');
    // A FIFO or a directory called package.json is not read (a FIFO would block).
    if (!fs.statSync(file).isFile()) return folder;
    manifest = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/u, ''));
  } catch {
    return folder;
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) return folder;
  const { name, version } = manifest as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || name.trim() === '') return folder;
  return typeof version === 'string' && version.trim() !== '' ? { name, version } : { name };
}

const algorithmRef = (algorithm: string): string => `crypto/algorithm/${algorithm}`;
const keyRef = (entry: InventoryEntry): string =>
  entry.cdkKey ? `crypto/cdk-key/${entry.files[0]?.file ?? ''}:${entry.files[0]?.lines[0] ?? 0}` : `crypto/key/${entry.key}`;

/**
 * Builds the CBOM of a report as a plain JSON object (CycloneDX 1.6). The audited project, `metadata.component`, is
 * named by {@link getProjectIdentity} (the package.json in `report.root`, else the folder name).
 * @param report the audit report (only `root`, `version` and `inventory` are read)
 */
export function buildCbom(report: AuditReport): Record<string, unknown> {
  const bom = new Models.Bom();
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'kms-audit', { group: 'eslint-plugin-aws-kms', version: report.version }),
  );
  const project = getProjectIdentity(report.root);
  const subject = new Models.Component(Enums.ComponentType.Application, project.name, {
    bomRef: 'audited-project',
    ...(project.version === undefined ? {} : { version: project.version }),
  });
  bom.metadata.component = subject;

  const extra = new Map<string, Record<string, unknown>>();
  const algorithms = collectAlgorithms(report.inventory);
  const algorithmComponents = new Map<string, Models.Component>();
  for (const [algorithm, use] of algorithms) {
    const facts = describeAlgorithm(algorithm);
    const ref = algorithmRef(algorithm);
    const component = new Models.Component(Enums.ComponentType.CryptographicAsset, facts.name, {
      bomRef: ref,
      description: algorithm === SYMMETRIC_DEFAULT ? 'AWS KMS SYMMETRIC_DEFAULT (AES-256-GCM, performed inside AWS KMS)' : `AWS KMS ${algorithm}`,
    });
    component.properties.add(new Models.Property('aws-kms:algorithm', algorithm));
    bom.components.add(component);
    algorithmComponents.set(algorithm, component);
    const functions = cryptoFunctions([...use.operations]);
    extra.set(ref, {
      cryptoProperties: {
        assetType: 'algorithm',
        algorithmProperties: {
          primitive: facts.primitive,
          ...(facts.parameterSetIdentifier ? { parameterSetIdentifier: facts.parameterSetIdentifier } : {}),
          ...(facts.mode ? { mode: facts.mode } : {}),
          ...(facts.padding ? { padding: facts.padding } : {}),
          ...(functions.length > 0 ? { cryptoFunctions: functions } : {}),
        },
        ...(facts.oid ? { oid: facts.oid } : {}),
      },
      occurrences: use.occurrences,
    });
    subject.dependencies.add(component.bomRef);
  }

  for (const entry of report.inventory) {
    if (entry.key === UNKNOWN_KEY) continue;
    const ref = keyRef(entry);
    const component = new Models.Component(Enums.ComponentType.CryptographicAsset, entry.key, {
      bomRef: ref,
      description: entry.cdkKey
        ? `AWS KMS key defined by the AWS CDK construct kms.${entry.cdkKey.construct}`
        : `AWS KMS key (${entry.operations.map((operation) => operation.operation).join(', ')})`,
    });
    const keySpec = entry.cdkKey ? (entry.cdkKey.keySpec ?? undefined) : impliedKeySpec(entry);
    if (keySpec) component.properties.add(new Models.Property('aws-kms:keySpec', keySpec));
    if (entry.cdkKey) {
      if (entry.cdkKey.id !== null) component.properties.add(new Models.Property('aws-kms:cdkConstructId', entry.cdkKey.id));
      component.properties.add(new Models.Property('aws-kms:rotation', entry.cdkKey.rotation));
      if (entry.cdkKey.rotationPeriodDays !== null) component.properties.add(new Models.Property('aws-kms:rotationPeriodDays', String(entry.cdkKey.rotationPeriodDays)));
    }
    for (const { operation, count } of entry.operations) component.properties.add(new Models.Property('aws-kms:operation', `${operation} ×${count}`));
    for (const use of entry.algorithms) {
      const algorithm = algorithmComponents.get(use.algorithm);
      if (algorithm) component.dependencies.add(algorithm.bomRef);
    }
    bom.components.add(component);
    subject.dependencies.add(component.bomRef);
    const only = entry.algorithms.length === 1 ? entry.algorithms[0]!.algorithm : undefined;
    extra.set(ref, {
      cryptoProperties: {
        assetType: 'related-crypto-material',
        relatedCryptoMaterialProperties: {
          type: keySpec === SYMMETRIC_DEFAULT ? 'secret-key' : 'key',
          id: entry.key,
          ...(only ? { algorithmRef: algorithmRef(only) } : {}),
          ...(keySpec === SYMMETRIC_DEFAULT ? { size: 256 } : {}),
        },
      },
      occurrences: toOccurrences([{ files: entry.files }]),
    });
  }

  const factory = new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6);
  const normalized = factory.makeForBom().normalize(bom, { sortLists: true }) as unknown as Record<string, unknown> & {
    components?: Array<Record<string, unknown>>;
  };
  for (const component of normalized.components ?? []) {
    const added = extra.get(component['bom-ref'] as string);
    if (!added) continue;
    component.cryptoProperties = added.cryptoProperties;
    const occurrences = added.occurrences as Occurrence[];
    if (occurrences.length > 0) component.evidence = { ...(component.evidence as object | undefined), occurrences };
  }
  return normalized;
}

/**
 * The report's inventory as a CycloneDX 1.6 JSON document (pretty-printed, newline-terminated).
 * @param report the audit report
 */
export function formatCbom(report: AuditReport): string {
  return `${JSON.stringify(buildCbom(report), null, 2)}\n`;
}
