/**
 * Table-driven tests of the import fast path: `getNamedImport` (src/analysis/types.ts) and the two callers that answer
 * SDK classes from a plain named import instead of asking the checker — `getSdkClass` (call-sites) and the program
 * index. Each row is a small program (virtual files in this folder, so the real `@aws-sdk/*` and `aws-sdk` typings
 * resolve from the repository's node_modules). For every class reference of the row (a `new X()` callee, a method
 * call's receiver, a `send(x)` argument) the fast answer must equal the checker's answer, and the index built both ways
 * must be the same. Each row also says which references the fast path answers and which it must leave to the checker,
 * so a fast path that silently stopped answering (or started answering a form it must not) fails here.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { getImportedSdkClass, getSdkClass } from '../../src/analysis/call-sites.js';
import { buildProgramIndex, getImportedIndexClass, type ProgramIndex } from '../../src/analysis/program-index.js';
import { getNamedImport } from '../../src/analysis/types.js';
import { createVirtualProgram, virtualFilesDir } from './harness.js';

/** The class references of a file: `new X()` callees, method-call receivers and `send(x)` arguments, with their text. */
function getClassReferences(file: ts.SourceFile): ts.Expression[] {
  const references: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNewExpression(node)) references.push(node.expression);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      references.push(node.expression.expression);
      const argument = node.arguments[0];
      if (node.expression.name.text === 'send' && argument && ts.isIdentifier(argument)) references.push(argument);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return references;
}

/** `operation@file:line` for each call, then the context sites in the parity test's own words. */
function summarizeIndex(index: ProgramIndex): string[] {
  const calls = index.calls.map((call) => `${call.operation}@${path.basename(call.place.file)}:${call.place.line} ${[...call.strings].map(([k, v]) => `${k}=${v}`).join(',')}`);
  const sites = index.contextSites.map(
    (site) => `${site.operation} ${site.side} ${site.keyId ?? '?'} ${site.complete ? 'complete' : 'partial'} {${site.entries.map((entry) => entry.name).join(',')}}`,
  );
  return [...calls, ...sites];
}

interface Row {
  readonly name: string;
  readonly files: Record<string, string>;
  /** A path fragment whose files the program cannot see (an uninstalled package). */
  readonly hidden?: string;
  readonly compilerOptions?: ts.CompilerOptions;
  /** Texts of the references the call-site fast path answers (the rest must be left to the checker). */
  readonly callSitesAnswer: readonly string[];
  /** Texts of the references the index fast path answers. */
  readonly indexAnswers: readonly string[];
  /** How many KMS requests the index finds (both ways). */
  readonly indexCalls: number;
}

const KMS_REQUESTS = "client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenant: t } }));";

