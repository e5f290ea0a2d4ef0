import rule from '../../src/rules/require-key-policy-iam-delegation.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

const CDK = "import * as kms from 'aws-cdk-lib/aws-kms';\nimport * as iam from 'aws-cdk-lib/aws-iam';\n";
const V3 = "import { KMSClient, CreateKeyCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';\nconst client = new KMSClient({});\n";

/** A CDK statement for an application role only: the shape that shuts IAM out. */
const roleOnly = "new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:Encrypt'], principals: [new iam.ArnPrincipal('arn:aws:iam::111122223333:role/app')], resources: ['*'] })";
const rootAll = "new iam.PolicyStatement({ actions: ['kms:*'], principals: [new iam.AccountRootPrincipal()], resources: ['*'] })";
const jsonRoleOnly = "{ Version: '2012-10-17', Statement: [{ Sid: 'App', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: ['kms:Decrypt'], Resource: '*' }] }";
const jsonRoot = (principal: string): string => `{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ${principal} }, Action: 'kms:*', Resource: '*' }] }`;

plainJsTester.run('require-key-policy-iam-delegation (plain JS)', rule, {
  valid: [
    // No policy: the default key policy delegates to IAM.
    `${CDK}new kms.Key(this, 'K', { enableKeyRotation: true });`,
    `${V3}await client.send(new CreateKeyCommand({ Description: 'docs' }));`,
    `${CDK}new kms.Key(this, 'K', { policy: new iam.PolicyDocument({ statements: [${rootAll}, ${roleOnly}] }) });`,
    // The root statement under other spellings.
    `${V3}await client.send(new PutKeyPolicyCommand({ KeyId: 'k', PolicyName: 'default', Policy: JSON.stringify(${jsonRoot("'arn:aws:iam::111122223333:root'")}) }));`,
    `${V3}await client.send(new PutKeyPolicyCommand({ KeyId: 'k', Policy: JSON.stringify(${jsonRoot("'111122223333'")}) }));`,
    `${V3}export const put = (account) => client.send(new PutKeyPolicyCommand({ KeyId: 'k', Policy: JSON.stringify(${jsonRoot('`arn:aws:iam::${account}:root`')}) }));`,
    `${CDK}new kms.Key(this, 'K', { policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['kms:*'], principals: [new iam.AccountPrincipal(this.account)], resources: ['*'] })] }) });`,
    `${CDK}new kms.Key(this, 'K', { policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['kms:*'], principals: [new iam.ArnPrincipal(\`arn:\${this.partition}:iam::\${this.account}:root\`)], resources: ['*'] })] }) });`,
    // kms:* split into the administrator and user actions.
    `${CDK}const admin = ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'];
const usage = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
new kms.Key(this, 'K', { policy: new iam.PolicyDocument({ statements: [
  new iam.PolicyStatement({ actions: admin, principals: [new iam.AccountRootPrincipal()], resources: ['*'] }),
  new iam.PolicyStatement({ actions: usage, principals: [new iam.CompositePrincipal(new iam.AccountRootPrincipal())], resources: ['*'] }),
] }) });`,
    // CloudFormation intrinsics in a CfnKey policy.
    `${CDK}new kms.CfnKey(this, 'K', { keyPolicy: ${jsonRoot("{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }")} });`,
    `${CDK}new kms.CfnKey(this, 'K', { keyPolicy: ${jsonRoot("{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] }")} });`,
    // Unknown policies: silent.
    `${CDK}export const make = (scope, policy) => new kms.Key(scope, 'K', { policy });`,
    `${CDK}export const make = (scope, role) => new kms.Key(scope, 'K', { policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['kms:*'], principals: [role], resources: ['*'] })] }) });`,
    `${V3}export const put = (policy) => client.send(new PutKeyPolicyCommand({ KeyId: 'k', Policy: policy }));`,
    // The document gets more statements later, or the key does.
    `${CDK}const doc = new iam.PolicyDocument({ statements: [${roleOnly}] });\ndoc.addStatements(${rootAll});\nnew kms.Key(this, 'K', { policy: doc });`,
    `${CDK}const key = new kms.Key(this, 'K', { policy: new iam.PolicyDocument({ statements: [${roleOnly}] }) });\nkey.addToResourcePolicy(${rootAll});`,
    `${V3}const policy = ${jsonRoleOnly};\npolicy.Statement.push(${jsonRoot("'arn:aws:iam::111122223333:root'").replace(/^\{ Version: '2012-10-17', Statement: \[/, '').replace(/\] \}$/, '')});\nawait client.send(new PutKeyPolicyCommand({ KeyId: 'k', Policy: JSON.stringify(policy) }));`,
    // A "*" principal narrowed by conditions is access without IAM: not this rule's call.
    `${V3}await client.send(new PutKeyPolicyCommand({ KeyId: 'k', Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } }] }) }));`,
    // CDK v1: whether a custom policy replaces the default depends on cdk.json, which the linter does not see.
    `const kms = require('@aws-cdk/aws-kms');\nconst iam = require('@aws-cdk/aws-iam');\nnew kms.Key(this, 'K', { policy: new iam.PolicyDocument({ statements: [${roleOnly}] }) });`,
    { code: `${V3}await client.send(new CreateKeyCommand({ BypassPolicyLockoutSafetyCheck: true }));`, options: [{ checkBypassLockout: false }] },
    // Shapes met in real stacks: the caller's policy or a default document, and an optional-chained account id.
    `${CDK}export class Wrapped { constructor(scope, id, props) {
  const fallback = new iam.PolicyDocument({ statements: [${roleOnly}] });
  this.key = new kms.Key(scope, id, { ...props, policy: props?.policy ?? fallback });
} }`,
    `${CDK}import { Config } from './config';
new kms.Key(this, 'K', { policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['kms:*'], principals: [new iam.ArnPrincipal(\`arn:aws:iam::\${Config?.accountId}:root\`)], resources: ['*'] }), ${roleOnly}] }) });`,
  ],
  invalid: [
    {
      code: `${CDK}new kms.Key(this, 'K', {\n  enableKeyRotation: true,\n  policy: new iam.PolicyDocument({ statements: [${roleOnly}] }),\n});`,
      errors: [{ messageId: 'missingIamDelegation', line: 5, column: 3 }],
    },
    {
      code: `${CDK}const statement = ${roleOnly};\nconst policy = new iam.PolicyDocument({ statements: [statement] });\nexport const key = new kms.Key(this, 'K', { policy });`,
      errors: [{ messageId: 'missingIamDelegation', line: 5, column: 45 }],
    },
    // An empty document replaces the default policy with nothing.
    { code: `${CDK}new kms.Key(this, 'K', { policy: new iam.PolicyDocument() });`, errors: [{ messageId: 'missingIamDelegation', line: 3, column: 26 }] },
    // Root only in a Deny statement.
    {
      code: `${CDK}new kms.Key(this, 'K', { policy: new iam.PolicyDocument({ statements: [${roleOnly}, new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['kms:*'], principals: [new iam.AccountRootPrincipal()], resources: ['*'] })] }) });`,
      errors: [{ messageId: 'missingIamDelegation', line: 3, column: 26 }],
    },
    {
      code: `${CDK}new kms.Key(this, 'K', { policy: iam.PolicyDocument.fromJson(${jsonRoleOnly}) });`,
      errors: [{ messageId: 'missingIamDelegation', line: 3, column: 26 }],
    },
    {
      code: `${CDK}new kms.Key(this, 'K', { policy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['kms:*'], principals: [new iam.ServicePrincipal('logs.amazonaws.com')], resources: ['*'] })] }) });`,
      errors: [{ messageId: 'missingIamDelegation', line: 3, column: 26 }],
    },
    { code: `${CDK}new kms.CfnKey(this, 'K', { enableKeyRotation: true, keyPolicy: ${jsonRoleOnly} });`, errors: [{ messageId: 'missingIamDelegation', line: 3, column: 54 }] },
    {
      code: `${V3}await client.send(new CreateKeyCommand({ Description: 'x', Policy: JSON.stringify(${jsonRoleOnly}) }));`,
      errors: [{ messageId: 'missingIamDelegation', line: 3, column: 60 }],
    },
    {
      code: `${V3}const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/ops"},"Action":"kms:*","Resource":"*"}]}';\nawait client.send(new PutKeyPolicyCommand({ KeyId: 'k', PolicyName: 'default', Policy: POLICY }));`,
      errors: [{ messageId: 'missingIamDelegation', line: 4, column: 80 }],
    },
    // A root principal of the wrong shape (a user called root) is not the account.
    {
      code: `${V3}await client.send(new PutKeyPolicyCommand({ KeyId: 'k', Policy: JSON.stringify(${jsonRoot("'arn:aws:iam::111122223333:user/root'")}) }));`,
      errors: [{ messageId: 'missingIamDelegation', line: 3, column: 57 }],
    },
    {
      code: `${V3}await client.send(new CreateKeyCommand({ BypassPolicyLockoutSafetyCheck: true }));`,
      errors: [{ messageId: 'bypassLockoutSafetyCheck', line: 3, column: 42 }],
    },
    {
      code: `${CDK}new kms.CfnKey(this, 'K', { bypassPolicyLockoutSafetyCheck: true, keyPolicy: ${jsonRoot("'arn:aws:iam::111122223333:root'")} });`,
      errors: [{ messageId: 'bypassLockoutSafetyCheck', line: 3, column: 29 }],
    },
    {
      code: "const AWS = require('aws-sdk');\nconst kms = new AWS.KMS();\nkms.putKeyPolicy({ KeyId: 'k', PolicyName: 'default', Policy: JSON.stringify({ Statement: [] }), BypassPolicyLockoutSafetyCheck: true }).promise();",
      errors: [
        { messageId: 'missingIamDelegation', line: 3, column: 55 },
        { messageId: 'bypassLockoutSafetyCheck', line: 3, column: 98 },
      ],
    },
  ],
});

