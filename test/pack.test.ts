/**
 * The published package, as a user installs it: `npm pack` makes the tarball, which is installed with ESLint (and
 * nothing else) into a throwaway JavaScript-only project. That project must end up without TypeScript or
 * `@typescript-eslint/parser`, and `recommended` must still lint its `.js`, `.cjs` and `.jsx` files with real findings —
 * so must `kms-audit`. The same tarball's file list is what the docs may link to.
 *
 * Two more installs of the same tarball: `kms-audit` run from that project against another one that has TypeScript
 * and the parser (what `npx --package eslint-plugin-aws-kms kms-audit` does), which must type the other project's
 * files; and a project on TypeScript 7, which npm refuses and which, forced, must get one clear line, not a crash.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};
/** Where docs link to repository files that the package does not ship (the base of the rules' docs URLs). */
const REPOSITORY_FILES = 'https://github.com/eslint-plugin-aws-kms/eslint-plugin-aws-kms/blob/main/';

let scratch: string;
let shipped: Set<string>;
let tarball: string;

const APP_JS = `const { KMSClient, EncryptCommand } = require('@aws-sdk/client-kms');
const kms = new KMSClient({});
exports.seal = (data) => kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: data }));
`;
const VIEW_JSX = `import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';
const kms = new KMSClient({});
export async function Secret({ blob }) {
  const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob: blob }));
  return <p>{Plaintext.length}</p>;
}
`;

beforeAll(async () => {
  if (!fs.existsSync(path.join(repoRoot, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-kms-pack-'));
  const { stdout } = await execFileAsync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: repoRoot });
  const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  shipped = new Set(packed!.files.map((file) => file.path));
  tarball = path.join(scratch, packed!.filename);
}, 60_000);

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

interface Outcome { code: number; stdout: string; stderr: string }
type Found = Record<string, string[]>;

/** Runs a Node script in `cwd`; resolves with its exit code and output whatever the code. */
async function runNode(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Writes a JavaScript-only project and installs the tarball and `eslint@<version>` into it, nothing else. */
async function installProject(name: string, eslintVersion: string): Promise<string> {
  const project = path.join(scratch, name);
  const files: Record<string, string> = {
    'package.json': `{ "name": "${name}", "version": "1.0.0", "private": true }\n`,
    'eslint.config.mjs': "import awsKms from 'eslint-plugin-aws-kms';\n\nexport default [awsKms.configs.recommended];\n",
    '.eslintrc.json': '{ "root": true, "extends": ["plugin:aws-kms/legacy-recommended"] }\n',
    'src/app.js': APP_JS,
    'src/view.jsx': VIEW_JSX,
    'tool.cjs': APP_JS,
    // A TypeScript file in a project without TypeScript: one parse error that says what to install, no crash.
    'src/stray.ts': 'export const x: number = 1;\n',
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  }
  await execFileAsync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball, `eslint@${eslintVersion}`], {
    cwd: project,
    timeout: 70_000,
  });
  const modules = path.join(project, 'node_modules');
  expect(fs.existsSync(path.join(modules, 'eslint-plugin-aws-kms/package.json'))).toBe(true);
  expect(fs.existsSync(path.join(modules, 'typescript'))).toBe(false);
  expect(fs.existsSync(path.join(modules, '@typescript-eslint/parser'))).toBe(false);
  return project;
}

/** `eslint --format json .` in `project`: each file's findings as `rule:line`, a parse error as `fatal`. */
async function lint(project: string, env: Record<string, string> = {}): Promise<Found> {
  const outcome = await runNode(project, [path.join(project, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '.'], env);
  // ESLint exits 1 when it reports errors; the JSON report is on stdout either way.
  expect(outcome.code, outcome.stderr).toBe(1);
  const results = JSON.parse(outcome.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; fatal?: boolean; message: string }[] }[];
  const stray = results.find((result) => result.filePath.endsWith('stray.ts'))?.messages ?? [];
  expect(stray.map((message) => message.message)).toEqual([expect.stringContaining('needs @typescript-eslint/parser and typescript')]);
  return Object.fromEntries(
    results.map((result) => [
      path.relative(project, result.filePath).split(path.sep).join('/'),
      result.messages.map((message) => (message.fatal ? 'fatal' : `${message.ruleId}:${message.line}`)),
    ]),
  );
}

