/**
 * End-to-end tests of the built `kms-audit` (dist/cli/bin.js) on throwaway projects in the OS temp directory.
 *
 * Other rules of the plugin may add findings to these projects as they are written; assertions on findings therefore
 * look at `aws-kms/require-encryption-context` only, and the inventory. Exit-code tests use projects whose outcome does
 * not depend on which other rules exist (a project without KMS code, or `--config` files that enable one rule).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditReport } from '../../src/cli/report.js';
import {
  CLEAN_PROJECT,
  TYPED_PROJECT,
  UNTYPED_PROJECT,
  assertBuilt,
  binPath,
  createProject,
  removeProject,
  repoRoot,
  runCli,
  type CliRun,
} from './temp-project.js';

const CONTEXT_RULE = 'aws-kms/require-encryption-context';
const NOBODY = 65_534;

/** True when `uid` can load the built CLI and enter `directory` (false when the checkout is private to root). */
function canRunAs(uid: number, directory: string): boolean {
  const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(binPath)}); process.chdir(${JSON.stringify(directory)})`], { uid });
  return probe.status === 0;
}
const projects: string[] = [];

function project(files: Readonly<Record<string, string>>): string {
  const directory = createProject(files);
  projects.push(directory);
  return directory;
}

function parseJson(run: CliRun): AuditReport {
  return JSON.parse(run.stdout) as AuditReport;
}

/** Asserts the error contract: exit 2, exactly one line on stderr, `kms-audit: …`, no stack trace, nothing on stdout. */
function expectUsageError(run: CliRun, reason: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderrLines).toHaveLength(1);
  expect(run.stderrLines[0]).toMatch(/^kms-audit: /u);
  expect(run.stderrLines[0]).toMatch(reason);
  expect(run.stderr).not.toMatch(/\n\s+at /u);
  expect(run.stdout).toBe('');
}

beforeAll(() => {
  assertBuilt();
});

afterAll(() => {
  for (const directory of projects) removeProject(directory);
});

describe('kms-audit on an untyped JavaScript project', () => {
  let directory: string;
  let json: CliRun;
  beforeAll(() => {
    directory = project(UNTYPED_PROJECT);
    json = runCli(['--format', 'json'], directory);
  });

  it('exits 1 and reports the missing encryption context', () => {
    expect(json.status, json.stderr).toBe(1);
    const report = parseJson(json);
    const missing = report.findings.filter((finding) => finding.ruleId === CONTEXT_RULE);
    expect(missing).toEqual([
      expect.objectContaining({ file: 'src/orders.js', line: 11, severity: 'error', fatal: false, message: expect.stringMatching(/^Decrypt is called without EncryptionContext/u) }),
    ]);
    expect(report.summary.byRule[CONTEXT_RULE]).toBe(1);
  });

  it('has the documented JSON shape', () => {
    const report = parseJson(json);
    expect(Object.keys(report).sort()).toEqual(['findings', 'inventory', 'notes', 'root', 'summary', 'version']);
    expect(report.version).toMatch(/^\d+\.\d+\.\d+/u);
    expect(report.root).toBe(directory);
    expect(report.summary).toMatchObject({ filesScanned: 2, filesTyped: 0, filesUntyped: 2, parseErrors: 0 });
    expect(report.summary.errors).toBeGreaterThanOrEqual(1);
  });

  it('skips node_modules, dist and declaration files', () => {
    const report = parseJson(json);
    const files = new Set([...report.findings.map((finding) => finding.file), ...report.inventory.flatMap((entry) => entry.files.map((file) => file.file))]);
    expect([...files].sort()).toEqual(['src/orders.js', 'src/settings.cjs']);
    expect(report.inventory.map((entry) => entry.key)).not.toContain('alias/ignored');
  });

  it('builds the inventory: key → operations → context key sets → files', () => {
    const report = parseJson(json);
    expect(report.inventory.map((entry) => entry.key)).toEqual(['alias/orders', '(unknown key)']);
    const orders = report.inventory[0]!;
    expect(orders.callSites).toBe(3);
    expect(orders.operations).toEqual([
      { operation: 'Decrypt', count: 2 },
      { operation: 'Encrypt', count: 1 },
    ]);
    expect(orders.encryptionContextKeySets).toEqual([
      { label: '{orderId, tenantId}', keys: ['orderId', 'tenantId'], count: 2, operations: ['Decrypt', 'Encrypt'] },
      { label: '(none)', keys: null, count: 1, operations: ['Decrypt'] },
    ]);
    expect(orders.files).toEqual([{ file: 'src/orders.js', lines: [7, 11, 15] }]);
    const unknown = report.inventory[1]!;
    expect(unknown).toMatchObject({
      callSites: 1,
      operations: [{ operation: 'Decrypt', count: 1 }],
      encryptionContextKeySets: [{ label: '{setting}', keys: ['setting'], count: 1, operations: ['Decrypt'] }],
      files: [{ file: 'src/settings.cjs', lines: [6] }],
      keyExpressions: ['process.env.SETTINGS_KEY_ID'],
    });
  });

  it('prints one note about the missing tsconfig on stderr, and the same note in the report', () => {
    expect(json.stderrLines).toEqual([
      'kms-audit: note: no tsconfig.json found at or above .: linting without type information; cross-file checks are off',
    ]);
    expect(parseJson(json).notes).toEqual([
      'no tsconfig.json found at or above .: linting without type information; cross-file checks are off',
    ]);
  });

  it('text format: findings grouped by file, a summary line with counts per rule, then the inventory', () => {
    const run = runCli(['src', '--quiet'], directory);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    const fileLine = lines.indexOf('src/orders.js');
    expect(fileLine).toBeGreaterThanOrEqual(0);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}11:\d+ +error +Decrypt is called without EncryptionContext\. .* aws-kms\/require-encryption-context$/u));
    expect(run.stdout).toMatch(/^\d+ findings? \(\d+ errors?, \d+ warnings?\) in 2 files \(0 with type information\) — .*aws-kms\/require-encryption-context: 1/mu);
    expect(run.stdout).toContain('Inventory: 2 keys, 4 call sites');
    expect(run.stdout).toContain('    encryption context: {orderId, tenantId} ×2 (Decrypt, Encrypt); (none) ×1 (Decrypt)');
    expect(run.stdout).toContain('    files:              src/orders.js:7,11,15');
  });

  it('markdown format: a findings table and an inventory table', () => {
    const run = runCli(['--format', 'markdown', '-q'], directory);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^# kms-audit report/u);
    expect(run.stdout).toContain('| File | Line | Severity | Rule | Message |');
    expect(run.stdout).toMatch(/\| `src\/orders\.js` \| 11:\d+ \| error \| `aws-kms\/require-encryption-context` \| Decrypt is called/u);
    expect(run.stdout).toContain('| Key | Operations | Encryption context key sets | Files |');
    expect(run.stdout).toContain('| `alias/orders` | Decrypt ×2<br>Encrypt ×1 | `{orderId, tenantId}` ×2 (Decrypt, Encrypt)<br>`(none)` ×1 (Decrypt) | `src/orders.js`: 7, 11, 15 |');
  });

  it('--fail-on never exits 0 despite findings', () => {
    const run = runCli(['--fail-on', 'never', '-q'], directory);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(CONTEXT_RULE);
  });

  it('lints a single file named on the command line', () => {
    const run = runCli(['src/settings.cjs', '--format', 'json', '-q'], directory);
    const report = parseJson(run);
    expect(report.summary.filesScanned).toBe(1);
    expect(report.inventory.map((entry) => entry.key)).toEqual(['(unknown key)']);
  });
});

describe('kms-audit on a TypeScript project with a tsconfig', () => {
  let directory: string;
  let run: CliRun;
  beforeAll(() => {
    directory = project(TYPED_PROJECT);
    run = runCli(['--format', 'json'], directory);
  });

  it('lints the files the tsconfig includes with type information, the others without', () => {
    const report = parseJson(run);
    // src/config.ts, src/docs.ts, src/broken.ts typed; scripts/outside.ts untyped.
    expect(report.summary).toMatchObject({ filesScanned: 4, filesTyped: 3, filesUntyped: 1 });
    expect(report.findings.filter((finding) => finding.file === 'scripts/outside.ts')).toEqual([]);
    expect(report.notes).toEqual([
      '1 TypeScript file is not included by any tsconfig.json above it (e.g. scripts/outside.ts): linted without type information',
    ]);
  });

  it('reports a file that does not parse as a fatal finding, not a crash', () => {
    expect(run.status).toBe(1);
    const report = parseJson(run);
    const broken = report.findings.filter((finding) => finding.file === 'src/broken.ts');
    expect(broken).toEqual([expect.objectContaining({ fatal: true, ruleId: null, severity: 'error', line: 1 })]);
    expect(broken[0]!.message).toMatch(/^Parsing error/u);
    expect(report.summary.parseErrors).toBe(1);
    expect(report.summary.byRule['parse-error']).toBe(1);
  });

  it('resolves a key alias imported from another module through the type checker', () => {
    const report = parseJson(run);
    expect(report.inventory.map((entry) => entry.key)).toEqual(['alias/typed-docs']);
    expect(report.inventory[0]).toMatchObject({
      operations: [
        { operation: 'Decrypt', count: 1 },
        { operation: 'Encrypt', count: 1 },
      ],
      encryptionContextKeySets: [
        { label: '(none)', count: 1, operations: ['Decrypt'] },
        { label: '{tenantId}', count: 1, operations: ['Encrypt'] },
      ],
      files: [{ file: 'src/docs.ts', lines: [7, 11] }],
    });
    expect(report.findings.filter((finding) => finding.ruleId === CONTEXT_RULE)).toEqual([
      expect.objectContaining({ file: 'src/docs.ts', line: 11 }),
    ]);
  });

  it('falls back to untyped linting, with one note, when the tsconfig cannot be parsed', () => {
    const broken = project({ ...TYPED_PROJECT, 'tsconfig.json': '{ "extends": "./missing-base.json", "include": ["src"] }' });
    const result = runCli(['--format', 'json'], broken);
    expect(result.status).toBe(1);
    const report = parseJson(result);
    expect(report.summary).toMatchObject({ filesScanned: 4, filesTyped: 0 });
    expect(report.notes).toEqual([expect.stringMatching(/^cannot use tsconfig\.json \(.*missing-base\.json.*\): its files are linted without type information$/u)]);
    expect(report.inventory.map((entry) => entry.key)).toEqual(['(unknown key)']);
    expect(result.stderrLines).toEqual([`kms-audit: note: ${report.notes[0]}`]);
  });
});

describe('exit codes and --config', () => {
  it('exits 0 with "No findings" on a project without KMS code', () => {
    const run = runCli([], project(CLEAN_PROJECT));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^No findings in 1 file \(0 with type information\)\./u);
    expect(run.stdout).toContain('Inventory: no KMS call sites found.');
  });

  it('--config uses that flat config; --fail-on decides whether warnings fail', () => {
    const directory = project({
      ...UNTYPED_PROJECT,
      'kms.config.mjs': [
        `import plugin from ${JSON.stringify(path.join(repoRoot, 'dist/index.js'))};`,
        "export default [{ files: ['**/*.js', '**/*.cjs'], plugins: { 'aws-kms': plugin }, rules: { 'aws-kms/require-encryption-context': 'warn' } }];",
        '',
      ].join('\n'),
    });
    const byDefault = runCli(['--config', 'kms.config.mjs', '--format', 'json', '-q'], directory);
    expect(byDefault.status, byDefault.stderr).toBe(0);
    const report = parseJson(byDefault);
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: CONTEXT_RULE, severity: 'warning', line: 11 })]);
    expect(report.inventory.map((entry) => entry.key)).toEqual(['alias/orders', '(unknown key)']);
    expect(runCli(['--config', 'kms.config.mjs', '--fail-on', 'warn', '-q'], directory).status).toBe(1);
    expect(runCli(['--config', 'kms.config.mjs', '--fail-on', 'error', '-q'], directory).status).toBe(0);
  });
});

describe('--output', () => {
  it('writes the report to a new file, refuses to overwrite it, and overwrites with --force', () => {
    const directory = project(CLEAN_PROJECT);
    const first = runCli(['--format', 'json', '--output', 'report.json'], directory);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    const written = JSON.parse(fs.readFileSync(path.join(directory, 'report.json'), 'utf8')) as AuditReport;
    expect(written.summary.filesScanned).toBe(1);

    fs.writeFileSync(path.join(directory, 'report.json'), 'keep me');
    expectUsageError(runCli(['--output', 'report.json'], directory), /report\.json exists; use --force to overwrite it/u);
    expect(fs.readFileSync(path.join(directory, 'report.json'), 'utf8')).toBe('keep me');

    const forced = runCli(['--output', 'report.json', '--force', '-q'], directory);
    expect(forced.status).toBe(0);
    expect(fs.readFileSync(path.join(directory, 'report.json'), 'utf8')).toMatch(/^No findings/u);
  });
});

describe('usage errors: one line on stderr, exit 2, no stack trace', () => {
  let directory: string;
  beforeAll(() => {
    directory = project(CLEAN_PROJECT);
    fs.writeFileSync(path.join(directory, 'broken.config.mjs'), 'export default [{ rules: { \n');
  });

  it.each([
    ['a missing path', ['no-such-dir'], /^kms-audit: no-such-dir: no such file or directory$/u],
    ['an unknown option', ['--bogus'], /unknown option '--bogus'/u],
    ['an unknown format', ['--format', 'xml'], /unknown --format 'xml' \(expected one of: text, json, markdown\)/u],
    ['the sarif format', ['--format', 'sarif'], /--format sarif is not available/u],
    ['an unknown --fail-on level', ['--fail-on', 'sometimes'], /unknown --fail-on 'sometimes'/u],
    ['a missing option argument', ['--format'], /option '-f, --format <format>' argument missing/u],
    ['a missing --config file', ['--config', 'nope.config.js'], /^kms-audit: --config nope\.config\.js: no such file$/u],
    ['a broken --config file', ['--config', 'broken.config.mjs'], /^kms-audit: cannot load --config broken\.config\.mjs: /u],
  ])('%s', (_name, args, reason) => {
    expectUsageError(runCli(args, directory), reason);
  });

  it('an unreadable file', async () => {
    const unreadable = project(CLEAN_PROJECT);
    fs.chmodSync(unreadable, 0o755);
    const secret = path.join(unreadable, 'src/secret.js');
    fs.writeFileSync(secret, 'export const x = 1;\n');
    fs.chmodSync(secret, 0o000);
    const reason = /^kms-audit: src\/secret\.js: cannot read \(EACCES\)$/u;
    const isRoot = process.getuid?.() === 0;
    // Root reads everything: as root, run the CLI as `nobody` (uid 65534) when that user can load it.
    if (!isRoot || canRunAs(NOBODY, unreadable)) {
      expectUsageError(runCli(['src'], unreadable, isRoot ? NOBODY : undefined), reason);
      return;
    }
    // Otherwise (the checkout is private to root) run main() in this process with the permission check failing.
    const { main } = await import('../../src/cli/main.js');
    const original = fs.accessSync;
    const spy = vi.spyOn(fs, 'accessSync').mockImplementation((file, mode) => {
      if (file === secret) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      original(file, mode);
    });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    try {
      const status = await main(['src'], { stdout, stderr, cwd: unreadable, env: {} });
      const errorText = String(stderr.read() ?? '');
      expectUsageError({ status, stdout: String(stdout.read() ?? ''), stderr: errorText, stderrLines: errorText.split('\n').filter(Boolean) }, reason);
    } finally {
      spy.mockRestore();
    }
  });

  it('--help and --version exit 0', () => {
    const help = runCli(['--help'], directory);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: kms-audit [options] [paths...]');
    expect(help.stdout).toContain('--fail-on <level>');
    const version = runCli(['--version'], directory);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/u);
  });
});
