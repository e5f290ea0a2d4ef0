/**
 * DATA: the SDK entry points the analysis recognises, and the role each input member plays.
 *
 * Operation names and input members come from the AWS service models (`kms-2014-11-01`, `s3-2006-03-01`) as generated
 * into `@aws-sdk/client-kms` / `@aws-sdk/client-s3` (`dist-types/commands/*`). The v3 command class of an operation is
 * `<Operation>Command`; the aggregated v3 client (`KMS`, `S3`) and the v2 client (`AWS.KMS`, `AWS.S3`) expose it as a
 * method whose name is the operation with a lower-case first letter.
 */
import type { Service } from './model.js';

/** The role an input member plays, for the operations where it matters. */
export interface OperationRoles {
  /** Members that name the KMS key (`KeyId`, `DestinationKeyId`, `SSEKMSKeyId`, …). */
  readonly keyId?: readonly string[];
  /** Members that carry an encryption context (a `Record<string, string>`). */
  readonly encryptionContext?: readonly string[];
  /** The member that carries the data sent to KMS (`Plaintext`, `CiphertextBlob`, `Message`). */
  readonly payload?: string;
  /** Members that select the encryption algorithm (RSA/SM2 algorithms take no encryption context). */
  readonly encryptionAlgorithm?: readonly string[];
}

/** One operation of the catalogue. */
export interface OperationSpec {
  readonly service: Service;
  readonly operation: string;
  readonly roles: OperationRoles;
}

const kms = (operation: string, roles: OperationRoles = {}): OperationSpec => ({ service: 'kms', operation, roles });
const s3 = (operation: string, roles: OperationRoles = {}): OperationSpec => ({ service: 's3', operation, roles });

/** KMS operations (AWS KMS API Reference). */
export const KMS_OPERATIONS: readonly OperationSpec[] = [
  kms('Encrypt', { keyId: ['KeyId'], encryptionContext: ['EncryptionContext'], payload: 'Plaintext', encryptionAlgorithm: ['EncryptionAlgorithm'] }),
  kms('Decrypt', { keyId: ['KeyId'], encryptionContext: ['EncryptionContext'], payload: 'CiphertextBlob', encryptionAlgorithm: ['EncryptionAlgorithm'] }),
  kms('ReEncrypt', {
    keyId: ['SourceKeyId', 'DestinationKeyId'],
    encryptionContext: ['SourceEncryptionContext', 'DestinationEncryptionContext'],
    payload: 'CiphertextBlob',
    encryptionAlgorithm: ['SourceEncryptionAlgorithm', 'DestinationEncryptionAlgorithm'],
  }),
  kms('GenerateDataKey', { keyId: ['KeyId'], encryptionContext: ['EncryptionContext'] }),
  kms('GenerateDataKeyWithoutPlaintext', { keyId: ['KeyId'], encryptionContext: ['EncryptionContext'] }),
  kms('GenerateDataKeyPair', { keyId: ['KeyId'], encryptionContext: ['EncryptionContext'] }),
  kms('GenerateDataKeyPairWithoutPlaintext', { keyId: ['KeyId'], encryptionContext: ['EncryptionContext'] }),
  kms('Sign', { keyId: ['KeyId'], payload: 'Message' }),
  kms('Verify', { keyId: ['KeyId'], payload: 'Message' }),
  kms('GenerateMac', { keyId: ['KeyId'], payload: 'Message' }),
  kms('VerifyMac', { keyId: ['KeyId'], payload: 'Message' }),
  kms('GenerateRandom'),
  kms('CreateGrant', { keyId: ['KeyId'] }),
  kms('RetireGrant', { keyId: ['KeyId'] }),
  kms('RevokeGrant', { keyId: ['KeyId'] }),
  kms('CreateKey'),
  kms('DescribeKey', { keyId: ['KeyId'] }),
  kms('CreateAlias', { keyId: ['TargetKeyId'] }),
  kms('UpdateAlias', { keyId: ['TargetKeyId'] }),
  kms('GetPublicKey', { keyId: ['KeyId'] }),
  kms('EnableKeyRotation', { keyId: ['KeyId'] }),
  kms('DisableKeyRotation', { keyId: ['KeyId'] }),
  kms('RotateKeyOnDemand', { keyId: ['KeyId'] }),
  kms('ScheduleKeyDeletion', { keyId: ['KeyId'] }),
  kms('EnableKey', { keyId: ['KeyId'] }),
  kms('DisableKey', { keyId: ['KeyId'] }),
  kms('ImportKeyMaterial', { keyId: ['KeyId'] }),
];

