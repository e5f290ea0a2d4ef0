/**
 * Every bad input of the README's list, run through the built `kms-audit`: exactly one line on stderr
 * (`kms-audit: …`), exit code 2, no stack trace, nothing on stdout, and every file of the project byte-for-byte as it
 * was (an existing report the user asked to overwrite with `--force` survives a run that fails).
 *
 * The one documented exception is a tsconfig that cannot be parsed: the audit goes on without type information,
 * says so in one note line, and exits by its findings (0 here).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLEAN_PROJECT, assertBuilt, binPath, createProject, removeProject, runCli, type CliRun } from './temp-project.js';

const NOBODY = 65_534;
const KEPT = 'a report the user keeps\n';
const projects: string[] = [];

/** A clean project with an existing `report.txt` and the given extra files. */
function project(extra: Readonly<Record<string, string>> = {}): string {
  const directory = createProject({ ...CLEAN_PROJECT, 'report.txt': KEPT, ...extra });
  fs.chmodSync(directory, 0o755);
  projects.push(directory);
  return directory;
}

/** Every file under `directory` (relative path → content), to compare before and after a run. */
function snapshot(directory: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    let content: string;
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch (error) {
      content = `<unreadable: ${(error as NodeJS.ErrnoException).code}>`;
    }
    files[path.relative(directory, file)] = content;
  }
  return files;
}

/** The error contract: exit 2, one `kms-audit: …` line on stderr matching `reason`, no stack, empty stdout. */
function expectOneLineError(run: CliRun, reason: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderrLines, run.stderr).toHaveLength(1);
  expect(run.stderrLines[0]).toMatch(/^kms-audit: /u);
  expect(run.stderrLines[0]).toMatch(reason);
  expect(run.stderr).not.toMatch(/\n\s+at |Error:|Warning:/u);
  expect(run.stdout).toBe('');
}

/** Runs the CLI in `directory` and checks the contract and that no file changed. */
function expectRejected(args: readonly string[], directory: string, reason: RegExp): void {
  const before = snapshot(directory);
  expectOneLineError(runCli(args, directory), reason);
  expect(snapshot(directory)).toEqual(before);
}

