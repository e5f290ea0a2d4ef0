/**
 * `ReferenceKms`: an in-memory model of the AWS KMS behaviour that application code observes, for
 * tests and demos. It is NOT a key store: key material lives in process memory, unprotected, and is
 * gone when the process exits.
 *
 * Every validation here is written from the AWS KMS API Reference
 * (https://docs.aws.amazon.com/kms/latest/APIReference/), the KMS Developer Guide and
 * `KMS-FACTS.md`, independently of the plugin's rule tables in `src/analysis`. Each method's doc
 * comment names the page it rests on. The pieces live in `./kms/`: request checks (`input.ts`),
 * the symmetric blob (`blob.ts`), RSA/ECC (`asymmetric.ts`), HMAC (`hmac.ts`), imported material
 * (`wrapping.ts`) and the request quota (`quota.ts`).
 *
 * State is kept per account and Region: the `request` argument of {@link ReferenceKms.dispatch}
 * (and of every operation method) names them — the loopback server passes the Region of the
 * request's SigV4 credential scope — and defaults to the constructor's options. A multi-Region key
 * and its replicas share their key id and key material, so a replica decrypts the primary's
 * ciphertexts.
 *
 * Stored but not enforced: key policies, grants (listed, their tokens accepted, but nobody is
 * authorised or refused by them), IAM. No error message carries key material or plaintext.
 *
 * @module
 */
