import rule from '../../src/rules/require-key-rotation.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

const KMS = "import * as kms from 'aws-cdk-lib/aws-kms';\nimport { Duration } from 'aws-cdk-lib';\n";
const V1 = "const kms = require('@aws-cdk/aws-kms');\nconst { Duration } = require('@aws-cdk/core');\n";
const NAMED = "import { Key, CfnKey, KeySpec as Spec, KeyUsage } from 'aws-cdk-lib/aws-kms';\n";

plainJsTester.run('require-key-rotation (plain JS)', rule, {
  valid: [
    `${KMS}new kms.Key(this, 'K', { enableKeyRotation: true });`,
    `${KMS}new kms.Key(this, 'K', { enableKeyRotation: true, rotationPeriod: Duration.days(180) });`,
    // A rotation period alone turns rotation on in the L2 construct.
    `${KMS}new kms.Key(this, 'K', { rotationPeriod: Duration.days(365) });`,
    `${KMS}new kms.Key(this, 'K', { rotationPeriod: Duration.hours(24 * 2560) });`,
    // Asymmetric and HMAC keys cannot rotate automatically: leaving rotation off is right.
    `${KMS}new kms.Key(this, 'K', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY });`,
    `${NAMED}new Key(this, 'K', { keySpec: Spec.HMAC_256, keyUsage: KeyUsage.GENERATE_VERIFY_MAC });`,
    // Unknown props: silent.
    `${KMS}export const make = (scope, props) => new kms.Key(scope, 'K', props);`,
    `${KMS}export const make = (scope, extra) => new kms.Key(scope, 'K', { alias: 'a', ...extra });`,
    `${KMS}export const make = (scope, on) => new kms.Key(scope, 'K', { enableKeyRotation: on });`,
    `${KMS}export const make = (scope, spec) => new kms.Key(scope, 'K', { keySpec: spec, enableKeyRotation: true });`,
    `${KMS}new kms.CfnKey(this, 'K', { enableKeyRotation: true, rotationPeriodInDays: 90 });`,
    // Imported key material is never rotated automatically.
    `${KMS}new kms.CfnKey(this, 'K', { origin: 'EXTERNAL' });`,
    `${KMS}export const make = (scope, origin) => new kms.CfnKey(scope, 'K', { origin });`,
    // Not the CDK: a local class called Key.
    "class Key { constructor(a, b, c) {} }\nnew Key(this, 'K', {});",
    `${V1}new kms.Key(this, 'K', { enableKeyRotation: true });`,
    { code: `${KMS}new kms.Key(this, 'K', { enableKeyRotation: false });`, options: [{ checkExplicitlyDisabled: false }] },
  ],
  invalid: [
    { code: `${KMS}new kms.Key(this, 'K');`, errors: [{ messageId: 'missingKeyRotation', line: 3, column: 1, data: { construct: 'Key' } }] },
    {
      code: `${KMS}export class Stack {\n  constructor(scope) {\n    this.key = new kms.Key(scope, 'Docs', {\n      alias: 'docs',\n    });\n  }\n}`,
      errors: [{ messageId: 'missingKeyRotation', line: 5, column: 16 }],
    },
    { code: `${KMS}new kms.Key(this, 'K', { enableKeyRotation: false });`, errors: [{ messageId: 'keyRotationDisabled', line: 3, column: 1 }] },
    // The symmetric spec and usage, spelled out.
    {
      code: `${KMS}new kms.Key(this, 'K', { keySpec: kms.KeySpec.SYMMETRIC_DEFAULT, keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT });`,
      errors: [{ messageId: 'missingKeyRotation', line: 3, column: 1 }],
    },
    {
      code: `${KMS}new kms.Key(this, 'K', { enableKeyRotation: true, rotationPeriod: Duration.days(30) });`,
      errors: [{ messageId: 'invalidRotationPeriod', line: 3, column: 1, data: { days: '30', min: '90', max: '2560' } }],
    },
    {
      code: `${KMS}const period = Duration.days(3650);\nnew kms.Key(this, 'K', { rotationPeriod: period });`,
      errors: [{ messageId: 'invalidRotationPeriod', line: 4, column: 1, data: { days: '3650', min: '90', max: '2560' } }],
    },
    {
      code: `${KMS}new kms.Key(this, 'Sign', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY, enableKeyRotation: true });`,
      errors: [{ messageId: 'rotationUnsupported', line: 3, column: 1, data: { kind: 'an asymmetric key' } }],
    },
    {
      code: `${NAMED}new Key(this, 'Mac', { keySpec: Spec.HMAC_512, keyUsage: KeyUsage.GENERATE_VERIFY_MAC, enableKeyRotation: true });`,
      errors: [{ messageId: 'rotationUnsupported', line: 2, column: 1, data: { kind: 'an HMAC key' } }],
    },
    // A rotation period on an RSA key asks for rotation too.
    {
      code: `${KMS}new kms.Key(this, 'Rsa', { keySpec: kms.KeySpec.RSA_3072, keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT, rotationPeriod: Duration.days(365) });`,
      errors: [{ messageId: 'rotationUnsupported', line: 3, column: 1 }],
    },
    { code: `${KMS}new kms.CfnKey(this, 'L1', { description: 'docs' });`, errors: [{ messageId: 'missingKeyRotation', line: 3, column: 1, data: { construct: 'CfnKey' } }] },
    { code: `${KMS}new kms.CfnKey(this, 'L1', { enableKeyRotation: true, rotationPeriodInDays: 30 });`, errors: [{ messageId: 'invalidRotationPeriod', line: 3, column: 1 }] },
    {
      code: `${KMS}new kms.CfnKey(this, 'L1', { keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY', enableKeyRotation: true });`,
      errors: [{ messageId: 'rotationUnsupported', line: 3, column: 1 }],
    },
    {
      code: `${KMS}new kms.CfnKey(this, 'L1', { origin: 'EXTERNAL', enableKeyRotation: true });`,
      errors: [{ messageId: 'rotationUnsupported', line: 3, column: 1, data: { kind: 'a key whose material has origin EXTERNAL' } }],
    },
    // CDK v1 and the aws-cdk-lib root export.
    { code: `${V1}new kms.Key(this, 'K', {});`, errors: [{ messageId: 'missingKeyRotation', line: 3, column: 1 }] },
    { code: "const { aws_kms } = require('aws-cdk-lib');\nnew aws_kms.Key(this, 'K', { alias: 'x' });", errors: [{ messageId: 'missingKeyRotation', line: 2, column: 1 }] },
  ],
});