tsTester.run('require-key-policy-iam-delegation (TypeScript syntax)', rule, {
  valid: [
    `${CDK}new kms.Key(this as any, 'K', { policy: new iam.PolicyDocument({ statements: [${rootAll}] }) as iam.PolicyDocument });`,
    `${CDK}export const make = (scope: any, doc: iam.PolicyDocument) => new kms.Key(scope, 'K', { policy: doc });`,
    `${V3}export const create = (policy: string) => client.send(new CreateKeyCommand({ Policy: policy }));`,
  ],
  invalid: [
    {
      code: `${CDK}const doc: iam.PolicyDocument = new iam.PolicyDocument({ statements: [${roleOnly}] });\nnew kms.Key(this as any, 'K', { policy: doc! });`,
      errors: [{ messageId: 'missingIamDelegation', line: 4, column: 33 }],
    },
    {
      code: `${V3}await client.send(new CreateKeyCommand({ Policy: JSON.stringify(${jsonRoleOnly} satisfies object) }));`,
      errors: [{ messageId: 'missingIamDelegation', line: 3, column: 42 }],
    },
    {
      code: `${V3}await client.send(new PutKeyPolicyCommand({ KeyId: 'k', Policy: '{}', BypassPolicyLockoutSafetyCheck: true as const }));`,
      errors: [
        { messageId: 'missingIamDelegation', line: 3, column: 57 },
        { messageId: 'bypassLockoutSafetyCheck', line: 3, column: 71 },
      ],
    },
  ],
});

typedTester.run('require-key-policy-iam-delegation (typed)', rule, {
  valid: [
    `${CDK}export function make(scope: never) { return new kms.Key(scope, 'K', { policy: new iam.PolicyDocument({ statements: [${rootAll}] }) }); }`,
    `${V3}export const create = () => client.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }));`,
  ],
  invalid: [
    {
      code: `${CDK}export function make(scope: never) { return new kms.Key(scope, 'K', { policy: new iam.PolicyDocument({ statements: [${roleOnly}] }) }); }`,
      errors: [{ messageId: 'missingIamDelegation', line: 3, column: 71 }],
    },
    {
      code: `${V3}export const create = () => client.send(new CreateKeyCommand({ Policy: JSON.stringify(${jsonRoleOnly}) }));`,
      errors: [{ messageId: 'missingIamDelegation', line: 3, column: 64 }],
    },
  ],
});