const FINDINGS: Found = {
  'src/app.js': ['aws-kms/require-encryption-context:3'],
  'src/stray.ts': ['fatal'],
  // The Decrypt names no KeyId either: require-decrypt-key-id warns in recommended.
  'src/view.jsx': ['aws-kms/require-encryption-context:4', 'aws-kms/require-decrypt-key-id:4'],
  'tool.cjs': ['aws-kms/require-encryption-context:3'],
};

async function expectAuditFindings(project: string): Promise<void> {
  const audit = await runNode(project, [path.join(project, 'node_modules/eslint-plugin-aws-kms/dist/cli/bin.js'), 'src', 'tool.cjs', '--format', 'json']);
  expect(audit.code, audit.stderr).toBe(1);
  expect(audit.stderr).not.toMatch(/^\s+at /m);
  expect(audit.stdout.match(/require-encryption-context/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
}

let eslint10Project: Promise<string> | undefined;
/** The JavaScript project with the tarball and the development ESLint, installed once for the tests that use it. */
const getEslint10Project = (): Promise<string> => (eslint10Project ??= installProject('js-eslint-10', packageJson.devDependencies.eslint!));

describe('the packed tarball in a JavaScript project without TypeScript', () => {
  it(`ESLint ${packageJson.devDependencies.eslint}: installs without TypeScript; recommended and kms-audit find the mistakes in .js, .cjs and .jsx files`, async () => {
    const project = await getEslint10Project();
    expect(await lint(project)).toEqual({ 'eslint.config.mjs': [], ...FINDINGS });
    await expectAuditFindings(project);
  }, 90_000);

  it('kms-audit --config eslint.config.ts where ESLint has no jiti next to it (npx): one line that says where to get it', async () => {
    const project = await getEslint10Project();
    fs.writeFileSync(path.join(project, 'eslint.config.ts'), "import awsKms from 'eslint-plugin-aws-kms';\n\nexport default [awsKms.configs.recommended];\n");
    try {
      const audit = await runNode(project, [path.join(project, 'node_modules/eslint-plugin-aws-kms/dist/cli/bin.js'), 'src', '--config', 'eslint.config.ts']);
      expect(audit.code).toBe(2);
      expect(audit.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^kms-audit: cannot load --config eslint\.config\.ts: .*jiti.* \(ESLint looks for jiti next to itself, not in your project: .*\)$/u),
      ]);
    } finally {
      fs.rmSync(path.join(project, 'eslint.config.ts'));
    }
  }, 90_000);

  it('ESLint 8.57: the flat config, the eslintrc config and kms-audit work without TypeScript', async () => {
    const project = await installProject('js-eslint-8', packageJson.devDependencies['eslint-v8']!.replace('npm:eslint@', ''));
    expect(await lint(project, { ESLINT_USE_FLAT_CONFIG: 'true' })).toEqual({ 'eslint.config.mjs': [], ...FINDINGS });
    // Whether eslintrc also lints eslint.config.mjs (its overrides name *.mjs) does not matter here: it has no findings.
    const legacy = await lint(project, { ESLINT_USE_FLAT_CONFIG: 'false' });
    delete legacy['eslint.config.mjs'];
    expect(legacy).toEqual(FINDINGS);
    await expectAuditFindings(project);
  }, 90_000);
});