tsTester.run('require-key-rotation (TypeScript syntax)', rule, {
  valid: [
    `${KMS}export class S { key: kms.Key; constructor(scope: any) { this.key = new kms.Key(scope, 'K', { enableKeyRotation: true } as kms.KeyProps); } }`,
    `${KMS}export const key = (scope: any, props: kms.KeyProps) => new kms.Key(scope, 'K', props);`,
    `${KMS}new kms.Key(this as any, 'K', { keySpec: kms.KeySpec.RSA_4096, keyUsage: kms.KeyUsage.SIGN_VERIFY });`,
  ],
  invalid: [
    {
      code: `${KMS}const props: kms.KeyProps = { alias: 'a' };\nnew kms.Key(this as any, 'K', props);`,
      errors: [{ messageId: 'missingKeyRotation', line: 4, column: 1 }],
    },
    {
      code: `${KMS}new kms.Key(this as any, 'K', { enableKeyRotation: true, rotationPeriod: Duration.days(2561) } satisfies kms.KeyProps);`,
      errors: [{ messageId: 'invalidRotationPeriod', line: 3, column: 1 }],
    },
    {
      code: `${KMS}new kms.Key(this as any, 'K', { keySpec: kms.KeySpec.HMAC_256, keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC, enableKeyRotation: true! });`,
      errors: [{ messageId: 'rotationUnsupported', line: 3, column: 1 }],
    },
  ],
});

typedTester.run('require-key-rotation (typed)', rule, {
  valid: [
    `${KMS}export function keys(scope: never) { return new kms.Key(scope, 'K', { enableKeyRotation: true }); }`,
    `${KMS}export function keys(scope: never, on: boolean) { return new kms.Key(scope, 'K', { enableKeyRotation: on }); }`,
  ],
  invalid: [
    { code: `${KMS}export function keys(scope: never) { return new kms.Key(scope, 'K'); }`, errors: [{ messageId: 'missingKeyRotation', line: 3, column: 45 }] },
    {
      code: `${KMS}export function keys(scope: never) { return new kms.CfnKey(scope, 'K', { enableKeyRotation: false }); }`,
      errors: [{ messageId: 'keyRotationDisabled', line: 3, column: 45 }],
    },
  ],
});
