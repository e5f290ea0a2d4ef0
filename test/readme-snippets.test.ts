/**
 * Every config snippet of README.md is a test: each block marked `<!-- readme-snippet: eslint=8,9,10 project=… file=… -->`
 * is written verbatim as that config file into a throwaway sample project (its `node_modules` are this repository's,
 * with the built plugin as `eslint-plugin-aws-kms`), and linted with each ESLint version the marker names — 8.57
 * (`eslint-v8`), 9 (`eslint-v9`) and 10 (`eslint`) — through ESLint's own `loadESLint`, one child process per run. A snippet passes only when every
 * sample file parses, the plugin reports a real finding in each KMS-using file (a root `.cjs` script included), no
 * "Definition for rule … was not found" appears, and — for snippets marked `typed` — the finding that needs type
 * information is reported too (and, as a control, is absent without it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const execFileAsync = promisify(execFile);

interface Snippet {
  index: number;
  line: number;
  eslint: string[];
  project: string;
  file: string;
  typed: boolean;
  legacy: boolean;
  code: string;
}

/** Reads the marked snippets of README.md; a config-looking block without a marker is an error. */
function readSnippets(): Snippet[] {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const snippets: Snippet[] = [];
  const fence = /(?:<!-- readme-snippet: ([^>]*?) -->\n)?```(\w*)\n([\s\S]*?)```/g;
  for (const match of readme.matchAll(fence)) {
    const [, marker, , code] = match;
    const line = readme.slice(0, match.index).split('\n').length;
    const looksLikeConfig = /from 'eslint-plugin-aws-kms'|require\('eslint-plugin-aws-kms'\)|plugin:aws-kms\//.test(code!);
    const usesReferenceCrypto = code!.includes('eslint-plugin-aws-kms/reference-crypto');
    if (!marker) {
      if (looksLikeConfig && !usesReferenceCrypto) throw new Error(`README.md:${line}: config snippet without a readme-snippet marker`);
      continue;
    }
    const fields = new Map<string, string>();
    for (const part of marker.trim().split(/\s+/)) {
      const [key, value = 'true'] = part.split('=');
      fields.set(key!, value);
    }
    snippets.push({
      index: snippets.length,
      line,
      eslint: fields.get('eslint')!.split(','),
      project: fields.get('project')!,
      file: fields.get('file')!,
      typed: fields.has('typed'),
      legacy: fields.has('legacy'),
      code: code!,
    });
  }
  return snippets;
}

const JS_FINDING = `const { KMSClient, EncryptCommand } = require('@aws-sdk/client-kms');
const kms = new KMSClient({});
// eslint-disable-next-line no-unused-vars
const unused = 1;
exports.seal = (data) => kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: data }));
`;
const JSX_FINDING = `import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';
const kms = new KMSClient({});
export async function Secret({ blob }) {
  const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob: blob }));
  return <p>{Plaintext.length}</p>;
}
`;
/** Line 3 needs no types; line 6 (a `KMS` client known only by its parameter's type) needs type information. */
const TS_FINDING = `import { KMSClient, EncryptCommand, type KMS } from '@aws-sdk/client-kms';
const kms = new KMSClient({});
export const seal = (data: Uint8Array) => kms.send(new EncryptCommand({ KeyId: 'alias/app', Plaintext: data }));

export async function sealWith(vault: KMS, data: Uint8Array) {
  return vault.encrypt({ KeyId: 'alias/app', Plaintext: data });
}
`;
const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, types: [] },
  include: ['src'],
});

interface Sample {
  files: Record<string, string>;
  /** file → lines where `aws-kms/require-encryption-context` must be reported (untyped / typed). */
  findings: Record<string, { untyped: number[]; typed: number[] }>;
}

