/**
 * Helpers for the CLI tests: throwaway projects in the OS temp directory, and running the built `kms-audit`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The built CLI (`npm run build` produces it; `npm test` builds first). */
export const binPath = path.join(repoRoot, 'dist/cli/bin.js');

/** Fails with a clear message when the CLI has not been built. */
export function assertBuilt(): void {
  if (!fs.existsSync(binPath)) {
    throw new Error(`${path.relative(repoRoot, binPath)} is missing: run \`npm run build\` first (npm test does).`);
  }
}

/**
 * Creates a project in a fresh temp directory from a map of relative paths to file contents.
 * @returns the directory's absolute (real) path
 */
export function createProject(files: Readonly<Record<string, string>>): string {
  const directory = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kms-audit-test-')));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(directory, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return directory;
}

/** Removes a directory made by {@link createProject}. */
export function removeProject(directory: string): void {
  fs.rmSync(directory, { recursive: true, force: true });
}

/** What a CLI run produced. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stderr split into non-empty lines. */
  readonly stderrLines: string[];
}

/**
 * Runs `node dist/cli/bin.js ...args` in `cwd` (stderr is a pipe, so no progress bar).
 * @param args the CLI arguments
 * @param cwd the working directory
 * @param uid run as this user id (only possible when the tests run as root)
 */
export function runCli(args: readonly string[], cwd: string, uid?: number): CliRun {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd,
    ...(uid === undefined ? {} : { uid }),
    encoding: 'utf8',
    env: { ...process.env, KMS_AUDIT_DEBUG: '', NO_COLOR: '1' },
    timeout: 120_000,
  });
  const stderr = result.stderr ?? '';
  return {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr,
    stderrLines: stderr.split('\n').filter((line) => line.trim() !== ''),
  };
}

/** A JavaScript project without any tsconfig: two keys, a missing context on line 11 of `src/orders.js`. */
export const UNTYPED_PROJECT: Readonly<Record<string, string>> = {
  'package.json': '{ "name": "untyped-shop", "type": "module" }\n',
  'src/orders.js': [
    "import { KMSClient, EncryptCommand, DecryptCommand } from '@aws-sdk/client-kms';",
    '',
    'const client = new KMSClient({});',
    "const ORDERS_KEY = 'alias/orders';",
    '',
    'export async function sealOrder(order) {',
    '  return client.send(new EncryptCommand({ KeyId: ORDERS_KEY, Plaintext: Buffer.from(order.id), EncryptionContext: { tenantId: order.tenantId, orderId: order.id } }));',
    '}',
    '',
    'export async function openOrder(blob) {',
    '  return client.send(new DecryptCommand({ KeyId: ORDERS_KEY, CiphertextBlob: blob }));',
    '}',
    '',
    'export async function openOrderChecked(blob, order) {',
    '  return client.send(new DecryptCommand({ KeyId: ORDERS_KEY, CiphertextBlob: blob, EncryptionContext: { orderId: order.id, tenantId: order.tenantId } }));',
    '}',
    '',
  ].join('\n'),
  'src/settings.cjs': [
    "const AWS = require('aws-sdk');",
    '',
    'const kms = new AWS.KMS();',
    '',
    'exports.readSetting = async (name, blob) => {',
    '  const result = await kms.decrypt({ KeyId: process.env.SETTINGS_KEY_ID, CiphertextBlob: blob, EncryptionContext: { setting: name } }).promise();',
    "  return result.Plaintext.toString('utf8');",
    '};',
    '',
  ].join('\n'),
  'node_modules/ignored/index.js':
    "import { KMSClient, EncryptCommand } from '@aws-sdk/client-kms';\nnew KMSClient({}).send(new EncryptCommand({ KeyId: 'alias/ignored', Plaintext: new Uint8Array(1) }));\n",
  'dist/bundle.js':
    "import { KMSClient, EncryptCommand } from '@aws-sdk/client-kms';\nnew KMSClient({}).send(new EncryptCommand({ KeyId: 'alias/ignored', Plaintext: new Uint8Array(1) }));\n",
  'src/types.d.ts': 'export declare const x: number;\n',
  // ESLint warns about a legacy .eslintignore on stderr; the audit does not read it and must stay quiet about it.
  '.eslintignore': 'src/orders.js\n',
};

/**
 * A TypeScript project with a tsconfig that includes `src/` only: the key alias is a `const` imported from another
 * module (known only through the type checker), `scripts/outside.ts` is outside the tsconfig, `src/broken.ts` does not
 * parse. `src/docs.ts` line 11 calls Decrypt without a context.
 */
export const TYPED_PROJECT: Readonly<Record<string, string>> = {
  'package.json': '{ "name": "typed-docs", "type": "module" }\n',
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['src'],
    },
    null,
    2,
  ),
  'src/config.ts': "export const DOCS_KEY = 'alias/typed-docs';\n",
  'src/docs.ts': [
    "import { KMSClient, EncryptCommand, DecryptCommand } from '@aws-sdk/client-kms';",
    "import { DOCS_KEY } from './config.js';",
    '',
    'const client = new KMSClient({});',
    '',
    'export async function seal(tenantId: string, body: Uint8Array) {',
    '  return client.send(new EncryptCommand({ KeyId: DOCS_KEY, Plaintext: body, EncryptionContext: { tenantId } }));',
    '}',
    '',
    'export async function open(blob: Uint8Array) {',
    '  return client.send(new DecryptCommand({ KeyId: DOCS_KEY, CiphertextBlob: blob }));',
    '}',
    '',
  ].join('\n'),
  'src/broken.ts': 'export const = ;\n',
  'scripts/outside.ts': 'const count: number = 1;\nexport default count;\n',
};

/** A project with no KMS code at all: always clean, whatever rules exist. */
export const CLEAN_PROJECT: Readonly<Record<string, string>> = {
  'package.json': '{ "name": "clean", "type": "module" }\n',
  'src/index.js': 'export const answer = 42;\n',
};
