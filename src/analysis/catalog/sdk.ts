/**
 * DATA: the SDK entry points the analysis recognises, and for each operation which request members belong together.
 *
 * Operation names and members come from the AWS service models (`kms-2014-11-01`, `s3-2006-03-01`) as generated into
 * `@aws-sdk/client-kms` / `@aws-sdk/client-s3` (`dist-types/commands/*`, `dist-types/models/models_0.d.ts`). The v3
 * command class of an operation is `<Operation>Command`; the aggregated v3 client (`KMS`, `S3`) and the v2 client
 * (`AWS.KMS`, `AWS.S3`) expose it as a method whose name is the operation with a lower-case first letter.
 *
 * Every fact about which key, context, algorithm and payload members go together lives in {@link RoleGroup}s here.
 * Consumers (call-site recognition, roles, context sites, the program index, rules, the inventory) read these groups;
 * none keeps its own table of operations.
 */
import type { Service } from '../model.js';

/**
 * Which half of the operation a group describes: `request` for operations with one key (Encrypt, Decrypt, Sign, …),
 * `source` / `destination` for ReEncrypt (the ciphertext it reads, the ciphertext it writes).
 */
export type GroupSide = 'request' | 'source' | 'destination';

/**
 * What KMS does with the group's encryption context: `encrypt` binds it to new ciphertext (Encrypt, GenerateDataKey*,
 * ReEncrypt's destination), `decrypt` presents it to open existing ciphertext (Decrypt, ReEncrypt's source).
 */
export type ContextUse = 'encrypt' | 'decrypt';

/**
 * One set of request members that belong together: the key that is used, the context bound with it, the algorithm
 * and the payload. A member that the operation lacks is absent from the group.
 */
export interface RoleGroup {
  readonly side: GroupSide;
  /** The member that names the KMS key: `KeyId`, `SourceKeyId`, `DestinationKeyId`, `TargetKeyId`, `SSEKMSKeyId`. */
  readonly keyMember?: string;
  /** The member that carries the encryption context (a `Record<string, string>`), with what KMS does with it. */
  readonly contextMember?: string;
  readonly contextUse?: ContextUse;
  /** The member that selects the algorithm (`EncryptionAlgorithm`, `SigningAlgorithm`, `MacAlgorithm`). */
  readonly algorithmMember?: string;
  /** The member that carries the data sent to KMS (`Plaintext`, `CiphertextBlob`, `Message`). */
  readonly payloadMember?: string;
}

/**
 * What a response member holds.
 * - `plaintext-key`: plaintext data key bytes (GenerateDataKey `Plaintext`, GenerateDataKeyPair `PrivateKeyPlaintext`);
 * - `plaintext`: decrypted bytes that may be a data key (Decrypt `Plaintext`);
 * - `shared-secret`: a secret agreed or decapsulated by KMS (DeriveSharedSecret, Encapsulate, Decapsulate);
 * - `ciphertext`: an encrypted blob to store (`CiphertextBlob`, `PrivateKeyCiphertextBlob`);
 * - `public-key`, `signature`, `mac`, `random`: the other byte results;
 * - `body`: an S3 object body (a stream of unknown size).
 */
export type ResponseKind = 'plaintext-key' | 'shared-secret' | 'plaintext' | 'ciphertext' | 'public-key' | 'signature' | 'mac' | 'random' | 'body';

/** One member of an operation's response. */
export interface ResponseMember {
  readonly member: string;
  readonly kind: ResponseKind;
}

/**
 * The members of an S3 request that set SSE-KMS (Amazon S3 API Reference, PutObject / CopyObject /
 * CreateMultipartUpload): the algorithm (`aws:kms`, `aws:kms:dsse`, `AES256`), the key, the bucket key flag, the
 * S3 encryption context (base64 JSON).
 */
export interface SseMembers {
  readonly algorithmMember: string;
  readonly keyMember: string;
  readonly bucketKeyMember: string;
  readonly contextMember: string;
}