describe('kms-audit run from outside the audited project (npx --package eslint-plugin-aws-kms)', () => {
  it('types the project with the TypeScript and @typescript-eslint/parser installed in it, not next to the plugin', async () => {
    // What npx does: the plugin and ESLint in a directory of their own (here the JavaScript project, which has neither
    // TypeScript nor the parser), run with the audited project as the current directory. That project has both, and
    // the real AWS SDK, through this repository's node_modules.
    const installed = await getEslint10Project();
    const audited = path.join(scratch, 'typed-project');
    fs.mkdirSync(path.join(audited, 'src'), { recursive: true });
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(audited, 'node_modules'), 'dir');
    const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: [] };
    fs.writeFileSync(path.join(audited, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
    fs.writeFileSync(
      path.join(audited, 'src/open.ts'),
      `import type { KMS } from '@aws-sdk/client-kms';
export async function openRow(vault: KMS, row: { sealed: string }) {
  return vault.decrypt({ KeyId: 'alias/app', CiphertextBlob: row.sealed as unknown as Uint8Array, EncryptionContext: { app: 'rows' } });
}
`,
    );
    const audit = await runNode(audited, [path.join(installed, 'node_modules/eslint-plugin-aws-kms/dist/cli/bin.js'), '.', '--format', 'json']);
    expect(audit.stderr).not.toMatch(/^\s+at /m);
    const report = JSON.parse(audit.stdout) as { summary: { filesTyped: number; parseErrors: number }; findings: { ruleId: string | null; line: number; message: string }[] };
    expect(report.findings.filter((finding) => finding.ruleId === null).map((finding) => finding.message)).toEqual([]);
    expect(report.summary).toMatchObject({ filesTyped: 1, parseErrors: 0 });
    // Reported only with type information: the blob's declared type is a string.
    expect(report.findings.map((finding) => `${finding.ruleId}:${finding.line}`)).toContain('aws-kms/no-string-ciphertext-blob:3');
  }, 90_000);
});

