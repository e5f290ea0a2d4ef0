/**
 * DATA: the AWS CDK props and IAM classes that describe a KMS key, its rotation and its key policy.
 *
 * Sources: aws-cdk-lib `aws-kms/lib/key.ts` (`KeyProps`, the `Key` constructor) and `aws-kms.CfnKey`
 * (`AWS::KMS::Key`, CloudFormation User Guide), aws-cdk-lib `aws-iam/lib/principals.ts` and `policy-statement.ts`.
 * Every construct here is recognised by name, because CDK apps are often linted without `aws-cdk-lib` installed.
 */

/**
 * The props of a CDK key construct that the key analysis reads.
 * - `Key` (L2): `enableKeyRotation?: boolean` (default false; a `rotationPeriod` alone turns it on),
 *   `rotationPeriod?: Duration` (90..2560 days), `keySpec?: KeySpec`, `keyUsage?: KeyUsage`,
 *   `policy?: iam.PolicyDocument` (replaces the default policy under `@aws-cdk/aws-kms:defaultKeyPolicies`).
 * - `CfnKey` (L1, `AWS::KMS::Key`): `enableKeyRotation?: boolean` (default false), `rotationPeriodInDays?: number`,
 *   `keySpec?: string`, `keyUsage?: string`, `origin?: string` (`AWS_KMS` default, `EXTERNAL`, `AWS_CLOUDHSM`,
 *   `EXTERNAL_KEY_STORE`), `keyPolicy?: any` (JSON object or `iam.PolicyDocument`),
 *   `bypassPolicyLockoutSafetyCheck?: boolean`.
 */
export interface CdkKeyProps {
  readonly rotationMember: string;
  /** The rotation period member, with its unit: a `Duration` (L2) or a number of days (L1). */
  readonly rotationPeriodMember: string;
  readonly rotationPeriodUnit: 'duration' | 'days';
  /** True when giving a rotation period alone turns rotation on (the L2 `Key` does; CloudFormation does not say). */
  readonly periodImpliesRotation: boolean;
  readonly keySpecMember: string;
  readonly keyUsageMember: string;
  readonly originMember?: string;
  readonly policyMember: string;
  readonly bypassLockoutMember?: string;
}

/** The key constructs of `aws_kms` (the `operation` of their call sites) and their props. */
export const CDK_KEY_PROPS: Readonly<Record<'Key' | 'CfnKey', CdkKeyProps>> = {
  Key: {
    rotationMember: 'enableKeyRotation',
    rotationPeriodMember: 'rotationPeriod',
    rotationPeriodUnit: 'duration',
    periodImpliesRotation: true,
    keySpecMember: 'keySpec',
    keyUsageMember: 'keyUsage',
    policyMember: 'policy',
  },
  CfnKey: {
    rotationMember: 'enableKeyRotation',
    rotationPeriodMember: 'rotationPeriodInDays',
    rotationPeriodUnit: 'days',
    periodImpliesRotation: false,
    keySpecMember: 'keySpec',
    keyUsageMember: 'keyUsage',
    originMember: 'origin',
    policyMember: 'keyPolicy',
    bypassLockoutMember: 'bypassPolicyLockoutSafetyCheck',
  },
};

/** The key spec and usage of a symmetric encryption key, the only kind KMS rotates automatically (EnableKeyRotation). */
export const SYMMETRIC_KEY_SPEC = 'SYMMETRIC_DEFAULT';
export const SYMMETRIC_KEY_USAGE = 'ENCRYPT_DECRYPT';
/** The key material origin KMS can rotate (`AWS_KMS`); imported material and custom key stores are not rotated. */
export const ROTATABLE_ORIGIN = 'AWS_KMS';

/** `Duration` factory methods and the days one unit is worth (aws-cdk-lib `Duration.toDays()`). */
export const DURATION_DAYS_PER_UNIT: Readonly<Record<string, number>> = { days: 1, hours: 1 / 24, minutes: 1 / 1440, seconds: 1 / 86400 };

/**
 * What an `aws_iam` principal class stands for in a key policy:
 * - `account-root`: the account itself (`AccountRootPrincipal`, `AccountPrincipal(id)`: `arn:aws:iam::ID:root`),
 *   the statement that lets IAM policies grant access to the key;
 * - `star`: everyone, usually narrowed by conditions (`AnyPrincipal`, `StarPrincipal`, `OrganizationPrincipal`);
 * - `other`: a service, a federated or canonical user — never the account root;
 * - `arn`: `ArnPrincipal(arn)`, decided by the ARN; `composite`: `CompositePrincipal(...principals)`.
 */
export type CdkPrincipalKind = 'account-root' | 'star' | 'other' | 'arn' | 'composite';

export const CDK_PRINCIPAL_CLASSES: Readonly<Record<string, CdkPrincipalKind>> = {
  AccountRootPrincipal: 'account-root',
  AccountPrincipal: 'account-root',
  AnyPrincipal: 'star',
  StarPrincipal: 'star',
  OrganizationPrincipal: 'star',
  ServicePrincipal: 'other',
  FederatedPrincipal: 'other',
  WebIdentityPrincipal: 'other',
  OpenIdConnectPrincipal: 'other',
  SamlPrincipal: 'other',
  SamlConsolePrincipal: 'other',
  CanonicalUserPrincipal: 'other',
  ArnPrincipal: 'arn',
  CompositePrincipal: 'composite',
};

/** `iam.PolicyStatement` props (aws-cdk-lib `PolicyStatementProps`). */
export const CDK_STATEMENT_PROPS = {
  effect: 'effect',
  actions: 'actions',
  notActions: 'notActions',
  principals: 'principals',
  notPrincipals: 'notPrincipals',
} as const;