/**
 * Where an Encryption SDK method takes its arguments: the keyring (or materials manager), the data, the options
 * object (whose `encryptionContext` is the context). `payloadIndex` is absent for the stream methods, which take
 * their data by piping.
 */
export interface EncryptionSdkPositions {
  readonly keyringIndex: number;
  readonly payloadIndex?: number;
  readonly optionsIndex: number;
}

/** One operation of the catalogue. */
export interface OperationSpec {
  readonly service: Service;
  readonly operation: string;
  /** The member groups, in the order AWS documents them (ReEncrypt: source, then destination). */
  readonly groups: readonly RoleGroup[];
  readonly responses: readonly ResponseMember[];
  /** S3 object-level SSE members, for the S3 operations that take them. */
  readonly sse?: SseMembers;
  /** Encryption SDK argument positions, for its methods. */
  readonly positions?: EncryptionSdkPositions;
}

interface Extra {
  readonly responses?: readonly ResponseMember[];
  readonly sse?: SseMembers;
  readonly positions?: EncryptionSdkPositions;
}

const spec = (service: Service, operation: string, groups: readonly RoleGroup[] = [], extra: Extra = {}): OperationSpec => ({
  service,
  operation,
  groups,
  responses: extra.responses ?? [],
  ...(extra.sse ? { sse: extra.sse } : {}),
  ...(extra.positions ? { positions: extra.positions } : {}),
});
const out = (member: string, kind: ResponseKind): ResponseMember => ({ member, kind });
const keyOnly = (keyMember = 'KeyId'): RoleGroup[] => [{ side: 'request', keyMember }];
const kms = (operation: string, groups: readonly RoleGroup[] = [], extra?: Extra) => spec('kms', operation, groups, extra);

/** The group of a one-key operation that binds or presents an encryption context under `KeyId`. */
const contextGroup = (contextUse: ContextUse, payloadMember?: string): RoleGroup[] => [
  { side: 'request', keyMember: 'KeyId', contextMember: 'EncryptionContext', contextUse, algorithmMember: 'EncryptionAlgorithm', ...(payloadMember ? { payloadMember } : {}) },
];
/** GenerateDataKey* take no algorithm (the data key is symmetric; the key pair's spec is `KeyPairSpec`). */
const dataKeyGroup = (): RoleGroup[] => [{ side: 'request', keyMember: 'KeyId', contextMember: 'EncryptionContext', contextUse: 'encrypt' }];

/**
 * Every KMS API operation (AWS KMS API Reference, "Actions"; the command list of `@aws-sdk/client-kms` 3.x), so the
 * inventory can name any of them. Operations without a key member (ListKeys, CreateKey, GenerateRandom, custom key
 * store management, …) have no groups.
 */
