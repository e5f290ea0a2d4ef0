/**
 * The fixture harness (see fixtures/runtime/README.md): every runtime fixture is linted with the whole plugin (typed)
 * and must produce exactly the diagnostics marked with `expect-lint`, and is run with the real AWS SDK against the
 * reference KMS over loopback and must end as its `expect-runtime` header says. A last test ties the rules' docs to the
 * fixtures: a rule whose docs claim a runtime failure must have a fixture that fails that way and one that round-trips.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { startReferenceKms, type RunningReferenceKms } from '../src/reference-crypto/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixturesDir = path.join(repoRoot, 'fixtures/runtime');

interface Fixture {
  readonly file: string;
  readonly runtime: string;
  readonly demonstrates: readonly string[];
  /** `line rule` strings. */
  readonly lint: readonly string[];
}

/** Reads a fixture's expectation comments. */
function readFixture(file: string): Fixture {
  const text = readFileSync(path.join(fixturesDir, file), 'utf8');
  const lines = text.split('\n');
  const runtime = /^\/\/ expect-runtime: (\S+)/m.exec(text)?.[1];
  if (!runtime) throw new Error(`${file} has no "// expect-runtime:" header`);
  const demonstrates = [...text.matchAll(/^\/\/ demonstrates: aws-kms\/(\S+)/gm)].map((match) => match[1]!);
  const lint: string[] = [];
  lines.forEach((line, index) => {
    const match = /\/\/ expect-lint: (.+)$/.exec(line);
    if (!match) return;
    for (const rule of match[1]!.split(',')) lint.push(`${index + 1} ${rule.trim().replace(/^aws-kms\//, '')}`);
  });
  return { file, runtime, demonstrates, lint: lint.sort() };
}

const fixtures = readdirSync(fixturesDir)
  .filter((file) => file.endsWith('.ts'))
  .sort()
  .map(readFixture);

/** Rule name → the runtime error its docs page claims (`Fails at runtime with: \`X\``). */
function readRuntimeClaims(): Map<string, string[]> {
  const claims = new Map<string, string[]>();
  for (const name of Object.keys(plugin.rules)) {
    const docs = readFileSync(path.join(repoRoot, 'docs/rules', `${name}.md`), 'utf8');
    const errors = [...docs.matchAll(/Fails at runtime with: `(\w+)`/g)].map((match) => match[1]!);
    if (errors.length > 0) claims.set(name, errors);
  }
  return claims;
}

describe('runtime fixtures: lint', () => {
  const eslint = new ESLint({
    cwd: fixturesDir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        plugins: { 'aws-kms': plugin as never },
        languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: fixturesDir } },
        rules: Object.fromEntries(Object.keys(plugin.rules).map((name) => [`aws-kms/${name}`, 'error'])),
      },
    ],
  });

  it.each(fixtures)('$file has exactly the marked diagnostics', async (fixture) => {
    const [result] = await eslint.lintFiles([path.join(fixturesDir, fixture.file)]);
    const actual = result!.messages.map((message) => (message.fatal ? `fatal ${message.message}` : `${message.line} ${message.ruleId?.replace('aws-kms/', '')}`)).sort();
    expect(actual).toEqual(fixture.lint);
  });
});

describe('runtime fixtures: run against the reference KMS', () => {
  let server: RunningReferenceKms;
  const saved = { ...process.env };

  beforeAll(async () => {
    server = await startReferenceKms();
    const symmetric = server.kms.createKey({ Description: 'fixtures: application data' });
    server.kms.createAlias({ AliasName: 'alias/app-data', TargetKeyId: symmetric.KeyMetadata.KeyId });
    const rsa = server.kms.createKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT', Description: 'fixtures: partner' });
    server.kms.createAlias({ AliasName: 'alias/partner-rsa', TargetKeyId: rsa.KeyMetadata.KeyId });
    // The SDK's standard configuration: a service-specific endpoint, a Region and static credentials.
    process.env.AWS_ENDPOINT_URL_KMS = server.endpoint;
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFIXTURES';
    process.env.AWS_SECRET_ACCESS_KEY = 'fixtures-secret';
  });

  afterAll(async () => {
    for (const name of ['AWS_ENDPOINT_URL_KMS', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await server?.close();
  });

  it.each(fixtures)('$file ends with $runtime', async (fixture) => {
    const module = (await import(pathToFileURL(path.join(fixturesDir, fixture.file)).href)) as { run?: () => Promise<void> };
    expect(typeof module.run).toBe('function');
    let outcome = 'round-trip';
    try {
      await module.run!();
    } catch (error) {
      outcome = error instanceof Error ? error.name : String(error);
    }
    expect(outcome).toBe(fixture.runtime);
  });
});

describe('runtime fixtures: coverage of the rules’ runtime claims', () => {
  it('every rule whose docs claim a runtime failure has a failing fixture and a round-trip fixture', () => {
    const claims = readRuntimeClaims();
    expect(claims.size).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const [rule, errors] of claims) {
      for (const error of errors) {
        const failing = fixtures.some((fixture) => fixture.runtime === error && fixture.demonstrates.includes(rule) && fixture.lint.some((row) => row.endsWith(` ${rule}`)));
        if (!failing) missing.push(`${rule}: no fixture flagged by the rule that fails with ${error}`);
      }
      const clean = fixtures.some((fixture) => fixture.runtime === 'round-trip' && fixture.demonstrates.includes(rule) && !fixture.lint.some((row) => row.endsWith(` ${rule}`)));
      if (!clean) missing.push(`${rule}: no clean fixture that round-trips`);
    }
    expect(missing).toEqual([]);
  });

  it('every fixture that names a rule is consistent with its outcome', () => {
    for (const fixture of fixtures) {
      expect(fixture.demonstrates.length, `${fixture.file} names no rule`).toBeGreaterThan(0);
      if (fixture.runtime !== 'round-trip') expect(fixture.lint.length, `${fixture.file} fails at runtime but no rule flags it`).toBeGreaterThan(0);
    }
  });
});
