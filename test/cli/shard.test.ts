/**
 * `kms-audit --shard I/N` and `kms-audit merge`: the sample service audited in three shards and merged gives exactly
 * the report of one unsharded audit (findings, inventory, summary, records); bad inputs give one line on stderr and
 * exit code 2.
 *
 * The sources of fixtures/sample-service are audited from a copy without its tsconfig, plus two files that spell one
 * context key differently for one literal key (writer.ts and reader.ts, which the path hash puts in different shards).
 * Untyped, a rule sees one file, so that cross-file finding comes from the post-pass only, and the shard boundary
 * between the two files is exactly what the merge must bridge. (Typed, the rule already sees the whole program in
 * every shard; untyped is also what keeps this test fast: no TypeScript program is built.) The merged CBOM is the
 * unsharded run's too, the audited project named from the package.json of the report root in both.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedAuditReport } from '../../src/cli/run.js';
import { assertBuilt, binPath, repoRoot, runCli, type CliRun } from './temp-project.js';

let scratch: string;
let whole: RecordedAuditReport;
const shardFiles = [1, 2, 3].map((index) => `shard-${index}.json`);

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

function read(name: string): RecordedAuditReport {
  return JSON.parse(fs.readFileSync(path.join(scratch, name), 'utf8')) as RecordedAuditReport;
}

/** The error contract: exit 2, one `kms-audit: …` line on stderr, no stack, nothing on stdout. */
function expectUsageError(run: CliRun, reason: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderrLines).toHaveLength(1);
  expect(run.stderrLines[0]).toMatch(reason);
  expect(run.stderr).not.toMatch(/\n\s+at /u);
  expect(run.stdout).toBe('');
}

beforeAll(async () => {
  assertBuilt();
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kms-audit-shards-')));
  const sample = path.join(scratch, 'sample-service');
  fs.cpSync(path.join(repoRoot, 'fixtures/sample-service/src'), path.join(sample, 'src'), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, 'fixtures/sample-service/package.json'), path.join(sample, 'package.json'));
  const client = "import { KMSClient, EncryptCommand, DecryptCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\n";
  fs.mkdirSync(path.join(sample, 'src/cross-file'));
  fs.writeFileSync(
    path.join(sample, 'src/cross-file/writer.ts'),
    `${client}export const seal = (body: Uint8Array, orderId: string) => kms.send(new EncryptCommand({ KeyId: 'alias/orders', Plaintext: body, EncryptionContext: { orderId } }));\n`,
  );
  fs.writeFileSync(
    path.join(sample, 'src/cross-file/reader.ts'),
    `${client}export const open = (blob: Uint8Array, orderId: string) => kms.send(new DecryptCommand({ KeyId: 'alias/orders', CiphertextBlob: blob, EncryptionContext: { order_id: orderId } }));\n`,
  );
  // The report root is `scratch` (the current directory, which holds the target): its package.json names the CBOM's project.
  fs.writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: '@acme/sharded-service', version: '3.1.4' }));
  const common = ['--format', 'json', '--fail-on', 'never', '--quiet'];
  const runs = await Promise.all([
    runCliAsync([sample, ...common, '--output', path.join(scratch, 'whole.json')], scratch),
    runCliAsync([sample, '--format', 'cbom', '--fail-on', 'never', '--quiet', '--output', path.join(scratch, 'whole.cbom.json')], scratch),
    ...shardFiles.map((file, index) => runCliAsync([sample, ...common, '--shard', `${index + 1}/3`, '--output', path.join(scratch, file)], scratch)),
  ]);
  for (const run of runs) expect(run.status, run.stderr).toBe(0);
  whole = read('whole.json');
}, 300_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