/** S3 operations that touch SSE-KMS (Amazon S3 API Reference). */
export const S3_OPERATIONS: readonly OperationSpec[] = [
  s3('PutObject', { keyId: ['SSEKMSKeyId'] }),
  s3('CopyObject', { keyId: ['SSEKMSKeyId'] }),
  s3('CreateMultipartUpload', { keyId: ['SSEKMSKeyId'] }),
  s3('PutBucketEncryption'),
  s3('GetObject'),
];

/** The `@aws-crypto/client-node` client methods returned by `buildClient()` (AWS Encryption SDK for JavaScript). */
export const ENCRYPTION_SDK_OPERATIONS: readonly OperationSpec[] = [
  { service: 'encryption-sdk', operation: 'encrypt', roles: { encryptionContext: ['encryptionContext'] } },
  { service: 'encryption-sdk', operation: 'decrypt', roles: {} },
  { service: 'encryption-sdk', operation: 'encryptStream', roles: { encryptionContext: ['encryptionContext'] } },
  { service: 'encryption-sdk', operation: 'decryptStream', roles: {} },
  { service: 'encryption-sdk', operation: 'decryptUnsignedMessageStream', roles: {} },
];

/** AWS CDK constructs (aws-cdk-lib). */
export const CDK_CONSTRUCTS: readonly OperationSpec[] = [
  { service: 'cdk-s3', operation: 'Bucket', roles: { keyId: ['encryptionKey'] } },
  { service: 'cdk-kms', operation: 'Key', roles: {} },
];

/** Module specifiers per service. v3 packages export `<Op>Command` classes and the aggregated client. */
export const SERVICE_MODULES = {
  kms: {
    v3: ['@aws-sdk/client-kms'],
    v3Client: 'KMSClient',
    v3Aggregated: 'KMS',
    v2Module: 'aws-sdk/clients/kms',
    v2Member: 'KMS',
  },
  s3: {
    v3: ['@aws-sdk/client-s3'],
    v3Client: 'S3Client',
    v3Aggregated: 'S3',
    v2Module: 'aws-sdk/clients/s3',
    v2Member: 'S3',
  },
} as const;

/** Modules of the AWS SDK for JavaScript v2 root (`AWS.KMS`, `AWS.S3`). */
export const V2_ROOT_MODULES = ['aws-sdk', 'aws-sdk/global', 'aws-sdk/lib/aws'] as const;

/** Modules that export the Encryption SDK's `buildClient`. */
export const ENCRYPTION_SDK_MODULES = ['@aws-crypto/client-node', '@aws-crypto/client-browser'] as const;

/** `@aws-sdk/lib-storage` exports `Upload`, whose `params` are a PutObject/CreateMultipartUpload input. */
export const LIB_STORAGE_MODULE = '@aws-sdk/lib-storage';

/** CDK module specifiers and the member that holds the construct (`aws-cdk-lib` exposes `aws_s3`, `aws_kms`). */
export const CDK_MODULES: ReadonlyArray<{ module: string; member?: string; service: 'cdk-s3' | 'cdk-kms' }> = [
  { module: 'aws-cdk-lib/aws-s3', service: 'cdk-s3' },
  { module: '@aws-cdk/aws-s3', service: 'cdk-s3' },
  { module: 'aws-cdk-lib', member: 'aws_s3', service: 'cdk-s3' },
  { module: 'aws-cdk-lib/aws-kms', service: 'cdk-kms' },
  { module: '@aws-cdk/aws-kms', service: 'cdk-kms' },
  { module: 'aws-cdk-lib', member: 'aws_kms', service: 'cdk-kms' },
];

/**
 * Request shapes that identify an operation without an import: the members the service model marks required (in
 * AWS's PascalCase spelling, which other libraries do not use), as alternatives. Only operations whose shape is
 * distinctive are listed. Used for clients that a file receives from elsewhere (constructor parameter, factory).
 */
