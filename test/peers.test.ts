/**
 * The packed tarball in TypeScript projects on the older typescript-eslint lines, as their users have them: ESLint 8.57,
 * typescript-eslint 5, 6 or 7 (its last release of each line) and a TypeScript version that release supports, plus the
 * real `@aws-sdk/client-kms`, installed from the npm registry. For each line the test asserts that
 * - `npm install` succeeds (no `ERESOLVE`: the plugin's optional peer range takes that parser) and `npm ls` finds no
 *   invalid peer, with that parser at the top level and no second parser nested under the plugin;
 * - every README config marked `peers` (the `parserOptions.project` configs, flat and eslintrc) lints the project with
 *   type information: the findings that need it are reported — an encryption context spelt differently in the Decrypt
 *   of one file than in the Encrypt of another, and a string-typed CiphertextBlob — with their rule ids and lines;
 * - `kms-audit` (which sets `project` itself) types every file and reports the same;
 * - `recommended` (no type information) reports the same-file findings and not the typed ones: typescript-eslint 5
 *   hands out a single-file program without a project, and that must not pass for type information.
 * Expected findings are the `// expect:` (every run) and `// expect-typed:` (type-information runs) comments of the
 * sample files, on the line they end.
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
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};
const ESLINT_8 = packageJson.devDependencies['eslint-v8']!.replace('npm:eslint@', '');

interface Line {
  /** typescript-eslint's major version. */
  major: number;
  /** The exact `@typescript-eslint/parser` version installed. */
  parser: string;
  /** What the project installs to get it, as its users would. */
  packages: string[];
  /** A TypeScript version inside that release's supported range. */
  typescript: string;
}

const LINES: Line[] = [
  // 5.62 supports TypeScript >=3.3.1 <5.2.0; v5 has no flat configs of its own, so the parser and the plugin.
  { major: 5, parser: '5.62.0', packages: ['@typescript-eslint/parser@5.62.0', '@typescript-eslint/eslint-plugin@5.62.0'], typescript: '5.1.6' },
  // 6.21 supports TypeScript >=4.3.5 <5.4.0.
  { major: 6, parser: '6.21.0', packages: ['@typescript-eslint/parser@6.21.0', '@typescript-eslint/eslint-plugin@6.21.0'], typescript: '5.3.3' },
  // 7.18 supports TypeScript >=4.7.4 <5.6.0; the `typescript-eslint` package brings parser, plugin and utils.
  { major: 7, parser: '7.18.0', packages: ['typescript-eslint@7.18.0'], typescript: '5.5.4' },
];

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: [] },
    include: ['src'],
  },
  null,
  2,
)}\n`;

/** The sample TypeScript files: `// expect: <rule>` is reported with or without types, `// expect-typed: <rule>` only with. */
const SOURCES: Record<string, string> = {
  'src/keys.ts': "export const DOCS_KEY = 'alias/docs';\n",
  'src/seal.ts': `import { KMSClient, EncryptCommand } from '@aws-sdk/client-kms';
import { DOCS_KEY } from './keys.js';

const kms = new KMSClient({});
export const seal = (data: Uint8Array, tenant: string) =>
  kms.send(new EncryptCommand({ KeyId: DOCS_KEY, Plaintext: data, EncryptionContext: { tenantId: tenant } }));
`,
  // The Encrypt is in seal.ts, the key id a const of keys.ts: only the program-wide comparison sees the mismatch.
  'src/open.ts': `import { KMSClient, DecryptCommand, type KMS } from '@aws-sdk/client-kms';
import { DOCS_KEY } from './keys.js';

const kms = new KMSClient({});
export const open = (blob: Uint8Array, tenant: string) =>
  kms.send(new DecryptCommand({ KeyId: DOCS_KEY, CiphertextBlob: blob, EncryptionContext: { TenantId: tenant } })); // expect-typed: aws-kms/consistent-encryption-context

export async function openRow(vault: KMS, row: { sealed: string }, tenant: string) {
  return vault.decrypt({ KeyId: DOCS_KEY, CiphertextBlob: row.sealed as unknown as Uint8Array, EncryptionContext: { tenantId: tenant } }); // expect-typed: aws-kms/no-string-ciphertext-blob
}
`,
  // Both calls in one file, the key id a local const: found without types too.
  'src/local.ts': `import { KMSClient, EncryptCommand, DecryptCommand } from '@aws-sdk/client-kms';

const kms = new KMSClient({});
const KEY_ID = 'alias/local';
export const sealLocal = (data: Uint8Array, order: string) =>
  kms.send(new EncryptCommand({ KeyId: KEY_ID, Plaintext: data, EncryptionContext: { orderId: order } }));
export const openLocal = (blob: Uint8Array, order: string) =>
  kms.send(new DecryptCommand({ KeyId: KEY_ID, CiphertextBlob: blob, EncryptionContext: { order_id: order } })); // expect: aws-kms/consistent-encryption-context
`,
};

