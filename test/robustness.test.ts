/**
 * The plugin must never crash ESLint on syntactically valid code. Two corpora: odd hand-written snippets that poke at
 * the analysis (self references, computed members, optional calls, getters, recursion), and a sample of real,
 * unusual JavaScript from installed packages (the AWS SDKs' own sources among them). Every rule of the plugin runs;
 * the only acceptable outcome is a list of messages without a crash.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const allRules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`aws-kms/${name}`, 'error' as const]));

/**
 * Lints `code` as if it were `<repo>/robustness/<name>` with every rule on. Throws when ESLint applied no config (a
 * vacuous pass) — ESLint itself throws when a rule crashes.
 */
function lint(code: string, name: string): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat', cwd: repoRoot });
  const messages = linter.verify(
    code,
    [{ files: ['**/*.ts', '**/*.js'], plugins: { 'aws-kms': plugin as never }, languageOptions: { parser: tsParser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } }, rules: allRules }],
    { filename: path.join(repoRoot, 'robustness', name) },
  );
  const notLinted = messages.find((message) => message.ruleId === null && !message.fatal);
  if (notLinted) throw new Error(`not linted: ${notLinted.message}`);
  return messages;
}

const KMS = "import { KMSClient, EncryptCommand, DecryptCommand, GenerateDataKeyCommand, KMS } from '@aws-sdk/client-kms';\nimport { PutObjectCommand, S3 } from '@aws-sdk/client-s3';\n";
const snippets: string[] = [
  '',
  '// only a comment',
  `${KMS}const a = a;\nnew EncryptCommand(a);`,
  `${KMS}const o = { get EncryptionContext() { return {}; }, set KeyId(v) {} };\nnew EncryptCommand(o);`,
  `${KMS}new EncryptCommand();\nnew DecryptCommand(...args);\nnew GenerateDataKeyCommand(undefined);\nnew EncryptCommand(null);`,
  `${KMS}const k = new KMS({});\nk?.encrypt?.({ KeyId: 'x' });\nk['decrypt']({});\nk[method]({});`,
  `${KMS}function f(x = f()) { return new DecryptCommand({ EncryptionContext: x }); }\nf();`,
  `${KMS}const p = { ...p2 }; const p2 = { ...p };\nnew EncryptCommand({ ...p, Plaintext: \`\${p}\` });`,
  `${KMS}let c; c = new KMSClient({}); c.send(new EncryptCommand({ KeyId: 'k', Plaintext: Buffer.alloc(-1), EncryptionContext: { [Symbol.iterator]: 'x' } }));`,
  `${KMS}class A { #kms = new KMS({}); static { new EncryptCommand({}); } run() { return this.#kms.decrypt({ CiphertextBlob: new Uint8Array(1e12) }); } }`,
  `${KMS}const { Plaintext: [first, ...rest] = [] } = await new KMSClient({}).send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' }));\nfirst.fill(0);`,
  `${KMS}for await (const x of y) { new EncryptCommand({ Plaintext: x, KeyId: 'k', EncryptionContext: { a: x } }); }`,
  `${KMS}new S3({}).putObject({ ServerSideEncryption: cond ? 'aws:kms' : 'AES256', Bucket: 'b', Key: 'k' });\nnew PutObjectCommand({ ...(x ? { ServerSideEncryption: 'aws:kms' } : {}) });`,
  `${KMS}export default async function (req) { const { Plaintext } = await new KMS({}).generateDataKey(req.body); return Plaintext.toString('hex'); }`,
  `${KMS}label: { break label; }\nwith_ = eval('x');\nnew.target;`,
  `${KMS}const enc = (await import('@aws-sdk/client-kms')).EncryptCommand;\nnew enc({});`,
  `const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();\nkms.encrypt(params, function () {}).on('success', () => {}).send();\nkms.decrypt();\nkms.generateDataKey(null, null);`,
  `const { buildClient } = require('@aws-crypto/client-node');\nconst { encrypt } = buildClient();\nencrypt();\nencrypt(...a);`,
  `import * as s3 from 'aws-cdk-lib/aws-s3';\nnew s3.Bucket();\nnew s3.Bucket(this, 'B', ...props);\nnew s3.Bucket(this, 'B', { encryption: s3.BucketEncryption[k] });`,
  `import { Upload } from '@aws-sdk/lib-storage';\nnew Upload();\nnew Upload({ params: undefined });\nnew Upload({ ...opts });`,
  `${KMS}type T = Parameters<typeof EncryptCommand>[0];\nconst x = <T>{ KeyId: 'k' };\nnew EncryptCommand(x satisfies T as T);\nenum E { A = 'aws:kms' }\nnamespace N { export const y = new DecryptCommand({} as any); }`,
  `${KMS}declare const d: any;\nnew EncryptCommand(d!.x!.y as unknown as never);\nabstract class B { abstract kms: KMS; go() { return this.kms.encrypt({ KeyId: 'k', Plaintext: 'x'.repeat(1e9) }); } }`,
];

describe('robustness: odd snippets', () => {
  const reported = new Set<string>();

  it.each(snippets.map((code, index) => [index, code] as const))('snippet %i lints without crashing', (_index, code) => {
    const messages = lint(code, 'snippet.ts');
    expect(messages.filter((message) => message.fatal).map((message) => message.message)).toEqual([]);
    for (const message of messages) if (message.ruleId) reported.add(message.ruleId);
  });

  it('the rules really ran on the snippets (several of them report)', () => {
    expect(reported.size).toBeGreaterThanOrEqual(3);
  });
});

/** Up to `limit` .js files under `dir` (depth-first, sorted), skipping huge files. */
function collect(dir: string, limit: number, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (out.length >= limit) break;
    const full = path.join(dir, entry);
    const stat = statSync(full);
    if (stat.isDirectory()) collect(full, limit, out);
    else if (/\.(c|m)?js$/.test(entry) && stat.size < 200_000) out.push(full);
  }
  return out;
}

describe('robustness: real JavaScript from installed packages', () => {
  const files = [
    ...collect(path.join(repoRoot, 'node_modules/aws-sdk/lib'), 60),
    ...collect(path.join(repoRoot, 'node_modules/@aws-sdk/client-kms/dist-cjs'), 5),
    ...collect(path.join(repoRoot, 'node_modules/@aws-sdk/lib-storage/dist-cjs'), 5),
    ...collect(path.join(repoRoot, 'node_modules/@aws-crypto'), 60),
    ...collect(path.join(repoRoot, 'node_modules/eslint/lib/rules'), 40),
  ];

  it('found a corpus to lint', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('lints every file without a crash', () => {
    const crashes: string[] = [];
    for (const file of files) {
      try {
        lint(readFileSync(file, 'utf8'), `${path.basename(file).replace(/\.(c|m)?js$/, '')}.js`);
      } catch (error) {
        crashes.push(`${path.relative(repoRoot, file)}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
    expect(crashes).toEqual([]);
  });
});