const SAMPLES: Record<string, Sample> = {
  js: {
    files: { 'package.json': '{ "name": "sample-js", "private": true }\n', 'src/app.js': JS_FINDING, 'src/view.jsx': JSX_FINDING, 'tool.cjs': JS_FINDING },
    findings: {
      'src/app.js': { untyped: [5], typed: [5] },
      'src/view.jsx': { untyped: [4], typed: [4] },
      'tool.cjs': { untyped: [5], typed: [5] },
    },
  },
  ts: {
    files: { 'package.json': '{ "name": "sample-ts", "private": true, "type": "module" }\n', 'tsconfig.json': TSCONFIG, 'src/app.ts': TS_FINDING, 'tool.cjs': JS_FINDING },
    findings: { 'src/app.ts': { untyped: [3], typed: [3, 6] }, 'tool.cjs': { untyped: [5], typed: [5] } },
  },
  monorepo: {
    files: {
      'package.json': '{ "name": "sample-monorepo", "private": true, "type": "module", "workspaces": ["packages/*"] }\n',
      'packages/a/package.json': '{ "name": "a", "private": true, "type": "module" }\n',
      'packages/a/tsconfig.json': TSCONFIG,
      'packages/a/src/app.ts': TS_FINDING,
      'tool.cjs': JS_FINDING,
    },
    findings: {
      'packages/a/src/app.ts': { untyped: [3], typed: [3, 6] },
      'tool.cjs': { untyped: [5], typed: [5] },
    },
  },
};

const ESLINT_PACKAGES: Record<string, string> = { '8': 'eslint-v8', '9': 'eslint-v9', '10': 'eslint' };

interface LintMessage { ruleId: string | null; line: number; message: string; fatal?: boolean }

/**
 * Lints `dir` in a child process of its own, as a user's `npx eslint .` would: typescript-eslint keeps process-wide
 * state (the project service, the inferred tsconfigRootDir candidates) that sample projects must not share.
 */
const LINT_SCRIPT = `
const [eslintMain, flat] = process.argv.slice(2);
(async () => {
  const ESLint = await require(eslintMain).loadESLint({ useFlatConfig: flat === 'flat' });
  const results = await new ESLint({ cwd: process.cwd() }).lintFiles(['.']);
  process.stdout.write(JSON.stringify(results.map((r) => ({ filePath: r.filePath, messages: r.messages }))));
})().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
`;

let scratch: string;

/**
 * Type declarations standing in for `@aws-sdk/client-kms` in the sample projects: the rules know SDK classes by name
 * and declaring package, and a program over these few lines builds in a fraction of the real package's time.
 */
const CLIENT_KMS_STUB = `export declare class KMSClient { constructor(config: object); send(command: object): Promise<any>; }
export declare class EncryptCommand { constructor(input: { KeyId: string; Plaintext: Uint8Array; EncryptionContext?: Record<string, string> }); }
export declare class DecryptCommand { constructor(input: { CiphertextBlob: Uint8Array; KeyId?: string; EncryptionContext?: Record<string, string> }); }
export declare class KMS {
  constructor(config: object);
  encrypt(input: { KeyId: string; Plaintext: Uint8Array; EncryptionContext?: Record<string, string> }): Promise<any>;
}
`;

