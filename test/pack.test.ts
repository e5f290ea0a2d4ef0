/**
 * The published package, as a user installs it: `npm pack` makes the tarball, which is installed with ESLint (and
 * nothing else) into a throwaway JavaScript-only project. That project must end up without TypeScript or
 * `@typescript-eslint/parser`, and `recommended` must still lint its `.js`, `.cjs` and `.jsx` files with real findings —
 * so must `kms-audit`. The same tarball's file list is what the docs may link to.
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

describe('the packed tarball in a JavaScript project without TypeScript', () => {
  it('installs without TypeScript, and recommended and kms-audit find the mistakes in .js, .cjs and .jsx files', async () => {
    const project = path.join(scratch, 'js-project');
    const files: Record<string, string> = {
      'package.json': '{ "name": "js-only", "version": "1.0.0", "private": true }\n',
      'eslint.config.mjs': "import awsKms from 'eslint-plugin-aws-kms';\n\nexport default [awsKms.configs.recommended];\n",
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
    await execFileAsync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', tarball, `eslint@${packageJson.devDependencies.eslint}`], {
      cwd: project,
      timeout: 75_000,
    });
    const modules = path.join(project, 'node_modules');
    expect(fs.existsSync(path.join(modules, 'eslint-plugin-aws-kms/package.json'))).toBe(true);
    expect(fs.existsSync(path.join(modules, 'typescript'))).toBe(false);
    expect(fs.existsSync(path.join(modules, '@typescript-eslint/parser'))).toBe(false);

    // ESLint exits 1 when it reports errors; the JSON report is on stdout either way.
    const eslint = await execFileAsync(process.execPath, [path.join(modules, 'eslint/bin/eslint.js'), '--format', 'json', '.'], { cwd: project }).then(
      () => undefined,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    expect(eslint?.code, eslint?.stderr).toBe(1);
    const results = JSON.parse(eslint!.stdout!) as { filePath: string; messages: { ruleId: string | null; line: number; fatal?: boolean; message: string }[] }[];
    const stray = results.find((result) => result.filePath.endsWith('stray.ts'))?.messages ?? [];
    expect(stray.map((message) => message.message)).toEqual([expect.stringContaining('needs @typescript-eslint/parser and typescript')]);
    const found = Object.fromEntries(
      results.map((result) => [
        path.relative(project, result.filePath).split(path.sep).join('/'),
        result.messages.map((message) => (message.fatal ? 'fatal' : `${message.ruleId}:${message.line}`)),
      ]),
    );
    expect(found).toEqual({
      'eslint.config.mjs': [],
      'src/app.js': ['aws-kms/require-encryption-context:3'],
      'src/stray.ts': ['fatal'],
      'src/view.jsx': ['aws-kms/require-encryption-context:4'],
      'tool.cjs': ['aws-kms/require-encryption-context:3'],
    });

    const audit = await execFileAsync(process.execPath, [path.join(modules, 'eslint-plugin-aws-kms/dist/cli/bin.js'), '.', '--format', 'json'], { cwd: project }).then(
      () => undefined,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    expect(audit?.code, audit?.stderr).toBe(1);
    expect(audit!.stderr).not.toMatch(/^\s+at /m);
    expect((audit!.stdout ?? '').match(/require-encryption-context/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
  }, 90_000);
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