const rows: Row[] = [
  {
    name: 'plain named imports of @aws-sdk/client-kms: commands, the bare client and the aggregated client',
    files: {
      'fast-a.ts': [
        "import { DecryptCommand, EncryptCommand, KMS, KMSClient } from '@aws-sdk/client-kms';",
        'const client = new KMSClient({});',
        'const agg = new KMS({});',
        `export async function f(p: Uint8Array, t: string) { await ${KMS_REQUESTS} await client.send(new DecryptCommand({ CiphertextBlob: p, EncryptionContext: { tenant: t } })); }`,
        "export const g = (p: Uint8Array) => agg.encrypt({ KeyId: 'alias/b', Plaintext: p, EncryptionContext: { purpose: 'x' } });",
      ].join('\n'),
    },
    callSitesAnswer: ['KMSClient', 'KMS', 'client', 'EncryptCommand', 'client', 'DecryptCommand', 'agg'],
    indexAnswers: ['KMSClient', 'KMS', 'client', 'EncryptCommand', 'DecryptCommand', 'agg'],
    indexCalls: 3,
  },
  {
    name: 'a renamed import (import { EncryptCommand as E }) is left to the checker',
    files: {
      'fast-b.ts': [
        "import { EncryptCommand as E, KMSClient as C } from '@aws-sdk/client-kms';",
        'const client = new C({});',
        "export const f = (p: Uint8Array, t: string) => client.send(new E({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenant: t } }));",
      ].join('\n'),
    },
    callSitesAnswer: [],
    indexAnswers: [],
    indexCalls: 1,
  },
  {
    name: 'a namespace import (import * as kms) is left to the checker',
    files: {
      'fast-c.ts': [
        "import * as kms from '@aws-sdk/client-kms';",
        'const client = new kms.KMSClient({});',
        'const agg = new kms.KMS({});',
        "export const f = (p: Uint8Array, t: string) => client.send(new kms.EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenant: t } }));",
        "export const g = (p: Uint8Array) => agg.decrypt({ CiphertextBlob: p, EncryptionContext: { tenant: 'x' } });",
      ].join('\n'),
    },
    callSitesAnswer: [],
    indexAnswers: [],
    indexCalls: 2,
  },
  {
    name: 'a re-export through a local module is left to the checker',
    files: {
      'fast-d-sdk.ts': "export { EncryptCommand, KMS, KMSClient } from '@aws-sdk/client-kms';\n",
      'fast-d.ts': [
        "import { EncryptCommand, KMS, KMSClient } from './fast-d-sdk.js';",
        'const client = new KMSClient({});',
        'const agg = new KMS({});',
        `export const f = (p: Uint8Array, t: string) => ${KMS_REQUESTS}`,
        "export const g = (p: Uint8Array) => agg.encrypt({ KeyId: 'alias/b', Plaintext: p, EncryptionContext: { purpose: 'x' } });",
      ].join('\n'),
    },
    callSitesAnswer: [],
    indexAnswers: [],
    indexCalls: 2,
  },
  {
    name: 'local bindings: const C = EncryptCommand, a parameter that shadows the import, a type-only import',
    files: {
      'fast-e.ts': [
        "import { EncryptCommand } from '@aws-sdk/client-kms';",
        "import type { KMSClient } from '@aws-sdk/client-kms';",
        'const C = EncryptCommand;',
        "export const f = (client: KMSClient, p: Uint8Array) => client.send(new C({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenant: 't' } }));",
        'export function g(EncryptCommand: new (input: object) => object) { return new EncryptCommand({}); }',
      ].join('\n'),
    },
    callSitesAnswer: [],
    indexAnswers: [],
    indexCalls: 1,
  },
  {
    name: 'other @aws-sdk packages: S3 classes answered, classes no SDK style names skipped, globals left to the checker',
    files: {
      'fast-f.ts': [
        "import { PutObjectCommand, S3, S3Client } from '@aws-sdk/client-s3';",
        "import { Upload } from '@aws-sdk/lib-storage';",
        "import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';",
        'const s3 = new S3Client({});',
        'const agg = new S3({});',
        'const ddb = new DynamoDBClient({});',
        "export const f = () => s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));",
        "export const g = () => agg.putObject({ Bucket: 'b', Key: 'k', Body: 'x' });",
        "export const h = () => ddb.send(new PutItemCommand({ TableName: 't', Item: {} }));",
        "export const u = () => new Upload({ client: s3, params: { Bucket: 'b', Key: 'k', Body: 'x' } }).done();",
        'export const e = () => [new Error(), new Uint8Array(1), new Map()];',
      ].join('\n'),
    },
    callSitesAnswer: ['S3Client', 'S3', 'DynamoDBClient', 's3', 'PutObjectCommand', 'agg', 'ddb', 'Upload'],
    indexAnswers: ['S3Client', 'S3', 'DynamoDBClient', 's3', 'PutObjectCommand', 'agg', 'ddb', 'PutItemCommand', 'Upload'],
    indexCalls: 0,
  },
  {
    name: 'names of @aws-sdk/client-kms the catalogue does not list ($Command is @smithy/core Command) are left to the checker',
    files: {
      'fast-g.ts': ["import { $Command } from '@aws-sdk/client-kms';", 'export const c = new $Command();'].join('\n'),
    },
    callSitesAnswer: [],
    indexAnswers: ['$Command'],
    indexCalls: 0,
  },
  {
    name: 'v2 (aws-sdk) and CommonJS require are left to the checker',
    files: {
      'fast-h.ts': [
        "import { KMS } from 'aws-sdk';",
        'const kms = new KMS();',
        "export const f = (b: Buffer) => kms.decrypt({ CiphertextBlob: b, EncryptionContext: { tenant: 't' } }).promise();",
      ].join('\n'),
      'fast-h2.js': [
        "const { EncryptCommand, KMSClient } = require('@aws-sdk/client-kms');",
        'const client = new KMSClient({});',
        "exports.f = (p, t) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenant: t } }));",
      ].join('\n'),
    },
    callSitesAnswer: [],
    indexAnswers: [],
    indexCalls: 2,
  },
  {
    name: '@aws-sdk/client-kms not installed: the checker finds no class, and neither does the fast path',
    files: {
      'fast-i.ts': [
        "import { EncryptCommand, KMS, KMSClient } from '@aws-sdk/client-kms';",
        'const client = new KMSClient({});',
        'const agg = new KMS({});',
        `export const f = (p: Uint8Array, t: string) => ${KMS_REQUESTS}`,
        "export const g = (p: Uint8Array) => agg.encrypt({ KeyId: 'alias/b', Plaintext: p });",
      ].join('\n'),
    },
    hidden: '/@aws-sdk/client-kms/',
    callSitesAnswer: [],
    // Not a class the index looks for, from an @aws-sdk package: skipped whether or not the package resolves.
    indexAnswers: ['KMSClient', 'client'],
    indexCalls: 0,
  },
  {
    name: '@aws-sdk/client-kms mapped by paths to a local stub: left to the checker, which finds the stub',
    files: {
      'fast-j-stub.ts': 'export class EncryptCommand { constructor(readonly input: object) {} }\nexport class KMSClient { send(command: object) { return command; } }\n',
      'fast-j.ts': [
        "import { EncryptCommand, KMSClient } from '@aws-sdk/client-kms';",
        'const client = new KMSClient();',
        `export const f = (p: Uint8Array, t: string) => ${KMS_REQUESTS}`,
      ].join('\n'),
    },
    compilerOptions: { baseUrl: virtualFilesDir, paths: { '@aws-sdk/client-kms': ['./fast-j-stub.ts'] }, allowImportingTsExtensions: true },
    callSitesAnswer: [],
    indexAnswers: ['KMSClient', 'client'],
    indexCalls: 0,
  },
];