export const KMS_OPERATIONS: readonly OperationSpec[] = [
  kms('CancelKeyDeletion', keyOnly()),
  kms('ConnectCustomKeyStore'),
  kms('CreateAlias', keyOnly('TargetKeyId')),
  kms('CreateCustomKeyStore'),
  kms('CreateGrant', keyOnly()),
  kms('CreateKey'),
  kms('Decapsulate', [{ side: 'request', keyMember: 'KeyId', algorithmMember: 'EncapsulationAlgorithm', payloadMember: 'SharedSecretCiphertextBlob' }], { responses: [out('SharedSecret', 'shared-secret')] }),
  kms('Decrypt', contextGroup('decrypt', 'CiphertextBlob'), { responses: [out('Plaintext', 'plaintext')] }),
  kms('DeleteAlias'),
  kms('DeleteCustomKeyStore'),
  kms('DeleteImportedKeyMaterial', keyOnly()),
  kms('DeriveSharedSecret', [{ side: 'request', keyMember: 'KeyId', algorithmMember: 'KeyAgreementAlgorithm' }], { responses: [out('SharedSecret', 'shared-secret')] }),
  kms('DescribeCustomKeyStores'),
  kms('DescribeKey', keyOnly()),
  kms('DisableKey', keyOnly()),
  kms('DisableKeyRotation', keyOnly()),
  kms('DisconnectCustomKeyStore'),
  kms('EnableKey', keyOnly()),
  kms('EnableKeyRotation', keyOnly()),
  kms('Encapsulate', [{ side: 'request', keyMember: 'KeyId', algorithmMember: 'EncapsulationAlgorithm' }], { responses: [out('SharedSecret', 'shared-secret'), out('SharedSecretCiphertextBlob', 'ciphertext')] }),
  kms('Encrypt', contextGroup('encrypt', 'Plaintext'), { responses: [out('CiphertextBlob', 'ciphertext')] }),
  kms('GenerateDataKey', dataKeyGroup(), { responses: [out('Plaintext', 'plaintext-key'), out('CiphertextBlob', 'ciphertext')] }),
  kms('GenerateDataKeyPair', dataKeyGroup(), {
    responses: [out('PrivateKeyPlaintext', 'plaintext-key'), out('PrivateKeyCiphertextBlob', 'ciphertext'), out('PublicKey', 'public-key')],
  }),
  kms('GenerateDataKeyPairWithoutPlaintext', dataKeyGroup(), { responses: [out('PrivateKeyCiphertextBlob', 'ciphertext'), out('PublicKey', 'public-key')] }),
  kms('GenerateDataKeyWithoutPlaintext', dataKeyGroup(), { responses: [out('CiphertextBlob', 'ciphertext')] }),
  kms('GenerateMac', [{ side: 'request', keyMember: 'KeyId', algorithmMember: 'MacAlgorithm', payloadMember: 'Message' }], { responses: [out('Mac', 'mac')] }),
  kms('GenerateRandom', [], { responses: [out('Plaintext', 'random')] }),
  kms('GetKeyLastUsage', keyOnly()),
  kms('GetKeyPolicy', keyOnly()),
  kms('GetKeyRotationStatus', keyOnly()),
  kms('GetParametersForImport', keyOnly()),
  kms('GetPublicKey', keyOnly(), { responses: [out('PublicKey', 'public-key')] }),
  kms('ImportKeyMaterial', keyOnly()),
  kms('ListAliases', keyOnly()),
  kms('ListGrants', keyOnly()),
  kms('ListKeyPolicies', keyOnly()),
  kms('ListKeyRotations', keyOnly()),
  kms('ListKeys'),
  kms('ListResourceTags', keyOnly()),
  kms('ListRetirableGrants'),
  kms('PutKeyPolicy', keyOnly()),
  kms(
    'ReEncrypt',
    [
      { side: 'source', keyMember: 'SourceKeyId', contextMember: 'SourceEncryptionContext', contextUse: 'decrypt', algorithmMember: 'SourceEncryptionAlgorithm', payloadMember: 'CiphertextBlob' },
      { side: 'destination', keyMember: 'DestinationKeyId', contextMember: 'DestinationEncryptionContext', contextUse: 'encrypt', algorithmMember: 'DestinationEncryptionAlgorithm' },
    ],
    { responses: [out('CiphertextBlob', 'ciphertext')] },
  ),
  kms('ReplicateKey', keyOnly()),
  kms('RetireGrant', keyOnly()),
  kms('RevokeGrant', keyOnly()),
  kms('RotateKeyOnDemand', keyOnly()),
  kms('ScheduleKeyDeletion', keyOnly()),
  kms('Sign', [{ side: 'request', keyMember: 'KeyId', algorithmMember: 'SigningAlgorithm', payloadMember: 'Message' }], { responses: [out('Signature', 'signature')] }),
  kms('TagResource', keyOnly()),
  kms('UntagResource', keyOnly()),
  kms('UpdateAlias', keyOnly('TargetKeyId')),
  kms('UpdateCustomKeyStore'),
  kms('UpdateKeyDescription', keyOnly()),
  kms('UpdatePrimaryRegion', keyOnly()),
  kms('Verify', [{ side: 'request', keyMember: 'KeyId', algorithmMember: 'SigningAlgorithm', payloadMember: 'Message' }]),
  kms('VerifyMac', [{ side: 'request', keyMember: 'KeyId', algorithmMember: 'MacAlgorithm', payloadMember: 'Message' }]),
];