export const REQUEST_SHAPES: ReadonlyArray<{ readonly service: 'kms' | 's3'; readonly method: string; readonly operation: string; readonly required: readonly (readonly string[])[] }> = [
  { service: 'kms', method: 'encrypt', operation: 'Encrypt', required: [['KeyId', 'Plaintext']] },
  { service: 'kms', method: 'decrypt', operation: 'Decrypt', required: [['CiphertextBlob']] },
  { service: 'kms', method: 'reEncrypt', operation: 'ReEncrypt', required: [['CiphertextBlob', 'DestinationKeyId']] },
  { service: 'kms', method: 'generateDataKey', operation: 'GenerateDataKey', required: [['KeyId', 'KeySpec'], ['KeyId', 'NumberOfBytes']] },
  { service: 'kms', method: 'generateDataKeyWithoutPlaintext', operation: 'GenerateDataKeyWithoutPlaintext', required: [['KeyId', 'KeySpec'], ['KeyId', 'NumberOfBytes']] },
  { service: 'kms', method: 'generateDataKeyPair', operation: 'GenerateDataKeyPair', required: [['KeyId', 'KeyPairSpec']] },
  { service: 'kms', method: 'generateDataKeyPairWithoutPlaintext', operation: 'GenerateDataKeyPairWithoutPlaintext', required: [['KeyId', 'KeyPairSpec']] },
  { service: 's3', method: 'putObject', operation: 'PutObject', required: [['Bucket', 'Key']] },
  { service: 's3', method: 'copyObject', operation: 'CopyObject', required: [['Bucket', 'Key', 'CopySource']] },
  { service: 's3', method: 'createMultipartUpload', operation: 'CreateMultipartUpload', required: [['Bucket', 'Key']] },
  { service: 's3', method: 'upload', operation: 'PutObject', required: [['Bucket', 'Key']] },
];

/** Lower-cases the first letter: the v2 / aggregated-v3 method name of an operation (`GenerateDataKey` → `generateDataKey`). */
export function toMethodName(operation: string): string {
  return operation.charAt(0).toLowerCase() + operation.slice(1);
}

const byService = new Map<string, Map<string, OperationSpec>>();
for (const spec of [...KMS_OPERATIONS, ...S3_OPERATIONS, ...ENCRYPTION_SDK_OPERATIONS, ...CDK_CONSTRUCTS]) {
  let table = byService.get(spec.service);
  if (!table) byService.set(spec.service, (table = new Map()));
  table.set(spec.operation, spec);
}

/** Looks up an operation of a service; `undefined` when the catalogue does not list it. */
export function getOperationSpec(service: Service, operation: string): OperationSpec | undefined {
  return byService.get(service)?.get(operation);
}

/** The operations of `service` keyed by their method name (`encrypt` → Encrypt). */
export function getOperationsByMethod(service: 'kms' | 's3'): ReadonlyMap<string, OperationSpec> {
  const list = service === 'kms' ? KMS_OPERATIONS : S3_OPERATIONS;
  return new Map(list.map((spec) => [toMethodName(spec.operation), spec]));
}

/**
 * Methods that exist only on the SDK v2 clients and take an operation's input, keyed by service and method name.
 * `AWS.S3#upload(params, options?, callback?)` (the `ManagedUpload` helper) takes `PutObject` parameters
 * (`aws-sdk` `clients/s3.d.ts`: `upload(params: S3.Types.PutObjectRequest, …): ManagedUpload`) and switches to a
 * multipart upload for large bodies.
 */
export const V2_ONLY_METHODS: Readonly<Record<'kms' | 's3', Readonly<Record<string, string>>>> = {
  kms: {},
  s3: { upload: 'PutObject' },
};

/** The catalogue entry a v2-only client method stands for (`upload` → S3 PutObject); `undefined` for other names. */
export function getV2OnlyMethodSpec(service: 'kms' | 's3', method: string): OperationSpec | undefined {
  const operation = Object.hasOwn(V2_ONLY_METHODS[service], method) ? V2_ONLY_METHODS[service][method] : undefined;
  return operation === undefined ? undefined : getOperationSpec(service, operation);
}

/** The KMS operations whose encryption context `require-encryption-context` checks. */
export const CONTEXT_OPERATIONS: ReadonlySet<string> = new Set(
  KMS_OPERATIONS.filter((spec) => spec.roles.encryptionContext).map((spec) => spec.operation),
);

/**
 * Encryption algorithms that take no encryption context: RSA and SM2 asymmetric encryption
 * (KMS Developer Guide, "Encryption context": asymmetric keys do not support it).
 */
export function isAsymmetricEncryptionAlgorithm(algorithm: string): boolean {
  return algorithm.startsWith('RSAES_') || algorithm === 'SM2PKE';
}
