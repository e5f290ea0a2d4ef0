/**
 * The plugin as users run it: ESLint's Node API (`new ESLint(...)`, `lintFiles`) with the plugin's flat configs on a
 * throwaway project, once untyped (`recommended`) and once typed (`recommended-type-checked`).
 *
 * The project lives in the OS temp directory (nothing is written into the repository). For the typed run TypeScript
 * must resolve `@aws-sdk/client-kms` and `aws-sdk` types, so the project's `node_modules` is a symbolic link to this
 * repository's `node_modules` (ESLint ignores `node_modules` by default, so nothing in it is linted).
 *
 * Other rules of the plugin may report on these files too; assertions are on `aws-kms/require-encryption-context`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { clearCaches } from '@typescript-eslint/parser';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RULE = 'aws-kms/require-encryption-context';

const files: Record<string, string> = {
  'package.json': '{ "name": "eslint-api-project", "private": true }\n',
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowJs: true,
      checkJs: false,
      types: [],
    },
    include: ['src'],
  }),
  'src/store.ts': [
    "import { KMSClient, EncryptCommand, DecryptCommand, type KMS } from '@aws-sdk/client-kms';",
    '',
    'const client = new KMSClient({});',
    '',
    'export async function seal(body: Uint8Array) {',
    "  return client.send(new EncryptCommand({ KeyId: 'alias/docs', Plaintext: body }));",
    '}',
    '',
    'export async function open(tenantId: string, blob: Uint8Array) {',
    '  return client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { tenantId } }));',
    '}',
    '',
    '// The client is a parameter named unlike a client: only its type says it is a KMS client.',
    'export async function sealWith(keyService: KMS, body: Uint8Array) {',
    "  return keyService.encrypt({ KeyId: 'alias/docs', Plaintext: body, EncryptionContext: {} });",
    '}',
    '',
  ].join('\n'),
  'src/legacy.js': [
    "const AWS = require('aws-sdk');",
    'const kms = new AWS.KMS();',
    'exports.readSecret = (blob) => kms.decrypt({ CiphertextBlob: blob }).promise();',
    '',
  ].join('\n'),
};

const directories: string[] = [];

/**
 * Writes a fresh copy of the project into the OS temp directory and returns its real path. Each lint gets its own
 * copy, as each `eslint` process in a user's CI sees files it has not parsed before: under `CI=true` typescript-estree
 * runs in single-run mode, and a file path it has already parsed in this process gets an isolated, type-less program.
 */
function createProject(): string {
  const directory = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kms-eslint-api-')));
  directories.push(directory);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(directory, name)), { recursive: true });
    fs.writeFileSync(path.join(directory, name), content);
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(directory, 'node_modules'), 'dir');
  return directory;
}

afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

/** Lints `src/` of a fresh project copy with the configs made for its directory and returns `[file, line, messageId, message]` of this rule, plus all fatal messages. */
async function lint(configFor: (directory: string) => Linter.Config[]): Promise<{ findings: Array<[string, number, string | undefined, string]>; fatal: string[] }> {
  // Each lint stands for a fresh `eslint` process. typescript-estree is CommonJS, so its program and project-service
  // caches live in Node's require cache and outlive a vitest file in a reused worker; start from empty ones, as
  // typescript-eslint's RuleTester does.
  clearCaches();
  const directory = createProject();
  const eslint = new ESLint({ cwd: directory, overrideConfigFile: true, overrideConfig: configFor(directory) });
  const results = await eslint.lintFiles(['src']);
  const findings: Array<[string, number, string | undefined, string]> = [];
  const fatal: string[] = [];
  for (const result of results) {
    const file = path.relative(directory, result.filePath);
    for (const message of result.messages) {
      if (message.fatal) fatal.push(`${file}: ${message.message}`);
      if (message.ruleId === RULE) findings.push([file, message.line, message.messageId, message.message]);
    }
  }
  return { findings: findings.sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]), fatal };
}

describe('ESLint Node API with the plugin', () => {
  it('lints both files with the recommended config (no type information)', async () => {
    const { findings, fatal } = await lint(() => [plugin.configs.recommended as Linter.Config]);
    expect(fatal).toEqual([]);
    expect(findings).toEqual([
      ['src/legacy.js', 3, 'missingEncryptionContext', expect.stringMatching(/^Decrypt is called without EncryptionContext\. /u)],
      ['src/store.ts', 6, 'missingEncryptionContext', expect.stringMatching(/^Encrypt is called without EncryptionContext\. /u)],
    ]);
  });

  // The type-checked config sets no parserOptions (as typescript-eslint's own do): the user turns type information on
  // once, with projectService or with an existing project setting — both must work, neither may conflict.
  const typedFindings = [
    ['src/legacy.js', 3, 'missingEncryptionContext', expect.stringMatching(/^Decrypt is called without EncryptionContext\. /u)],
    ['src/store.ts', 6, 'missingEncryptionContext', expect.stringMatching(/^Encrypt is called without EncryptionContext\. /u)],
    ['src/store.ts', 15, 'emptyEncryptionContext', expect.stringMatching(/^EncryptionContext of this Encrypt call is empty/u)],
  ];

  it('with recommended-type-checked and projectService also finds the call on a parameter typed as the KMS client', async () => {
    const { findings, fatal } = await lint((directory) => [
      plugin.configs['recommended-type-checked'] as Linter.Config,
      { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: directory } } },
    ]);
    expect(fatal).toEqual([]);
    expect(findings).toEqual(typedFindings);
  }, 180_000);

  it('with recommended-type-checked and an existing parserOptions.project finds the same', async () => {
    const { findings, fatal } = await lint((directory) => [
      plugin.configs['recommended-type-checked'] as Linter.Config,
      { languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: directory } } },
    ]);
    expect(fatal).toEqual([]);
    expect(findings).toEqual(typedFindings);
  }, 180_000);
});
