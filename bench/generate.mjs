/**
 * Seeded generator of the benchmark trees (issue 7, "Benchmark"): a typed TypeScript project with one tsconfig, of
 * which 88% are plain utility modules (Map / filter / map code, no AWS import), 6% KMS envelope modules
 * (GenerateDataKey + local AES-256-GCM, Encrypt/Decrypt with encryption contexts, v3 commands and the aggregated
 * client) and 6% S3 upload modules (PutObject with SSE-KMS, `@aws-sdk/lib-storage` Upload).
 *
 * Deterministic: the same seed and size give byte-identical trees (mulberry32 PRNG, no Math.random). The tree is
 * written under a directory the caller gives (the bench uses os.tmpdir()); its `node_modules` is a symlink to the
 * repository's, so the real @aws-sdk and @types/node typings resolve.
 */
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['order', 'invoice', 'customer', 'shipment', 'ticket', 'session', 'report', 'metric', 'event', 'account', 'item', 'batch'];
const FIELDS = ['id', 'name', 'total', 'count', 'region', 'status', 'createdAt', 'owner', 'score', 'tag'];
const KEY_IDS = ['alias/app-data', 'alias/tenant-records', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'];
const CONTEXT_KEYS = ['tenant', 'purpose', 'recordType'];

const capital = (word) => word.charAt(0).toUpperCase() + word.slice(1);

function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

/** A plain utility module: interfaces, a class over a Map, filter/map/reduce pipelines, imports of earlier modules. */
function plainModule(random, index, plainIndices) {
  const noun = pick(random, NOUNS);
  const type = `${capital(noun)}${index}`;
  const fields = [...new Set([pick(random, FIELDS), pick(random, FIELDS), pick(random, FIELDS), 'id', 'total'])];
  const numeric = (field) => field === 'total' || field === 'count' || field === 'score';
  const keyField = fields.find((field) => !numeric(field));
  const earlier = plainIndices.filter((other) => other < index);
  const imports = [];
  for (let i = 0; i < Math.min(earlier.length, 1 + Math.floor(random() * 3)); i++) {
    const other = earlier[Math.floor(random() * earlier.length)];
    if (!imports.includes(other)) imports.push(other);
  }
  const lines = [];
  for (const other of imports) lines.push(`import { summarise${other} } from './mod-${other}.js';`);
  lines.push('');
  lines.push(`export interface ${type} {`);
  for (const field of fields) {
    lines.push(`  readonly ${field}: ${numeric(field) ? 'number' : 'string'};`);
  }
  lines.push('}');
  lines.push('');
  lines.push(`export class ${type}Registry {`);
  lines.push(`  private readonly byId = new Map<string, ${type}>();`);
  lines.push(`  private readonly byOwner = new Map<string, ${type}[]>();`);
  lines.push('');
  lines.push(`  add(entry: ${type}): void {`);
  lines.push('    this.byId.set(entry.id, entry);');
  lines.push(`    const group = this.byOwner.get(entry.${keyField}) ?? [];`);
  lines.push('    group.push(entry);');
  lines.push(`    this.byOwner.set(entry.${keyField}, group);`);
  lines.push('  }');
  lines.push('');
  lines.push(`  find(id: string): ${type} | undefined {`);
  lines.push('    return this.byId.get(id);');
  lines.push('  }');
  lines.push('');
  lines.push(`  above(threshold: number): ${type}[] {`);
  lines.push('    return [...this.byId.values()].filter((entry) => entry.total > threshold).sort((a, b) => b.total - a.total);');
  lines.push('  }');
  lines.push('}');
  const helpers = 2 + Math.floor(random() * 4);
  for (let h = 0; h < helpers; h++) {
    const threshold = Math.floor(random() * 1000);
    lines.push('');
    lines.push(`export function group${capital(noun)}s${h}(entries: readonly ${type}[]): Map<string, number> {`);
    lines.push('  const totals = new Map<string, number>();');
    lines.push(`  for (const entry of entries.filter((candidate) => candidate.total >= ${threshold})) {`);
    lines.push(`    totals.set(entry.${keyField}, (totals.get(entry.${keyField}) ?? 0) + entry.total);`);
    lines.push('  }');
    lines.push('  return totals;');
    lines.push('}');
    lines.push('');
    lines.push(`export function top${h}(entries: readonly ${type}[], limit = ${1 + Math.floor(random() * 20)}): string[] {`);
    lines.push('  return entries');
    lines.push(`    .map((entry) => ({ key: entry.${pick(random, fields)}, weight: entry.total * ${(1 + random()).toFixed(2)} }))`);
    lines.push('    .filter(({ weight }) => weight > 0)');
    lines.push('    .sort((a, b) => b.weight - a.weight)');
    lines.push('    .slice(0, limit)');
    lines.push('    .map(({ key }) => String(key));');
    lines.push('}');
  }
  lines.push('');
  lines.push(`export function summarise${index}(entries: readonly { total: number }[]): { count: number; sum: number; mean: number } {`);
  lines.push('  const sum = entries.reduce((accumulator, entry) => accumulator + entry.total, 0);');
  lines.push('  return { count: entries.length, sum, mean: entries.length === 0 ? 0 : sum / entries.length };');
  lines.push('}');
  if (imports.length > 0) {
    lines.push('');
    lines.push(`export function combined${index}(entries: readonly { total: number }[]): number {`);
    lines.push(`  return ${imports.map((other) => `summarise${other}(entries).sum`).join(' + ')};`);
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

/** A KMS envelope module; `variant` selects the call style so the KMS share covers commands, aggregated and injected clients. */
function kmsModule(random, index) {
  const keyId = pick(random, KEY_IDS);
  const purpose = pick(random, NOUNS);
  const context = `{ ${CONTEXT_KEYS.slice(0, 1 + Math.floor(random() * 3)).map((key) => `${key}: ${key === 'tenant' ? 'tenantId' : `'${purpose}'`}`).join(', ')} }`;
  const variant = index % 3;
  const lines = [];
  if (variant === 0) {
    lines.push("import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';");
    lines.push("import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';");
    lines.push('');
    lines.push("const kms = new KMSClient({ region: 'eu-west-1' });");
    lines.push('');
    lines.push(`export interface Envelope${index} { readonly encryptedKey: Uint8Array; readonly iv: Buffer; readonly tag: Buffer; readonly body: Buffer }`);
    lines.push('');
    lines.push(`export async function seal${index}(tenantId: string, data: Buffer): Promise<Envelope${index}> {`);
    lines.push(`  const { Plaintext, CiphertextBlob } = await kms.send(new GenerateDataKeyCommand({ KeyId: '${keyId}', KeySpec: 'AES_256', EncryptionContext: ${context} }));`);
    lines.push("  if (!Plaintext || !CiphertextBlob) throw new Error('no data key');");
    lines.push('  const iv = randomBytes(12);');
    lines.push("  const cipher = createCipheriv('aes-256-gcm', Plaintext, iv);");
    lines.push('  const body = Buffer.concat([cipher.update(data), cipher.final()]);');
    lines.push('  Plaintext.fill(0);');
    lines.push('  return { encryptedKey: CiphertextBlob, iv, tag: cipher.getAuthTag(), body };');
    lines.push('}');
    lines.push('');
    lines.push(`export async function open${index}(tenantId: string, envelope: Envelope${index}): Promise<Buffer> {`);
    lines.push(`  const { Plaintext } = await kms.send(new DecryptCommand({ KeyId: '${keyId}', CiphertextBlob: envelope.encryptedKey, EncryptionContext: ${context} }));`);
    lines.push("  if (!Plaintext) throw new Error('no plaintext key');");
    lines.push("  const decipher = createDecipheriv('aes-256-gcm', Plaintext, envelope.iv);");
    lines.push('  decipher.setAuthTag(envelope.tag);');
    lines.push('  const out = Buffer.concat([decipher.update(envelope.body), decipher.final()]);');
    lines.push('  Plaintext.fill(0);');
    lines.push('  return out;');
    lines.push('}');
  } else if (variant === 1) {
    lines.push("import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';");
    lines.push('');
    lines.push(`export class SecretStore${index} {`);
    lines.push('  constructor(private readonly client: KMSClient) {}');
    lines.push('');
    lines.push('  async protect(tenantId: string, secret: string): Promise<Uint8Array | undefined> {');
    lines.push(`    const out = await this.client.send(new EncryptCommand({ KeyId: '${keyId}', Plaintext: Buffer.from(secret.slice(0, 1024), 'utf8'), EncryptionContext: ${context} }));`);
    lines.push('    return out.CiphertextBlob;');
    lines.push('  }');
    lines.push('');
    lines.push('  async reveal(tenantId: string, blob: Uint8Array): Promise<string> {');
    lines.push(`    const out = await this.client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: ${context} }));`);
    lines.push("    return Buffer.from(out.Plaintext ?? new Uint8Array()).toString('utf8');");
    lines.push('  }');
    lines.push('}');
  } else {
    lines.push("import { KMS } from '@aws-sdk/client-kms';");
    lines.push('');
    lines.push("const client = new KMS({ region: 'eu-west-1' });");
    lines.push('');
    lines.push(`export async function wrapToken${index}(tenantId: string, token: string): Promise<string> {`);
    lines.push(`  const { CiphertextBlob } = await client.encrypt({ KeyId: '${keyId}', Plaintext: new TextEncoder().encode(token.slice(0, 256)), EncryptionContext: ${context} });`);
    lines.push("  return Buffer.from(CiphertextBlob ?? new Uint8Array()).toString('base64');");
    lines.push('}');
    lines.push('');
    lines.push(`export async function unwrapToken${index}(tenantId: string, wrapped: string): Promise<string> {`);
    lines.push(`  const { Plaintext } = await client.decrypt({ CiphertextBlob: Buffer.from(wrapped, 'base64'), EncryptionContext: ${context} });`);
    lines.push('  return new TextDecoder().decode(Plaintext);');
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

/** An S3 upload module: PutObject with SSE-KMS (bucket key on or off) or a lib-storage Upload. */
function s3Module(random, index) {
  const keyId = pick(random, KEY_IDS);
  const bucketKey = random() < 0.5 ? '\n      BucketKeyEnabled: true,' : '';
  const lines = [];
  if (index % 2 === 0) {
    lines.push("import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';");
    lines.push('');
    lines.push("const s3 = new S3Client({ region: 'eu-west-1' });");
    lines.push('');
    lines.push(`export async function store${index}(bucket: string, key: string, body: Buffer): Promise<string | undefined> {`);
    lines.push('  const out = await s3.send(');
    lines.push('    new PutObjectCommand({');
    lines.push('      Bucket: bucket,');
    lines.push('      Key: key,');
    lines.push('      Body: body,');
    lines.push("      ServerSideEncryption: 'aws:kms',");
    lines.push(`      SSEKMSKeyId: '${keyId}',${bucketKey}`);
    lines.push('    }),');
    lines.push('  );');
    lines.push('  return out.ETag;');
    lines.push('}');
  } else {
    lines.push("import { S3Client } from '@aws-sdk/client-s3';");
    lines.push("import { Upload } from '@aws-sdk/lib-storage';");
    lines.push("import type { Readable } from 'node:stream';");
    lines.push('');
    lines.push(`export async function upload${index}(client: S3Client, bucket: string, key: string, body: Readable): Promise<void> {`);
    lines.push('  const upload = new Upload({');
    lines.push('    client,');
    lines.push('    params: {');
    lines.push('      Bucket: bucket,');
    lines.push('      Key: key,');
    lines.push('      Body: body,');
    lines.push("      ServerSideEncryption: 'aws:kms',");
    lines.push(`      SSEKMSKeyId: '${keyId}',${bucketKey}`);
    lines.push('    },');
    lines.push('  });');
    lines.push('  await upload.done();');
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023', 'DOM'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['src'],
};

/**
 * Writes a tree of `fileCount` modules under `dir` (created; must not exist or be empty).
 * @param {string} dir target directory (outside the repository)
 * @param {{ fileCount: number, seed: number, nodeModules: string }} options `nodeModules`: the directory to symlink as node_modules
 * @returns {{ plain: string[], kms: string[], s3: string[] }} absolute paths per kind
 */
export function generateTree(dir, { fileCount, seed, nodeModules }) {
  const random = createRandom(seed);
  const kmsCount = Math.round(fileCount * 0.06);
  const s3Count = Math.round(fileCount * 0.06);
  // Spread the AWS modules through the index range (not all at the end), deterministically.
  const kinds = Array.from({ length: fileCount }, (_, i) => (i < kmsCount ? 'kms' : i < kmsCount + s3Count ? 's3' : 'plain'));
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  const plainIndices = kinds.flatMap((kind, i) => (kind === 'plain' ? [i] : []));
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-tree', private: true, type: 'module' }, null, 2) + '\n');
  if (!fs.existsSync(path.join(dir, 'node_modules'))) fs.symlinkSync(nodeModules, path.join(dir, 'node_modules'), 'dir');
  const files = { plain: [], kms: [], s3: [] };
  kinds.forEach((kind, i) => {
    const file = path.join(dir, 'src', `mod-${i}.ts`);
    const text = kind === 'plain' ? plainModule(random, i, plainIndices) : kind === 'kms' ? kmsModule(random, i) : s3Module(random, i);
    fs.writeFileSync(file, text);
    files[kind].push(file);
  });
  return files;
}

/**
 * Writes one module with `siteCount` KMS requests on one key, each with an encryption context whose spelling and key
 * set vary a little (so consistent-encryption-context has something to compare), for the "5,000 sites on one key"
 * figure.
 * @returns {string} the file's absolute path
 */
export function generateContextSitesFile(dir, { siteCount, seed, nodeModules }) {
  const random = createRandom(seed);
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-sites', private: true, type: 'module' }, null, 2) + '\n');
  if (!fs.existsSync(path.join(dir, 'node_modules'))) fs.symlinkSync(nodeModules, path.join(dir, 'node_modules'), 'dir');
  const lines = ["import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';", '', 'const kms = new KMSClient({});', "const KEY_ID = 'alias/one-key';", ''];
  lines.push('export async function all(data: Uint8Array, blob: Uint8Array): Promise<void> {');
  for (let i = 0; i < siteCount; i++) {
    const roll = random();
    // Mostly one spelling; a few sites use a variant spelling or an extra member.
    const context = roll < 0.96 ? `{ tenant: 't${i % 50}', purpose: 'records' }` : roll < 0.98 ? `{ Tenant: 't${i % 50}', purpose: 'records' }` : `{ tenant: 't${i % 50}', purpose: 'records', extra: 'x' }`;
    const command = i % 2 === 0 ? `new EncryptCommand({ KeyId: KEY_ID, Plaintext: data, EncryptionContext: ${context} })` : `new DecryptCommand({ KeyId: KEY_ID, CiphertextBlob: blob, EncryptionContext: ${context} })`;
    lines.push(`  await kms.send(${command});`);
  }
  lines.push('}');
  const file = path.join(dir, 'src', 'sites.ts');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
