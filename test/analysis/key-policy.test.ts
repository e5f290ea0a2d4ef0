/**
 * Table-driven tests of `src/analysis/key-policy.ts` and `src/analysis/cdk-keys.ts`: each row is a file with one key
 * policy site (SDK CreateKey/PutKeyPolicy or CDK Key/CfnKey) and the IAM delegation the analysis must decide for it.
 * Runs through ESLint's `Linter` with a probe rule so the scope manager is real.
 */
import { describe, expect, it } from 'vitest';
import { Linter } from 'eslint';
import * as espree from 'espree';
import type { TSESLint } from '@typescript-eslint/utils';
import {
  getCdkKeyPolicySites,
  getCdkKeys,
  getIamDelegation,
  getKmsModel,
  getSdkKeyPolicySites,
  isAccountRootString,
  type CdkKey,
  type IamDelegation,
} from '../../src/analysis/index.js';

/** Runs `inspect` on the analysis of `code` (plain JS, ESM). */
function analyse<R>(code: string, inspect: (analysis: ReturnType<typeof getKmsModel>) => R): R {
  let result: R | undefined;
  const probe: TSESLint.RuleModule<'none'> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { none: 'none' }, schema: [] },
    create(context) {
      return { 'Program:exit'() { result = inspect(getKmsModel(context)); } };
    },
  };
  const messages = new Linter({ configType: 'flat' }).verify(code, [
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

function delegationOf(code: string): IamDelegation[] {
  return analyse(code, (analysis) => [...getSdkKeyPolicySites(analysis), ...getCdkKeyPolicySites(analysis)].map((site) => getIamDelegation(site.policy)));
}

const SDK = "import { CreateKeyCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';\n";
const CDK = "import * as kms from 'aws-cdk-lib/aws-kms';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n";
const statement = (principal: string, action = "'kms:*'", effect = "'Allow'"): string => `{ Effect: ${effect}, Principal: ${principal}, Action: ${action}, Resource: '*' }`;
const put = (...statements: string[]): string => `${SDK}new PutKeyPolicyCommand({ KeyId: 'k', Policy: JSON.stringify({ Version: '2012-10-17', Statement: [${statements.join(', ')}] }) });`;

describe('getIamDelegation', () => {
  const rows: Array<{ name: string; code: string; expected: IamDelegation[] }> = [
    { name: 'CreateKey without Policy gets the default policy', code: `${SDK}new CreateKeyCommand({});`, expected: ['delegated'] },
    { name: 'PutKeyPolicy without Policy is unknown', code: `${SDK}new PutKeyPolicyCommand({ KeyId: 'k' });`, expected: ['unknown'] },
    { name: 'root ARN', code: put(statement("{ AWS: 'arn:aws:iam::111122223333:root' }")), expected: ['delegated'] },
    { name: 'root ARN in aws-cn', code: put(statement("{ AWS: ['arn:aws-cn:iam::111122223333:root'] }")), expected: ['delegated'] },
    { name: 'bare account id', code: put(statement("{ AWS: '111122223333' }")), expected: ['delegated'] },
    { name: 'root with only explicit actions', code: put(statement("{ AWS: '111122223333' }", "['kms:Describe*', 'kms:Decrypt']")), expected: ['delegated'] },
    { name: 'root in a Deny', code: put(statement("{ AWS: '111122223333' }", "'kms:*'", "'Deny'")), expected: ['missing'] },
    { name: 'root with NotAction', code: `${SDK}new PutKeyPolicyCommand({ KeyId: 'k', Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, NotAction: 'kms:Delete*', Resource: '*' }] }) });`, expected: ['unknown'] },
    { name: 'only a role', code: put(statement("{ AWS: 'arn:aws:iam::111122223333:role/app' }")), expected: ['missing'] },
    { name: 'only a service', code: put(statement("{ Service: 'logs.amazonaws.com' }")), expected: ['missing'] },
    { name: 'a star principal', code: put(statement("'*'")), expected: ['unknown'] },
    { name: 'an unknown principal', code: `${SDK}export const f = (p) => new PutKeyPolicyCommand({ KeyId: 'k', Policy: JSON.stringify({ Statement: [${statement('{ AWS: p }')}] }) });`, expected: ['unknown'] },
    { name: 'a role ARN with an unknown account', code: `${SDK}export const f = (a) => new PutKeyPolicyCommand({ KeyId: 'k', Policy: JSON.stringify({ Statement: [${statement('{ AWS: `arn:aws:iam::${a}:role/app` }')}] }) });`, expected: ['missing'] },
    { name: 'an unknown effect', code: `${SDK}export const f = (e) => new PutKeyPolicyCommand({ KeyId: 'k', Policy: JSON.stringify({ Statement: [${statement("{ AWS: 'arn:aws:iam::1:role/x' }", "'kms:*'", 'e')}] }) });`, expected: ['unknown'] },
    { name: 'an unparsable JSON string', code: `${SDK}new PutKeyPolicyCommand({ KeyId: 'k', Policy: '{ not json' });`, expected: ['unknown'] },
    { name: 'CDK Key without policy', code: `${CDK}new kms.Key(this, 'K');`, expected: ['delegated'] },
    { name: 'CDK Key with AccountRootPrincipal', code: `${CDK}new kms.Key(this, 'K', { policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['kms:*'], principals: [new iam.AccountRootPrincipal()] })] }) });`, expected: ['delegated'] },
    { name: 'CDK Key with an unknown role', code: `${CDK}export const f = (s, role) => new kms.Key(s, 'K', { policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['kms:*'], principals: [role] })] }) });`, expected: ['unknown'] },
    { name: 'CDK Key with a new Role', code: `${CDK}new kms.Key(this, 'K', { policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['kms:*'], principals: [new iam.Role(this, 'R', {})] })] }) });`, expected: ['missing'] },
    { name: 'CDK Key with a statement spread in', code: `${CDK}export const f = (s, more) => new kms.Key(s, 'K', { policy: new iam.PolicyDocument({ statements: [...more] }) });`, expected: ['unknown'] },
    { name: 'CDK v1 Key', code: "const kms = require('@aws-cdk/aws-kms');\nconst iam = require('@aws-cdk/aws-iam');\nnew kms.Key(this, 'K', { policy: new iam.PolicyDocument() });", expected: ['unknown'] },
    { name: 'CfnKey without keyPolicy', code: `${CDK}new kms.CfnKey(this, 'K', {});`, expected: ['delegated'] },
  ];
  for (const row of rows) it(row.name, () => expect(delegationOf(row.code)).toEqual(row.expected));
});

describe('isAccountRootString', () => {
  const rows: Array<[string, boolean]> = [
    ['arn:aws:iam::111122223333:root', true],
    ['arn:aws-us-gov:iam::111122223333:root', true],
    ['111122223333', true],
    ['arn:aws:iam::111122223333:user/root', false],
    ['arn:aws:iam::1111:root', false],
    ['*', false],
  ];
  for (const [text, expected] of rows) it(text, () => expect(isAccountRootString(text)).toBe(expected));
});

describe('getCdkKeys', () => {
  const keyOf = (code: string): CdkKey => analyse(code, (analysis) => getCdkKeys(analysis)[0]!);
  it('reads the defaults as a symmetric key without rotation', () => {
    const key = keyOf(`${CDK}new kms.Key(this, 'K');`);
    expect([key.kind, key.rotation, key.rotationPeriodDays.state]).toEqual(['symmetric', 'absent', 'absent']);
  });
  it('turns rotation on for a rotationPeriod alone (L2 only)', () => {
    expect(keyOf(`${CDK}import { Duration } from 'aws-cdk-lib';\nnew kms.Key(this, 'K', { rotationPeriod: Duration.days(200) });`).rotation).toBe('true');
    expect(keyOf(`${CDK}new kms.CfnKey(this, 'K', { rotationPeriodInDays: 200 });`).rotation).toBe('absent');
  });
  it('converts Duration units to days', () => {
    const key = keyOf(`${CDK}import { Duration } from 'aws-cdk-lib';\nnew kms.Key(this, 'K', { rotationPeriod: Duration.hours(48) });`);
    expect(key.rotationPeriodDays.state === 'known' && key.rotationPeriodDays.value).toBe(2);
  });
  it('classifies specs and usages', () => {
    expect(keyOf(`${CDK}new kms.Key(this, 'K', { keySpec: kms.KeySpec.HMAC_384, keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC });`).kind).toBe('hmac');
    expect(keyOf(`${CDK}new kms.Key(this, 'K', { keySpec: kms.KeySpec.SM2, keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT });`).kind).toBe('asymmetric');
    expect(keyOf(`${CDK}export const f = (s, spec) => new kms.Key(s, 'K', { keySpec: spec });`).kind).toBe('unknown');
    expect(keyOf(`${CDK}new kms.CfnKey(this, 'K', { origin: 'EXTERNAL' });`).unrotatableOrigin).toBe('EXTERNAL');
  });
});