const objectSse: SseMembers = {
  algorithmMember: 'ServerSideEncryption',
  keyMember: 'SSEKMSKeyId',
  bucketKeyMember: 'BucketKeyEnabled',
  contextMember: 'SSEKMSEncryptionContext',
};
/** The S3 key member; the S3 encryption context (`SSEKMSEncryptionContext`, base64 JSON) is an {@link SseMembers} fact. */
const sseGroup: RoleGroup[] = [{ side: 'request', keyMember: 'SSEKMSKeyId', payloadMember: 'Body' }];

/** S3 operations that touch SSE-KMS or carry object bodies (Amazon S3 API Reference). */
export const S3_OPERATIONS: readonly OperationSpec[] = [
  spec('s3', 'PutObject', sseGroup, { sse: objectSse }),
  spec('s3', 'CopyObject', [{ side: 'request', keyMember: 'SSEKMSKeyId' }], { sse: objectSse }),
  spec('s3', 'CreateMultipartUpload', [{ side: 'request', keyMember: 'SSEKMSKeyId' }], { sse: objectSse }),
  spec('s3', 'PutBucketEncryption'),
  spec('s3', 'GetObject', [], { responses: [out('Body', 'body')] }),
];

/**
 * The bucket-level default encryption of PutBucketEncryption:
 * `ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.{SSEAlgorithm, KMSMasterKeyID}` and
 * `Rules[].BucketKeyEnabled` (Amazon S3 API Reference, PutBucketEncryption).
 */
export const S3_BUCKET_SSE = {
  configurationMember: 'ServerSideEncryptionConfiguration',
  rulesMember: 'Rules',
  defaultMember: 'ApplyServerSideEncryptionByDefault',
  algorithmMember: 'SSEAlgorithm',
  keyMember: 'KMSMasterKeyID',
  bucketKeyMember: 'BucketKeyEnabled',
} as const;

/**
 * The AWS Encryption SDK for JavaScript methods (`buildClient()` of `@aws-crypto/client-node`, `buildEncrypt()` of
 * `@aws-crypto/encrypt-node`, `buildDecrypt()` of `@aws-crypto/decrypt-node`): `encrypt(keyring, plaintext, options)`,
 * `encryptStream(keyring, options)`, `decrypt(keyring, ciphertext, options?)`, `decryptStream(keyring, options?)`,
 * `decryptUnsignedMessageStream(keyring, options?)`. The KMS key sits in the keyring, so groups name no key member.
 */
export const ENCRYPTION_SDK_OPERATIONS: readonly OperationSpec[] = [
  spec('encryption-sdk', 'encrypt', [{ side: 'request', contextMember: 'encryptionContext', contextUse: 'encrypt' }], {
    positions: { keyringIndex: 0, payloadIndex: 1, optionsIndex: 2 },
    responses: [out('result', 'ciphertext')],
  }),
  spec('encryption-sdk', 'encryptStream', [{ side: 'request', contextMember: 'encryptionContext', contextUse: 'encrypt' }], {
    positions: { keyringIndex: 0, optionsIndex: 1 },
  }),
  spec('encryption-sdk', 'decrypt', [], { positions: { keyringIndex: 0, payloadIndex: 1, optionsIndex: 2 }, responses: [out('plaintext', 'plaintext')] }),
  spec('encryption-sdk', 'decryptStream', [], { positions: { keyringIndex: 0, optionsIndex: 1 } }),
  spec('encryption-sdk', 'decryptUnsignedMessageStream', [], { positions: { keyringIndex: 0, optionsIndex: 1 } }),
];

