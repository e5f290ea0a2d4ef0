import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { getKmsModel, type FileAnalysis } from '../../src/analysis/index.js';
import { buildCandidatePattern, isAnalysisCandidate } from '../../src/analysis/gate.js';
import { KMS_OPERATIONS, S3_OPERATIONS } from '../../src/analysis/catalog/sdk.js';
import { typedFixturesDir } from '../rule-tester.js';

/** Files the analysis may find something in: every one must pass the gate (a miss here loses findings). */
const candidates: ReadonlyArray<readonly [string, string]> = [
  ['v3 command import', "import { KMSClient, EncryptCommand } from '@aws-sdk/client-kms';\nawait new KMSClient({}).send(new EncryptCommand(input));"],
  ['v3 aggregated client', "import { KMS } from '@aws-sdk/client-kms';\nawait new KMS({}).decrypt({ CiphertextBlob: blob });"],
  ['require of a v3 package', "const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');"],
  ['dynamic import', "const sdk = await import('@aws-sdk/client-kms');\nawait new sdk.KMS({}).encrypt(params);"],
  ['v2 root', "const AWS = require('aws-sdk');\nnew AWS.KMS().encrypt(params, callback);"],
  ['v2 service module', "import KMS from 'aws-sdk/clients/kms';"],
  ['Encryption SDK client', "import { buildClient, CommitmentPolicy } from '@aws-crypto/client-node';\nconst { encrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);"],
  ['split Encryption SDK packages', "const { buildEncrypt } = require('@aws-crypto/encrypt-node');\nconst { buildDecrypt } = require('@aws-crypto/decrypt-node');"],
  ['CDK v2', "import { aws_s3 as storage, Stack } from 'aws-cdk-lib';\nnew storage.Bucket(stack, 'Data', props);"],
  ['CDK v1', "import * as store from '@aws-cdk/aws-s3';"],
  ['lib-storage Upload', "import { Upload } from '@aws-sdk/lib-storage';\nawait new Upload({ client, params }).done();"],
  ['node:crypto', "import { createCipheriv, randomBytes } from 'node:crypto';"],
  ['crypto require', "const c = require('crypto');\nconst cipher = c.createCipheriv(alg, key, iv);"],
  ['WebCrypto', 'const key = await globalThis.crypto.subtle.importKey(format, raw, algorithm, false, usages);'],
  ['WebCrypto destructured elsewhere', 'export async function seal(subtle, key, iv, data) { return subtle.encrypt({ name: alg, iv }, key, data); }'],
  ['noble ciphers', "import { gcm } from '@noble/ciphers/aes.js';\nconst sealed = gcm(key, nonce).encrypt(data);"],
  ['injected client by shape', 'export class Vault {\n  constructor(kms) { this.kms = kms; }\n  seal(KeyId, Plaintext) { return this.kms.encrypt({ KeyId, Plaintext }); }\n}'],
  ['injected client under a neutral name, v3 send', 'export class Store {\n  constructor(private readonly client: Client) {}\n  run(command: Input) { return this.client.send(command); }\n}'],
  ['upper-case receiver', 'export const seal = (KMS, params) => KMS.encrypt(params).promise();'],
  ['wrapper naming the service', "await provider.request('KMS', 'encrypt', params);"],
  ['wrapper naming S3', "await provider.request('S3', 'upload', params);"],
  ['computed method on a client', 'const method = "decrypt";\nawait this.kms[method](params);'],
  ['S3 request shape under another name', 'await store.putObject({ Bucket: bucket, Key: key, Body: body }).promise();'],
  ['an operation method, typed receiver from elsewhere', 'export const mac = (signer: Signer, input: Input) => signer.generateMac(input);'],
  ['an operation command class re-exported locally', "import { SignCommand } from './commands.js';\nexport const sign = (client: C, input: I) => client.send(new SignCommand(input));"],
  ['a key id constant only', 'export const KEY = process.env.KEY_ARN; export const request = { KeyId: KEY, NumberOfBytes: 32 };'],
  ['a client factory named in camel case', 'export const seal = (params) => getAwsClient().encrypt(params);'],
  ['an S3 client held under a camel-case name', 'export const put = (params) => this.uploadS3.putObject(params).promise();'],
  ['envelope helper by data key name', 'export function seal(dataKey: Uint8Array, body: Uint8Array) { return wrap(dataKey, body); }'],
];

/** Ordinary modules with no AWS, KMS, S3, Encryption SDK, CDK or crypto name: the gate must exclude them. */
const plain: ReadonlyArray<readonly [string, string]> = [
  [
    'Map / filter / map utility',
    'export interface Row { readonly id: string; readonly total: number }\n' +
      'export function totals(rows: readonly Row[]): Map<string, number> {\n' +
      '  const out = new Map<string, number>();\n' +
      '  for (const row of rows.filter((r) => r.total > 0)) out.set(row.id, (out.get(row.id) ?? 0) + row.total);\n' +
      '  return out;\n}\n' +
      'export const names = (rows: readonly Row[]) => rows.map((row) => row.id).sort();',
  ],
  ['Object.assign and keys', 'export const merge = (a: object, b: object) => Object.assign({}, a, b);\nexport const fields = (o: object) => Object.keys(o);'],
  ['words that contain operation names', 'const designSystem = { signal: new AbortController().signal };\nexport function reassign(x: number) { return x + 1; }'],
  ['an HTTP handler', "import express from 'express';\nconst app = express();\napp.get('/health', (req, res) => { res.json({ ok: true }); });"],
  ['words and names that contain aws or s3 letters', 'export const draws = (laws: number[]) => laws.map((x) => x * 2);\nexport function summarise3(rows: number[]) { return rows.length; }'],
  ['date and string helpers', "export const day = (d: Date) => d.toISOString().slice(0, 10);\nexport const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');"],
];