import { randomBytes } from '@noble/ciphers/utils.js';
import { createHash, createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { KmsError } from './errors.js';
import {
  ECC_KEY_SPECS,
  RSA_KEY_SPECS,
  SIGNING_ALGORITHM_NAMES,
  generatePair,
  hashOf,
  isEccSpec,
  isRsaSpec,
  privateKeyDer,
  publicKeyDer,
  rsaDecrypt,
  rsaEncrypt,
  rsaPlaintextLimit,
  signWith,
  signingAlgorithmsFor,
  verifyWith,
  type AsymmetricKeySpec,
  type KeyPair,
  type RsaEncryptionAlgorithm,
  type SigningAlgorithm,
} from './kms/asymmetric.js';
import { canonicalEncryptionContext, openBlob, parseBlob, sealBlob } from './kms/blob.js';
import {
  HMAC_KEY_SPECS,
  MAC_ALGORITHMS,
  computeMac,
  generateHmacMaterial,
  isHmacSpec,
  isMacValid,
  isValidHmacMaterialLength,
  macAlgorithmOf,
  type HmacKeySpec,
  type MacAlgorithm,
} from './kms/hmac.js';
import {
  asRecord,
  hasPairs,
  invalid,
  optionalBoolean,
  optionalContext,
  optionalDate,
  optionalEnum,
  optionalInteger,
  optionalString,
  optionalStringList,
  page,
  requiredBytes,
  requiredEnum,
  requiredString,
  validation,
  type EncryptionContext,
} from './kms/input.js';
import { ASYMMETRIC_QUOTA_OPERATIONS, RequestQuota, SYMMETRIC_QUOTA_OPERATIONS, type QuotaBucket } from './kms/quota.js';
import { WRAPPING_ALGORITHM_NAMES, WRAPPING_KEY_SPEC_NAMES, unwrapMaterial, type WrappingAlgorithm } from './kms/wrapping.js';

export { canonicalEncryptionContext } from './kms/blob.js';
export type { EncryptionContext } from './kms/input.js';

/** Key specs the reference KMS implements (`CreateKey` `KeySpec`). */
export type ReferenceKeySpec = 'SYMMETRIC_DEFAULT' | AsymmetricKeySpec | HmacKeySpec;
/** Encryption algorithms of the implemented key specs. */
export type EncryptionAlgorithm = 'SYMMETRIC_DEFAULT' | RsaEncryptionAlgorithm;
/** Key usages the reference KMS implements. */
export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC';
/** Key states the reference KMS models. */
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport' | 'Creating';
/** `GenerateDataKey` `KeySpec` values. */
export type DataKeySpec = 'AES_128' | 'AES_256';
/** Account and Region of one request. */
export interface RequestScope {
  /** Region (e.g. from the SigV4 credential scope); default: the options' region. */
  readonly region?: string;
  /** 12-digit account id; default: the options' account id. */
  readonly accountId?: string;
}

/** Plaintext limit of `Encrypt` with a symmetric key, in bytes (Encrypt API Reference). */
export const MAX_SYMMETRIC_PLAINTEXT_BYTES = 4096;
/** Largest `CiphertextBlob` KMS accepts, in bytes (the model's `CiphertextType`, 1..6144). */
export const MAX_CIPHERTEXT_BLOB_BYTES = 6144;
/** Largest `Message` of Sign/Verify/GenerateMac/VerifyMac, in bytes (API Reference). */
export const MAX_MESSAGE_BYTES = 4096;
/**
 * Default per-key limit of `RotateKeyOnDemand` calls. The API Reference (and LocalStack's snapshot
 * of real AWS responses, recorded April 2025) say 10; the current KMS Developer Guide's resource
 * quotas table says 25. Following KMS-FACTS ("where two AWS pages disagree, the newer wins") this
 * reference uses 25; pass `onDemandRotationLimit: 10` to reproduce the older answer.
 */
export const DEFAULT_ON_DEMAND_ROTATION_LIMIT = 25;
/**
 * RSA plaintext limits in bytes per key spec and algorithm (Encrypt API Reference): modulus bytes
 * − 2·hash − 2 (RSA_2048: 214 / 190; RSA_3072: 342 / 318; RSA_4096: 470 / 446).
 */
export const RSA_PLAINTEXT_LIMITS: Readonly<Record<'RSA_2048' | 'RSA_3072' | 'RSA_4096', Readonly<Record<RsaEncryptionAlgorithm, number>>>> = {
  RSA_2048: { RSAES_OAEP_SHA_1: rsaPlaintextLimit('RSA_2048', 'RSAES_OAEP_SHA_1'), RSAES_OAEP_SHA_256: rsaPlaintextLimit('RSA_2048', 'RSAES_OAEP_SHA_256') },
  RSA_3072: { RSAES_OAEP_SHA_1: rsaPlaintextLimit('RSA_3072', 'RSAES_OAEP_SHA_1'), RSAES_OAEP_SHA_256: rsaPlaintextLimit('RSA_3072', 'RSAES_OAEP_SHA_256') },
  RSA_4096: { RSAES_OAEP_SHA_1: rsaPlaintextLimit('RSA_4096', 'RSAES_OAEP_SHA_1'), RSAES_OAEP_SHA_256: rsaPlaintextLimit('RSA_4096', 'RSAES_OAEP_SHA_256') },
};

/** Options of {@link ReferenceKms}. */
export interface ReferenceKmsOptions {
  /** Default Region (when a request names none); default `us-east-1`. */
  readonly region?: string;
  /** Default 12-digit account id; default `111122223333` (the AWS docs' example account). */
  readonly accountId?: string;
  /**
   * Shared request quota of the symmetric cryptographic operations, per account and Region, in
   * requests per second (AWS default 10,000; see KMS-FACTS). Absent: no throttling.
   */
  readonly requestsPerSecond?: number;
  /**
   * Quota of the RSA and ECC operations (Sign, Verify, GetPublicKey, and Encrypt/Decrypt/ReEncrypt
   * with an RSA key), per account and Region, per second. Default when `requestsPerSecond` is set:
   * a tenth of it, rounded up (AWS: 1,000 against 10,000). Absent with no `requestsPerSecond`: no throttling.
   */
  readonly asymmetricRequestsPerSecond?: number;
  /** Per-key limit of RotateKeyOnDemand; default {@link DEFAULT_ON_DEMAND_ROTATION_LIMIT}. */
  readonly onDemandRotationLimit?: number;
  /** Clock in milliseconds since the epoch (dates, rotation schedule, quota windows); default `Date.now`. */
  readonly now?: () => number;
}

/** `DescribeKey` / `CreateKey` key metadata, shaped as the service's `KeyMetadata`. */
export interface KeyMetadata {
  AWSAccountId: string;
  KeyId: string;
  Arn: string;
  CreationDate: Date;
  Enabled: boolean;
  Description: string;
  KeyUsage: KeyUsage;
  KeyState: KeyState;
  DeletionDate?: Date;
  PendingDeletionWindowInDays?: number;
  ValidTo?: Date;
  Origin: 'AWS_KMS' | 'EXTERNAL';
  ExpirationModel?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  KeyManager: 'CUSTOMER';
  CustomerMasterKeySpec: ReferenceKeySpec;
  KeySpec: ReferenceKeySpec;
  EncryptionAlgorithms?: EncryptionAlgorithm[];
  SigningAlgorithms?: SigningAlgorithm[];
  MacAlgorithms?: MacAlgorithm[];
  MultiRegion: boolean;
  MultiRegionConfiguration?: {
    MultiRegionKeyType: 'PRIMARY' | 'REPLICA';
    PrimaryKey: { Arn: string; Region: string };
    ReplicaKeys: { Arn: string; Region: string }[];
  };
  CurrentKeyMaterialId?: string;
}

/** A grant as `ListGrants` returns it. */
export interface GrantListEntry {
  KeyId: string;
  GrantId: string;
  Name?: string;
  CreationDate: Date;
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  IssuingAccount: string;
  Operations: string[];
  Constraints?: { EncryptionContextEquals?: EncryptionContext; EncryptionContextSubset?: EncryptionContext };
}

/** GenerateDataKeyPair response. */
export interface DataKeyPairResult {
  PrivateKeyCiphertextBlob: Uint8Array;
  PrivateKeyPlaintext: Uint8Array;
  PublicKey: Uint8Array;
  KeyId: string;
  KeyPairSpec: string;
  KeyMaterialId: string;
}

/** One version of symmetric or HMAC key material. */
interface Material {
  /** `KeyMaterialId`: 64 hex digits. */
  readonly id: string;
  /** Absent while imported material is deleted. */
  bytes?: Uint8Array;
  readonly created: Date;
  readonly rotationType?: 'AUTOMATIC' | 'ON_DEMAND';
}

/** What a multi-Region key shares with its replicas (for a single-Region key: just its own). */
interface KeyCore {
  readonly id: string;
  readonly spec: ReferenceKeySpec;
  readonly usage: KeyUsage;
  readonly origin: 'AWS_KMS' | 'EXTERNAL';
  readonly multiRegion: boolean;
  readonly primaryRegion: string;
  readonly replicaRegions: string[];
  /** Symmetric and HMAC keys; index = material version in the blob. */
  readonly materials: Material[];
  pair?: KeyPair;
  rotation: { enabled: boolean; periodDays?: number; next?: Date; onDemand: number };
  imported?: { digest: string; expirationModel: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE'; validTo?: Date };
}

interface KeyRecord {
  readonly core: KeyCore;
  readonly region: string;
  readonly accountId: string;
  readonly arn: string;
  readonly created: Date;
  description: string;
  state: KeyState;
  deletionDate?: Date;
  pendingWindowDays?: number;
  policy: string;
  readonly tags: Map<string, string>;
}

interface GrantRecord {
  readonly entry: GrantListEntry;
  readonly token: string;
}

interface AliasRecord {
  keyId: string;
  readonly created: Date;
  updated: Date;
}

interface Store {
  readonly accountId: string;
  readonly region: string;
  readonly keys: Map<string, KeyRecord>;
  readonly aliases: Map<string, AliasRecord>;
  grants: GrantRecord[];
}

interface ImportParameters {
  readonly store: Store;
  readonly keyId: string;
  readonly algorithm: WrappingAlgorithm;
  readonly pair: KeyPair;
  readonly modulusBytes: number;
  readonly validTo: Date;
}

const DAY_MS = 86_400_000;
const KEY_ID = /^(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const ALL_KEY_SPECS = [
  'SYMMETRIC_DEFAULT', ...RSA_KEY_SPECS, ...ECC_KEY_SPECS, 'ECC_NIST_EDWARDS25519', ...HMAC_KEY_SPECS, 'SM2',
  'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ML_KEM_512', 'ML_KEM_768', 'ML_KEM_1024',
] as const;
const KEY_USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT', 'ENCAPSULATE_DECAPSULATE'] as const;
const ENCRYPTION_ALGORITHMS = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const;
const KEY_PAIR_SPECS = [...RSA_KEY_SPECS, ...ECC_KEY_SPECS, 'ECC_NIST_EDWARDS25519', 'SM2', 'ML_KEM_512', 'ML_KEM_768', 'ML_KEM_1024'] as const;
/** Grant operations (CreateGrant API Reference, `Operations`). */
const GRANT_OPERATIONS = [
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo',
  'Sign', 'Verify', 'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret', 'Encapsulate', 'Decapsulate',
] as const;
/**
 * Aliases AWS predefines in every account and Region for AWS managed keys (ListAliases API
 * Reference: listed without `TargetKeyId` until a service first uses the key). A representative set.
 */
const PREDEFINED_ALIASES = [
  'alias/aws/acm', 'alias/aws/dynamodb', 'alias/aws/ebs', 'alias/aws/elasticfilesystem', 'alias/aws/es', 'alias/aws/glue',
  'alias/aws/kinesisvideo', 'alias/aws/lambda', 'alias/aws/rds', 'alias/aws/redshift', 'alias/aws/s3',
  'alias/aws/secretsmanager', 'alias/aws/sns', 'alias/aws/sqs', 'alias/aws/ssm', 'alias/aws/xray',
];
const MAX_TAGS = 50;

function newMaterialId(): string {
  return Buffer.from(randomBytes(32)).toString('hex');
}

function invalidCiphertext(): KmsError {
  return new KmsError('InvalidCiphertextException', '');
}

function incorrectKey(): KmsError {
  return new KmsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
}

function incompatible(alg: string, spec: string): KmsError {
  return new KmsError('InvalidKeyUsageException', `Algorithm ${alg} is incompatible with key spec ${spec}.`);
}

function defaultPolicy(accountId: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
    },
    null,
    2,
  );
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/**
 * Checks a key policy document (PutKeyPolicy API Reference): JSON, at most 32,768 characters, an
 * object with a `Statement`; and — unless `bypass` — the lockout safety check: some `Allow`
 * statement must let the account (its root ARN, its id, or `*`) call `kms:PutKeyPolicy` (or
 * `kms:*`). Only checked, never enforced on other calls.
 *
 * @throws {KmsError} `MalformedPolicyDocumentException`, `ValidationException` (too long).
 */
function checkPolicy(policy: string, accountId: string, bypass: boolean): void {
  if (policy.length > 32768) throw validation(`Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to 32768`);
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw new KmsError('MalformedPolicyDocumentException', 'The key policy is not a valid JSON document.');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || (doc as Record<string, unknown>).Statement === undefined) {
    throw new KmsError('MalformedPolicyDocumentException', 'The key policy must be a JSON object with a Statement.');
  }
  if (bypass) return;
  const allowsAdmin = asList((doc as Record<string, unknown>).Statement).some((st) => {
    if (st === null || typeof st !== 'object') return false;
    const s = st as Record<string, unknown>;
    if (s.Effect !== 'Allow') return false;
    const actions = asList(s.Action).filter((a): a is string => typeof a === 'string');
    if (!actions.some((a) => a === '*' || a.toLowerCase() === 'kms:*' || a.toLowerCase() === 'kms:putkeypolicy')) return false;
    const principal = s.Principal;
    if (principal === '*') return true;
    if (principal === null || typeof principal !== 'object') return false;
    return asList((principal as Record<string, unknown>).AWS).some((p) => p === '*' || p === accountId || p === `arn:aws:iam::${accountId}:root`);
  });
  if (!allowsAdmin) {
    throw new KmsError('MalformedPolicyDocumentException', 'The new key policy will not allow you to update the key policy in the future.');
  }
}

function checkTags(value: unknown, member: string): { TagKey: string; TagValue: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new KmsError('SerializationException', `Member '${member}' must be a list`);
  const seen = new Set<string>();
  return value.map((t, i) => {
    const tag = asRecord(t, `${member}.${i + 1}.member`);
    const TagKey = requiredString(tag.TagKey, `${member}.${i + 1}.member.tagKey`, 128);
    const TagValue = optionalString(tag.TagValue, `${member}.${i + 1}.member.tagValue`, 256);
    if (TagValue === undefined) throw validation(`Value null at '${member}.${i + 1}.member.tagValue' failed to satisfy constraint: Member must not be null`);
    if (TagKey.toLowerCase().startsWith('aws:')) throw new KmsError('TagException', 'Tags beginning with aws: are reserved');
    if (seen.has(TagKey)) throw new KmsError('TagException', 'Duplicate tag keys');
    seen.add(TagKey);
    return { TagKey, TagValue };
  });
}

// ---------------------------------------------------------------------------------------------

/**
 * In-memory reference model of AWS KMS. Methods take the service's request shapes (PascalCase
 * members, `Uint8Array` blobs, `Date` or epoch-second timestamps) and an optional
 * {@link RequestScope}, return the response shapes, and throw {@link KmsError} whose `name` is the
 * service's error code. All methods are synchronous; `startReferenceKms` serves them to the AWS SDK.
 * See {@link ReferenceKms.operations} for the list and docs/reference-crypto.md for fidelity notes.
 *
 * Not modelled: authorization of any kind (key policies and grants are stored and listed, IAM is
 * absent), custom key stores, KEY_AGREEMENT keys and DeriveSharedSecret, SM2, Ed25519, ML-DSA and
 * ML-KEM, Encapsulate/Decapsulate, Nitro `Recipient` attestation, on-demand rotation of imported
 * material (`ImportType: NEW_KEY_MATERIAL` after a first import), UpdatePrimaryRegion,
 * GetKeyLastUsage, and deletion actually happening when the waiting period ends.
 */
export class ReferenceKms {
  /** Default Region in ARNs. */
  readonly region: string;
  /** Default account id in ARNs. */
  readonly accountId: string;
  readonly #now: () => number;
  readonly #onDemandLimit: number;
  readonly #quota: RequestQuota;
  readonly #stores = new Map<string, Store>();
  readonly #grantTokens = new Map<string, { store: Store; grantId: string }>();
  readonly #imports = new Map<string, ImportParameters>();

  /**
   * @param options `{ region?, accountId?, requestsPerSecond?, asymmetricRequestsPerSecond?,
   *   onDemandRotationLimit?, now? }` (see {@link ReferenceKmsOptions}).
   * @throws {TypeError} for a malformed region or account id, or a non-positive quota.
   */
  constructor(options: ReferenceKmsOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '111122223333';
    if (!/^[a-z0-9-]+$/.test(this.region)) throw new TypeError(`invalid region ${JSON.stringify(this.region)}`);
    if (!/^\d{12}$/.test(this.accountId)) throw new TypeError(`accountId must be 12 digits, got ${JSON.stringify(this.accountId)}`);
    this.#now = options.now ?? Date.now;
    this.#onDemandLimit = options.onDemandRotationLimit ?? DEFAULT_ON_DEMAND_ROTATION_LIMIT;
    const sym = options.requestsPerSecond;
    const asym = options.asymmetricRequestsPerSecond ?? (sym === undefined ? undefined : Math.ceil(sym / 10));
    for (const [name, v] of [['requestsPerSecond', sym], ['asymmetricRequestsPerSecond', asym]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new TypeError(`${name} must be a positive integer, got ${String(v)}`);
    }
    this.#quota = new RequestQuota({ ...(sym !== undefined ? { symmetric: sym } : {}), ...(asym !== undefined ? { asymmetric: asym } : {}) }, this.#now);
  }

  /** Operation names {@link dispatch} accepts (the `TrentService.<Operation>` part of `X-Amz-Target`). */
  static readonly operations: readonly string[] = [
    'CreateKey', 'DescribeKey', 'ListKeys', 'UpdateKeyDescription', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion',
    'CreateAlias', 'UpdateAlias', 'DeleteAlias', 'ListAliases',
    'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext', 'GenerateRandom',
    'Sign', 'Verify', 'GetPublicKey', 'GenerateMac', 'VerifyMac',
    'EnableKeyRotation', 'DisableKeyRotation', 'GetKeyRotationStatus', 'RotateKeyOnDemand', 'ListKeyRotations',
    'CreateGrant', 'ListGrants', 'ListRetirableGrants', 'RetireGrant', 'RevokeGrant',
    'TagResource', 'UntagResource', 'ListResourceTags',
    'GetKeyPolicy', 'PutKeyPolicy', 'ListKeyPolicies',
    'GetParametersForImport', 'ImportKeyMaterial', 'DeleteImportedKeyMaterial',
    'ReplicateKey',
  ];

  /**
   * Runs one operation by name with a request object (as the loopback server does).
   *
   * @param operation e.g. `'Encrypt'`.
   * @param input the request members (`Uint8Array` for blob members such as `Plaintext`, `Message`, `Signature`).
   * @param request account and Region of the request (the server passes the SigV4 scope's Region).
   * @throws {KmsError} `UnknownOperationException` for an operation not in {@link ReferenceKms.operations};
   *   otherwise whatever the operation throws.
   */
  dispatch(operation: string, input: unknown, request?: RequestScope): unknown {
    if (!ReferenceKms.operations.includes(operation)) {
      throw new KmsError('UnknownOperationException', `The reference KMS does not implement ${operation}`);
    }
    const method = (this as unknown as Record<string, (i: unknown, r?: RequestScope) => unknown>)[operation[0]!.toLowerCase() + operation.slice(1)];
    if (typeof method !== 'function') throw new KmsError('KMSInternalException', `no handler for ${operation}`);
    return method.call(this, input, request);
  }

  // ---- scope, quota, key resolution --------------------------------------------------------------

  #date(offsetMs = 0): Date {
    return new Date(this.#now() + offsetMs);
  }

  #store(region: string, accountId: string): Store {
    const id = `${accountId}/${region}`;
    let store = this.#stores.get(id);
    if (store === undefined) {
      store = { accountId, region, keys: new Map(), aliases: new Map(), grants: [] };
      this.#stores.set(id, store);
    }
    return store;
  }

  /** The store of a request, after charging the request quota for `operation`. */
  #begin(operation: string, input: unknown, request: RequestScope | undefined): { store: Store; req: Record<string, unknown> } {
    const region = request?.region ?? this.region;
    const accountId = request?.accountId ?? this.accountId;
    if (!/^[a-z0-9-]{1,40}$/.test(region)) throw invalid(`The Region ${JSON.stringify(region)} is not a valid Region name.`);
    if (!/^\d{12}$/.test(accountId)) throw invalid('The account id must be 12 digits.');
    const store = this.#store(region, accountId);
    const req = asRecord(input);
    const bucket = this.#bucketOf(operation, store, req);
    if (bucket !== undefined) this.#quota.charge(accountId, region, bucket);
    return { store, req };
  }

  #bucketOf(operation: string, store: Store, req: Record<string, unknown>): QuotaBucket | undefined {
    if (ASYMMETRIC_QUOTA_OPERATIONS.has(operation)) return 'asymmetric';
    if (!SYMMETRIC_QUOTA_OPERATIONS.has(operation)) return undefined;
    if (operation === 'Encrypt' || operation === 'Decrypt' || operation === 'ReEncrypt') {
      const named = operation === 'ReEncrypt' ? req.SourceKeyId : req.KeyId;
      try {
        if (typeof named === 'string' && this.#find(store, named, 'keyId', true).core.pair !== undefined) return 'asymmetric';
      } catch {
        // an unknown key is reported by the operation itself
      }
    }
    return 'symmetric';
  }

  #keyArn(store: Store, id: string): string {
    return `arn:aws:kms:${store.region}:${store.accountId}:key/${id}`;
  }

  #aliasArn(store: Store, name: string): string {
    return `arn:aws:kms:${store.region}:${store.accountId}:${name}`;
  }

  /**
   * Resolves a `KeyId` member: key id, key ARN and — where `allowAlias` — alias name (`alias/…`)
   * or alias ARN (Encrypt API Reference, `KeyId`). Operations that take "the key ID or key ARN"
   * only (key management, rotation, grants, tags, policies) answer `NotFoundException`
   * (`Invalid keyId`) for an alias, as the service does for anything that is not a key id.
   */
  #find(store: Store, value: unknown, member: string, allowAlias: boolean): KeyRecord {
    const keyId = requiredString(value, member, 2048);
    let id: string | undefined;
    let aliasName: string | undefined;
    if (keyId.startsWith('arn:')) {
      const parts = keyId.split(':');
      const resource = parts.slice(5).join(':');
      if (parts.length < 6 || parts[2] !== 'kms') throw new KmsError('NotFoundException', `Invalid arn ${keyId}`);
      if (parts[3] !== store.region) throw new KmsError('NotFoundException', `Invalid arn ${parts[3]}`);
      if (parts[4] !== store.accountId) throw new KmsError('NotFoundException', `Invalid arn ${keyId}`);
      if (resource.startsWith('key/')) id = resource.slice(4);
      else if (resource.startsWith('alias/') && allowAlias) aliasName = resource;
      else throw new KmsError('NotFoundException', `Invalid arn ${keyId}`);
    } else if (keyId.startsWith('alias/') && allowAlias) {
      aliasName = keyId;
    } else {
      id = keyId;
    }
    if (aliasName !== undefined) {
      const target = store.aliases.get(aliasName);
      if (target === undefined) throw new KmsError('NotFoundException', `Alias ${this.#aliasArn(store, aliasName)} is not found.`);
      id = target.keyId;
    }
    if (!KEY_ID.test(id!)) throw new KmsError('NotFoundException', `Invalid keyId '${id!}'`);
    const key = store.keys.get(id!);
    if (key === undefined) throw new KmsError('NotFoundException', `Key '${this.#keyArn(store, id!)}' does not exist`);
    this.#catchUp(key);
    return key;
  }

  /** Applies what the clock says happened: scheduled automatic rotations, expired imported material. */
  #catchUp(key: KeyRecord): void {
    const core = key.core;
    const now = this.#now();
    const r = core.rotation;
    while (r.enabled && r.next !== undefined && r.periodDays !== undefined && r.next.getTime() <= now) {
      core.materials.push({ id: newMaterialId(), bytes: randomBytes(32), created: new Date(r.next.getTime()), rotationType: 'AUTOMATIC' });
      r.next = new Date(r.next.getTime() + r.periodDays * DAY_MS);
    }
    const imp = core.imported;
    if (imp?.validTo !== undefined && imp.validTo.getTime() <= now && key.state !== 'PendingImport' && key.state !== 'PendingDeletion') {
      this.#dropImportedMaterial(key);
    }
  }

  #dropImportedMaterial(key: KeyRecord): void {
    for (const m of key.core.materials) {
      m.bytes?.fill(0);
      delete m.bytes;
    }
    delete key.core.pair;
    if (key.core.imported !== undefined) delete key.core.imported.validTo;
    key.state = 'PendingImport';
  }

  /** Disabled → `DisabledException`; PendingDeletion / PendingImport → `KMSInvalidStateException`. */
  #assertUsable(key: KeyRecord): void {
    if (key.state === 'Disabled') throw new KmsError('DisabledException', `${key.arn} is disabled.`);
    if (key.state === 'PendingDeletion') throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    if (key.state === 'PendingImport') throw new KmsError('KMSInvalidStateException', `${key.arn} is pending import.`);
  }

  #assertNotPendingDeletion(key: KeyRecord): void {
    if (key.state === 'PendingDeletion') throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
  }

  #assertUsage(key: KeyRecord, usage: KeyUsage, operation: string): void {
    if (key.core.usage !== usage) {
      throw new KmsError('InvalidKeyUsageException', `${key.arn} key usage is ${key.core.usage} which is not valid for ${operation}.`);
    }
  }

  #checkGrantTokens(value: unknown): void {
    const tokens = optionalStringList(value, 'grantTokens', 10);
    for (const token of tokens ?? []) {
      if (!this.#grantTokens.has(token)) throw new KmsError('InvalidGrantTokenException', 'The grant token is not valid.');
    }
  }

  /** DryRun API Reference wording: the checks passed, so the call answers `DryRunOperationException`. */
  #dryRun(req: Record<string, unknown>): void {
    if (optionalBoolean(req.DryRun, 'dryRun') === true) {
      throw new KmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
    }
  }

  #currentMaterial(key: KeyRecord): { version: number; material: Material } {
    const version = key.core.materials.length - 1;
    return { version, material: key.core.materials[version]! };
  }

  #metadata(key: KeyRecord): KeyMetadata {
    const core = key.core;
    const meta: KeyMetadata = {
      AWSAccountId: key.accountId,
      KeyId: core.id,
      Arn: key.arn,
      CreationDate: key.created,
      Enabled: key.state === 'Enabled',
      Description: key.description,
      KeyUsage: core.usage,
      KeyState: key.state,
      Origin: core.origin,
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: core.spec,
      KeySpec: core.spec,
      MultiRegion: core.multiRegion,
    };
    if (key.deletionDate !== undefined) meta.DeletionDate = key.deletionDate;
    if (key.pendingWindowDays !== undefined) meta.PendingDeletionWindowInDays = key.pendingWindowDays;
    if (core.usage === 'ENCRYPT_DECRYPT') {
      meta.EncryptionAlgorithms = core.spec === 'SYMMETRIC_DEFAULT' ? ['SYMMETRIC_DEFAULT'] : ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
    }
    if (core.usage === 'SIGN_VERIFY') meta.SigningAlgorithms = signingAlgorithmsFor(core.spec as AsymmetricKeySpec);
    if (core.usage === 'GENERATE_VERIFY_MAC') meta.MacAlgorithms = [macAlgorithmOf(core.spec as HmacKeySpec)];
    if (core.origin === 'EXTERNAL' && key.state !== 'PendingImport' && core.imported !== undefined) {
      meta.ExpirationModel = core.imported.expirationModel;
      if (core.imported.validTo !== undefined) meta.ValidTo = core.imported.validTo;
    }
    if (core.multiRegion) {
      const ref = (region: string): { Arn: string; Region: string } => ({ Arn: `arn:aws:kms:${region}:${key.accountId}:key/${core.id}`, Region: region });
      meta.MultiRegionConfiguration = {
        MultiRegionKeyType: key.region === core.primaryRegion ? 'PRIMARY' : 'REPLICA',
        PrimaryKey: ref(core.primaryRegion),
        ReplicaKeys: core.replicaRegions.map(ref),
      };
    }
    if (core.spec === 'SYMMETRIC_DEFAULT' && core.materials.length > 0 && key.state !== 'PendingImport') {
      meta.CurrentKeyMaterialId = this.#currentMaterial(key).material.id;
    }
    return meta;
  }

  // ---- symmetric and RSA encryption ---------------------------------------------------------------

  #sealSymmetric(key: KeyRecord, plaintext: Uint8Array, context: EncryptionContext): { blob: Uint8Array; materialId: string } {
    const { version, material } = this.#currentMaterial(key);
    return { blob: sealBlob(key.core.id, version, material.bytes!, plaintext, context), materialId: material.id };
  }

  /** Shared Encrypt path (also ReEncrypt's destination side). */
  #encryptWith(key: KeyRecord, plaintext: Uint8Array, context: EncryptionContext, alg: EncryptionAlgorithm, operation: string): { blob: Uint8Array; materialId?: string } {
    this.#assertUsable(key);
    this.#assertUsage(key, 'ENCRYPT_DECRYPT', operation);
    const spec = key.core.spec;
    if (spec === 'SYMMETRIC_DEFAULT') {
      if (alg !== 'SYMMETRIC_DEFAULT') throw incompatible(alg, spec);
      return this.#sealSymmetric(key, plaintext, context);
    }
    if (alg === 'SYMMETRIC_DEFAULT' || !isRsaSpec(spec)) throw incompatible(alg, spec);
    this.#rejectContextForAsymmetric(context);
    const limit = rsaPlaintextLimit(spec, alg);
    if (plaintext.length > limit) throw invalid(`Algorithm ${alg} and key spec ${spec} cannot encrypt data larger than ${limit} bytes.`);
    return { blob: rsaEncrypt(key.core.pair!, alg, plaintext) };
  }

  /**
   * Encryption context is valid only with symmetric encryption keys (Encrypt API Reference,
   * `EncryptionContext`). The docs do not name the error; this reference answers
   * `ValidationException` (an input the request must not carry).
   */
  #rejectContextForAsymmetric(context: EncryptionContext): void {
    if (hasPairs(context)) throw invalid('EncryptionContext is not supported with asymmetric KMS keys');
  }

  /** Shared Decrypt path (also ReEncrypt's source side). */
  #decryptWith(
    store: Store,
    blobBytes: Uint8Array,
    keyIdValue: unknown,
    context: EncryptionContext,
    alg: EncryptionAlgorithm,
    member: string,
    operation: string,
  ): { key: KeyRecord; plaintext: Uint8Array; materialId?: string } {
    if (keyIdValue !== undefined && keyIdValue !== null) {
      const key = this.#find(store, keyIdValue, member, true);
      this.#assertUsable(key);
      this.#assertUsage(key, 'ENCRYPT_DECRYPT', operation);
      if (key.core.spec !== 'SYMMETRIC_DEFAULT') {
        // Decrypt API Reference: for asymmetric keys KeyId and the same EncryptionAlgorithm are
        // required; the default SYMMETRIC_DEFAULT is incompatible with an RSA key spec.
        if (alg === 'SYMMETRIC_DEFAULT') throw incompatible(alg, key.core.spec);
        this.#rejectContextForAsymmetric(context);
        const plaintext = rsaDecrypt(key.core.pair!.privateKey, alg === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256', blobBytes);
        if (plaintext === undefined) throw invalidCiphertext();
        return { key, plaintext };
      }
      if (alg !== 'SYMMETRIC_DEFAULT') throw incompatible(alg, key.core.spec);
      const blob = parseBlob(blobBytes);
      if (blob === undefined) throw invalidCiphertext();
      if (blob.keyId !== key.core.id) throw incorrectKey();
      return { key, ...this.#openSymmetric(key, blob, context) };
    }
    if (alg !== 'SYMMETRIC_DEFAULT') throw invalid(`${member} is required when the encryption algorithm is ${alg} (asymmetric KMS keys)`);
    // No KeyId: KMS reads the key from the symmetric blob's metadata; an RSA ciphertext has none.
    const blob = parseBlob(blobBytes);
    if (blob === undefined) throw invalidCiphertext();
    const key = store.keys.get(blob.keyId);
    if (key === undefined) throw invalidCiphertext();
    this.#catchUp(key);
    this.#assertUsable(key);
    return { key, ...this.#openSymmetric(key, blob, context) };
  }

  #openSymmetric(key: KeyRecord, blob: NonNullable<ReturnType<typeof parseBlob>>, context: EncryptionContext): { plaintext: Uint8Array; materialId: string } {
    const material = key.core.materials[blob.materialVersion];
    if (material?.bytes === undefined) throw invalidCiphertext();
    const plaintext = openBlob(blob, material.bytes, context);
    if (plaintext === undefined) throw invalidCiphertext();
    return { plaintext, materialId: material.id };
  }

  // ---- key management ----------------------------------------------------------------------------

  /**
   * CreateKey (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html).
   *
   * Input: `{ KeySpec? (default SYMMETRIC_DEFAULT) | CustomerMasterKeySpec? (deprecated synonym),
   * KeyUsage? (required for every spec but SYMMETRIC_DEFAULT), Description? (≤ 8192 chars),
   * Origin?: 'AWS_KMS' | 'EXTERNAL', MultiRegion?: boolean, Policy?, BypassPolicyLockoutSafetyCheck?,
   * Tags? }`. Implemented specs: SYMMETRIC_DEFAULT; RSA_2048/3072/4096 (ENCRYPT_DECRYPT or
   * SIGN_VERIFY); ECC_NIST_P256/P384/P521, ECC_SECG_P256K1 (SIGN_VERIFY); HMAC_224..512
   * (GENERATE_VERIFY_MAC). `MultiRegion: true` gives a `mrk-` key id and a PRIMARY configuration;
   * `Origin: EXTERNAL` a key in `PendingImport` without material.
   *
   * @returns `{ KeyMetadata }`.
   * @throws {KmsError} `ValidationException` (unknown spec/usage, missing or incompatible KeyUsage,
   *   both KeySpec and CustomerMasterKeySpec), `TagException`, `MalformedPolicyDocumentException`,
   *   `UnsupportedOperationException` (real specs, usages and origins this reference does not
   *   implement: SM2, Ed25519, ML-DSA/ML-KEM, KEY_AGREEMENT, custom key stores; multi-Region EXTERNAL keys).
   */
  createKey(input?: unknown, request?: RequestScope): { KeyMetadata: KeyMetadata } {
    const { store, req } = this.#begin('CreateKey', input, request);
    const keySpec = optionalEnum(req.KeySpec, 'keySpec', ALL_KEY_SPECS);
    const cmkSpec = optionalEnum(req.CustomerMasterKeySpec, 'customerMasterKeySpec', ALL_KEY_SPECS);
    if (keySpec !== undefined && cmkSpec !== undefined) throw invalid('You cannot specify KeySpec and CustomerMasterKeySpec in the same request.');
    const spec = keySpec ?? cmkSpec ?? 'SYMMETRIC_DEFAULT';
    const usage = optionalEnum(req.KeyUsage, 'keyUsage', KEY_USAGES);
    if (spec !== 'SYMMETRIC_DEFAULT' && usage === undefined) {
      throw invalid('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    }
    const effectiveUsage = usage ?? 'ENCRYPT_DECRYPT';
    const compatible =
      (spec === 'SYMMETRIC_DEFAULT' && effectiveUsage === 'ENCRYPT_DECRYPT') ||
      (isRsaSpec(spec) && (effectiveUsage === 'ENCRYPT_DECRYPT' || effectiveUsage === 'SIGN_VERIFY')) ||
      (isEccSpec(spec) && (effectiveUsage === 'SIGN_VERIFY' || effectiveUsage === 'KEY_AGREEMENT')) ||
      (isHmacSpec(spec) && effectiveUsage === 'GENERATE_VERIFY_MAC') ||
      !(spec === 'SYMMETRIC_DEFAULT' || isRsaSpec(spec) || isEccSpec(spec) || isHmacSpec(spec));
    if (!compatible) throw invalid(`KeyUsage ${effectiveUsage} is not compatible with KeySpec ${spec}`);
    if (!(spec === 'SYMMETRIC_DEFAULT' || isRsaSpec(spec) || isEccSpec(spec) || isHmacSpec(spec))) {
      throw new KmsError('UnsupportedOperationException', `The reference KMS does not implement key spec ${spec}.`);
    }
    if (effectiveUsage === 'KEY_AGREEMENT' || effectiveUsage === 'ENCAPSULATE_DECAPSULATE') {
      throw new KmsError('UnsupportedOperationException', `The reference KMS does not implement key usage ${effectiveUsage}.`);
    }
    const origin = optionalEnum(req.Origin, 'origin', ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const) ?? 'AWS_KMS';
    if (origin !== 'AWS_KMS' && origin !== 'EXTERNAL') {
      throw new KmsError('UnsupportedOperationException', `The reference KMS does not model custom key stores (Origin ${origin}).`);
    }
    const multiRegion = optionalBoolean(req.MultiRegion, 'multiRegion') ?? false;
    if (multiRegion && origin === 'EXTERNAL') {
      throw new KmsError('UnsupportedOperationException', 'The reference KMS does not implement multi-Region keys with imported key material.');
    }
    const description = optionalString(req.Description, 'description', 8192) ?? '';
    const policyText = optionalString(req.Policy, 'policy');
    if (policyText !== undefined) checkPolicy(policyText, store.accountId, optionalBoolean(req.BypassPolicyLockoutSafetyCheck, 'bypassPolicyLockoutSafetyCheck') ?? false);
    const tags = checkTags(req.Tags, 'tags');
    if (tags.length > MAX_TAGS) throw new KmsError('TagException', 'Too many tags');
    const id = multiRegion ? `mrk-${randomUUID().replaceAll('-', '')}` : randomUUID();
    const now = this.#date();
    const external = origin === 'EXTERNAL';
    const core: KeyCore = {
      id,
      spec,
      usage: effectiveUsage,
      origin,
      multiRegion,
      primaryRegion: store.region,
      replicaRegions: [],
      materials:
        spec === 'SYMMETRIC_DEFAULT'
          ? [external ? { id: newMaterialId(), created: now } : { id: newMaterialId(), bytes: randomBytes(32), created: now }]
          : isHmacSpec(spec)
            ? [external ? { id: newMaterialId(), created: now } : { id: newMaterialId(), bytes: generateHmacMaterial(spec), created: now }]
            : [],
      ...(!external && (isRsaSpec(spec) || isEccSpec(spec)) ? { pair: generatePair(spec) } : {}),
      rotation: { enabled: false, onDemand: 0 },
    };
    const key: KeyRecord = {
      core,
      region: store.region,
      accountId: store.accountId,
      arn: this.#keyArn(store, id),
      created: now,
      description,
      state: external ? 'PendingImport' : 'Enabled',
      policy: policyText ?? defaultPolicy(store.accountId),
      tags: new Map(tags.map((t) => [t.TagKey, t.TagValue])),
    };
    store.keys.set(id, key);
    return { KeyMetadata: this.#metadata(key) };
  }

  /**
   * DescribeKey (API_DescribeKey). Input `{ KeyId (id, ARN, alias name or alias ARN), GrantTokens? }`;
   * works in every key state. @returns `{ KeyMetadata }` (with `CurrentKeyMaterialId` for symmetric
   * keys that have material). @throws {KmsError} `NotFoundException`, `InvalidGrantTokenException`.
   */
  describeKey(input: unknown, request?: RequestScope): { KeyMetadata: KeyMetadata } {
    const { store, req } = this.#begin('DescribeKey', input, request);
    this.#checkGrantTokens(req.GrantTokens);
    return { KeyMetadata: this.#metadata(this.#find(store, req.KeyId, 'keyId', true)) };
  }

  /**
   * ListKeys (API_ListKeys). Input `{ Limit?: 1..1000 (default 100), Marker? }`.
   * @returns `{ Keys: [{ KeyId, KeyArn }], Truncated, NextMarker? }`.
   * @throws {KmsError} `SerializationException` (Limit not a number), `ValidationException`, `InvalidMarkerException`.
   */
  listKeys(input?: unknown, request?: RequestScope): { Keys: { KeyId: string; KeyArn: string }[]; Truncated: boolean; NextMarker?: string } {
    const { store, req } = this.#begin('ListKeys', input, request);
    const { items, ...rest } = page([...store.keys.values()].map((k) => ({ KeyId: k.core.id, KeyArn: k.arn })), req);
    return { Keys: items, ...rest };
  }

  /**
   * UpdateKeyDescription (API_UpdateKeyDescription). Input `{ KeyId (id or ARN), Description (0..8192 chars) }`.
   * @throws {KmsError} `NotFoundException`, `KMSInvalidStateException` (pending deletion), `ValidationException`.
   */
  updateKeyDescription(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('UpdateKeyDescription', input, request);
    if (req.Description === undefined || req.Description === null) throw validation(`Value null at 'description' failed to satisfy constraint: Member must not be null`);
    const description = optionalString(req.Description, 'description', 8192)!;
    const key = this.#find(store, req.KeyId, 'keyId', false);
    this.#assertNotPendingDeletion(key);
    key.description = description;
    return {};
  }

  /** EnableKey (API_EnableKey). @throws {KmsError} `NotFoundException`, `KMSInvalidStateException` (pending deletion or import). */
  enableKey(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('EnableKey', input, request);
    const key = this.#find(store, req.KeyId, 'keyId', false);
    if (key.state === 'PendingDeletion' || key.state === 'PendingImport') this.#assertUsable(key);
    key.state = 'Enabled';
    return {};
  }

  /**
   * DisableKey (API_DisableKey): cryptographic operations then fail with `DisabledException`.
   * @throws {KmsError} `NotFoundException`, `KMSInvalidStateException`.
   */
  disableKey(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('DisableKey', input, request);
    const key = this.#find(store, req.KeyId, 'keyId', false);
    if (key.state === 'PendingDeletion' || key.state === 'PendingImport') this.#assertUsable(key);
    key.state = 'Disabled';
    return {};
  }

  /**
   * ScheduleKeyDeletion (API_ScheduleKeyDeletion). Input `{ KeyId (id or ARN), PendingWindowInDays?: 7..30 (default 30) }`.
   * The key enters `PendingDeletion`; every cryptographic use then fails with
   * `KMSInvalidStateException`. The reference never deletes; `CancelKeyDeletion` restores the key as Disabled.
   * @returns `{ KeyId (ARN), DeletionDate, KeyState: 'PendingDeletion', PendingWindowInDays }`.
   * @throws {KmsError} `ValidationException` (window outside 7..30 days), `KMSInvalidStateException`, `NotFoundException`.
   */
  scheduleKeyDeletion(input: unknown, request?: RequestScope): { KeyId: string; DeletionDate: Date; KeyState: 'PendingDeletion'; PendingWindowInDays: number } {
    const { store, req } = this.#begin('ScheduleKeyDeletion', input, request);
    const days = optionalInteger(req.PendingWindowInDays, 'pendingWindowInDays', 7, 30) ?? 30;
    const key = this.#find(store, req.KeyId, 'keyId', false);
    this.#assertNotPendingDeletion(key);
    key.state = 'PendingDeletion';
    key.pendingWindowDays = days;
    key.deletionDate = this.#date(days * DAY_MS);
    return { KeyId: key.arn, DeletionDate: key.deletionDate, KeyState: 'PendingDeletion', PendingWindowInDays: days };
  }

  /**
   * CancelKeyDeletion (API_CancelKeyDeletion): the key leaves PendingDeletion in the Disabled state
   * (PendingImport for an imported key without material).
   * @returns `{ KeyId (ARN) }`. @throws {KmsError} `KMSInvalidStateException` (not pending deletion), `NotFoundException`.
   */
  cancelKeyDeletion(input: unknown, request?: RequestScope): { KeyId: string } {
    const { store, req } = this.#begin('CancelKeyDeletion', input, request);
    const key = this.#find(store, req.KeyId, 'keyId', false);
    if (key.state !== 'PendingDeletion') throw new KmsError('KMSInvalidStateException', `${key.arn} is not pending deletion.`);
    const hasMaterial = key.core.origin !== 'EXTERNAL' || key.core.pair !== undefined || key.core.materials.some((m) => m.bytes !== undefined);
    key.state = hasMaterial ? 'Disabled' : 'PendingImport';
    delete key.deletionDate;
    delete key.pendingWindowDays;
    return { KeyId: key.arn };
  }

  // ---- aliases -----------------------------------------------------------------------------------

  #aliasName(value: unknown): string {
    const name = requiredString(value, 'aliasName', 256);
    if (!name.startsWith('alias/')) {
      throw invalid('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
    }
    if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(name)) {
      throw validation(`Value '${name}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9/_-]+$`);
    }
    return name;
  }

  /**
   * The target of an alias must be a key, never another alias (CreateAlias API Reference,
   * `TargetKeyId`); the refusal is a `ValidationException`, as moto answers it.
   */
  #aliasTarget(store: Store, value: unknown): KeyRecord {
    if (typeof value === 'string' && (value.startsWith('alias/') || /^arn:[^:]*:kms:[^:]*:[^:]*:alias\//.test(value))) {
      throw invalid('Aliases must refer to keys, not to other aliases.');
    }
    return this.#find(store, value, 'targetKeyId', false);
  }

  /** `alias/aws/` is reserved for AWS managed keys (CreateAlias API Reference); AWS refuses it as not authorised. */
  #assertNotReserved(name: string): void {
    if (name.startsWith('alias/aws/')) throw new KmsError('NotAuthorizedException', `The alias ${name} uses the prefix alias/aws/, which is reserved for AWS managed keys.`);
  }

  /**
   * CreateAlias (API_CreateAlias). Input `{ AliasName: 'alias/<name>', TargetKeyId: key id or key ARN }`.
   * @returns `{}`.
   * @throws {KmsError} `ValidationException` (no `alias/` prefix, bad characters),
   *   `NotAuthorizedException` (`alias/aws/` prefix), `ValidationException` (target given as an
   *   alias), `NotFoundException`, `AlreadyExistsException`, `KMSInvalidStateException` (target pending deletion).
   */
  createAlias(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('CreateAlias', input, request);
    const name = this.#aliasName(req.AliasName);
    this.#assertNotReserved(name);
    const key = this.#aliasTarget(store, req.TargetKeyId);
    if (store.aliases.has(name)) throw new KmsError('AlreadyExistsException', `An alias with the name ${this.#aliasArn(store, name)} already exists`);
    this.#assertNotPendingDeletion(key);
    const now = this.#date();
    store.aliases.set(name, { keyId: key.core.id, created: now, updated: now });
    return {};
  }

  /**
   * UpdateAlias (API_UpdateAlias): points an existing alias at another key (of the same type and usage).
   * @throws {KmsError} `NotFoundException`, `NotAuthorizedException`, `ValidationException`, `KMSInvalidStateException`.
   */
  updateAlias(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('UpdateAlias', input, request);
    const name = this.#aliasName(req.AliasName);
    this.#assertNotReserved(name);
    const alias = store.aliases.get(name);
    if (alias === undefined) throw new KmsError('NotFoundException', `Alias ${this.#aliasArn(store, name)} is not found.`);
    const key = this.#aliasTarget(store, req.TargetKeyId);
    this.#assertNotPendingDeletion(key);
    const old = store.keys.get(alias.keyId);
    if (old !== undefined && (old.core.usage !== key.core.usage || (old.core.spec === 'SYMMETRIC_DEFAULT') !== (key.core.spec === 'SYMMETRIC_DEFAULT'))) {
      throw invalid('An alias can only be moved to a KMS key of the same key type and key usage.');
    }
    alias.keyId = key.core.id;
    alias.updated = this.#date();
    return {};
  }

  /** DeleteAlias (API_DeleteAlias). @throws {KmsError} `NotFoundException`, `NotAuthorizedException`, `ValidationException`. */
  deleteAlias(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('DeleteAlias', input, request);
    const name = this.#aliasName(req.AliasName);
    this.#assertNotReserved(name);
    if (!store.aliases.delete(name)) throw new KmsError('NotFoundException', `Alias ${this.#aliasArn(store, name)} is not found.`);
    return {};
  }

  /**
   * ListAliases (API_ListAliases). Input `{ KeyId?, Limit?: 1..100, Marker? }`. Without `KeyId` the
   * list includes the predefined `alias/aws/*` aliases, without `TargetKeyId` (no AWS managed key
   * exists in the reference); with `KeyId` only that key's aliases.
   * @returns `{ Aliases: [{ AliasName, AliasArn, TargetKeyId?, CreationDate?, LastUpdatedDate? }], Truncated, NextMarker? }`.
   */
  listAliases(input?: unknown, request?: RequestScope): {
    Aliases: { AliasName: string; AliasArn: string; TargetKeyId?: string; CreationDate?: Date; LastUpdatedDate?: Date }[];
    Truncated: boolean;
    NextMarker?: string;
  } {
    const { store, req } = this.#begin('ListAliases', input, request);
    const only = req.KeyId === undefined || req.KeyId === null ? undefined : this.#find(store, req.KeyId, 'keyId', false).core.id;
    const own = [...store.aliases.entries()]
      .filter(([, a]) => only === undefined || a.keyId === only)
      .map(([AliasName, a]) => ({ AliasName, AliasArn: this.#aliasArn(store, AliasName), TargetKeyId: a.keyId, CreationDate: a.created, LastUpdatedDate: a.updated }));
    const predefined = only === undefined ? PREDEFINED_ALIASES.map((AliasName) => ({ AliasName, AliasArn: this.#aliasArn(store, AliasName) })) : [];
    const { items, ...rest } = page([...own, ...predefined], req, 100, 50);
    return { Aliases: items, ...rest };
  }

  // ---- cryptographic operations ------------------------------------------------------------------

  /**
   * Encrypt (https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html).
   *
   * Input `{ KeyId, Plaintext: 1..4096 bytes, EncryptionContext?, EncryptionAlgorithm?, GrantTokens?, DryRun? }`.
   * Symmetric keys: `SYMMETRIC_DEFAULT`, context bound as AAD. RSA ENCRYPT_DECRYPT keys:
   * `RSAES_OAEP_SHA_1` or `RSAES_OAEP_SHA_256` within {@link RSA_PLAINTEXT_LIMITS}, no context.
   *
   * @returns `{ CiphertextBlob, KeyId (ARN), EncryptionAlgorithm }` — no `KeyMaterialId`: the KMS
   *   model's EncryptResponse has none (Decrypt, ReEncrypt and GenerateDataKey* do).
   * @throws {KmsError} `ValidationException` (plaintext 0 or > 4096 bytes, over the RSA limit, context
   *   with an RSA key), `InvalidKeyUsageException`, `NotFoundException`, `DisabledException`,
   *   `KMSInvalidStateException`, `InvalidGrantTokenException`, `DryRunOperationException`, `ThrottlingException`.
   */
  encrypt(input: unknown, request?: RequestScope): { CiphertextBlob: Uint8Array; KeyId: string; EncryptionAlgorithm: EncryptionAlgorithm } {
    const { store, req } = this.#begin('Encrypt', input, request);
    const plaintext = requiredBytes(req.Plaintext, 'plaintext', 1, MAX_SYMMETRIC_PLAINTEXT_BYTES);
    const context = optionalContext(req.EncryptionContext, 'encryptionContext');
    const alg = this.#encryptionAlgorithm(req.EncryptionAlgorithm, 'encryptionAlgorithm');
    this.#checkGrantTokens(req.GrantTokens);
    const key = this.#find(store, req.KeyId, 'keyId', true);
    const out = this.#encryptWith(key, plaintext, context, alg, 'Encrypt');
    this.#dryRun(req);
    return { CiphertextBlob: out.blob, KeyId: key.arn, EncryptionAlgorithm: alg };
  }

  #encryptionAlgorithm(value: unknown, member: string): EncryptionAlgorithm {
    const alg = optionalEnum(value, member, ENCRYPTION_ALGORITHMS, 'SYMMETRIC_DEFAULT')!;
    if (alg === 'SM2PKE') throw new KmsError('UnsupportedOperationException', 'The reference KMS does not implement SM2 (China Regions only).');
    return alg;
  }

  /**
   * Decrypt (https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html).
   *
   * Input `{ CiphertextBlob: 1..6144 bytes, KeyId?, EncryptionContext?, EncryptionAlgorithm?, GrantTokens?, DryRun? }`.
   * Symmetric: KeyId optional (read from the blob); if given it must be the key that encrypted, else
   * `IncorrectKeyException`; the context must match exactly (order of pairs free), else
   * `InvalidCiphertextException`. RSA: KeyId and the same `RSAES_*` algorithm are required.
   * A replica of a multi-Region key decrypts what its primary (or any other replica) encrypted.
   *
   * @returns `{ KeyId (ARN), Plaintext, EncryptionAlgorithm, KeyMaterialId? (symmetric keys) }`.
   * @throws {KmsError} `InvalidCiphertextException`, `IncorrectKeyException`, `InvalidKeyUsageException`,
   *   `ValidationException`, `NotFoundException`, `DisabledException`, `KMSInvalidStateException`,
   *   `InvalidGrantTokenException`, `DryRunOperationException`, `ThrottlingException`.
   */
  decrypt(input: unknown, request?: RequestScope): { KeyId: string; Plaintext: Uint8Array; EncryptionAlgorithm: EncryptionAlgorithm; KeyMaterialId?: string } {
    const { store, req } = this.#begin('Decrypt', input, request);
    const blob = requiredBytes(req.CiphertextBlob, 'ciphertextBlob', 1, MAX_CIPHERTEXT_BLOB_BYTES);
    const context = optionalContext(req.EncryptionContext, 'encryptionContext');
    const alg = this.#encryptionAlgorithm(req.EncryptionAlgorithm, 'encryptionAlgorithm');
    this.#checkGrantTokens(req.GrantTokens);
    const { key, plaintext, materialId } = this.#decryptWith(store, blob, req.KeyId, context, alg, 'keyId', 'Decrypt');
    if (optionalBoolean(req.DryRun, 'dryRun') === true) {
      plaintext.fill(0);
      this.#dryRun(req);
    }
    return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: alg, ...(materialId !== undefined ? { KeyMaterialId: materialId } : {}) };
  }

  /**
   * ReEncrypt (https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html): decrypts with
   * the source parameters and encrypts under the destination key without returning plaintext.
   *
   * Input `{ CiphertextBlob, DestinationKeyId, SourceKeyId?, SourceEncryptionContext?,
   * DestinationEncryptionContext?, SourceEncryptionAlgorithm?, DestinationEncryptionAlgorithm?, GrantTokens?, DryRun? }`.
   *
   * @returns `{ CiphertextBlob, SourceKeyId (ARN), KeyId (destination ARN), SourceEncryptionAlgorithm,
   *   DestinationEncryptionAlgorithm, SourceKeyMaterialId?, DestinationKeyMaterialId? }`.
   * @throws {KmsError} the errors of {@link decrypt} for the source side and of {@link encrypt} for the destination.
   */
  reEncrypt(input: unknown, request?: RequestScope): {
    CiphertextBlob: Uint8Array;
    SourceKeyId: string;
    KeyId: string;
    SourceEncryptionAlgorithm: EncryptionAlgorithm;
    DestinationEncryptionAlgorithm: EncryptionAlgorithm;
    SourceKeyMaterialId?: string;
    DestinationKeyMaterialId?: string;
  } {
    const { store, req } = this.#begin('ReEncrypt', input, request);
    const blob = requiredBytes(req.CiphertextBlob, 'ciphertextBlob', 1, MAX_CIPHERTEXT_BLOB_BYTES);
    const sourceContext = optionalContext(req.SourceEncryptionContext, 'sourceEncryptionContext');
    const destinationContext = optionalContext(req.DestinationEncryptionContext, 'destinationEncryptionContext');
    const sourceAlg = this.#encryptionAlgorithm(req.SourceEncryptionAlgorithm, 'sourceEncryptionAlgorithm');
    const destinationAlg = this.#encryptionAlgorithm(req.DestinationEncryptionAlgorithm, 'destinationEncryptionAlgorithm');
    requiredString(req.DestinationKeyId, 'destinationKeyId');
    this.#checkGrantTokens(req.GrantTokens);
    const source = this.#decryptWith(store, blob, req.SourceKeyId, sourceContext, sourceAlg, 'sourceKeyId', 'ReEncrypt');
    try {
      const destination = this.#find(store, req.DestinationKeyId, 'destinationKeyId', true);
      const out = this.#encryptWith(destination, source.plaintext, destinationContext, destinationAlg, 'ReEncrypt');
      this.#dryRun(req);
      return {
        CiphertextBlob: out.blob,
        SourceKeyId: source.key.arn,
        KeyId: destination.arn,
        SourceEncryptionAlgorithm: sourceAlg,
        DestinationEncryptionAlgorithm: destinationAlg,
        ...(source.materialId !== undefined ? { SourceKeyMaterialId: source.materialId } : {}),
        ...(out.materialId !== undefined ? { DestinationKeyMaterialId: out.materialId } : {}),
      };
    } finally {
      source.plaintext.fill(0);
    }
  }

  #dataKeyLength(req: Record<string, unknown>): number {
    const spec = optionalEnum(req.KeySpec, 'keySpec', ['AES_256', 'AES_128'] as const);
    const count = optionalInteger(req.NumberOfBytes, 'numberOfBytes', 1, 1024);
    // GenerateDataKey API Reference: "You must specify either the KeySpec or the NumberOfBytes
    // parameter (but not both) in every GenerateDataKey request."
    if (spec !== undefined && count !== undefined) throw invalid('Please specify either number of bytes or key spec.');
    if (spec === undefined && count === undefined) throw invalid('Please specify either number of bytes or key spec.');
    return spec === 'AES_256' ? 32 : spec === 'AES_128' ? 16 : count!;
  }

  /** A symmetric ENCRYPT_DECRYPT key, usable, for data key operations. */
  #dataKeyKey(store: Store, req: Record<string, unknown>, operation: string): KeyRecord {
    const key = this.#find(store, req.KeyId, 'keyId', true);
    this.#assertUsable(key);
    this.#assertUsage(key, 'ENCRYPT_DECRYPT', operation);
    if (key.core.spec !== 'SYMMETRIC_DEFAULT') {
      throw new KmsError('InvalidKeyUsageException', `${key.arn} key spec is ${key.core.spec} which is not valid for ${operation}.`);
    }
    return key;
  }

  #generateDataKey(operation: string, input: unknown, request: RequestScope | undefined): { CiphertextBlob: Uint8Array; Plaintext: Uint8Array; KeyId: string; KeyMaterialId: string } {
    const { store, req } = this.#begin(operation, input, request);
    const length = this.#dataKeyLength(req);
    const context = optionalContext(req.EncryptionContext, 'encryptionContext');
    this.#checkGrantTokens(req.GrantTokens);
    const key = this.#dataKeyKey(store, req, operation);
    this.#dryRun(req);
    const Plaintext = randomBytes(length);
    const sealed = this.#sealSymmetric(key, Plaintext, context);
    return { CiphertextBlob: sealed.blob, Plaintext, KeyId: key.arn, KeyMaterialId: sealed.materialId };
  }

  /**
   * GenerateDataKey (https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html).
   *
   * Input `{ KeyId, KeySpec?: 'AES_256' | 'AES_128', NumberOfBytes?: 1..1024, EncryptionContext?, GrantTokens?, DryRun? }`
   * — exactly one of KeySpec and NumberOfBytes.
   *
   * @returns `{ CiphertextBlob (the encrypted data key), Plaintext (32, 16 or NumberOfBytes bytes), KeyId (ARN), KeyMaterialId }`.
   * @throws {KmsError} `ValidationException`, `InvalidKeyUsageException` (not a symmetric encryption
   *   key), `NotFoundException`, `DisabledException`, `KMSInvalidStateException`,
   *   `InvalidGrantTokenException`, `DryRunOperationException`, `ThrottlingException`.
   */
  generateDataKey(input: unknown, request?: RequestScope): { CiphertextBlob: Uint8Array; Plaintext: Uint8Array; KeyId: string; KeyMaterialId: string } {
    return this.#generateDataKey('GenerateDataKey', input, request);
  }

  /**
   * GenerateDataKeyWithoutPlaintext (API_GenerateDataKeyWithoutPlaintext): as {@link generateDataKey}
   * without `Plaintext` in the response.
   * @returns `{ CiphertextBlob, KeyId (ARN), KeyMaterialId }`.
   */
  generateDataKeyWithoutPlaintext(input: unknown, request?: RequestScope): { CiphertextBlob: Uint8Array; KeyId: string; KeyMaterialId: string } {
    const { CiphertextBlob, Plaintext, KeyId, KeyMaterialId } = this.#generateDataKey('GenerateDataKeyWithoutPlaintext', input, request);
    Plaintext.fill(0);
    return { CiphertextBlob, KeyId, KeyMaterialId };
  }

  #generateDataKeyPair(operation: string, input: unknown, request: RequestScope | undefined): DataKeyPairResult {
    const { store, req } = this.#begin(operation, input, request);
    const pairSpec = requiredEnum(req.KeyPairSpec, 'keyPairSpec', KEY_PAIR_SPECS);
    const context = optionalContext(req.EncryptionContext, 'encryptionContext');
    this.#checkGrantTokens(req.GrantTokens);
    const key = this.#dataKeyKey(store, req, operation);
    if (!isRsaSpec(pairSpec) && !isEccSpec(pairSpec)) {
      throw new KmsError('UnsupportedOperationException', `The reference KMS does not implement key pair spec ${pairSpec}.`);
    }
    this.#dryRun(req);
    const pair = generatePair(pairSpec);
    const PrivateKeyPlaintext = privateKeyDer(pair);
    const sealed = this.#sealSymmetric(key, PrivateKeyPlaintext, context);
    return {
      PrivateKeyCiphertextBlob: sealed.blob,
      PrivateKeyPlaintext,
      PublicKey: publicKeyDer(pair),
      KeyId: key.arn,
      KeyPairSpec: pairSpec,
      KeyMaterialId: sealed.materialId,
    };
  }

  /**
   * GenerateDataKeyPair (https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKeyPair.html).
   *
   * Input `{ KeyId (symmetric encryption key), KeyPairSpec: RSA_2048|RSA_3072|RSA_4096|ECC_NIST_P256|
   * ECC_NIST_P384|ECC_NIST_P521|ECC_SECG_P256K1, EncryptionContext?, GrantTokens?, DryRun? }`.
   *
   * @returns `{ PrivateKeyCiphertextBlob (the DER PKCS #8 private key under the KMS key, decryptable
   *   with Decrypt and the same context), PrivateKeyPlaintext (DER PKCS #8), PublicKey (DER SPKI),
   *   KeyId (ARN), KeyPairSpec, KeyMaterialId }`.
   * @throws {KmsError} the errors of {@link generateDataKey}; `UnsupportedOperationException` for SM2, Ed25519, ML-KEM.
   */
  generateDataKeyPair(input: unknown, request?: RequestScope): DataKeyPairResult {
    return this.#generateDataKeyPair('GenerateDataKeyPair', input, request);
  }

  /**
   * GenerateDataKeyPairWithoutPlaintext (API_GenerateDataKeyPairWithoutPlaintext): as
   * {@link generateDataKeyPair} without `PrivateKeyPlaintext`.
   * @returns `{ PrivateKeyCiphertextBlob, PublicKey, KeyId, KeyPairSpec, KeyMaterialId }`.
   */
  generateDataKeyPairWithoutPlaintext(input: unknown, request?: RequestScope): {
    PrivateKeyCiphertextBlob: Uint8Array;
    PublicKey: Uint8Array;
    KeyId: string;
    KeyPairSpec: string;
    KeyMaterialId: string;
  } {
    const { PrivateKeyPlaintext, ...rest } = this.#generateDataKeyPair('GenerateDataKeyPairWithoutPlaintext', input, request);
    PrivateKeyPlaintext.fill(0);
    return rest;
  }

  /**
   * GenerateRandom (API_GenerateRandom). Input `{ NumberOfBytes: 1..1024 }`.
   * @returns `{ Plaintext }`. @throws {KmsError} `ValidationException`, `ThrottlingException`.
   */
  generateRandom(input: unknown, request?: RequestScope): { Plaintext: Uint8Array } {
    const { req } = this.#begin('GenerateRandom', input, request);
    if (req.NumberOfBytes === undefined || req.NumberOfBytes === null) throw invalid('NumberOfBytes is required.');
    return { Plaintext: randomBytes(optionalInteger(req.NumberOfBytes, 'numberOfBytes', 1, 1024)!) };
  }

  // ---- signing and MACs --------------------------------------------------------------------------

  #signingInput(operation: 'Sign' | 'Verify', store: Store, req: Record<string, unknown>): {
    key: KeyRecord;
    alg: SigningAlgorithm;
    message: Uint8Array;
    isDigest: boolean;
  } {
    const message = requiredBytes(req.Message, 'message', 1, MAX_MESSAGE_BYTES);
    const messageType = optionalEnum(req.MessageType, 'messageType', ['RAW', 'DIGEST', 'EXTERNAL_MU'] as const, 'RAW')!;
    const algName = requiredEnum(req.SigningAlgorithm, 'signingAlgorithm', SIGNING_ALGORITHM_NAMES);
    this.#checkGrantTokens(req.GrantTokens);
    const key = this.#find(store, req.KeyId, 'keyId', true);
    this.#assertUsable(key);
    this.#assertUsage(key, 'SIGN_VERIFY', operation);
    const spec = key.core.spec as AsymmetricKeySpec;
    if (!(signingAlgorithmsFor(spec) as string[]).includes(algName)) throw incompatible(algName, spec);
    const alg = algName as SigningAlgorithm;
    if (messageType === 'EXTERNAL_MU') throw invalid(`MessageType EXTERNAL_MU is valid only with ML_DSA keys, not ${spec}.`);
    const isDigest = messageType === 'DIGEST';
    if (isDigest && message.length !== hashOf(alg).bytes) throw invalid(`Digest is invalid length for algorithm ${alg}.`);
    return { key, alg, message, isDigest };
  }

  /**
   * Sign (https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html).
   *
   * Input `{ KeyId (SIGN_VERIFY key), Message: 1..4096 bytes, MessageType?: 'RAW' (default) |
   * 'DIGEST', SigningAlgorithm, GrantTokens?, DryRun? }`. With `DIGEST` the message is the digest
   * and must be exactly as long as the algorithm's hash (32, 48 or 64 bytes). RSASSA-PSS uses a
   * salt as long as the hash; ECDSA signatures are DER-encoded.
   *
   * @returns `{ KeyId (ARN), Signature, SigningAlgorithm }`.
   * @throws {KmsError} `ValidationException` (digest length, message size, unknown algorithm),
   *   `InvalidKeyUsageException` (not a SIGN_VERIFY key, or an algorithm of another key spec),
   *   `NotFoundException`, `DisabledException`, `KMSInvalidStateException`, `DryRunOperationException`, `ThrottlingException`.
   */
  sign(input: unknown, request?: RequestScope): { KeyId: string; Signature: Uint8Array; SigningAlgorithm: SigningAlgorithm } {
    const { store, req } = this.#begin('Sign', input, request);
    const { key, alg, message, isDigest } = this.#signingInput('Sign', store, req);
    this.#dryRun(req);
    return { KeyId: key.arn, Signature: signWith(key.core.spec as AsymmetricKeySpec, key.core.pair!, alg, message, isDigest), SigningAlgorithm: alg };
  }

  /**
   * Verify (https://docs.aws.amazon.com/kms/latest/APIReference/API_Verify.html). Input as
   * {@link sign} plus `Signature` (1..6144 bytes). A signature over a message verifies with
   * `MessageType: DIGEST` and that message's digest, and the other way round.
   *
   * @returns `{ KeyId (ARN), SignatureValid: true, SigningAlgorithm }`.
   * @throws {KmsError} `KMSInvalidSignatureException` when the signature is not valid (the service
   *   never answers `SignatureValid: false`), and the errors of {@link sign}.
   */
  verify(input: unknown, request?: RequestScope): { KeyId: string; SignatureValid: true; SigningAlgorithm: SigningAlgorithm } {
    const { store, req } = this.#begin('Verify', input, request);
    const signature = requiredBytes(req.Signature, 'signature', 1, MAX_CIPHERTEXT_BLOB_BYTES);
    const { key, alg, message, isDigest } = this.#signingInput('Verify', store, req);
    this.#dryRun(req);
    if (!verifyWith(key.core.spec as AsymmetricKeySpec, key.core.pair!, alg, message, isDigest, signature)) {
      throw new KmsError('KMSInvalidSignatureException', '');
    }
    return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: alg };
  }

  /**
   * GetPublicKey (API_GetPublicKey) of an RSA or ECC key.
   * @returns `{ KeyId (ARN), PublicKey (DER SubjectPublicKeyInfo), KeySpec, CustomerMasterKeySpec,
   *   KeyUsage, EncryptionAlgorithms? (ENCRYPT_DECRYPT) | SigningAlgorithms? (SIGN_VERIFY) }`.
   * @throws {KmsError} `UnsupportedOperationException` (symmetric or HMAC key), `DisabledException`,
   *   `KMSInvalidStateException`, `NotFoundException`, `ThrottlingException`.
   */
  getPublicKey(input: unknown, request?: RequestScope): {
    KeyId: string;
    PublicKey: Uint8Array;
    KeySpec: ReferenceKeySpec;
    CustomerMasterKeySpec: ReferenceKeySpec;
    KeyUsage: KeyUsage;
    EncryptionAlgorithms?: EncryptionAlgorithm[];
    SigningAlgorithms?: SigningAlgorithm[];
  } {
    const { store, req } = this.#begin('GetPublicKey', input, request);
    this.#checkGrantTokens(req.GrantTokens);
    const key = this.#find(store, req.KeyId, 'keyId', true);
    this.#assertUsable(key);
    if (key.core.pair === undefined) throw new KmsError('UnsupportedOperationException', `${key.arn} key spec is ${key.core.spec}, which has no public key.`);
    const meta = this.#metadata(key);
    return {
      KeyId: key.arn,
      PublicKey: publicKeyDer(key.core.pair),
      KeySpec: key.core.spec,
      CustomerMasterKeySpec: key.core.spec,
      KeyUsage: key.core.usage,
      ...(meta.EncryptionAlgorithms !== undefined ? { EncryptionAlgorithms: meta.EncryptionAlgorithms } : {}),
      ...(meta.SigningAlgorithms !== undefined ? { SigningAlgorithms: meta.SigningAlgorithms } : {}),
    };
  }

  #macInput(operation: 'GenerateMac' | 'VerifyMac', store: Store, req: Record<string, unknown>): { key: KeyRecord; alg: MacAlgorithm; message: Uint8Array } {
    const message = requiredBytes(req.Message, 'message', 1, MAX_MESSAGE_BYTES);
    const alg = requiredEnum(req.MacAlgorithm, 'macAlgorithm', MAC_ALGORITHMS);
    this.#checkGrantTokens(req.GrantTokens);
    const key = this.#find(store, req.KeyId, 'keyId', true);
    this.#assertUsable(key);
    this.#assertUsage(key, 'GENERATE_VERIFY_MAC', operation);
    if (macAlgorithmOf(key.core.spec as HmacKeySpec) !== alg) throw incompatible(alg, key.core.spec);
    return { key, alg, message };
  }

  /**
   * GenerateMac (https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateMac.html).
   * Input `{ KeyId (HMAC key), Message: 1..4096 bytes, MacAlgorithm (the one of the key spec), GrantTokens?, DryRun? }`.
   * @returns `{ KeyId (ARN), Mac, MacAlgorithm }`.
   * @throws {KmsError} `InvalidKeyUsageException` (not an HMAC key, or another spec's algorithm),
   *   `ValidationException`, `NotFoundException`, `DisabledException`, `KMSInvalidStateException`,
   *   `DryRunOperationException`, `ThrottlingException`.
   */
  generateMac(input: unknown, request?: RequestScope): { KeyId: string; Mac: Uint8Array; MacAlgorithm: MacAlgorithm } {
    const { store, req } = this.#begin('GenerateMac', input, request);
    const { key, alg, message } = this.#macInput('GenerateMac', store, req);
    this.#dryRun(req);
    return { KeyId: key.arn, Mac: computeMac(alg, key.core.materials[0]!.bytes!, message), MacAlgorithm: alg };
  }

  /**
   * VerifyMac (API_VerifyMac). Input as {@link generateMac} plus `Mac` (1..6144 bytes).
   * @returns `{ KeyId (ARN), MacValid: true, MacAlgorithm }`.
   * @throws {KmsError} `KMSInvalidMacException` when the MAC does not match (never `MacValid: false`),
   *   and the errors of {@link generateMac}.
   */
  verifyMac(input: unknown, request?: RequestScope): { KeyId: string; MacValid: true; MacAlgorithm: MacAlgorithm } {
    const { store, req } = this.#begin('VerifyMac', input, request);
    const mac = requiredBytes(req.Mac, 'mac', 1, MAX_CIPHERTEXT_BLOB_BYTES);
    const { key, alg, message } = this.#macInput('VerifyMac', store, req);
    this.#dryRun(req);
    if (!isMacValid(alg, key.core.materials[0]!.bytes!, message, mac)) throw new KmsError('KMSInvalidMacException', '');
    return { KeyId: key.arn, MacValid: true, MacAlgorithm: alg };
  }

  // ---- rotation ----------------------------------------------------------------------------------

  /** Rotation applies to symmetric encryption keys with AWS-made material, on the primary. */
  #rotatable(key: KeyRecord, what: string): void {
    if (key.core.spec !== 'SYMMETRIC_DEFAULT') {
      throw new KmsError('UnsupportedOperationException', `${key.arn} key spec ${key.core.spec} is not supported for ${what}.`);
    }
    if (key.core.origin !== 'AWS_KMS') throw new KmsError('UnsupportedOperationException', `${key.arn} origin is ${key.core.origin} which is not valid for this operation.`);
    if (key.core.multiRegion && key.region !== key.core.primaryRegion) {
      throw new KmsError('UnsupportedOperationException', `${key.arn} is a multi-Region replica key; ${what} is set on its primary key.`);
    }
  }

  /**
   * EnableKeyRotation (API_EnableKeyRotation). Input `{ KeyId (key id or ARN, not an alias),
   * RotationPeriodInDays?: 90..2560 (default 365) }`. The first automatic rotation is due
   * `RotationPeriodInDays` after rotation is enabled; the injected clock makes it happen.
   * @throws {KmsError} `ValidationException` (period), `NotFoundException` (also for an alias name),
   *   `UnsupportedOperationException` (asymmetric, HMAC, imported, replica), `DisabledException`, `KMSInvalidStateException`.
   */
  enableKeyRotation(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('EnableKeyRotation', input, request);
    const period = optionalInteger(req.RotationPeriodInDays, 'rotationPeriodInDays', 90, 2560) ?? 365;
    const key = this.#find(store, req.KeyId, 'keyId', false);
    this.#assertUsable(key);
    this.#rotatable(key, 'automatic key rotation');
    const r = key.core.rotation;
    const lastAutomatic = [...key.core.materials].reverse().find((m) => m.rotationType === 'AUTOMATIC');
    const anchor = r.enabled ? (lastAutomatic?.created.getTime() ?? (r.next!.getTime() - r.periodDays! * DAY_MS)) : this.#now();
    r.enabled = true;
    r.periodDays = period;
    r.next = new Date(anchor + period * DAY_MS);
    return {};
  }

  /** DisableKeyRotation (API_DisableKeyRotation). Same errors as {@link enableKeyRotation} (no period). */
  disableKeyRotation(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('DisableKeyRotation', input, request);
    const key = this.#find(store, req.KeyId, 'keyId', false);
    this.#assertUsable(key);
    this.#rotatable(key, 'automatic key rotation');
    key.core.rotation = { enabled: false, onDemand: key.core.rotation.onDemand };
    return {};
  }

  /**
   * GetKeyRotationStatus (API_GetKeyRotationStatus). Input `{ KeyId (key id or ARN) }`.
   * `NextRotationDate` is the next automatic rotation; an on-demand rotation does not move it.
   * `OnDemandRotationStartDate` is present only while an on-demand rotation is in progress — never
   * here, since the reference rotates synchronously.
   * @returns `{ KeyId (ARN), KeyRotationEnabled, RotationPeriodInDays?, NextRotationDate? }`.
   * @throws {KmsError} `NotFoundException`, `UnsupportedOperationException` (asymmetric and HMAC keys).
   */
  getKeyRotationStatus(input: unknown, request?: RequestScope): { KeyRotationEnabled: boolean; KeyId: string; RotationPeriodInDays?: number; NextRotationDate?: Date } {
    const { store, req } = this.#begin('GetKeyRotationStatus', input, request);
    const key = this.#find(store, req.KeyId, 'keyId', false);
    if (key.core.spec !== 'SYMMETRIC_DEFAULT') {
      throw new KmsError('UnsupportedOperationException', `${key.arn} key spec ${key.core.spec} is not supported for automatic key rotation.`);
    }
    const r = key.core.rotation;
    return {
      KeyRotationEnabled: r.enabled,
      KeyId: key.arn,
      ...(r.enabled ? { RotationPeriodInDays: r.periodDays!, NextRotationDate: r.next! } : {}),
    };
  }

  /**
   * RotateKeyOnDemand (API_RotateKeyOnDemand): adds new key material at once; new ciphertexts use
   * it, older ones still decrypt. At most `onDemandRotationLimit` (default
   * {@link DEFAULT_ON_DEMAND_ROTATION_LIMIT}) per key; then `LimitExceededException`.
   * @returns `{ KeyId (ARN) }`.
   * @throws {KmsError} `LimitExceededException`, `UnsupportedOperationException` (asymmetric, HMAC,
   *   imported material, replica), `DisabledException`, `KMSInvalidStateException`, `NotFoundException`.
   */
  rotateKeyOnDemand(input: unknown, request?: RequestScope): { KeyId: string } {
    const { store, req } = this.#begin('RotateKeyOnDemand', input, request);
    const key = this.#find(store, req.KeyId, 'keyId', false);
    this.#assertUsable(key);
    this.#rotatable(key, 'on-demand key rotation');
    if (key.core.rotation.onDemand >= this.#onDemandLimit) {
      throw new KmsError(
        'LimitExceededException',
        `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
      );
    }
    key.core.rotation.onDemand++;
    key.core.materials.push({ id: newMaterialId(), bytes: randomBytes(32), created: this.#date(), rotationType: 'ON_DEMAND' });
    return { KeyId: key.arn };
  }

  /**
   * ListKeyRotations (API_ListKeyRotations). Input `{ KeyId (key id or ARN), IncludeKeyMaterial?:
   * 'ROTATIONS_ONLY' (default) | 'ALL_KEY_MATERIAL', Limit?: 1..1000, Marker? }`.
   * @returns `{ Rotations: [{ KeyId (ARN), KeyMaterialId, RotationDate, RotationType, KeyMaterialState? }], Truncated, NextMarker? }`
   *   — one entry per completed rotation, oldest first (with ALL_KEY_MATERIAL also the first material).
   * @throws {KmsError} `NotFoundException`, `UnsupportedOperationException` (not a symmetric key).
   */
  listKeyRotations(input: unknown, request?: RequestScope): {
    Rotations: { KeyId: string; KeyMaterialId: string; RotationDate?: Date; RotationType?: 'AUTOMATIC' | 'ON_DEMAND'; KeyMaterialState?: 'CURRENT' | 'NON_CURRENT' }[];
    Truncated: boolean;
    NextMarker?: string;
  } {
    const { store, req } = this.#begin('ListKeyRotations', input, request);
    const include = optionalEnum(req.IncludeKeyMaterial, 'includeKeyMaterial', ['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'] as const, 'ROTATIONS_ONLY');
    const key = this.#find(store, req.KeyId, 'keyId', false);
    if (key.core.spec !== 'SYMMETRIC_DEFAULT') {
      throw new KmsError('UnsupportedOperationException', `${key.arn} key spec ${key.core.spec} is not supported for key rotation.`);
    }
    const last = key.core.materials.length - 1;
    const entries = key.core.materials
      .map((m, i) => ({ m, i }))
      .filter(({ m }) => include === 'ALL_KEY_MATERIAL' || m.rotationType !== undefined)
      .map(({ m, i }) => ({
        KeyId: key.arn,
        KeyMaterialId: m.id,
        ...(m.rotationType !== undefined ? { RotationDate: m.created, RotationType: m.rotationType } : {}),
        ...(include === 'ALL_KEY_MATERIAL' ? { KeyMaterialState: i === last ? ('CURRENT' as const) : ('NON_CURRENT' as const) } : {}),
      }));
    const { items, ...rest } = page(entries, req);
    return { Rotations: items, ...rest };
  }

  /** Number of key material versions a symmetric key has (1 + rotations); a test aid, not a KMS operation. */
  materialVersionCount(keyId: string, request?: RequestScope): number {
    const { store } = this.#begin('DescribeKey', {}, request);
    return this.#find(store, keyId, 'keyId', true).core.materials.length;
  }

  // ---- grants ------------------------------------------------------------------------------------

  /**
   * CreateGrant (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html).
   *
   * Input `{ KeyId (key id or key ARN), GranteePrincipal, Operations: non-empty list of grant
   * operations, Constraints?: { EncryptionContextEquals? | EncryptionContextSubset? }, RetiringPrincipal?,
   * Name?, GrantTokens?, DryRun? }`. The grant is recorded and listed; the reference does no
   * authorization, so grants do not change what callers may do. Its `GrantToken` is accepted in
   * `GrantTokens` of later requests (until the grant is retired or revoked); unknown tokens are rejected.
   *
   * @returns `{ GrantId (64 hex digits), GrantToken }`.
   * @throws {KmsError} `ValidationException`, `NotFoundException` (also for an alias), `DisabledException`,
   *   `KMSInvalidStateException`, `DryRunOperationException`.
   */
  createGrant(input: unknown, request?: RequestScope): { GrantId: string; GrantToken: string } {
    const { store, req } = this.#begin('CreateGrant', input, request);
    const grantee = requiredString(req.GranteePrincipal, 'granteePrincipal', 256);
    const retiring = optionalString(req.RetiringPrincipal, 'retiringPrincipal', 256);
    const name = optionalString(req.Name, 'name', 256);
    if (name !== undefined && !/^[a-zA-Z0-9:/_-]+$/.test(name)) {
      throw validation(`Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$`);
    }
    const ops = optionalStringList(req.Operations, 'operations');
    if (ops === undefined || ops.length === 0) throw validation(`Value at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    for (const op of ops) optionalEnum(op, 'operations', GRANT_OPERATIONS);
    let constraints: GrantListEntry['Constraints'];
    if (req.Constraints !== undefined && req.Constraints !== null) {
      const c = asRecord(req.Constraints, 'constraints');
      const pick = (v: unknown, member: string): EncryptionContext | undefined => {
        if (v === undefined || v === null) return undefined;
        const ctx = optionalContext(v, member);
        if (Object.keys(ctx).length > 8) throw invalid(`${member} may hold at most 8 encryption context pairs.`);
        return ctx;
      };
      const equals = pick(c.EncryptionContextEquals, 'constraints.encryptionContextEquals');
      const subset = pick(c.EncryptionContextSubset, 'constraints.encryptionContextSubset');
      constraints = { ...(equals ? { EncryptionContextEquals: equals } : {}), ...(subset ? { EncryptionContextSubset: subset } : {}) };
    }
    this.#checkGrantTokens(req.GrantTokens);
    const key = this.#find(store, req.KeyId, 'keyId', false);
    this.#assertUsable(key);
    this.#dryRun(req);
    const GrantId = Buffer.from(randomBytes(32)).toString('hex');
    const GrantToken = Buffer.from(randomBytes(48)).toString('base64url');
    const entry: GrantListEntry = {
      KeyId: key.arn,
      GrantId,
      CreationDate: this.#date(),
      GranteePrincipal: grantee,
      IssuingAccount: `arn:aws:iam::${store.accountId}:root`,
      Operations: [...ops],
      ...(name !== undefined ? { Name: name } : {}),
      ...(retiring !== undefined ? { RetiringPrincipal: retiring } : {}),
      ...(constraints !== undefined ? { Constraints: constraints } : {}),
    };
    store.grants.push({ entry, token: GrantToken });
    this.#grantTokens.set(GrantToken, { store, grantId: GrantId });
    return { GrantId, GrantToken };
  }

  /**
   * ListGrants (API_ListGrants). Input `{ KeyId (key id or ARN), GrantId?, GranteePrincipal?, Limit?: 1..100, Marker? }`;
   * `GrantId` and `GranteePrincipal` filter the list.
   * @returns `{ Grants: GrantListEntry[], Truncated, NextMarker? }`.
   * @throws {KmsError} `NotFoundException`, `InvalidGrantIdException` (a GrantId that is not 64 hex digits).
   */
  listGrants(input: unknown, request?: RequestScope): { Grants: GrantListEntry[]; Truncated: boolean; NextMarker?: string } {
    const { store, req } = this.#begin('ListGrants', input, request);
    const grantId = this.#grantId(req.GrantId, false);
    const grantee = optionalString(req.GranteePrincipal, 'granteePrincipal', 256);
    const key = this.#find(store, req.KeyId, 'keyId', false);
    const grants = store.grants
      .map((g) => g.entry)
      .filter((g) => g.KeyId === key.arn && (grantId === undefined || g.GrantId === grantId) && (grantee === undefined || g.GranteePrincipal === grantee));
    const { items, ...rest } = page(grants, req, 100, 50);
    return { Grants: items, ...rest };
  }

  #grantId(value: unknown, required: boolean): string | undefined {
    const id = required ? requiredString(value, 'grantId', 128) : optionalString(value, 'grantId', 128);
    if (id !== undefined && !/^[0-9a-f]{64}$/.test(id)) throw new KmsError('InvalidGrantIdException', `Invalid grant id ${id}`);
    return id;
  }

  /**
   * ListRetirableGrants (API_ListRetirableGrants). Input `{ RetiringPrincipal, Limit?: 1..100, Marker? }`:
   * the grants in the account and Region whose `RetiringPrincipal` is that principal.
   * @returns `{ Grants, Truncated, NextMarker? }`. @throws {KmsError} `ValidationException`.
   */
  listRetirableGrants(input: unknown, request?: RequestScope): { Grants: GrantListEntry[]; Truncated: boolean; NextMarker?: string } {
    const { store, req } = this.#begin('ListRetirableGrants', input, request);
    const principal = requiredString(req.RetiringPrincipal, 'retiringPrincipal', 256);
    const { items, ...rest } = page(store.grants.map((g) => g.entry).filter((g) => g.RetiringPrincipal === principal), req, 100, 50);
    return { Grants: items, ...rest };
  }

  #removeGrant(store: Store, grantId: string): void {
    const at = store.grants.findIndex((g) => g.entry.GrantId === grantId);
    const [gone] = store.grants.splice(at, 1);
    if (gone !== undefined) this.#grantTokens.delete(gone.token);
  }

  /**
   * RetireGrant (API_RetireGrant). Input `{ GrantToken }` or `{ KeyId (key ARN), GrantId }`, `DryRun?`.
   * Who may retire is not checked (no authorization).
   * @throws {KmsError} `InvalidGrantTokenException`, `InvalidGrantIdException`, `NotFoundException`,
   *   `ValidationException` (neither form), `DryRunOperationException`.
   */
  retireGrant(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('RetireGrant', input, request);
    const token = optionalString(req.GrantToken, 'grantToken', 8192);
    if (token !== undefined) {
      const found = this.#grantTokens.get(token);
      if (found === undefined || found.store !== store) throw new KmsError('InvalidGrantTokenException', 'The grant token is not valid.');
      this.#dryRun(req);
      this.#removeGrant(store, found.grantId);
      return {};
    }
    if (req.KeyId === undefined || req.GrantId === undefined) throw invalid('Specify either GrantToken, or both KeyId and GrantId.');
    const grantId = this.#grantId(req.GrantId, true)!;
    const key = this.#find(store, req.KeyId, 'keyId', false);
    if (!store.grants.some((g) => g.entry.GrantId === grantId && g.entry.KeyId === key.arn)) throw new KmsError('NotFoundException', `Grant ID ${grantId} not found`);
    this.#dryRun(req);
    this.#removeGrant(store, grantId);
    return {};
  }

  /**
   * RevokeGrant (API_RevokeGrant). Input `{ KeyId (key id or ARN), GrantId, DryRun? }`.
   * @throws {KmsError} `NotFoundException` (key or grant), `InvalidGrantIdException`, `DryRunOperationException`.
   */
  revokeGrant(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('RevokeGrant', input, request);
    const grantId = this.#grantId(req.GrantId, true)!;
    const key = this.#find(store, req.KeyId, 'keyId', false);
    if (!store.grants.some((g) => g.entry.GrantId === grantId && g.entry.KeyId === key.arn)) throw new KmsError('NotFoundException', `Grant ID ${grantId} not found`);
    this.#dryRun(req);
    this.#removeGrant(store, grantId);
    return {};
  }

  // ---- tags and key policies ----------------------------------------------------------------------

  /**
   * TagResource (API_TagResource). Input `{ KeyId (key id or ARN), Tags: [{ TagKey (1..128), TagValue (0..256) }] }`;
   * an existing key's value is replaced. At most 50 tags per key.
   * @throws {KmsError} `TagException` (`aws:` prefix, duplicate keys, too many tags), `ValidationException`,
   *   `NotFoundException`, `KMSInvalidStateException` (pending deletion).
   */
  tagResource(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('TagResource', input, request);
    const tags = checkTags(req.Tags, 'tags');
    const key = this.#find(store, req.KeyId, 'keyId', false);
    this.#assertNotPendingDeletion(key);
    const merged = new Map(key.tags);
    for (const t of tags) merged.set(t.TagKey, t.TagValue);
    if (merged.size > MAX_TAGS) throw new KmsError('TagException', 'Too many tags');
    for (const t of tags) key.tags.set(t.TagKey, t.TagValue);
    return {};
  }

  /** UntagResource (API_UntagResource). Input `{ KeyId, TagKeys }`. @throws {KmsError} `NotFoundException`, `KMSInvalidStateException`, `TagException`. */
  untagResource(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('UntagResource', input, request);
    const keys = optionalStringList(req.TagKeys, 'tagKeys');
    if (keys === undefined) throw validation(`Value null at 'tagKeys' failed to satisfy constraint: Member must not be null`);
    const key = this.#find(store, req.KeyId, 'keyId', false);
    this.#assertNotPendingDeletion(key);
    for (const k of keys) {
      if (k.toLowerCase().startsWith('aws:')) throw new KmsError('TagException', 'Tags beginning with aws: are reserved');
      key.tags.delete(k);
    }
    return {};
  }

  /**
   * ListResourceTags (API_ListResourceTags). Input `{ KeyId (key id or ARN), Limit?: 1..50, Marker? }`.
   * @returns `{ Tags: [{ TagKey, TagValue }], Truncated, NextMarker? }`.
   */
  listResourceTags(input: unknown, request?: RequestScope): { Tags: { TagKey: string; TagValue: string }[]; Truncated: boolean; NextMarker?: string } {
    const { store, req } = this.#begin('ListResourceTags', input, request);
    const key = this.#find(store, req.KeyId, 'keyId', false);
    const { items, ...rest } = page([...key.tags.entries()].map(([TagKey, TagValue]) => ({ TagKey, TagValue })), req, 50, 50);
    return { Tags: items, ...rest };
  }

  #policyName(value: unknown): string {
    const name = optionalString(value, 'policyName', 128) ?? 'default';
    if (!/^[\w]+$/.test(name)) throw validation(`Value '${name}' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+`);
    if (name !== 'default') throw new KmsError('NotFoundException', `No such policy: ${name} (the only key policy name is "default").`);
    return name;
  }

  /**
   * GetKeyPolicy (API_GetKeyPolicy). Input `{ KeyId (key id or ARN), PolicyName?: 'default' }`.
   * The policy is stored, not enforced.
   * @returns `{ Policy (JSON string), PolicyName: 'default' }`. @throws {KmsError} `NotFoundException`.
   */
  getKeyPolicy(input: unknown, request?: RequestScope): { Policy: string; PolicyName: string } {
    const { store, req } = this.#begin('GetKeyPolicy', input, request);
    const PolicyName = this.#policyName(req.PolicyName);
    return { Policy: this.#find(store, req.KeyId, 'keyId', false).policy, PolicyName };
  }

  /**
   * PutKeyPolicy (API_PutKeyPolicy). Input `{ KeyId (key id or ARN), Policy (≤ 32,768 chars), PolicyName?: 'default',
   * BypassPolicyLockoutSafetyCheck? }`. Checked (JSON document; lockout safety check) and stored —
   * not enforced: no request is ever refused because of a key policy.
   * @throws {KmsError} `MalformedPolicyDocumentException`, `NotFoundException`, `KMSInvalidStateException`, `ValidationException`.
   */
  putKeyPolicy(input: unknown, request?: RequestScope): Record<string, never> {
    const { store, req } = this.#begin('PutKeyPolicy', input, request);
    this.#policyName(req.PolicyName);
    const policy = requiredString(req.Policy, 'policy');
    const key = this.#find(store, req.KeyId, 'keyId', false);
    this.#assertNotPendingDeletion(key);
    checkPolicy(policy, store.accountId, optionalBoolean(req.BypassPolicyLockoutSafetyCheck, 'bypassPolicyLockoutSafetyCheck') ?? false);
    key.policy = policy;
    return {};
  }

  /** ListKeyPolicies (API_ListKeyPolicies). @returns `{ PolicyNames: ['default'], Truncated: false }`. */
  listKeyPolicies(input: unknown, request?: RequestScope): { PolicyNames: string[]; Truncated: boolean; NextMarker?: string } {
    const { store, req } = this.#begin('ListKeyPolicies', input, request);
    this.#find(store, req.KeyId, 'keyId', false);
    const { items, ...rest } = page(['default'], req);
    return { PolicyNames: items, ...rest };
  }

  // ---- imported key material ------------------------------------------------------------------------

  #externalKey(store: Store, req: Record<string, unknown>): KeyRecord {
    const key = this.#find(store, req.KeyId, 'keyId', false);
    if (key.core.origin !== 'EXTERNAL') throw new KmsError('UnsupportedOperationException', `${key.arn} origin is ${key.core.origin} which is not valid for this operation.`);
    this.#assertNotPendingDeletion(key);
    return key;
  }

  /**
   * GetParametersForImport (API_GetParametersForImport). Input `{ KeyId (key id or ARN of an
   * EXTERNAL key), WrappingAlgorithm: RSAES_OAEP_SHA_1 | RSAES_OAEP_SHA_256 | RSA_AES_KEY_WRAP_SHA_1 |
   * RSA_AES_KEY_WRAP_SHA_256, WrappingKeySpec: RSA_2048 | RSA_3072 | RSA_4096 }`. The token and
   * wrapping key are valid for 24 hours and for this key only.
   * @returns `{ KeyId (ARN), ImportToken, PublicKey (DER SPKI of the wrapping key), ParametersValidTo }`.
   * @throws {KmsError} `UnsupportedOperationException` (origin not EXTERNAL; RSAES_PKCS1_V1_5 and SM2
   *   not implemented), `ValidationException`, `NotFoundException`, `KMSInvalidStateException`.
   */
  getParametersForImport(input: unknown, request?: RequestScope): { KeyId: string; ImportToken: Uint8Array; PublicKey: Uint8Array; ParametersValidTo: Date } {
    const { store, req } = this.#begin('GetParametersForImport', input, request);
    const algorithm = requiredEnum(req.WrappingAlgorithm, 'wrappingAlgorithm', WRAPPING_ALGORITHM_NAMES);
    const spec = requiredEnum(req.WrappingKeySpec, 'wrappingKeySpec', WRAPPING_KEY_SPEC_NAMES);
    const key = this.#externalKey(store, req);
    if (algorithm === 'RSAES_PKCS1_V1_5' || algorithm === 'SM2PKE' || spec === 'SM2') {
      throw new KmsError('UnsupportedOperationException', `The reference KMS does not implement wrapping with ${algorithm} / ${spec}.`);
    }
    const pair = generatePair(spec);
    const token = new Uint8Array(randomBytes(64));
    const validTo = this.#date(DAY_MS);
    this.#imports.set(Buffer.from(token).toString('hex'), { store, keyId: key.core.id, algorithm, pair, modulusBytes: Number(spec.slice(4)) / 8, validTo });
    return { KeyId: key.arn, ImportToken: token, PublicKey: publicKeyDer(pair), ParametersValidTo: validTo };
  }

  /**
   * ImportKeyMaterial (API_ImportKeyMaterial). Input `{ KeyId, ImportToken, EncryptedKeyMaterial,
   * ExpirationModel?: 'KEY_MATERIAL_EXPIRES' (default) | 'KEY_MATERIAL_DOES_NOT_EXPIRE', ValidTo?
   * (required with KEY_MATERIAL_EXPIRES: a future date ≤ 365 days ahead), ImportType? }`. Material:
   * 32 bytes for SYMMETRIC_DEFAULT; 28..64 / 32..64 / 48..128 / 64..128 bytes for HMAC_224/256/384/512;
   * a DER PKCS #8 private key of the key spec for RSA/ECC keys. Once imported, only the same
   * material may be imported again (after DeleteImportedKeyMaterial or expiry). The key becomes Enabled.
   * @returns `{ KeyId (ARN), KeyMaterialId }`.
   * @throws {KmsError} `InvalidImportTokenException`, `ExpiredImportTokenException`,
   *   `InvalidCiphertextException` (does not unwrap), `IncorrectKeyMaterialException`,
   *   `ValidationException`, `UnsupportedOperationException` (ImportType NEW_KEY_MATERIAL after a first import).
   */
  importKeyMaterial(input: unknown, request?: RequestScope): { KeyId: string; KeyMaterialId?: string } {
    const { store, req } = this.#begin('ImportKeyMaterial', input, request);
    const token = requiredBytes(req.ImportToken, 'importToken', 1, 6144);
    const wrapped = requiredBytes(req.EncryptedKeyMaterial, 'encryptedKeyMaterial', 1, 6144);
    const model = optionalEnum(req.ExpirationModel, 'expirationModel', ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'] as const, 'KEY_MATERIAL_EXPIRES')!;
    const validTo = optionalDate(req.ValidTo, 'validTo');
    const importType = optionalEnum(req.ImportType, 'importType', ['EXISTING_KEY_MATERIAL', 'NEW_KEY_MATERIAL'] as const);
    optionalString(req.KeyMaterialDescription, 'keyMaterialDescription', 256);
    if (model === 'KEY_MATERIAL_EXPIRES' && validTo === undefined) throw invalid('A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
    if (model === 'KEY_MATERIAL_DOES_NOT_EXPIRE' && validTo !== undefined) throw invalid('A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
    if (validTo !== undefined && (validTo.getTime() <= this.#now() || validTo.getTime() > this.#now() + 365 * DAY_MS)) {
      throw invalid('ValidTo must be a future date no more than 365 days from now.');
    }
    const key = this.#externalKey(store, req);
    const params = this.#imports.get(Buffer.from(token).toString('hex'));
    if (params === undefined || params.store !== store || params.keyId !== key.core.id) {
      throw new KmsError('InvalidImportTokenException', 'The import token is not valid for this KMS key.');
    }
    if (params.validTo.getTime() <= this.#now()) throw new KmsError('ExpiredImportTokenException', 'The import token has expired.');
    if (importType === 'NEW_KEY_MATERIAL' && key.core.imported !== undefined) {
      throw new KmsError('UnsupportedOperationException', 'The reference KMS does not implement importing new key material into a key that already had material (on-demand rotation of imported keys).');
    }
    const material = unwrapMaterial(params.algorithm, params.pair.privateKey, params.modulusBytes, wrapped);
    if (material === undefined) throw invalidCiphertext();
    try {
      this.#installMaterial(key, material);
    } finally {
      material.fill(0);
    }
    key.core.imported!.expirationModel = model;
    if (validTo !== undefined) key.core.imported!.validTo = validTo;
    else delete key.core.imported!.validTo;
    if (key.state === 'PendingImport') key.state = 'Enabled';
    this.#imports.delete(Buffer.from(token).toString('hex'));
    const materialId = key.core.materials[0]?.id;
    return { KeyId: key.arn, ...(materialId !== undefined ? { KeyMaterialId: materialId } : {}) };
  }

  #installMaterial(key: KeyRecord, material: Uint8Array): void {
    const core = key.core;
    const spec = core.spec;
    const wrong = (why: string): KmsError => new KmsError('IncorrectKeyMaterialException', `The key material is not valid for ${key.arn}: ${why}.`);
    const digest = createHash('sha256').update(core.id).update(material).digest('hex');
    if (core.imported !== undefined && core.imported.digest !== digest) throw wrong('it is not the key material that was imported before');
    if (spec === 'SYMMETRIC_DEFAULT' || isHmacSpec(spec)) {
      if (spec === 'SYMMETRIC_DEFAULT' ? material.length !== 32 : !isValidHmacMaterialLength(spec, material.length)) throw wrong(`${material.length} bytes is the wrong length for ${spec}`);
      core.materials[0]!.bytes = new Uint8Array(material);
    } else {
      let privateKey;
      try {
        privateKey = createPrivateKey({ key: Buffer.from(material), format: 'der', type: 'pkcs8' });
      } catch {
        throw wrong('it is not a DER PKCS #8 private key');
      }
      const details = privateKey.asymmetricKeyDetails ?? {};
      const curveOf: Record<string, string> = { ECC_NIST_P256: 'prime256v1', ECC_NIST_P384: 'secp384r1', ECC_NIST_P521: 'secp521r1', ECC_SECG_P256K1: 'secp256k1' };
      const fits = isRsaSpec(spec)
        ? privateKey.asymmetricKeyType === 'rsa' && details.modulusLength === Number(spec.slice(4))
        : privateKey.asymmetricKeyType === 'ec' && details.namedCurve === curveOf[spec];
      if (!fits) throw wrong(`it is not a ${spec} private key`);
      core.pair = { privateKey, publicKey: createPublicKey(privateKey) };
    }
    core.imported ??= { digest, expirationModel: 'KEY_MATERIAL_EXPIRES' };
  }

  /**
   * DeleteImportedKeyMaterial (API_DeleteImportedKeyMaterial). Input `{ KeyId (key id or ARN), KeyMaterialId? }`:
   * the key becomes PendingImport and unusable until the same material is imported again.
   * @returns `{ KeyId (ARN), KeyMaterialId? }`.
   * @throws {KmsError} `UnsupportedOperationException` (origin not EXTERNAL), `NotFoundException`, `KMSInvalidStateException`.
   */
  deleteImportedKeyMaterial(input: unknown, request?: RequestScope): { KeyId: string; KeyMaterialId?: string } {
    const { store, req } = this.#begin('DeleteImportedKeyMaterial', input, request);
    const key = this.#externalKey(store, req);
    const requested = optionalString(req.KeyMaterialId, 'keyMaterialId', 64);
    const materialId = key.core.materials[0]?.id;
    if (requested !== undefined && requested !== materialId) throw new KmsError('NotFoundException', `Key material ${requested} of ${key.arn} does not exist.`);
    this.#dropImportedMaterial(key);
    return { KeyId: key.arn, ...(materialId !== undefined ? { KeyMaterialId: materialId } : {}) };
  }

  // ---- multi-Region keys ----------------------------------------------------------------------------

  /**
   * ReplicateKey (API_ReplicateKey). Input `{ KeyId (key id or ARN of a multi-Region primary key in
   * this Region), ReplicaRegion, Description?, Policy?, BypassPolicyLockoutSafetyCheck?, Tags? }`.
   * The replica has the same key id and shares the key material (so it decrypts the primary's
   * ciphertexts) and the rotation state; it has its own ARN, state, description, policy and tags.
   * The response shows it `Creating`, as AWS does; it is `Enabled` by the next request.
   * @returns `{ ReplicaKeyMetadata, ReplicaPolicy, ReplicaTags }`.
   * @throws {KmsError} `UnsupportedOperationException` (not a multi-Region primary key),
   *   `AlreadyExistsException` (a replica, or the primary, already in that Region), `ValidationException`,
   *   `NotFoundException`, `KMSInvalidStateException`, `TagException`, `MalformedPolicyDocumentException`.
   */
  replicateKey(input: unknown, request?: RequestScope): { ReplicaKeyMetadata: KeyMetadata; ReplicaPolicy: string; ReplicaTags: { TagKey: string; TagValue: string }[] } {
    const { store, req } = this.#begin('ReplicateKey', input, request);
    const region = requiredString(req.ReplicaRegion, 'replicaRegion', 32);
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw validation(`Value '${region}' at 'replicaRegion' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-z]+-){2,3}\\d+$`);
    const description = optionalString(req.Description, 'description', 8192) ?? '';
    const policyText = optionalString(req.Policy, 'policy');
    if (policyText !== undefined) checkPolicy(policyText, store.accountId, optionalBoolean(req.BypassPolicyLockoutSafetyCheck, 'bypassPolicyLockoutSafetyCheck') ?? false);
    const tags = checkTags(req.Tags, 'tags');
    const key = this.#find(store, req.KeyId, 'keyId', false);
    if (!key.core.multiRegion || key.core.primaryRegion !== store.region) {
      throw new KmsError('UnsupportedOperationException', `${key.arn} is not a multi-region primary key.`);
    }
    this.#assertNotPendingDeletion(key);
    const target = this.#store(region, store.accountId);
    if (target.keys.has(key.core.id)) throw new KmsError('AlreadyExistsException', `${key.core.id} already has a replica (or its primary) in ${region}.`);
    const replica: KeyRecord = {
      core: key.core,
      region,
      accountId: store.accountId,
      arn: this.#keyArn(target, key.core.id),
      created: this.#date(),
      description,
      state: key.state === 'Disabled' ? 'Disabled' : 'Enabled',
      policy: policyText ?? defaultPolicy(store.accountId),
      tags: new Map(tags.map((t) => [t.TagKey, t.TagValue])),
    };
    key.core.replicaRegions.push(region);
    target.keys.set(key.core.id, replica);
    const shown = this.#metadata(replica);
    return { ReplicaKeyMetadata: { ...shown, KeyState: 'Creating', Enabled: false }, ReplicaPolicy: replica.policy, ReplicaTags: tags };
  }
}