/**
 * The encryption props of the CDK `s3.Bucket` construct (aws-cdk-lib `aws_s3.BucketProps`): `encryption`
 * (`BucketEncryption.KMS`, `KMS_MANAGED`, `DSSE`, …), `encryptionKey` (implies KMS), `bucketKeyEnabled` (default false).
 */
export const CDK_BUCKET_SSE = {
  algorithmMember: 'encryption',
  keyMember: 'encryptionKey',
  bucketKeyMember: 'bucketKeyEnabled',
} as const;

/**
 * AWS CDK constructs (aws-cdk-lib): `new s3.Bucket(scope, id, { encryptionKey, bucketKeyEnabled })`, `new kms.Key(…)`,
 * and the L1 `new kms.CfnKey(…)` (`AWS::KMS::Key`).
 */
export const CDK_CONSTRUCTS: readonly OperationSpec[] = [
  spec('cdk-s3', 'Bucket', [{ side: 'request', keyMember: 'encryptionKey' }]),
  spec('cdk-kms', 'Key'),
  spec('cdk-kms', 'CfnKey'),
];

/**
 * The key-policy members of the KMS requests that set a key policy (KMS API Reference, CreateKey and PutKeyPolicy):
 * `Policy` (a JSON document; CreateKey without it gets the default key policy, PutKeyPolicy requires it) and
 * `BypassPolicyLockoutSafetyCheck` (default false). `policyRequired` says whether leaving `Policy` out is an error.
 */
export const KEY_POLICY_REQUESTS: Readonly<Record<string, { readonly policyMember: string; readonly bypassLockoutMember: string; readonly policyRequired: boolean }>> = {
  CreateKey: { policyMember: 'Policy', bypassLockoutMember: 'BypassPolicyLockoutSafetyCheck', policyRequired: false },
  PutKeyPolicy: { policyMember: 'Policy', bypassLockoutMember: 'BypassPolicyLockoutSafetyCheck', policyRequired: true },
};

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

/**
 * Modules and the factory each exports whose result carries the Encryption SDK methods, with the methods it carries:
 * `buildClient` (`@aws-crypto/client-node`, `@aws-crypto/client-browser`) returns all of them; the split packages'
 * `buildEncrypt` returns `{ encrypt, encryptStream }`, `buildDecrypt` returns `{ decrypt, decryptStream,
 * decryptUnsignedMessageStream }` (aws-encryption-sdk-javascript `modules/encrypt-node`, `modules/decrypt-node`).
 */
export const ENCRYPTION_SDK_FACTORIES: ReadonlyArray<{ readonly module: string; readonly factory: string; readonly methods: readonly string[] }> = [
  { module: '@aws-crypto/client-node', factory: 'buildClient', methods: ENCRYPTION_SDK_OPERATIONS.map((op) => op.operation) },
  { module: '@aws-crypto/client-browser', factory: 'buildClient', methods: ENCRYPTION_SDK_OPERATIONS.map((op) => op.operation) },
  { module: '@aws-crypto/encrypt-node', factory: 'buildEncrypt', methods: ['encrypt', 'encryptStream'] },
  { module: '@aws-crypto/decrypt-node', factory: 'buildDecrypt', methods: ['decrypt', 'decryptStream', 'decryptUnsignedMessageStream'] },
  // `@aws-crypto/client-node` re-exports both split factories (`export * from '@aws-crypto/encrypt-node'`, `decrypt-node`).
  { module: '@aws-crypto/client-node', factory: 'buildEncrypt', methods: ['encrypt', 'encryptStream'] },
  { module: '@aws-crypto/client-node', factory: 'buildDecrypt', methods: ['decrypt', 'decryptStream', 'decryptUnsignedMessageStream'] },
];

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