describe('isAnalysisCandidate', () => {
  it.each(candidates)('lets through: %s', (_name, code) => {
    expect(isAnalysisCandidate(code)).toBe(true);
  });

  it.each(plain)('excludes: %s', (_name, code) => {
    expect(isAnalysisCandidate(code)).toBe(false);
  });
});

/** What the analysis asked of the (fake) type services while building the model. */
interface TypeQueries {
  mapLookups: number;
  checkerCalls: string[];
}

/**
 * Builds the model of `code` through ESLint's Linter with a parser that hands out spy type services, so the test sees
 * every node-to-TS lookup and every checker method the analysis touches.
 */
function analyseWithSpies(code: string): { analysis: FileAnalysis; queries: TypeQueries } {
  const queries: TypeQueries = { mapLookups: 0, checkerCalls: [] };
  const checker = new Proxy({}, {
    get(_target, property) {
      queries.checkerCalls.push(String(property));
      return () => {
        throw new Error('no checker in this test');
      };
    },
  });
  const services = {
    program: { getTypeChecker: () => checker, getSourceFile: () => undefined },
    esTreeNodeToTSNodeMap: {
      get() {
        queries.mapLookups++;
        return undefined;
      },
      has: () => false,
    },
    tsNodeToESTreeNodeMap: { get: () => undefined, has: () => false },
  };
  const spyParser = {
    meta: { name: 'spy-typed-parser' },
    parseForESLint(text: string, options: unknown) {
      return { ...tsParser.parseForESLint(text, options as never), services };
    },
  };
  let analysis: FileAnalysis | undefined;
  const probe: TSESLint.RuleModule<'none'> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { none: 'none' }, schema: [] },
    create(context) {
      return {
        'Program:exit'() {
          analysis = getKmsModel(context);
        },
      };
    },
  };
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: spyParser as never, parserOptions: { ecmaVersion: 2024, sourceType: 'module' } },
        plugins: { probe: { rules: { probe: probe as never } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    { filename: path.join(typedFixturesDir, 'gate.ts') },
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  if (!analysis) throw new Error('probe rule did not run');
  return { analysis, queries };
}

describe('getKmsModel behind the gate', () => {
  it.each(plain)('builds an empty model without a type query for: %s', (_name, code) => {
    const { analysis, queries } = analyseWithSpies(code);
    expect(analysis.hasTypeInformation).toBe(true);
    expect(analysis.callSites).toEqual([]);
    expect(queries.mapLookups).toBe(0);
    expect(queries.checkerCalls).toEqual([]);
  });

  it('still analyses a candidate file, and asks the type services about its nodes (the spies can see queries)', () => {
    const { analysis, queries } = analyseWithSpies(
      "import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';\n" +
        "const kms = new KMSClient({});\nexport const seal = (Plaintext: Uint8Array) => kms.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext }));",
    );
    expect(analysis.callSites.map((site) => [site.service, site.operation, site.style])).toEqual([['kms', 'Encrypt', 'v3-command']]);
    expect(queries.mapLookups).toBeGreaterThan(0);
  });

  it('keeps the injected-client site of a file whose only AWS trace is the receiver name', () => {
    const { analysis } = analyseWithSpies('export class Vault {\n  constructor(kms) { this.kms = kms; }\n  seal(KeyId, Plaintext) { return this.kms.encrypt({ KeyId, Plaintext }); }\n}');
    expect(analysis.callSites.map((site) => [site.service, site.operation, site.viaShape])).toEqual([['kms', 'Encrypt', true]]);
  });
});

/** Every text file under `dir` (fixtures and sources: real code with and without AWS names). */
function readTree(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : readTree(full);
    return /\.(?:[cm]?[jt]sx?|md|json)$/.test(entry.name) ? [fs.readFileSync(full, 'utf8')] : [];
  });
}

describe('the compact gate pattern', () => {
  const reference = buildCandidatePattern(false);
  const compact = buildCandidatePattern(true);
  const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
  // Each operation alone, as a method and as a command, inside and at the edges of longer words.
  const operations = [...new Set([...KMS_OPERATIONS, ...S3_OPERATIONS].map((spec) => spec.operation))];
  const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
  const synthetic = operations.flatMap((operation) =>
    [operation, lowerFirst(operation), `${operation}Command`, `x${operation}`, `${operation}x`, `_${operation}`, `${operation}Commandx`, `a.${lowerFirst(operation)}(b)`].map((word) => `const v = ${word};`),
  );
  const texts = [...candidates.map(([, code]) => code), ...plain.map(([, code]) => code), ...synthetic, ...readTree(path.join(repo, 'fixtures')), ...readTree(path.join(repo, 'src'))];

  it('gives the reference pattern\'s verdict on every text of the corpus', () => {
    expect(texts.length).toBeGreaterThan(500);
    const disagreements = texts.filter((text) => reference.test(text) !== compact.test(text));
    expect(disagreements).toEqual([]);
  });

  it('is the pattern the gate uses', () => {
    expect(synthetic.filter((text) => isAnalysisCandidate(text) !== reference.test(text))).toEqual([]);
    // The corpus has both verdicts, so the comparison above can fail either way.
    expect(synthetic.some((text) => !reference.test(text))).toBe(true);
    expect(synthetic.some((text) => reference.test(text))).toBe(true);
  });
});