const UNTYPED_CONFIG = "import awsKms from 'eslint-plugin-aws-kms';\n\nexport default [awsKms.configs.recommended];\n";

type Found = Record<string, string[]>;

/** `rule:line` of every expectation comment in the sample files, per file; `typed` includes the `expect-typed` ones. */
function expectedFindings(typed: boolean): Found {
  const found: Found = {};
  for (const [file, text] of Object.entries(SOURCES)) {
    found[file] = text.split('\n').flatMap((line, index) => {
      const match = /\/\/ expect(-typed)?: (\S+)$/.exec(line);
      return match && (typed || !match[1]) ? [`${match[2]}:${index + 1}`] : [];
    });
  }
  return found;
}

interface Snippet { file: string; legacy: boolean; code: string }

/** The README config snippets marked `peers` (the ones the README gives typescript-eslint 5–7 users). */
function readPeerSnippets(): Snippet[] {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const snippets: Snippet[] = [];
  for (const match of readme.matchAll(/<!-- readme-snippet: ([^>]*?) -->\n```\w*\n([\s\S]*?)```/g)) {
    const fields = match[1]!.trim().split(/\s+/);
    if (!fields.includes('peers')) continue;
    snippets.push({ file: fields.find((field) => field.startsWith('file='))!.slice('file='.length), legacy: fields.includes('legacy'), code: match[2]! });
  }
  return snippets;
}

let scratch: string;
let tarball: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(repoRoot, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-kms-peers-'));
  const { stdout } = await execFileAsync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: repoRoot });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  tarball = path.join(scratch, packed!.filename);
}, 60_000);

afterAll(() => {
  if (process.env.KEEP_SCRATCH) return;
  fs.rmSync(scratch, { recursive: true, force: true });
}, 120_000); // three node_modules trees: longer than the default hook timeout on a busy machine