describe('SDK classes answered from plain named imports', () => {
  for (const row of rows) {
    describe(row.name, () => {
      const program = createVirtualProgram(row.files, row.hidden, row.compilerOptions);
      const checker = program.getTypeChecker();
      const files = Object.keys(row.files).map((name) => program.getSourceFile(`${virtualFilesDir}/${name}`)!);
      const references = files.flatMap((file) => getClassReferences(file).map((node) => ({ node, text: node.getText(file) })));

      it('classifies every class reference as the checker does (call sites)', () => {
        expect(references.length).toBeGreaterThan(0);
        for (const { node, text } of references) {
          expect(getSdkClass(checker, node), text).toEqual(getSdkClass(checker, node, { fromImports: false }));
        }
      });

      it('answers exactly the expected references without the checker (call sites)', () => {
        const answered = references.filter(({ node }) => {
          const imported = getNamedImport(checker, node);
          return imported !== undefined && getImportedSdkClass(checker, imported) !== 'ask';
        });
        expect(answered.map(({ text }) => text)).toEqual(row.callSitesAnswer);
      });

      it('answers exactly the expected references without the checker (program index)', () => {
        const answered = references.filter(({ node }) => {
          const imported = getNamedImport(checker, node);
          return imported !== undefined && getImportedIndexClass(checker, imported) !== 'ask';
        });
        expect([...new Set(answered.map(({ text }) => text))]).toEqual([...new Set(row.indexAnswers)]);
      });

      it('builds the same program index with and without the fast path', () => {
        const fast = summarizeIndex(buildProgramIndex(program));
        const slow = summarizeIndex(buildProgramIndex(program, { fromImports: false }));
        expect(fast).toEqual(slow);
        expect(buildProgramIndex(program).calls.length).toBe(row.indexCalls);
      });
    });
  }
});

describe('getNamedImport', () => {
  const program = createVirtualProgram({
    'named-a.ts': [
      "import { EncryptCommand, KMSClient as Client } from '@aws-sdk/client-kms';",
      "import type { KMS } from '@aws-sdk/client-kms';",
      "import * as s3 from '@aws-sdk/client-s3';",
      'const client = new Client({});',
      'const copy = new EncryptCommand({ KeyId: "k", Plaintext: new Uint8Array(1) });',
      'let later = new EncryptCommand({ KeyId: "k", Plaintext: new Uint8Array(1) });',
      'later = copy;',
      'export const uses = [EncryptCommand, Client, client, copy, later, s3];',
      'export function f(EncryptCommand: unknown, agg: KMS) { return [EncryptCommand, agg]; }',
    ].join('\n'),
  });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(`${virtualFilesDir}/named-a.ts`)!;
  const identifiers = new Map<string, ts.Identifier>();
  const visit = (node: ts.Node): void => {
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) if (ts.isIdentifier(element)) identifiers.set(`${element.text}@${file.getLineAndCharacterOfPosition(element.getStart(file)).line + 1}`, element);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);

  const cases: readonly { readonly reference: string; readonly expected: { module: string; name: string } | undefined }[] = [
    { reference: 'EncryptCommand@8', expected: { module: '@aws-sdk/client-kms', name: 'EncryptCommand' } },
    { reference: 'Client@8', expected: undefined },
    { reference: 'client@8', expected: undefined },
    { reference: 'copy@8', expected: { module: '@aws-sdk/client-kms', name: 'EncryptCommand' } },
    { reference: 'later@8', expected: undefined },
    { reference: 's3@8', expected: undefined },
    { reference: 'EncryptCommand@9', expected: undefined },
    { reference: 'agg@9', expected: undefined },
  ];
  for (const { reference, expected } of cases) {
    it(`${reference} → ${expected ? `${expected.name} from ${expected.module}` : 'left to the checker'}`, () => {
      const node = identifiers.get(reference);
      expect(node, reference).toBeDefined();
      const imported = getNamedImport(checker, node!);
      expect(imported && { module: imported.module, name: imported.name }).toEqual(expected);
    });
  }
});
