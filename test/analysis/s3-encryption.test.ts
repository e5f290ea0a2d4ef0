/**
 * Table-driven tests of `src/analysis/s3-encryption.ts`: each row's code ends with `const v = <expression>;`, whose
 * evaluated value is classified. Runs through ESLint's `Linter` with a probe rule so the scope manager is real.
 */
import { describe, expect, it } from 'vitest';
import { Linter } from 'eslint';
import * as espree from 'espree';
import { AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getKmsModel, type FileAnalysis } from '../../src/analysis/index.js';
import { getBooleanFlag, getCdkEncryptionKinds, getS3AlgorithmKind, getS3EncryptionKinds } from '../../src/analysis/s3-encryption.js';
import { lookupProperty } from '../../src/analysis/values.js';

/** Lints `code` (plain JS, ESM) and hands the evaluated initialiser of the last `const v` and the analysis to `inspect`. */
function withValue<R>(code: string, inspect: (value: ReturnType<FileAnalysis['evaluator']['evaluate']>, analysis: FileAnalysis) => R): R {
  let result: R | undefined;
  const probe: TSESLint.RuleModule<'none'> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { none: 'none' }, schema: [] },
    create(context) {
      return {
        'Program:exit'(program: TSESTree.Program) {
          const analysis = getKmsModel(context);
          const declaration = program.body.filter((statement) => statement.type === T.VariableDeclaration).at(-1);
          const declarator = declaration?.type === T.VariableDeclaration ? declaration.declarations[0] : undefined;
          if (!declarator?.init) throw new Error('the code must end with `const v = …;`');
          result = inspect(analysis.evaluator.evaluate(declarator.init), analysis);
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [
    {
      languageOptions: { parser: espree, parserOptions: { ecmaVersion: 2024, sourceType: 'module' } } as Linter.LanguageOptions,
      plugins: { probe: { rules: { probe: probe as never } } },
      rules: { 'probe/probe': 'error' },
    },
  ]);
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  return result as R;
}

describe('getS3AlgorithmKind', () => {
  it.each([
    ['aws:kms', 'kms'],
    ['aws:kms:dsse', 'dsse'],
    ['AES256', 'other'],
    ['aws:fsx', 'other'],
  ] as const)('%s → %s', (algorithm, expected) => {
    expect(getS3AlgorithmKind(algorithm)).toBe(expected);
  });
});

describe('getS3EncryptionKinds', () => {
  it.each([
    { code: "const v = 'aws:kms';", expected: ['kms'] },
    { code: "const SSE = 'aws:kms:dsse';\nconst v = SSE;", expected: ['dsse'] },
    { code: "export function f(c) { return c; }\nconst v = Math.random() > 0.5 ? 'aws:kms' : 'AES256';", expected: ['kms', 'other'] },
    { code: "import { ServerSideEncryption } from '@aws-sdk/client-s3';\nconst v = ServerSideEncryption.aws_kms;", expected: ['kms'] },
    { code: "import { ServerSideEncryption as E } from '@aws-sdk/client-s3';\nconst v = E.aws_kms_dsse;", expected: ['dsse'] },
    { code: "import * as S3 from '@aws-sdk/client-s3';\nconst v = S3.ServerSideEncryption.AES256;", expected: ['other'] },
    { code: "const { ServerSideEncryption } = require('@aws-sdk/client-s3');\nconst v = ServerSideEncryption['aws:kms'];", expected: undefined },
    { code: "const { ServerSideEncryption } = require('@aws-sdk/client-s3');\nconst v = ServerSideEncryption.aws_kms;", expected: ['kms'] },
    // A local object that happens to be called ServerSideEncryption is not the SDK enum.
    { code: "const ServerSideEncryption = make();\nconst v = ServerSideEncryption.aws_kms;", expected: undefined },
    { code: "export function f(sse) { return sse; }\nconst v = f;", expected: undefined },
    { code: "const v = Math.random() > 0.5 ? 'aws:kms' : process.env.SSE;", expected: undefined },
  ])('$code', ({ code, expected }) => {
    expect(withValue(code, (value, analysis) => getS3EncryptionKinds(value, analysis.evaluator))).toEqual(expected);
  });
});

describe('getCdkEncryptionKinds', () => {
  it.each([
    { code: "import * as s3 from 'aws-cdk-lib/aws-s3';\nconst v = s3.BucketEncryption.KMS;", expected: ['kms'] },
    { code: "import { aws_s3 } from 'aws-cdk-lib';\nconst v = aws_s3.BucketEncryption.KMS_MANAGED;", expected: ['kms'] },
    { code: "import { BucketEncryption as BE } from 'aws-cdk-lib/aws-s3';\nconst v = BE.DSSE;", expected: ['dsse'] },
    { code: "import { BucketEncryption } from 'aws-cdk-lib/aws-s3';\nconst v = BucketEncryption.S3_MANAGED;", expected: ['other'] },
    { code: "const v = 'KMS';", expected: ['kms'] },
    { code: "import * as s3 from 'aws-cdk-lib/aws-s3';\nconst v = s3.BucketEncryption.SOMETHING_NEW;", expected: undefined },
    { code: "const BucketEncryption = { KMS: 'AES' };\nconst v = BucketEncryption.KMS;", expected: undefined },
  ])('$code', ({ code, expected }) => {
    expect(withValue(code, (value, analysis) => getCdkEncryptionKinds(value, analysis.evaluator))).toEqual(expected);
  });
});

describe('getBooleanFlag', () => {
  it.each([
    { code: 'const v = { BucketKeyEnabled: true };', expected: 'true' },
    { code: 'const v = { BucketKeyEnabled: false };', expected: 'false' },
    { code: "const v = { ServerSideEncryption: 'aws:kms' };", expected: 'absent' },
    { code: 'const v = { BucketKeyEnabled: undefined };', expected: 'absent' },
    { code: 'const OFF = false;\nconst v = { BucketKeyEnabled: OFF };', expected: 'false' },
    { code: 'const v = { BucketKeyEnabled: Math.random() > 0.5 };', expected: 'unknown' },
    { code: 'const v = { BucketKeyEnabled: Math.random() > 0.5 ? true : false };', expected: 'unknown' },
    { code: 'const v = { BucketKeyEnabled: Math.random() > 0.5 ? true : undefined };', expected: 'unknown' },
    { code: "const v = { BucketKeyEnabled: 'true' };", expected: 'unknown' },
    { code: 'export function f(extra) { return extra; }\nconst v = { ...f() };', expected: 'unknown' },
  ])('$code', ({ code, expected }) => {
    expect(withValue(code, (value) => getBooleanFlag(lookupProperty(value, 'BucketKeyEnabled')))).toBe(expected);
  });
});
