/**
 * End-to-end tests of the built `kms-audit` (dist/cli/bin.js) on throwaway projects in the OS temp directory.
 *
 * Other rules of the plugin may add findings to these projects as they are written; assertions on findings therefore
 * look at `aws-kms/require-encryption-context` only, and the inventory. Exit-code tests use projects whose outcome does
 * not depend on which other rules exist (a project without KMS code, or `--config` files that enable one rule).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
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
const NOT_INSTALLED_NOTE =
  '@aws-sdk/client-kms is not installed under .: type-based checks (clients received from other files, cross-file encryption-context comparison) are limited; run npm install first for a complete audit';
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

/** Runs `main()` in this process (so `fs` can be spied on) and collects what it wrote. */
async function runInProcess(main: typeof import('../../src/cli/main.js').main, args: readonly string[], cwd: string): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const status = await main(args, { stdout, stderr, cwd, env: {} });
  const errorText = String(stderr.read() ?? '');
  return { status, stdout: String(stdout.read() ?? ''), stderr: errorText, stderrLines: errorText.split('\n').filter(Boolean) };
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
    expect(Object.keys(report).sort()).toEqual(['findings', 'inventory', 'notes', 'records', 'root', 'summary', 'version']);
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
      'kms-audit: note: no tsconfig.json found at or above .: linting without type information (encryption contexts are still compared across files; imported keys, clients and constants are not resolved)',
    ]);
    expect(parseJson(json).notes).toEqual([
      'no tsconfig.json found at or above .: linting without type information (encryption contexts are still compared across files; imported keys, clients and constants are not resolved)',
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
    expect(run.stdout).toContain('Inventory: 1 key (+ calls whose key is not static), 4 call sites');
    expect(run.stdout).toContain('    encryption context: {orderId, tenantId} ×2 (Decrypt, Encrypt); (none) ×1 (Decrypt)');
    expect(run.stdout).toContain('    files:              src/orders.js:7,11,15');
  });

  it('markdown format: a findings table and an inventory table', () => {
    const run = runCli(['--format', 'markdown', '-q'], directory);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^# kms-audit report/u);
    expect(run.stdout).toContain('| File | Line | Severity | Rule | Message |');
    expect(run.stdout).toMatch(/\| `src\/orders\.js` \| 11:\d+ \| error \| `aws-kms\/require-encryption-context` \| Decrypt is called/u);
    expect(run.stdout).toContain('| Key | Operations | Encryption context key sets | Algorithms | Files |');
    expect(run.stdout).toContain(
      '| `alias/orders` | Decrypt ×2<br>Encrypt ×1 | `{orderId, tenantId}` ×2 (Decrypt, Encrypt)<br>`(none)` ×1 (Decrypt) | SYMMETRIC_DEFAULT (AES-256-GCM) ×3 (Decrypt, Encrypt) | `src/orders.js`: 7, 11, 15 |',
    );
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
    // src/config.ts, src/docs.ts typed; src/broken.ts does not parse (so has no program); scripts/outside.ts untyped.
    expect(report.summary).toMatchObject({ filesScanned: 4, filesTyped: 2, filesUntyped: 2 });
    expect(report.findings.filter((finding) => finding.file === 'scripts/outside.ts')).toEqual([]);
    expect(report.notes).toEqual([
      '1 TypeScript file is not included by any tsconfig.json above it (e.g. scripts/outside.ts): linted without type information',
      NOT_INSTALLED_NOTE,
    ]);
  });

  it('notes once that the AWS SDK is not installed (the project has no node_modules)', () => {
    expect(run.stderrLines.filter((line) => line.includes('not installed'))).toEqual([`kms-audit: note: ${NOT_INSTALLED_NOTE}`]);
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

  it('a broken tsconfig below a valid one that includes its files: the note and the typed count both say the parent typed them', () => {
    const nested = project({
      ...TYPED_PROJECT,
      'tsconfig.json': TYPED_PROJECT['tsconfig.json']!.replace('"src"', '"src", "packages"'),
      'packages/syntax/tsconfig.json': '{ "compilerOptions": { "strict": true, }, "include": [".", }',
      'packages/syntax/index.ts': TYPED_PROJECT['src/docs.ts']!.replace("'./config.js'", "'../../src/config.js'"),
      'packages/extends/tsconfig.json': '{ "extends": "./missing-base.json", "include": ["."] }',
      'packages/extends/index.ts': TYPED_PROJECT['src/docs.ts']!.replace("'./config.js'", "'../../src/config.js'"),
    });
    const report = parseJson(runCli(['--format', 'json', 'packages', 'src/config.ts'], nested));
    const files = (report as AuditReport & { records: { files: Array<{ file: string; typed: boolean }> } }).records.files;
    expect(files.map(({ file, typed }) => [file, typed])).toEqual([
      ['packages/extends/index.ts', true],
      ['packages/syntax/index.ts', true],
      ['src/config.ts', true],
    ]);
    expect(report.summary).toMatchObject({ filesScanned: 3, filesTyped: 3 });
    expect(report.notes).toEqual([
      expect.stringMatching(/^cannot use packages\/extends\/tsconfig\.json \(.*missing-base\.json.*\): its file is linted with the program of tsconfig\.json instead$/u),
      'cannot use packages/syntax/tsconfig.json (line 1, column 60: Expression or comma expected.): its file is linted with the program of tsconfig.json instead',
      NOT_INSTALLED_NOTE,
    ]);
    // Typed for real: the key alias imported from src/config.ts is known only through the type checker.
    expect(report.inventory.map((entry) => entry.key)).toEqual(['alias/typed-docs']);
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

/**
 * A typed project where only type information finds the calls: the aggregated `KMS` client is made in
 * `src/clients.ts` and used in `src/use.ts` (lines 3 and 6 lack an encryption context).
 */
const CROSS_FILE_PROJECT: Readonly<Record<string, string>> = {
  'package.json': '{ "name": "cross-file", "type": "module" }\n',
  'tsconfig.json': TYPED_PROJECT['tsconfig.json']!,
  'src/clients.ts': "import { KMS } from '@aws-sdk/client-kms';\nexport const vault = new KMS({});\n",
  'src/use.ts': [
    "import { vault } from './clients.js';",
    'export async function open(blob: Uint8Array) {',
    '  return vault.decrypt({ CiphertextBlob: blob });',
    '}',
    'export async function sealIt(body: Uint8Array) {',
    "  return vault.encrypt({ KeyId: 'alias/k', Plaintext: body });",
    '}',
    '',
  ].join('\n'),
};

/** A flat config file (for `--config`) that types `**\/*.ts` with `projectService` and enables one aws-kms rule. */
function projectServiceConfig(): string {
  const parser = createRequire(path.join(repoRoot, 'package.json')).resolve('@typescript-eslint/parser');
  return [
    `import * as parser from ${JSON.stringify(parser)};`,
    `import plugin from ${JSON.stringify(path.join(repoRoot, 'dist/index.js'))};`,
    'export default [{',
    "  files: ['**/*.ts'],",
    '  languageOptions: { parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },',
    "  plugins: { 'aws-kms': plugin },",
    `  rules: { '${CONTEXT_RULE}': 'error' },`,
    '}];',
    '',
  ].join('\n');
}

describe('type information', () => {
  it('--config with projectService: typed files are counted as typed, and the typed cross-file calls are found', () => {
    const directory = project({ ...CROSS_FILE_PROJECT, 'ps.config.mjs': projectServiceConfig() });
    // The SDK is "installed": the project's node_modules is this repository's.
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(directory, 'node_modules'));
    const run = runCli(['--config', 'ps.config.mjs', '--format', 'json', 'src'], directory);
    expect(run.status, run.stderr).toBe(1);
    const report = parseJson(run);
    expect(report.summary).toMatchObject({ filesScanned: 2, filesTyped: 2, filesUntyped: 0 });
    expect(report.findings.map((finding) => [finding.file, finding.line, finding.ruleId])).toEqual([
      ['src/use.ts', 3, CONTEXT_RULE],
      ['src/use.ts', 6, CONTEXT_RULE],
    ]);
    // The SDK resolves: no "not installed" note.
    expect(report.notes).toEqual([]);
    expect(run.stderr).toBe('');
  });

  it('notes a typed audit of a checkout whose AWS SDK is not installed', () => {
    const directory = project(CROSS_FILE_PROJECT);
    const run = runCli(['--format', 'json'], directory);
    expect(run.status, run.stderr).not.toBe(2);
    const report = parseJson(run);
    expect(report.summary).toMatchObject({ filesScanned: 2, filesTyped: 2 });
    expect(report.notes).toEqual([NOT_INSTALLED_NOTE]);
    expect(run.stderrLines).toEqual([`kms-audit: note: ${NOT_INSTALLED_NOTE}`]);
  });
});

describe('files named explicitly', () => {
  it('are linted even inside node_modules and dist', () => {
    const directory = project(UNTYPED_PROJECT);
    const run = runCli(['node_modules/ignored/index.js', 'dist/bundle.js', '--format', 'json', '-q'], directory);
    expect(run.status, run.stderr).not.toBe(2);
    const report = parseJson(run);
    expect(report.summary.filesScanned).toBe(2);
    expect(report.inventory).toEqual([expect.objectContaining({ key: 'alias/ignored', files: [{ file: 'dist/bundle.js', lines: [2] }, { file: 'node_modules/ignored/index.js', lines: [2] }] })]);
  });

  it("are linted even when the --config file's ignores match them; walked files it ignores are skipped", () => {
    const directory = project({
      ...UNTYPED_PROJECT,
      'kms.config.mjs': [
        `import plugin from ${JSON.stringify(path.join(repoRoot, 'dist/index.js'))};`,
        "export default [{ ignores: ['src/settings.cjs'] }, { files: ['**/*.js', '**/*.cjs'], plugins: { 'aws-kms': plugin }, rules: { 'aws-kms/require-encryption-context': 'warn' } }];",
        '',
      ].join('\n'),
    });
    const walked = parseJson(runCli(['--config', 'kms.config.mjs', '--format', 'json', '-q', 'src'], directory));
    expect(walked.summary.filesScanned).toBe(1);
    expect(walked.inventory.map((entry) => entry.key)).toEqual(['alias/orders']);
    const named = parseJson(runCli(['--config', 'kms.config.mjs', '--format', 'json', '-q', 'src/settings.cjs'], directory));
    expect(named.summary.filesScanned).toBe(1);
    expect(named.inventory.map((entry) => entry.key)).toEqual(['(unknown key)']);
    expectUsageError(
      runCli(['--config', 'kms.config.mjs', 'src/settings.cjs', 'src/types.d.ts'], directory),
      /^kms-audit: src\/types\.d\.ts is a TypeScript declaration file: it holds no code to audit$/u,
    );
  });

  it.each([
    ['a file that is not source code', ['package.json'], /^kms-audit: package\.json is not a JavaScript or TypeScript file$/u],
    ['a text file', ['notes.txt'], /^kms-audit: notes\.txt is not a JavaScript or TypeScript file$/u],
    ['a declaration file', ['src/types.d.ts'], /^kms-audit: src\/types\.d\.ts is a TypeScript declaration file: it holds no code to audit$/u],
    ['an empty path', [''], /^kms-audit: empty path$/u],
    ['a directory without source files', ['empty'], /^kms-audit: no JavaScript or TypeScript files found under empty$/u],
    ['several paths without source files', ['empty', 'docs'], /^kms-audit: no JavaScript or TypeScript files found under empty, docs$/u],
  ])('%s is a usage error', (_name, args, reason) => {
    const directory = project({ ...UNTYPED_PROJECT, 'notes.txt': 'hello\n', 'empty/.keep': '', 'docs/README.md': '# docs\n' });
    expectUsageError(runCli(args, directory), reason);
  });

  it('a --config file that ignores every file found is a usage error', () => {
    const directory = project({ ...CLEAN_PROJECT, 'all.config.mjs': "export default [{ ignores: ['src/'] }];\n" });
    expectUsageError(runCli(['--config', 'all.config.mjs', 'src'], directory), /^kms-audit: no JavaScript or TypeScript files to lint under src: --config all\.config\.mjs ignores the 1 file found$/u);
  });
});

describe('--output', () => {
  it.each([
    ['a directory', ['--output', 'src'], /^kms-audit: src is a directory$/u],
    ['a directory, even with --force', ['--output', 'src', '--force'], /^kms-audit: src is a directory$/u],
    ['a missing parent directory', ['--output', 'out/report.json'], /^kms-audit: cannot write out\/report\.json: directory out does not exist$/u],
    ['a parent that is a file', ['--output', 'package.json/report.json'], /^kms-audit: cannot write package\.json\/report\.json: package\.json is not a directory$/u],
  ])('is checked before the audit: %s', (_name, args, reason) => {
    // UNTYPED_PROJECT produces a note; an error exit still prints exactly one line.
    expectUsageError(runCli(args, project(UNTYPED_PROJECT)), reason);
  });

  it('a parent directory that is not writable is an error before the audit', async () => {
    const directory = project(CLEAN_PROJECT);
    const { main } = await import('../../src/cli/main.js');
    const original = fs.accessSync;
    const spy = vi.spyOn(fs, 'accessSync').mockImplementation((file, mode) => {
      if (file === directory) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
      original(file, mode);
    });
    try {
      const run = await runInProcess(main, ['--output', 'report.json'], directory);
      expectUsageError(run, /^kms-audit: cannot write report\.json: directory \. is not writable \(EACCES\)$/u);
    } finally {
      spy.mockRestore();
    }
  });

  it('a write that fails after the audit prints one line, without the notes of the run', async () => {
    const directory = project(CLEAN_PROJECT);
    const { main } = await import('../../src/cli/main.js');
    const target = path.join(directory, 'report.json');
    const original = fs.writeFileSync;
    const spy = vi.spyOn(fs, 'writeFileSync').mockImplementation((file, data, options) => {
      if (file === target) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
      original(file, data, options);
    });
    try {
      const run = await runInProcess(main, ['--output', 'report.json'], directory);
      expectUsageError(run, /^kms-audit: cannot write report\.json \(ENOSPC\)$/u);
    } finally {
      spy.mockRestore();
    }
  });

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
    ['an unknown format', ['--format', 'xml'], /unknown --format 'xml' \(expected one of: text, json, markdown, sarif, cbom\)/u],
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
    try {
      expectUsageError(await runInProcess(main, ['src'], unreadable), reason);
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

describe('progress bar', () => {
  /** Runs main() in this process with a stderr that says whether it is a terminal. */
  async function runWithStderr(args: readonly string[], cwd: string, isTTY: boolean): Promise<{ status: number; stderr: string }> {
    const { main } = await import('../../src/cli/main.js');
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY, columns: 100 });
    const status = await main(args, { stdout, stderr, cwd, env: {} });
    return { status, stderr: String(stderr.read() ?? '') };
  }

  it('is drawn on a terminal', async () => {
    const run = await runWithStderr(['--fail-on', 'never'], project(UNTYPED_PROJECT), true);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/kms-audit \[[^\]]*\] \d+\/\d+ files/u);
  });

  it('is not drawn when stderr is piped, nor with --quiet on a terminal', async () => {
    const piped = await runWithStderr(['--fail-on', 'never'], project(UNTYPED_PROJECT), false);
    const quiet = await runWithStderr(['--fail-on', 'never', '--quiet'], project(UNTYPED_PROJECT), true);
    expect(piped.stderr).not.toMatch(/files \|/u);
    expect(quiet.stderr).toBe('');
  });
});