beforeAll(() => {
  if (!fs.existsSync(path.join(repoRoot, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-kms-readme-'));
  fs.writeFileSync(path.join(scratch, 'lint.cjs'), LINT_SCRIPT);
  // One node_modules per ESLint version, shared by that version's sample projects: every entry of the repository's,
  // with \`eslint\` being that version (the child runs with --preserve-symlinks, so typescript-eslint and the plugin
  // find it, as in a project that installed it), the repository itself (its \`exports\` point at the built dist/) as
  // eslint-plugin-aws-kms, and the client-kms declarations above as @aws-sdk/client-kms.
  for (const [version, eslintPackage] of Object.entries(ESLINT_PACKAGES)) {
    const modules = path.join(scratch, `eslint-${version}`, 'node_modules');
    fs.mkdirSync(path.join(modules, '@aws-sdk/client-kms'), { recursive: true });
    for (const entry of fs.readdirSync(path.join(repoRoot, 'node_modules'))) {
      if (entry.startsWith('.') || entry === '@aws-sdk' || entry === 'eslint') continue;
      fs.symlinkSync(path.join(repoRoot, 'node_modules', entry), path.join(modules, entry));
    }
    fs.symlinkSync(path.join(repoRoot, 'node_modules', eslintPackage), path.join(modules, 'eslint'));
    fs.symlinkSync(repoRoot, path.join(modules, 'eslint-plugin-aws-kms'));
    fs.writeFileSync(path.join(modules, '@aws-sdk/client-kms/package.json'), '{ "name": "@aws-sdk/client-kms", "version": "3.0.0", "types": "index.d.ts", "main": "index.js" }\n');
    fs.writeFileSync(path.join(modules, '@aws-sdk/client-kms/index.d.ts'), CLIENT_KMS_STUB);
    fs.writeFileSync(path.join(modules, '@aws-sdk/client-kms/index.js'), '');
  }
});

afterAll(() => {
  if (process.env.KEEP_SCRATCH) return;
  fs.rmSync(scratch, { recursive: true, force: true });
});

function writeProject(dir: string, sample: Sample, configFile: string, config: string): void {
  for (const [file, text] of Object.entries({ ...sample.files, [configFile]: config })) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

async function lintProject(dir: string, version: string, legacy: boolean): Promise<Map<string, LintMessage[]>> {
  const eslintMain = path.join(scratch, `eslint-${version}`, 'node_modules/eslint');
  const args = ['--preserve-symlinks', path.join(scratch, 'lint.cjs'), eslintMain, legacy ? 'eslintrc' : 'flat'];
  const { stdout } = await execFileAsync(process.execPath, args, {
    cwd: dir,
    // ESLint 9 reads the config system from this variable before any option; keep the user's shell out of it.
    env: { ...process.env, ESLINT_USE_FLAT_CONFIG: legacy ? 'false' : 'true' },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 100_000,
  });
  const results = JSON.parse(stdout) as { filePath: string; messages: LintMessage[] }[];
  return new Map(results.map((result) => [path.relative(dir, result.filePath).split(path.sep).join('/'), result.messages]));
}

const snippets = readSnippets();

describe('README config snippets', () => {
  it('marks the README config snippets (JavaScript, typescript-eslint, type information, project, monorepo, eslintrc)', () => {
    expect(snippets.map((snippet) => snippet.project)).toEqual(expect.arrayContaining(['js', 'ts', 'monorepo']));
    expect(snippets.some((snippet) => snippet.legacy)).toBe(true);
    expect(snippets.some((snippet) => snippet.typed && snippet.code.includes('projectService'))).toBe(true);
    expect(snippets.some((snippet) => snippet.typed && /\bproject: /.test(snippet.code))).toBe(true);
    for (const version of ['8', '9', '10']) expect(snippets.some((snippet) => snippet.eslint.includes(version))).toBe(true);
  });

  for (const snippet of snippets) {
    for (const version of snippet.eslint) {
      it(`README.md:${snippet.line} (${snippet.project}, ${snippet.file}) lints with ESLint ${version}`, async () => {
        const sample = SAMPLES[snippet.project]!;
        const dir = path.join(scratch, `eslint-${version}`, `snippet-${snippet.index}`);
        writeProject(dir, sample, snippet.file, snippet.code);
        const byFile = await lintProject(dir, version, snippet.legacy);
        for (const [file, messages] of byFile) {
          expect(messages.filter((message) => message.fatal), file).toEqual([]);
          expect(messages.filter((message) => message.message.includes('was not found')), file).toEqual([]);
        }
        for (const [file, expected] of Object.entries(sample.findings)) {
          const lines = (byFile.get(file) ?? [])
            .filter((message) => message.ruleId === 'aws-kms/require-encryption-context')
            .map((message) => message.line);
          expect(lines, `${file} under ESLint ${version}`).toEqual(snippet.typed ? expected.typed : expected.untyped);
        }
        // The child process has 100 s; typed snippets build a program of the AWS SDK's declarations, which took over
        // 60 s on a loaded 2-core machine.
      }, 120_000);
    }
  }
});