describe('the packed tarball in a project on TypeScript 7, which typescript-eslint does not support', () => {
  it('npm refuses the install (ERESOLVE on the typescript peer); forced, ESLint and kms-audit say why in one line and still lint JavaScript; the way out the line names works', async () => {
    const project = path.join(scratch, 'typescript-7');
    const files: Record<string, string> = {
      'package.json': '{ "name": "typescript-7", "version": "1.0.0", "private": true }\n',
      'eslint.config.mjs': "import awsKms from 'eslint-plugin-aws-kms';\n\nexport default [awsKms.configs.recommended];\n",
      'src/app.js': APP_JS,
      'src/lib/keys.ts': "export const KEY = 'alias/app';\n",
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      fs.writeFileSync(path.join(project, file), text);
    }
    const packages = [tarball, `eslint@${packageJson.devDependencies.eslint!}`, `@typescript-eslint/parser@${packageJson.devDependencies['@typescript-eslint/parser']!}`, 'typescript@7.0.2'];
    const install = (extra: string[]) =>
      execFileAsync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...extra, ...packages], { cwd: project, timeout: 70_000 });
    await expect(install([])).rejects.toMatchObject({ stderr: expect.stringMatching(/ERESOLVE[\s\S]*peer typescript@"[^"]*<6\.1\.0"/u) });
    await install(['--force']);
    expect(JSON.parse(fs.readFileSync(path.join(project, 'node_modules/typescript/package.json'), 'utf8'))).toMatchObject({ version: '7.0.2' });

    // ESLint: the TypeScript file gets typescript-eslint's own reason, the JavaScript file its findings (espree).
    const eslint = await runNode(project, [path.join(project, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '.']);
    expect(eslint.code, eslint.stderr).toBe(1);
    const results = JSON.parse(eslint.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[];
    const byFile = Object.fromEntries(results.map((result) => [path.relative(project, result.filePath).split(path.sep).join('/'), result.messages]));
    expect(byFile['src/lib/keys.ts']!.map((message) => message.message)).toEqual([
      expect.stringMatching(/needs @typescript-eslint\/parser, which cannot be loaded: typescript-eslint does not support TS 7\.0/u),
    ]);
    expect(byFile['src/app.js']!.map((message) => `${message.ruleId}:${message.line}`)).toEqual(['aws-kms/require-encryption-context:3']);

    // kms-audit: TypeScript files cannot be parsed at all, so the audit stops with one line (exit 2) ...
    const bin = path.join(project, 'node_modules/eslint-plugin-aws-kms/dist/cli/bin.js');
    const refused = await runNode(project, [bin, '.']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^kms-audit: TypeScript 7\.0\.2 is installed, which typescript-eslint cannot parse src\/lib\/keys\.ts with \(it supports TypeScript >=4\.8\.4 <6\.1\.0\): /u)]);
    // ... and audits JavaScript alone untyped, with a note.
    const javascript = await runNode(project, [bin, 'src/app.js', '--format', 'json']);
    expect(javascript.code, javascript.stderr).toBe(1);
    const report = JSON.parse(javascript.stdout) as { notes: string[]; findings: { ruleId: string | null }[] };
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['aws-kms/require-encryption-context']);
    expect(report.notes).toEqual([expect.stringMatching(/^TypeScript 7\.0\.2 has no compiler API that typescript-eslint supports/u)]);
    // The note is all: typescript-eslint, which prints its own refusal while loading, is not loaded for JavaScript.
    expect(javascript.stderr.trim().split('\n')).toEqual([`kms-audit: note: ${report.notes[0]}`]);

    // The way out the line names: kms-audit with a TypeScript 6.0 and the parser of its own (what npx --package …
    // installs into npm's cache), run from the project, parses the TypeScript file with them.
    const runner = path.join(scratch, 'typescript-6-runner');
    fs.mkdirSync(runner, { recursive: true });
    fs.writeFileSync(path.join(runner, 'package.json'), '{ "name": "typescript-6-runner", "version": "1.0.0", "private": true }\n');
    await execFileAsync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...packages.slice(0, 3), 'typescript@~6.0.0'], { cwd: runner, timeout: 70_000 });
    const outside = await runNode(project, [path.join(runner, 'node_modules/eslint-plugin-aws-kms/dist/cli/bin.js'), '.', '--format', 'json']);
    expect(outside.code, outside.stderr).toBe(1);
    const outsideReport = JSON.parse(outside.stdout) as { summary: { parseErrors: number }; findings: { ruleId: string | null; file: string }[] };
    expect(outsideReport.summary.parseErrors).toBe(0);
    expect(outsideReport.findings.map((finding) => finding.ruleId)).toEqual(['aws-kms/require-encryption-context']);
  }, 220_000);
});

describe('docs links', () => {
  it('every relative link in the shipped Markdown points at a shipped file; repository files are linked by URL', () => {
    const pages = [...shipped].filter((file) => file.endsWith('.md'));
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/cli.md']));
    const broken: string[] = [];
    for (const page of pages) {
      const text = fs.readFileSync(path.join(repoRoot, page), 'utf8');
      for (const match of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        const target = match[1]!;
        if (target.startsWith(REPOSITORY_FILES)) {
          if (!fs.existsSync(path.join(repoRoot, target.slice(REPOSITORY_FILES.length)))) broken.push(`${page} → ${target} (no such repository file)`);
          continue;
        }
        if (/^[a-z]+:/.test(target)) continue;
        const resolved = path.relative(repoRoot, path.resolve(path.dirname(path.join(repoRoot, page)), target)).split(path.sep).join('/');
        if (!shipped.has(resolved)) broken.push(`${page} → ${target} (not in the package)`);
      }
      // In docs/, a path into the repository's unshipped folders, named in the text, must be a link to the repository.
      if (page.startsWith('docs/')) for (const match of text.matchAll(/(?<!\[)`((?:fixtures|test|src|bench|scripts)\/[^`\s]+)`(?!\]\()/g)) {
        broken.push(`${page} names ${match[1]} without linking it`);
      }
    }
    expect(broken).toEqual([]);
  });
});