/**
 * Generic wrappers that take the service and the operation as strings, with the argument positions. The Serverless
 * Framework's AWS provider: `provider.request(service, method, params)` where `service` is the v2 client name
 * (`'KMS'`, `'S3'`) and `method` the v2 method name (`'encrypt'`, `'upload'`); it calls the v2 SDK and resolves with
 * the response (serverless `lib/plugins/aws/provider.js`, `request`).
 */
export const KNOWN_WRAPPERS: ReadonlyArray<{
  readonly method: string;
  readonly serviceIndex: number;
  readonly operationIndex: number;
  readonly paramsIndex: number;
  readonly services: Readonly<Record<string, 'kms' | 's3'>>;
  readonly style: 'v2';
}> = [{ method: 'request', serviceIndex: 0, operationIndex: 1, paramsIndex: 2, services: { KMS: 'kms', S3: 's3' }, style: 'v2' }];

/** Lower-cases the first letter: the v2 / aggregated-v3 method name of an operation (`GenerateDataKey` → `generateDataKey`). */
export function toMethodName(operation: string): string {
  return operation.charAt(0).toLowerCase() + operation.slice(1);
}

const byService = new Map<string, Map<string, OperationSpec>>();
for (const entry of [...KMS_OPERATIONS, ...S3_OPERATIONS, ...ENCRYPTION_SDK_OPERATIONS, ...CDK_CONSTRUCTS]) {
  let table = byService.get(entry.service);
  if (!table) byService.set(entry.service, (table = new Map()));
  table.set(entry.operation, entry);
}

/** Looks up an operation of a service; `undefined` when the catalogue does not list it. */
export function getOperationSpec(service: Service, operation: string): OperationSpec | undefined {
  return byService.get(service)?.get(operation);
}

const byMethod = new Map<'kms' | 's3', ReadonlyMap<string, OperationSpec>>();

/** The operations of `service` keyed by their method name (`encrypt` → Encrypt). */
export function getOperationsByMethod(service: 'kms' | 's3'): ReadonlyMap<string, OperationSpec> {
  let table = byMethod.get(service);
  if (!table) {
    const list = service === 'kms' ? KMS_OPERATIONS : S3_OPERATIONS;
    byMethod.set(service, (table = new Map(list.map((entry) => [toMethodName(entry.operation), entry]))));
  }
  return table;
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

/** The groups of an operation that carry an encryption context (with its use); empty for operations that take none. */
export function getContextGroups(service: Service, operation: string): readonly RoleGroup[] {
  return getOperationSpec(service, operation)?.groups.filter((group) => group.contextMember !== undefined) ?? [];
}

/** The argument positions of an Encryption SDK method; `undefined` for names that are not one. */
export function getEncryptionSdkPositions(method: string): EncryptionSdkPositions | undefined {
  return getOperationSpec('encryption-sdk', method)?.positions;
}

/** The KMS operations that take an encryption context (the ones `require-encryption-context` checks). */
export const CONTEXT_OPERATIONS: ReadonlySet<string> = new Set(
  KMS_OPERATIONS.filter((entry) => entry.groups.some((group) => group.contextMember)).map((entry) => entry.operation),
);

/** The response member of an operation that holds plaintext key bytes (`plaintext-key`), or Decrypt's plaintext. */
export function getResponseMembers(service: Service, operation: string, kinds: readonly ResponseKind[]): readonly ResponseMember[] {
  return getOperationSpec(service, operation)?.responses.filter((response) => kinds.includes(response.kind)) ?? [];
}

/**
 * Encryption algorithms that take no encryption context: RSA and SM2 asymmetric encryption
 * (KMS Developer Guide, "Encryption context": asymmetric keys do not support it).
 */
export function isAsymmetricEncryptionAlgorithm(algorithm: string): boolean {
  return algorithm.startsWith('RSAES_') || algorithm === 'SM2PKE';
}