/** Writes the sample project and installs the tarball with that line's packages; returns the project's folder. */
async function installProject(line: Line): Promise<string> {
  const project = path.join(scratch, `typescript-eslint-${line.major}`);
  const files = { 'package.json': `{ "name": "sample-ts-eslint-${line.major}", "version": "1.0.0", "private": true, "type": "module" }\n`, 'tsconfig.json': TSCONFIG, ...SOURCES };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  }
  const install = [tarball, `eslint@${ESLINT_8}`, ...line.packages, `typescript@${line.typescript}`, `@aws-sdk/client-kms@${packageJson.devDependencies['@aws-sdk/client-kms']}`];
  let stderr: string;
  try {
    ({ stderr } = await execFileAsync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...install], { cwd: project, timeout: 150_000 }));
  } catch (error) {
    const failed = error as { stderr?: string; message: string };
    throw new Error(`npm install failed for typescript-eslint ${line.parser}:\n${failed.stderr ?? failed.message}`);
  }
  expect(stderr).not.toContain('ERESOLVE');
  const version = (name: string) => (JSON.parse(fs.readFileSync(path.join(project, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  expect(version('@typescript-eslint/parser')).toBe(line.parser);
  expect(version('typescript')).toBe(line.typescript);
  expect(version('eslint')).toBe(ESLINT_8);
  // npm did not satisfy the plugin's peer with a parser of its own next to it.
  expect(fs.existsSync(path.join(project, 'node_modules/eslint-plugin-aws-kms/node_modules/@typescript-eslint/parser'))).toBe(false);
  // `npm ls` exits non-zero on a missing or invalid peer anywhere in the tree.
  await execFileAsync('npm', ['ls', '--all'], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
  return project;
}

/** `eslint --format json` over `src` (with `-c configFile` for a flat config): the findings per sample file as `rule:line`. */
async function lint(project: string, options: { legacy: boolean; configFile?: string }): Promise<Found> {
  const args = [path.join(project, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', ...(options.configFile ? ['-c', options.configFile] : []), 'src'];
  if (options.legacy) args.push('--ext', '.ts');
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync(process.execPath, args, {
      cwd: project,
      env: { ...process.env, ESLINT_USE_FLAT_CONFIG: options.legacy ? 'false' : 'true' },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 120_000,
    }));
  } catch (error) {
    // ESLint exits 1 when it reports errors (the JSON report is on stdout either way), 2 when it cannot run.
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    expect(failed.code, failed.stderr).toBe(1);
    stdout = failed.stdout!;
  }
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; line: number; fatal?: boolean; message: string }[] }[];
  return Object.fromEntries(
    results.map((result) => [
      path.relative(project, result.filePath).split(path.sep).join('/'),
      result.messages.map((message) => (message.fatal ? `fatal: ${message.message}` : `${message.ruleId}:${message.line}`)),
    ]),
  );
}

/** `kms-audit src --format json` in `project`: its findings per sample file as `rule:line`, and how many files were typed. */
async function auditFindings(project: string): Promise<{ found: Found; filesTyped: number; stderr: string }> {
  let outcome: { stdout: string; stderr: string };
  try {
    outcome = await execFileAsync(process.execPath, [path.join(project, 'node_modules/eslint-plugin-aws-kms/dist/cli/bin.js'), 'src', '--format', 'json'], {
      cwd: project,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 120_000,
    });
  } catch (error) {
    // kms-audit exits 1 when it finds errors.
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    expect(failed.code, failed.stderr).toBe(1);
    outcome = { stdout: failed.stdout!, stderr: failed.stderr ?? '' };
  }
  const report = JSON.parse(outcome.stdout) as { summary: { filesTyped: number }; findings: { file: string; line: number; ruleId: string }[] };
  const found: Found = Object.fromEntries(Object.keys(SOURCES).map((file) => [file, []]));
  for (const finding of report.findings) (found[finding.file] ??= []).push(`${finding.ruleId}:${finding.line}`);
  return { found, filesTyped: report.summary.filesTyped, stderr: outcome.stderr };
}

const snippets = readPeerSnippets();

describe('the packed tarball next to typescript-eslint 5, 6 and 7 (ESLint 8.57)', () => {
  it('the README marks a flat and an eslintrc `project` config for these versions, and the peer range takes each of them', () => {
    expect(snippets.map((snippet) => snippet.legacy).sort()).toEqual([false, true]);
    for (const snippet of snippets) expect(snippet.code).toMatch(/\bproject: '\.\/tsconfig\.json'/);
    const range = packageJson.peerDependencies['@typescript-eslint/parser']!;
    for (const line of LINES) expect(range).toContain(`^${line.major}.`);
  });

  for (const line of LINES) {
    it(`typescript-eslint ${line.parser} with TypeScript ${line.typescript}: installs; the README's project configs and kms-audit find the typed mistakes`, async () => {
      const project = await installProject(line);
      for (const snippet of snippets) {
        fs.writeFileSync(path.join(project, snippet.file), snippet.code);
        expect(await lint(project, { legacy: snippet.legacy }), `${snippet.file} with typescript-eslint ${line.parser}`).toEqual(expectedFindings(true));
      }
      // kms-audit finds the tsconfig and gives its files type information on this parser too.
      const audit = await auditFindings(project);
      expect(audit.filesTyped, audit.stderr).toBe(Object.keys(SOURCES).length);
      expect(audit.found).toEqual(expectedFindings(true));
      fs.writeFileSync(path.join(project, 'eslint.untyped.mjs'), UNTYPED_CONFIG);
      expect(await lint(project, { legacy: false, configFile: 'eslint.untyped.mjs' }), `recommended with typescript-eslint ${line.parser}`).toEqual(expectedFindings(false));
    }, 240_000);
  }
});