/** True when `uid` can load the built CLI and enter `directory`. */
function canRunAs(uid: number, directory: string): boolean {
  const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(binPath)}); process.chdir(${JSON.stringify(directory)})`], { uid });
  return probe.status === 0;
}

/**
 * Runs the CLI where `target` is denied to it: as an ordinary user after `chmod`; as root (who may read and write
 * anything) as `nobody` when that user can load the CLI; otherwise in this process with `fs.accessSync` denying it.
 */
async function runDenied(args: readonly string[], directory: string, target: string, mode: number): Promise<CliRun> {
  fs.chmodSync(target, mode);
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || canRunAs(NOBODY, directory)) return runCli(args, directory, isRoot ? NOBODY : undefined);
  const { main } = await import('../../src/cli/main.js');
  const original = fs.accessSync;
  const spy = vi.spyOn(fs, 'accessSync').mockImplementation((file, accessMode) => {
    if (file === target) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
    original(file, accessMode);
  });
  try {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const status = await main(args, { stdout, stderr, cwd: directory, env: {} });
    const text = String(stderr.read() ?? '');
    return { status, stdout: String(stdout.read() ?? ''), stderr: text, stderrLines: text.split('\n').filter(Boolean) };
  } finally {
    spy.mockRestore();
  }
}

beforeAll(() => {
  assertBuilt();
});

afterAll(() => {
  for (const directory of projects) {
    fs.chmodSync(directory, 0o755);
    removeProject(directory);
  }
});

describe('bad input: one line on stderr, exit 2, no stack trace, no file changed', { timeout: 180_000 }, () => {
  it('a missing path (with --output --force: the existing report stays)', () => {
    expectRejected(['no-such-dir', '--output', 'report.txt', '--force'], project(), /^kms-audit: no-such-dir: no such file or directory$/u);
  });

  it('an unknown option', () => {
    expectRejected(['--bogus', '--output', 'report.txt', '--force'], project(), /^kms-audit: unknown option '--bogus'$/u);
  });

  it('an existing --output without --force', () => {
    expectRejected(['--output', 'report.txt'], project(), /^kms-audit: report\.txt exists; use --force to overwrite it$/u);
  });

  it('an --output that is a directory', () => {
    expectRejected(['--output', 'src', '--force'], project(), /^kms-audit: src is a directory$/u);
  });

  it('a config that throws', () => {
    const directory = project({ 'throws.config.mjs': "throw new Error('config exploded\\nsecond line');\n" });
    expectRejected(['--config', 'throws.config.mjs', '--output', 'report.txt', '--force'], directory, /^kms-audit: cannot load --config throws\.config\.mjs: config exploded$/u);
  });

  it('a config whose top-level await rejects', () => {
    const directory = project({ 'rejects.config.mjs': "await Promise.reject(new Error('secrets unavailable'));\nexport default [];\n" });
    expectRejected(['--config', 'rejects.config.mjs'], directory, /^kms-audit: cannot load --config rejects\.config\.mjs: secrets unavailable$/u);
  });

  it('a config whose top-level await never settles (Node would exit 0 without a word)', () => {
    const directory = project({ 'hangs.config.mjs': 'await new Promise(() => {});\nexport default [];\n' });
    expectRejected(
      ['--config', 'hangs.config.mjs', '--output', 'report.txt', '--force'],
      directory,
      /^kms-audit: --config hangs\.config\.mjs never finished loading \(a top-level await in it, or in a module it imports, never settles\); no report was written$/u,
    );
  });

  it('a config importing a module whose top-level await never settles', () => {
    const directory = project({
      'eslint.config.mjs': "import { rules } from './settings.mjs';\nexport default [{ rules }];\n",
      'settings.mjs': 'export const rules = await new Promise(() => {});\n',
    });
    expectRejected(['--config', 'eslint.config.mjs', '--format', 'sarif'], directory, /^kms-audit: --config eslint\.config\.mjs never finished loading/u);
  });

  it('an unreadable file', async () => {
    const directory = project({ 'src/secret.js': 'export const x = 1;\n' });
    const secret = path.join(directory, 'src/secret.js');
    const before = snapshot(directory);
    const run = await runDenied(['src/secret.js'], directory, secret, 0o000);
    fs.chmodSync(secret, 0o644);
    expectOneLineError(run, /^kms-audit: src\/secret\.js: cannot read \(EACCES\)$/u);
    expect(snapshot(directory)).toEqual(before);
  });

  it('an --output in a directory that is not writable', async () => {
    const directory = project();
    const run = await runDenied(['--output', 'new-report.txt'], directory, directory, 0o555);
    fs.chmodSync(directory, 0o755);
    expectOneLineError(run, /^kms-audit: cannot write new-report\.txt: directory \. is not writable \(EACCES\)$/u);
    expect(fs.existsSync(path.join(directory, 'new-report.txt'))).toBe(false);
  });
});

describe('a tsconfig that cannot be parsed (documented: one note, the audit goes on untyped)', { timeout: 180_000 }, () => {
  it('prints one note line, exits by the findings, and reports', () => {
    const directory = project({ 'tsconfig.json': '{ "compilerOptions": { ', 'src/app.ts': 'export const y: number = 2;\n' });
    const before = snapshot(directory);
    const run = runCli(['--format', 'json'], directory);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderrLines).toEqual([expect.stringMatching(/^kms-audit: note: cannot use tsconfig\.json \(.+\): its files are linted without type information$/u)]);
    const report = JSON.parse(run.stdout) as { summary: { filesScanned: number; filesTyped: number } };
    expect(report.summary).toMatchObject({ filesScanned: 2, filesTyped: 0 });
    expect(snapshot(directory)).toEqual(before);
  });
});
