/**
 * Cross-file data as lint data: the inventory and the cross-file `consistent-encryption-context` findings of
 * `kms-audit` are the same whether ESLint lints in the main thread, in worker threads (`--concurrency`) or serves
 * unchanged files from its cache (`--cache`) — also after only the encrypt side's file changed, when the decrypt
 * side's file comes from the cache. Runs the built CLI on two-file projects (encrypt in a.ts, decrypt in b.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedAuditReport } from '../../src/cli/run.js';
import { assertBuilt, binPath, createProject, removeProject, repoRoot, type CliRun } from './temp-project.js';

const CONTEXT_RULE = 'aws-kms/consistent-encryption-context';
const USER_CACHE = '{"user":"cache"}';

const projects: string[] = [];
beforeAll(() => {
  assertBuilt();
});
afterAll(() => {
  for (const directory of projects) removeProject(directory);
});

/** `src/a.ts` encrypts under alias/docs with the context `{ <spelling>: tenantId }`. */
function encryptFile(spelling: string): string {
  return [
    "import { KMSClient, EncryptCommand } from '@aws-sdk/client-kms';",
    'const kms = new KMSClient({});',
    'export async function seal(tenantId: string, body: Uint8Array) {',
    `  return kms.send(new EncryptCommand({ KeyId: 'alias/docs', Plaintext: body, EncryptionContext: { ${spelling === 'tenantId' ? 'tenantId' : `${spelling}: tenantId`} } }));`,
    '}',
    '',
  ].join('\n');
}

/** `src/b.ts` decrypts under alias/docs with `{ TenantId }`. */
const DECRYPT_FILE = [
  "import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';",
  'const kms = new KMSClient({});',
  'export async function open(tenantId: string, blob: Uint8Array) {',
  "  return kms.send(new DecryptCommand({ KeyId: 'alias/docs', CiphertextBlob: blob, EncryptionContext: { TenantId: tenantId } }));",
  '}',
  '',
].join('\n');

const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
  include: ['src'],
});

function twoFileProject(typed: boolean): string {
  const directory = createProject({
    'package.json': '{ "name": "two-files", "type": "module" }\n',
    'src/a.ts': encryptFile('tenantId'),
    'src/b.ts': DECRYPT_FILE,
    ...(typed ? { 'tsconfig.json': TSCONFIG } : {}),
  });
  projects.push(directory);
  // Typed: the SDK resolves (this repository's node_modules), so the rule itself sees the program-wide sites.
  if (typed) fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(directory, 'node_modules'));
  return directory;
}

/** Runs the built CLI without blocking the test process, so independent runs overlap. */
function runCliAsync(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { cwd, env: { ...process.env, KMS_AUDIT_DEBUG: '', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, stderrLines: stderr.split('\n').filter((line) => line.trim() !== '') }));
  });
}

/** Runs an audit with JSON output and returns the report (the run must not fail with a usage error). */
async function audit(directory: string, extra: readonly string[] = []): Promise<RecordedAuditReport> {
  const run = await runCliAsync(['--format', 'json', '--fail-on', 'never', ...extra], directory);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as RecordedAuditReport;
}

/** What must not depend on how ESLint ran: findings, inventory, counts. */
function outcome(report: RecordedAuditReport): unknown {
  return { findings: report.findings, inventory: report.inventory, summary: report.summary };
}

function contextFindings(report: RecordedAuditReport): Array<[string, number, number, string]> {
  return report.findings.filter((finding) => finding.ruleId === CONTEXT_RULE).map((finding) => [finding.file, finding.line, finding.column, finding.message]);
}

describe.each([
  { name: 'untyped (no tsconfig): only the post-pass sees both files', typed: false },
  { name: 'typed: the rule sees both files through the program, the post-pass keeps cached files right', typed: true },
])('a key spelled tenantId in a.ts and TenantId in b.ts, $name', ({ typed }) => {
  let directory: string;
  let plain: RecordedAuditReport;
  let threaded: RecordedAuditReport;
  beforeAll(async () => {
    directory = twoFileProject(typed);
    // The user's own `eslint --cache` file: ESLint deletes its cacheLocation when the cache is off, kms-audit must not.
    fs.writeFileSync(path.join(directory, '.eslintcache'), USER_CACHE);
    [plain, threaded] = await Promise.all([audit(directory), audit(directory, ['--concurrency', '2'])]);
  }, 240_000);

  it('a plain run reports the decrypt side once, naming the encrypt side, and lists both calls under the key', () => {
    expect(contextFindings(plain)).toEqual([
      [
        'src/b.ts',
        4,
        104,
        'Encryption context key `TenantId` here, but `tenantId` in the Encrypt at src/a.ts:4 for the same KMS key (alias/docs). KMS compares context keys exactly (case and separators included): a ciphertext bound to one spelling fails to decrypt with the other (InvalidCiphertextException).',
      ],
    ]);
    expect(plain.summary.filesTyped).toBe(typed ? 2 : 0);
    const entry = plain.inventory.find((item) => item.key === 'alias/docs');
    expect(entry?.files).toEqual([
      { file: 'src/a.ts', lines: [4] },
      { file: 'src/b.ts', lines: [4] },
    ]);
    expect(entry?.encryptionContextKeySets.map((set) => set.label).sort()).toEqual(['{TenantId}', '{tenantId}']);
    // Typed, the rule already reports it: the post-pass adds nothing. Untyped, the post-pass adds it.
    expect(plain.records.crossFile).toHaveLength(typed ? 0 : 1);
  });

  it('--concurrency 2 gives the same findings and inventory', () => {
    expect(outcome(threaded)).toEqual(outcome(plain));
  });

  it('--cache: a second run after editing only a.ts follows the edit, as a plain run of the edited files does', async () => {
    const cache = path.join(directory, '.audit-cache');
    const first = await audit(directory, ['--cache', '--cache-location', cache]);
    expect(outcome(first)).toEqual(outcome(plain));
    const cacheFiles = fs.readdirSync(cache);
    expect(cacheFiles.length).toBeGreaterThan(0);
    expect(cacheFiles.every((name) => name.endsWith('.eslintcache'))).toBe(true);
    expect(fs.readFileSync(path.join(cache, cacheFiles[0]!), 'utf8')).toContain('b.ts');

    // Another spelling on the encrypt side: b.ts is served from the cache (typed, its cached result holds the rule's
    // old finding naming `tenantId`); the report must name the new spelling, as a plain run of the edited files does.
    fs.writeFileSync(path.join(directory, 'src/a.ts'), encryptFile('tenant_id'));
    const [cachedRename, plainRename] = await Promise.all([audit(directory, ['--cache', '--cache-location', cache]), audit(directory)]);
    const renamed = contextFindings(cachedRename);
    expect(renamed.map(([file]) => file)).toEqual(['src/b.ts']);
    expect(renamed[0]![3]).toMatch(/^Encryption context key `TenantId` here, but `tenant_id` in the Encrypt at src\/a\.ts:4 /u);
    expect(outcome(cachedRename)).toEqual(outcome(plainRename));
    // Not a cold run in disguise: the cache file is still the one the first run wrote, now with the edited a.ts.
    expect(fs.readdirSync(cache)).toEqual(cacheFiles);
    expect(fs.readFileSync(path.join(directory, '.eslintcache'), 'utf8')).toBe(USER_CACHE);
  }, 240_000);
});