describe('three shards of fixtures/sample-service', () => {
  it('split the files between them, each file in one shard', () => {
    const shards = shardFiles.map(read);
    const files = shards.flatMap((shard) => shard.records.files.map((file) => file.file));
    expect(files.sort()).toEqual(whole.records.files.map((file) => file.file).sort());
    expect(shards.map((shard) => shard.records.shard)).toEqual([1, 2, 3].map((index) => ({ index, total: 3 })));
    expect(shards.reduce((sum, shard) => sum + shard.summary.filesScanned, 0)).toBe(whole.summary.filesScanned);
  });

  it('merge into the report of the unsharded audit', async () => {
    const run = await runCliAsync(['merge', ...shardFiles, '--format', 'json', '--fail-on', 'never'], scratch);
    expect(run.status, run.stderr).toBe(0);
    const merged = JSON.parse(run.stdout) as RecordedAuditReport;
    expect(whole.findings.length).toBeGreaterThan(10);
    // The spelling finding of reader.ts exists only thanks to the post-pass, and writer.ts is in another shard.
    const reader = 'sample-service/src/cross-file/reader.ts';
    expect(whole.records.crossFile.map((finding) => [finding.file, finding.line])).toEqual([[reader, 3]]);
    const owners = shardFiles.map(read).map((shard) => shard.records.files.map((file) => file.file));
    const shardOf = (file: string): number => owners.findIndex((files) => files.includes(file));
    expect(shardOf(reader)).not.toBe(shardOf('sample-service/src/cross-file/writer.ts'));
    expect(shardFiles.map(read).flatMap((shard) => shard.findings).some((finding) => finding.file === reader && finding.ruleId === 'aws-kms/consistent-encryption-context')).toBe(false);
    expect(merged).toEqual(whole);
  }, 120_000);

  it('merge in any order, into Markdown too', async () => {
    const [json, markdown, wholeMarkdown] = await Promise.all([
      runCliAsync(['merge', ...[...shardFiles].reverse(), '--format', 'json', '--fail-on', 'never'], scratch),
      runCliAsync(['merge', ...shardFiles, '--format', 'markdown', '--fail-on', 'never'], scratch),
      runCliAsync(['merge', 'whole.json', '--format', 'markdown', '--fail-on', 'never'], scratch),
    ]);
    expect(JSON.parse(json.stdout)).toEqual(whole);
    expect(markdown.stdout).toMatch(/^# kms-audit report\n/u);
    expect(markdown.stdout).toBe(wholeMarkdown.stdout);
  }, 120_000);

  it('merge into the CBOM of the unsharded audit, the project named by the package.json of the report root', async () => {
    const run = await runCliAsync(['merge', ...shardFiles, '--format', 'cbom', '--fail-on', 'never'], scratch);
    expect(run.status, run.stderr).toBe(0);
    const merged = JSON.parse(run.stdout) as { metadata: { component: { name: string; version?: string } }; components: unknown[] };
    expect(merged.metadata.component).toMatchObject({ name: '@acme/sharded-service', version: '3.1.4' });
    expect(merged.components.length).toBeGreaterThan(5);
    expect(merged).toEqual(JSON.parse(fs.readFileSync(path.join(scratch, 'whole.cbom.json'), 'utf8')));
  }, 120_000);
});

describe('bad input', () => {
  it('--shard out of range or malformed', () => {
    for (const [value, reason] of [
      ['4/3', /^kms-audit: --shard '4\/3': I must be between 1 and 3$/u],
      ['0/3', /^kms-audit: --shard '0\/3': I must be between 1 and 3$/u],
      ['1/0', /^kms-audit: --shard '1\/0': N must be between 1 and 256$/u],
      ['half', /^kms-audit: --shard 'half': expected I\/N/u],
    ] as const) {
      expectUsageError(runCli(['--shard', value], scratch), reason);
    }
  });

  it('merge of a missing file, a file that is not JSON, JSON that is not a report', () => {
    fs.writeFileSync(path.join(scratch, 'text.json'), 'not json\n');
    fs.writeFileSync(path.join(scratch, 'other.json'), '{"results": []}\n');
    expectUsageError(runCli(['merge', 'shard-1.json', 'missing.json'], scratch), /^kms-audit: missing\.json: no such file$/u);
    expectUsageError(runCli(['merge', 'text.json'], scratch), /^kms-audit: text\.json is not JSON/u);
    expectUsageError(runCli(['merge', 'other.json'], scratch), /^kms-audit: other\.json is not a kms-audit JSON report/u);
    expectUsageError(runCli(['merge'], scratch), /^kms-audit: merge: missing required argument/u);
  });

  it('merge of reports from another version, the same shard twice, a missing shard', () => {
    const old = { ...read('shard-2.json'), version: '0.0.1' };
    fs.writeFileSync(path.join(scratch, 'old.json'), JSON.stringify(old));
    expectUsageError(runCli(['merge', 'shard-1.json', 'old.json', 'shard-3.json'], scratch), /^kms-audit: old\.json was written by eslint-plugin-aws-kms 0\.0\.1; this kms-audit is /u);
    expectUsageError(runCli(['merge', 'shard-1.json', 'shard-1.json', 'shard-3.json'], scratch), /^kms-audit: shard-1\.json and shard-1\.json are both shard 1\/3$/u);
    expectUsageError(runCli(['merge', 'shard-1.json', 'shard-3.json'], scratch), /^kms-audit: shard 2\/3 missing/u);
    expectUsageError(runCli(['merge', 'shard-1.json', 'whole.json'], scratch), /^kms-audit: whole\.json is not a shard report/u);
  });

  it('--concurrency and --cache-location mistakes', () => {
    fs.writeFileSync(path.join(scratch, 'a-file'), '');
    fs.mkdirSync(path.join(scratch, 'src'), { recursive: true });
    fs.writeFileSync(path.join(scratch, 'src/index.js'), 'export const answer = 42;\n');
    expectUsageError(runCli(['src', '--concurrency', 'many'], scratch), /^kms-audit: --concurrency 'many': expected a positive integer, 'auto' or 'off'$/u);
    expectUsageError(runCli(['src', '--cache-location', 'x'], scratch), /^kms-audit: --cache-location needs --cache$/u);
    expectUsageError(runCli(['src', '--cache', '--cache-location', 'a-file'], scratch), /^kms-audit: --cache-location a-file is not a directory/u);
    expect(fs.readFileSync(path.join(scratch, 'a-file'), 'utf8')).toBe('');
  }, 120_000);
});
