/**
 * `ReferenceKms`: an in-memory model of the AWS KMS behaviour that application code observes, for
 * tests and demos. It is NOT a key store: key material lives in process memory, unprotected, and is
 * gone when the process exits.
 *
 * Every validation here is written from the AWS KMS API Reference
 * (https://docs.aws.amazon.com/kms/latest/APIReference/) and the KMS Developer Guide, independently
 * of the plugin's rule tables in `src/analysis` (the fixture harness compares the two, so they must
 * not share a table). Each method's doc comment names the page it rests on.
 *
 * Symmetric encryption is real AES-256-GCM (`@noble/ciphers`); RSA_2048 keys use `node:crypto`
 * RSAES-OAEP with SHA-1 or SHA-256.
 *
 * ## Symmetric ciphertext blob (this implementation's own opaque format, version 1)
 *
 * | offset      | size | field                                                   |
 * |-------------|------|---------------------------------------------------------|
 * | 0           | 4    | magic `RKMS` (0x52 0x4b 0x4d 0x53)                      |
 * | 4           | 1    | blob version, `0x01`                                    |
 * | 5           | 1    | `L`: key id length in bytes                             |
 * | 6           | L    | key id (ASCII UUID)                                     |
 * | 6 + L       | 4    | key material version, unsigned big-endian (0 = original)|
 * | 10 + L      | 12   | IV                                                      |
 * | 22 + L      | rest | AES-256-GCM ciphertext followed by the 16-byte tag      |
 *
 * The GCM AAD is the header (bytes `0 .. 10 + L`) followed by the canonical encoding of the
 * encryption context ({@link canonicalEncryptionContext}), so the context is bound exactly:
 * case-sensitive, with only the order of pairs free.
 *
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import {
  constants as cryptoConstants,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomUUID,
  type KeyObject,
} from 'node:crypto';
import { KmsError } from './errors.js';

/** Encryption context: non-secret string→string pairs bound to a ciphertext as AAD. */
export type EncryptionContext = Record<string, string>;
/** Key specs the reference KMS implements (`CreateKey` `KeySpec`). */
export type ReferenceKeySpec = 'SYMMETRIC_DEFAULT' | 'RSA_2048';
/** Encryption algorithms of the implemented key specs. */
export type EncryptionAlgorithm = 'SYMMETRIC_DEFAULT' | 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256';
/** Key states the reference KMS models. */
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';
/** `GenerateDataKey` `KeySpec` values. */
export type DataKeySpec = 'AES_128' | 'AES_256';

/** Plaintext limit of `Encrypt` with a symmetric key, in bytes (Encrypt API Reference). */
export const MAX_SYMMETRIC_PLAINTEXT_BYTES = 4096;
/** Largest `CiphertextBlob` KMS accepts, in bytes (the model's `CiphertextType`, 1..6144). */
export const MAX_CIPHERTEXT_BLOB_BYTES = 6144;
/**
 * RSA plaintext limits in bytes per key spec and algorithm (Encrypt API Reference): for RSA_2048,
 * RSAES_OAEP_SHA_1 214 and RSAES_OAEP_SHA_256 190.
 */
export const RSA_PLAINTEXT_LIMITS: Readonly<Record<'RSA_2048', Readonly<Record<'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256', number>>>> = {
  RSA_2048: { RSAES_OAEP_SHA_1: 214, RSAES_OAEP_SHA_256: 190 },
};

/** Options of {@link ReferenceKms}. */
export interface ReferenceKmsOptions {
  /** Region used in ARNs; default `us-east-1`. ARNs naming another Region are not found. */
  readonly region?: string;
  /** 12-digit account id used in ARNs; default `111122223333` (the AWS docs' example account). */
  readonly accountId?: string;
}

/** `DescribeKey` / `CreateKey` key metadata, shaped as the service's `KeyMetadata`. */
export interface KeyMetadata {
  AWSAccountId: string;
  KeyId: string;
  Arn: string;
  CreationDate: Date;
  Enabled: boolean;
  Description: string;
  KeyUsage: 'ENCRYPT_DECRYPT';
  KeyState: KeyState;
  DeletionDate?: Date;
  PendingDeletionWindowInDays?: number;
  Origin: 'AWS_KMS';
  KeyManager: 'CUSTOMER';
  CustomerMasterKeySpec: ReferenceKeySpec;
  KeySpec: ReferenceKeySpec;
  EncryptionAlgorithms: EncryptionAlgorithm[];
  MultiRegion: false;
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

interface KeyRecord {
  readonly id: string;
  readonly arn: string;
  readonly spec: ReferenceKeySpec;
  readonly description: string;
  readonly created: Date;
  state: KeyState;
  deletionDate?: Date;
  pendingWindowDays?: number;
  /** Symmetric key material versions; index = material version in the blob. */
  readonly materials: Uint8Array[];
  readonly rsa?: { readonly publicKey: KeyObject; readonly privateKey: KeyObject };
  rotationEnabled: boolean;
  rotationPeriodDays?: number;
}

interface GrantRecord {
  readonly entry: GrantListEntry;
  readonly token: string;
}

const BLOB_MAGIC = [0x52, 0x4b, 0x4d, 0x53] as const; // "RKMS"
const BLOB_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const ENCRYPTION_ALGORITHMS: readonly EncryptionAlgorithm[] = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
/** Key specs that exist in AWS KMS (CreateKey API Reference) but that this reference does not implement. */
const OTHER_KMS_KEY_SPECS = new Set([
  'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'ECC_NIST_EDWARDS25519', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87',
]);
/** Grant operations (CreateGrant API Reference, `Operations`). */
const GRANT_OPERATIONS = new Set([
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo',
  'Sign', 'Verify', 'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
]);

const utf8 = new TextEncoder();

// ---------------------------------------------------------------------------------------------
// input checks (inputs may come straight from JSON, so every field is checked for its type)

function validation(message: string): KmsError {
  return new KmsError('ValidationException', `1 validation error detected: ${message}`);
}

function asRecord(input: unknown): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new KmsError('SerializationException', 'request body must be a JSON object');
  }
  return input as Record<string, unknown>;
}

function requiredString(value: unknown, member: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw validation(`Value at '${member}' failed to satisfy constraint: Member must not be null and must have length greater than or equal to 1`);
  }
  return value;
}

function optionalString(value: unknown, member: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation(`Value at '${member}' must be a string`);
  return value;
}

function requiredBytes(value: unknown, member: string, min: number, max: number): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw validation(`Value at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  if (value.length < min) {
    throw validation(`Value at '${member}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    throw validation(`Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  }
  return value;
}

function optionalInteger(value: unknown, member: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw validation(`Value at '${member}' must be an integer`);
  }
  if (value < min) {
    throw validation(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  }
  if (value > max) {
    throw validation(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
  return value;
}

function optionalContext(value: unknown, member: string): EncryptionContext {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw validation(`Value at '${member}' must be a map of strings to strings`);
  }
  const out: EncryptionContext = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw validation(`Value at '${member}.${k}' must be a string`);
    out[k] = v;
  }
  return out;
}

function optionalAlgorithm(value: unknown, member: string): EncryptionAlgorithm {
  if (value === undefined || value === null) return 'SYMMETRIC_DEFAULT';
  if (typeof value !== 'string' || !(ENCRYPTION_ALGORITHMS as readonly string[]).includes(value)) {
    throw validation(
      `Value '${String(value)}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${ENCRYPTION_ALGORITHMS.join(', ')}]`,
    );
  }
  return value as EncryptionAlgorithm;
}

// ---------------------------------------------------------------------------------------------
// encryption context and the symmetric blob

/**
 * The canonical byte encoding of an encryption context used as (part of) the GCM AAD: pairs sorted
 * by key (UTF-16 code unit order), each key and value UTF-8 encoded and prefixed by its 4-byte
 * big-endian length, after a 4-byte pair count. Two contexts encode equally exactly when they have
 * the same pairs, byte for byte (so case matters, order does not). An empty context and an absent
 * one encode equally (as the service treats them).
 *
 * @param context string→string map; may be empty.
 * @returns the encoding.
 */
export function canonicalEncryptionContext(context: EncryptionContext): Uint8Array {
  const keys = Object.keys(context).sort();
  const parts: Uint8Array[] = [u32(keys.length)];
  for (const key of keys) {
    const k = utf8.encode(key);
    const v = utf8.encode(context[key]!);
    parts.push(u32(k.length), k, u32(v.length), v);
  }
  return concat(parts);
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, false);
  return b;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface ParsedBlob {
  readonly keyId: string;
  readonly materialVersion: number;
  readonly header: Uint8Array;
  readonly iv: Uint8Array;
  readonly sealed: Uint8Array;
}

function parseSymmetricBlob(blob: Uint8Array): ParsedBlob | undefined {
  if (blob.length < 6) return undefined;
  for (let i = 0; i < BLOB_MAGIC.length; i++) if (blob[i] !== BLOB_MAGIC[i]) return undefined;
  if (blob[4] !== BLOB_VERSION) return undefined;
  const idLength = blob[5]!;
  const headerEnd = 6 + idLength + 4;
  if (idLength === 0 || blob.length < headerEnd + IV_BYTES + TAG_BYTES) return undefined;
  const idBytes = blob.subarray(6, 6 + idLength);
  for (const c of idBytes) if (c < 0x21 || c > 0x7e) return undefined;
  const keyId = String.fromCharCode(...idBytes);
  const materialVersion = new DataView(blob.buffer, blob.byteOffset + 6 + idLength, 4).getUint32(0, false);
  return {
    keyId,
    materialVersion,
    header: blob.slice(0, headerEnd),
    iv: blob.slice(headerEnd, headerEnd + IV_BYTES),
    sealed: blob.slice(headerEnd + IV_BYTES),
  };
}

function isRsaAlgorithm(alg: EncryptionAlgorithm): alg is 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' {
  return alg === 'RSAES_OAEP_SHA_1' || alg === 'RSAES_OAEP_SHA_256';
}

function invalidCiphertext(): KmsError {
  return new KmsError('InvalidCiphertextException', 'The ciphertext is invalid, or the encryption context does not match the one used to encrypt it.');
}

function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

// ---------------------------------------------------------------------------------------------

/**
 * In-memory reference model of AWS KMS. Methods take and return the service's request/response
 * shapes (PascalCase members, `Uint8Array` blobs, `Date` timestamps) and throw {@link KmsError}
 * whose `name` is the service's error code. All methods are synchronous; the loopback server
 * (`startReferenceKms`) wraps them for the AWS SDK.
 *
 * Implemented: CreateKey (SYMMETRIC_DEFAULT, RSA_2048 ENCRYPT_DECRYPT), DescribeKey, ListKeys,
 * CreateAlias, UpdateAlias, DeleteAlias, ListAliases, Encrypt, Decrypt, ReEncrypt, GenerateDataKey,
 * GenerateDataKeyWithoutPlaintext, GenerateRandom, GetPublicKey, EnableKey, DisableKey,
 * EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand,
 * ScheduleKeyDeletion, CancelKeyDeletion, CreateGrant, ListGrants.
 *
 * Not modelled: key policies, IAM, authorization, quotas/throttling, multi-Region keys, custom key
 * stores, imported key material, signing, HMAC, key agreement, automatic rotation on a schedule
 * (the period is stored and reported; only RotateKeyOnDemand creates new material), deletion
 * actually happening when the waiting period ends.
 */
export class ReferenceKms {
  /** Region in ARNs. */
  readonly region: string;
  /** Account id in ARNs. */
  readonly accountId: string;
  readonly #keys = new Map<string, KeyRecord>();
  readonly #aliases = new Map<string, string>(); // alias name -> key id
  readonly #grants: GrantRecord[] = [];
  readonly #grantTokens = new Set<string>();

  constructor(options: ReferenceKmsOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '111122223333';
    if (!/^[a-z0-9-]+$/.test(this.region)) throw new TypeError(`invalid region ${JSON.stringify(this.region)}`);
    if (!/^\d{12}$/.test(this.accountId)) throw new TypeError(`accountId must be 12 digits, got ${JSON.stringify(this.accountId)}`);
  }

  /** Operation names {@link dispatch} accepts (the `TrentService.<Operation>` part of `X-Amz-Target`). */
  static readonly operations: readonly string[] = [
    'CreateKey', 'DescribeKey', 'ListKeys', 'CreateAlias', 'UpdateAlias', 'DeleteAlias', 'ListAliases',
    'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateRandom',
    'GetPublicKey', 'EnableKey', 'DisableKey', 'EnableKeyRotation', 'DisableKeyRotation', 'GetKeyRotationStatus',
    'RotateKeyOnDemand', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'CreateGrant', 'ListGrants',
  ];

  /**
   * Runs one operation by name with a request object (as the loopback server does).
   *
   * @param operation e.g. `'Encrypt'`.
   * @param input the request members (`Uint8Array` for blob members).
   * @throws {KmsError} `UnknownOperationException` for an operation not in {@link ReferenceKms.operations};
   *   otherwise whatever the operation throws.
   */
  dispatch(operation: string, input: unknown): unknown {
    if (!ReferenceKms.operations.includes(operation)) {
      throw new KmsError('UnknownOperationException', `The reference KMS does not implement ${operation}`);
    }
    const method = (this as unknown as Record<string, (i: unknown) => unknown>)[operation[0]!.toLowerCase() + operation.slice(1)];
    if (typeof method !== 'function') throw new KmsError('KMSInternalException', `no handler for ${operation}`);
    return method.call(this, input);
  }

  // ---- ARNs and key resolution -----------------------------------------------------------------

  #keyArn(id: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:key/${id}`;
  }

  #aliasArn(name: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:${name}`;
  }

  /**
   * Resolves a `KeyId` member: key id, key ARN, alias name (`alias/…`) or alias ARN
   * (Encrypt API Reference, `KeyId`). An ARN for another Region or account is not found.
   */
  #resolve(value: unknown, member = 'KeyId', allowAlias = true): KeyRecord {
    const keyId = requiredString(value, member);
    let id: string | undefined;
    let aliasName: string | undefined;
    if (keyId.startsWith('arn:')) {
      const parts = keyId.split(':');
      const resource = parts.slice(5).join(':');
      if (parts.length < 6 || parts[2] !== 'kms') throw new KmsError('NotFoundException', `Invalid arn ${keyId}`);
      if (parts[3] !== this.region || parts[4] !== this.accountId) {
        throw new KmsError('NotFoundException', `${keyId} is not found (the reference KMS serves ${this.region}, account ${this.accountId}).`);
      }
      if (resource.startsWith('key/')) id = resource.slice(4);
      else if (resource.startsWith('alias/')) aliasName = resource;
      else throw new KmsError('NotFoundException', `Invalid arn ${keyId}`);
    } else if (keyId.startsWith('alias/')) {
      aliasName = keyId;
    } else {
      id = keyId;
    }
    if (aliasName !== undefined) {
      if (!allowAlias) throw validation(`Value at '${member}' must be a key id or key ARN, not an alias`);
      const target = this.#aliases.get(aliasName);
      if (target === undefined) throw new KmsError('NotFoundException', `Alias ${this.#aliasArn(aliasName)} is not found.`);
      id = target;
    }
    const key = this.#keys.get(id!);
    if (key === undefined) throw new KmsError('NotFoundException', `Key '${this.#keyArn(id!)}' does not exist`);
    return key;
  }

  /** Disabled → `DisabledException`; PendingDeletion → `KMSInvalidStateException` (Decrypt/Encrypt Errors). */
  #assertUsable(key: KeyRecord): void {
    if (key.state === 'Disabled') throw new KmsError('DisabledException', `${key.arn} is disabled.`);
    if (key.state === 'PendingDeletion') throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
  }

  #checkGrantTokens(value: unknown): void {
    if (value === undefined || value === null) return;
    if (!Array.isArray(value) || value.length > 10) throw validation(`Value at 'grantTokens' must be a list of at most 10 strings`);
    for (const token of value) {
      if (typeof token !== 'string' || !this.#grantTokens.has(token)) {
        throw new KmsError('InvalidGrantTokenException', 'The grant token is not valid.');
      }
    }
  }

  #metadata(key: KeyRecord): KeyMetadata {
    const meta: KeyMetadata = {
      AWSAccountId: this.accountId,
      KeyId: key.id,
      Arn: key.arn,
      CreationDate: key.created,
      Enabled: key.state === 'Enabled',
      Description: key.description,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: key.state,
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: key.spec,
      KeySpec: key.spec,
      EncryptionAlgorithms: key.spec === 'SYMMETRIC_DEFAULT' ? ['SYMMETRIC_DEFAULT'] : ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
      MultiRegion: false,
    };
    if (key.deletionDate !== undefined) meta.DeletionDate = key.deletionDate;
    if (key.pendingWindowDays !== undefined) meta.PendingDeletionWindowInDays = key.pendingWindowDays;
    return meta;
  }

  // ---- symmetric and RSA primitives -------------------------------------------------------------

  #sealSymmetric(key: KeyRecord, plaintext: Uint8Array, context: EncryptionContext): Uint8Array {
    const version = key.materials.length - 1;
    const idBytes = utf8.encode(key.id);
    const header = concat([Uint8Array.from(BLOB_MAGIC), Uint8Array.of(BLOB_VERSION, idBytes.length), idBytes, u32(version)]);
    const iv = randomBytes(IV_BYTES);
    const aad = concat([header, canonicalEncryptionContext(context)]);
    const sealed = gcm(key.materials[version]!, iv, aad).encrypt(plaintext);
    return concat([header, iv, sealed]);
  }

  #openSymmetric(key: KeyRecord, blob: ParsedBlob, context: EncryptionContext): Uint8Array {
    const material = key.materials[blob.materialVersion];
    if (material === undefined) throw invalidCiphertext();
    const aad = concat([blob.header, canonicalEncryptionContext(context)]);
    try {
      return gcm(material, blob.iv, aad).decrypt(blob.sealed);
    } catch {
      throw invalidCiphertext();
    }
  }

  #rsaEncrypt(key: KeyRecord, alg: 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256', plaintext: Uint8Array): Uint8Array {
    const limit = RSA_PLAINTEXT_LIMITS.RSA_2048[alg];
    if (plaintext.length > limit) {
      throw validation(`Plaintext is ${plaintext.length} bytes; ${key.spec} with ${alg} encrypts at most ${limit} bytes`);
    }
    return new Uint8Array(
      publicEncrypt(
        { key: key.rsa!.publicKey, padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING, oaepHash: alg === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256' },
        plaintext,
      ),
    );
  }

  #rsaDecrypt(key: KeyRecord, alg: 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256', ciphertext: Uint8Array): Uint8Array {
    try {
      return new Uint8Array(
        privateDecrypt(
          { key: key.rsa!.privateKey, padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING, oaepHash: alg === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256' },
          ciphertext,
        ),
      );
    } catch {
      throw invalidCiphertext();
    }
  }

  /** Shared Encrypt path (also ReEncrypt's destination side and GenerateDataKey). */
  #encryptWith(key: KeyRecord, plaintext: Uint8Array, context: EncryptionContext, alg: EncryptionAlgorithm): Uint8Array {
    this.#assertUsable(key);
    if (key.spec === 'SYMMETRIC_DEFAULT') {
      if (alg !== 'SYMMETRIC_DEFAULT') {
        throw new KmsError('InvalidKeyUsageException', `Algorithm ${alg} is incompatible with key spec ${key.spec}.`);
      }
      return this.#sealSymmetric(key, plaintext, context);
    }
    if (!isRsaAlgorithm(alg)) {
      throw new KmsError('InvalidKeyUsageException', `Algorithm ${alg} is incompatible with key spec ${key.spec}.`);
    }
    this.#rejectContextForAsymmetric(context);
    return this.#rsaEncrypt(key, alg, plaintext);
  }

  /**
   * Encryption context is valid only with symmetric encryption keys (Encrypt API Reference,
   * `EncryptionContext`). The docs do not name the error; this reference answers
   * `ValidationException` (an input the request must not carry).
   */
  #rejectContextForAsymmetric(context: EncryptionContext): void {
    if (Object.keys(context).length > 0) {
      throw validation('EncryptionContext is not supported with asymmetric KMS keys');
    }
  }

  /** Shared Decrypt path (also ReEncrypt's source side). Returns the key and plaintext. */
  #decryptWith(
    blobBytes: Uint8Array,
    keyIdValue: unknown,
    context: EncryptionContext,
    alg: EncryptionAlgorithm,
    member: string,
  ): { key: KeyRecord; plaintext: Uint8Array } {
    if (keyIdValue !== undefined && keyIdValue !== null) {
      const key = this.#resolve(keyIdValue, member);
      this.#assertUsable(key);
      if (key.spec !== 'SYMMETRIC_DEFAULT') {
        // Decrypt API Reference: for asymmetric keys KeyId and the same EncryptionAlgorithm are
        // required; the default SYMMETRIC_DEFAULT is incompatible with an RSA key spec, which is
        // what InvalidKeyUsageException covers ("encryption algorithm ... incompatible with KeySpec").
        if (!isRsaAlgorithm(alg)) {
          throw new KmsError('InvalidKeyUsageException', `Algorithm ${alg} is incompatible with key spec ${key.spec}.`);
        }
        this.#rejectContextForAsymmetric(context);
        return { key, plaintext: this.#rsaDecrypt(key, alg, blobBytes) };
      }
      if (alg !== 'SYMMETRIC_DEFAULT') {
        throw new KmsError('InvalidKeyUsageException', `Algorithm ${alg} is incompatible with key spec ${key.spec}.`);
      }
      const blob = parseSymmetricBlob(blobBytes);
      if (blob === undefined) throw invalidCiphertext();
      if (blob.keyId !== key.id) {
        throw new KmsError('IncorrectKeyException', 'The key ID in the request does not identify a KMS key that can perform this operation.');
      }
      return { key, plaintext: this.#openSymmetric(key, blob, context) };
    }
    if (alg !== 'SYMMETRIC_DEFAULT') {
      throw validation(`${member} is required when the encryption algorithm is ${alg} (asymmetric KMS keys)`);
    }
    // No KeyId: KMS reads the key from the symmetric blob's metadata; an RSA ciphertext has none.
    const blob = parseSymmetricBlob(blobBytes);
    if (blob === undefined) throw invalidCiphertext();
    const key = this.#keys.get(blob.keyId);
    if (key === undefined) throw invalidCiphertext();
    this.#assertUsable(key);
    return { key, plaintext: this.#openSymmetric(key, blob, context) };
  }

  // ---- key management ----------------------------------------------------------------------------

  /**
   * CreateKey (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html).
   *
   * Input: `{ KeySpec?: 'SYMMETRIC_DEFAULT' (default) | 'RSA_2048', KeyUsage?: 'ENCRYPT_DECRYPT',
   * Description?: string, Origin?: 'AWS_KMS', CustomerMasterKeySpec?: (deprecated synonym of KeySpec) }`.
   * `KeyUsage` may be omitted only for symmetric keys (the docs: required otherwise).
   *
   * @returns `{ KeyMetadata }`.
   * @throws {KmsError} `ValidationException` (unknown spec/usage, missing KeyUsage for RSA, both
   *   KeySpec and CustomerMasterKeySpec); `UnsupportedOperationException` for real KMS key specs,
   *   usages or origins this reference does not implement (RSA_3072, ECC_*, HMAC_*, SIGN_VERIFY, EXTERNAL, …).
   */
  createKey(input?: unknown): { KeyMetadata: KeyMetadata } {
    const req = asRecord(input);
    const keySpec = optionalString(req.KeySpec, 'keySpec');
    const cmkSpec = optionalString(req.CustomerMasterKeySpec, 'customerMasterKeySpec');
    if (keySpec !== undefined && cmkSpec !== undefined) {
      throw validation('Specify KeySpec or CustomerMasterKeySpec, not both');
    }
    const spec = keySpec ?? cmkSpec ?? 'SYMMETRIC_DEFAULT';
    if (spec !== 'SYMMETRIC_DEFAULT' && spec !== 'RSA_2048') {
      if (OTHER_KMS_KEY_SPECS.has(spec)) {
        throw new KmsError('UnsupportedOperationException', `The reference KMS does not implement key spec ${spec}`);
      }
      throw validation(`Value '${spec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set`);
    }
    const usage = optionalString(req.KeyUsage, 'keyUsage');
    if (usage !== undefined && !['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'].includes(usage)) {
      throw validation(`Value '${usage}' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set`);
    }
    if (spec === 'RSA_2048' && usage === undefined) {
      throw validation('KeyUsage is required for asymmetric KMS keys (RSA_2048: ENCRYPT_DECRYPT or SIGN_VERIFY)');
    }
    if (usage !== undefined && usage !== 'ENCRYPT_DECRYPT') {
      if (spec === 'SYMMETRIC_DEFAULT') throw validation(`KeyUsage ${usage} is not valid for key spec ${spec}`);
      throw new KmsError('UnsupportedOperationException', `The reference KMS implements only ENCRYPT_DECRYPT keys, not ${usage}`);
    }
    const origin = optionalString(req.Origin, 'origin');
    if (origin !== undefined && origin !== 'AWS_KMS') {
      throw new KmsError('UnsupportedOperationException', `The reference KMS implements only Origin AWS_KMS, not ${origin}`);
    }
    const description = optionalString(req.Description, 'description') ?? '';
    const id = randomUUID();
    const key: KeyRecord = {
      id,
      arn: this.#keyArn(id),
      spec,
      description,
      created: new Date(),
      state: 'Enabled',
      materials: spec === 'SYMMETRIC_DEFAULT' ? [randomBytes(32)] : [],
      ...(spec === 'RSA_2048' ? { rsa: generateKeyPairSync('rsa', { modulusLength: 2048 }) } : {}),
      rotationEnabled: false,
    };
    this.#keys.set(id, key);
    return { KeyMetadata: this.#metadata(key) };
  }

  /**
   * DescribeKey (API_DescribeKey). Input `{ KeyId, GrantTokens? }`; works in every key state.
   * @returns `{ KeyMetadata }`.
   * @throws {KmsError} `NotFoundException`, `ValidationException`, `InvalidGrantTokenException`.
   */
  describeKey(input: unknown): { KeyMetadata: KeyMetadata } {
    const req = asRecord(input);
    this.#checkGrantTokens(req.GrantTokens);
    return { KeyMetadata: this.#metadata(this.#resolve(req.KeyId)) };
  }

  /** ListKeys (API_ListKeys). @returns `{ Keys: [{ KeyId, KeyArn }], Truncated: false }` (no paging). */
  listKeys(_input?: unknown): { Keys: { KeyId: string; KeyArn: string }[]; Truncated: false } {
    return { Keys: [...this.#keys.values()].map((k) => ({ KeyId: k.id, KeyArn: k.arn })), Truncated: false };
  }

  #aliasName(value: unknown): string {
    const name = requiredString(value, 'aliasName');
    // CreateAlias API Reference: "alias/" prefix, then letters, digits, / _ -, up to 256 characters;
    // the "alias/aws/" prefix is reserved for AWS managed keys.
    if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(name) || name.length > 256) {
      throw validation(`Value '${name}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^alias/[a-zA-Z0-9/_-]+$`);
    }
    return name;
  }

  /**
   * CreateAlias (API_CreateAlias). Input `{ AliasName: 'alias/<name>', TargetKeyId: key id or key ARN }`.
   * @returns `{}`.
   * @throws {KmsError} `ValidationException` (bad name, `alias/aws/` prefix, target given as an alias),
   *   `AlreadyExistsException`, `NotFoundException`, `KMSInvalidStateException` (target pending deletion).
   */
  createAlias(input: unknown): Record<string, never> {
    const req = asRecord(input);
    const name = this.#aliasName(req.AliasName);
    if (name.startsWith('alias/aws/')) throw validation(`The alias prefix alias/aws/ is reserved for AWS managed keys`);
    const key = this.#resolve(req.TargetKeyId, 'targetKeyId', false);
    if (this.#aliases.has(name)) throw new KmsError('AlreadyExistsException', `An alias with the name ${this.#aliasArn(name)} already exists`);
    if (key.state === 'PendingDeletion') throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    this.#aliases.set(name, key.id);
    return {};
  }

  /**
   * UpdateAlias (API_UpdateAlias): points an existing alias at another key.
   * @throws {KmsError} `NotFoundException`, `ValidationException`, `KMSInvalidStateException`.
   */
  updateAlias(input: unknown): Record<string, never> {
    const req = asRecord(input);
    const name = this.#aliasName(req.AliasName);
    if (!this.#aliases.has(name)) throw new KmsError('NotFoundException', `Alias ${this.#aliasArn(name)} is not found.`);
    const key = this.#resolve(req.TargetKeyId, 'targetKeyId', false);
    if (key.state === 'PendingDeletion') throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    this.#aliases.set(name, key.id);
    return {};
  }

  /** DeleteAlias (API_DeleteAlias). @throws {KmsError} `NotFoundException`, `ValidationException`. */
  deleteAlias(input: unknown): Record<string, never> {
    const name = this.#aliasName(asRecord(input).AliasName);
    if (!this.#aliases.delete(name)) throw new KmsError('NotFoundException', `Alias ${this.#aliasArn(name)} is not found.`);
    return {};
  }

  /**
   * ListAliases (API_ListAliases). Input `{ KeyId? }` filters to one key.
   * @returns `{ Aliases: [{ AliasName, AliasArn, TargetKeyId }], Truncated: false }`.
   */
  listAliases(input?: unknown): { Aliases: { AliasName: string; AliasArn: string; TargetKeyId: string }[]; Truncated: false } {
    const req = asRecord(input);
    const only = req.KeyId === undefined || req.KeyId === null ? undefined : this.#resolve(req.KeyId).id;
    const Aliases = [...this.#aliases.entries()]
      .filter(([, id]) => only === undefined || id === only)
      .map(([AliasName, TargetKeyId]) => ({ AliasName, AliasArn: this.#aliasArn(AliasName), TargetKeyId }));
    return { Aliases, Truncated: false };
  }

  /**
   * EnableKey (API_EnableKey). @throws {KmsError} `NotFoundException`, `KMSInvalidStateException`
   * (pending deletion: cancel the deletion first).
   */
  enableKey(input: unknown): Record<string, never> {
    const key = this.#resolve(asRecord(input).KeyId);
    if (key.state === 'PendingDeletion') throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    key.state = 'Enabled';
    return {};
  }

  /**
   * DisableKey (API_DisableKey): a disabled key cannot be used in cryptographic operations, which
   * then fail with `DisabledException`. @throws {KmsError} `NotFoundException`, `KMSInvalidStateException`.
   */
  disableKey(input: unknown): Record<string, never> {
    const key = this.#resolve(asRecord(input).KeyId);
    if (key.state === 'PendingDeletion') throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    key.state = 'Disabled';
    return {};
  }

  /**
   * EnableKeyRotation (API_EnableKeyRotation). Input `{ KeyId, RotationPeriodInDays?: 90..2560 (default 365) }`.
   * Automatic rotation exists only for symmetric encryption keys with AWS-generated material.
   * @throws {KmsError} `ValidationException` (period out of 90..2560 days), `UnsupportedOperationException`
   *   (asymmetric key), `DisabledException`, `KMSInvalidStateException`, `NotFoundException`.
   */
  enableKeyRotation(input: unknown): Record<string, never> {
    const req = asRecord(input);
    const period = optionalInteger(req.RotationPeriodInDays, 'rotationPeriodInDays', 90, 2560) ?? 365;
    const key = this.#resolve(req.KeyId);
    this.#assertUsable(key);
    if (key.spec !== 'SYMMETRIC_DEFAULT') {
      throw new KmsError('UnsupportedOperationException', `${key.arn} key type is not supported for automatic key rotation (${key.spec}).`);
    }
    key.rotationEnabled = true;
    key.rotationPeriodDays = period;
    return {};
  }

  /** DisableKeyRotation (API_DisableKeyRotation). Same errors as {@link enableKeyRotation} (no period). */
  disableKeyRotation(input: unknown): Record<string, never> {
    const key = this.#resolve(asRecord(input).KeyId);
    this.#assertUsable(key);
    if (key.spec !== 'SYMMETRIC_DEFAULT') {
      throw new KmsError('UnsupportedOperationException', `${key.arn} key type is not supported for automatic key rotation (${key.spec}).`);
    }
    key.rotationEnabled = false;
    delete key.rotationPeriodDays;
    return {};
  }

  /**
   * GetKeyRotationStatus (API_GetKeyRotationStatus).
   * @returns `{ KeyRotationEnabled, KeyId (ARN), RotationPeriodInDays? (days, when enabled) }`.
   */
  getKeyRotationStatus(input: unknown): { KeyRotationEnabled: boolean; KeyId: string; RotationPeriodInDays?: number } {
    const key = this.#resolve(asRecord(input).KeyId);
    if (key.spec !== 'SYMMETRIC_DEFAULT') {
      throw new KmsError('UnsupportedOperationException', `${key.arn} key type is not supported for automatic key rotation (${key.spec}).`);
    }
    return {
      KeyRotationEnabled: key.rotationEnabled,
      KeyId: key.arn,
      ...(key.rotationPeriodDays !== undefined ? { RotationPeriodInDays: key.rotationPeriodDays } : {}),
    };
  }

  /**
   * RotateKeyOnDemand (API_RotateKeyOnDemand): adds new key material; new ciphertexts use it and
   * ciphertexts under earlier material still decrypt (the blob records the material version).
   * @returns `{ KeyId (ARN) }`.
   * @throws {KmsError} `UnsupportedOperationException` (asymmetric key), `DisabledException`,
   *   `KMSInvalidStateException`, `NotFoundException`.
   */
  rotateKeyOnDemand(input: unknown): { KeyId: string } {
    const key = this.#resolve(asRecord(input).KeyId);
    this.#assertUsable(key);
    if (key.spec !== 'SYMMETRIC_DEFAULT') {
      throw new KmsError('UnsupportedOperationException', `${key.arn} key type is not supported for on-demand key rotation (${key.spec}).`);
    }
    key.materials.push(randomBytes(32));
    return { KeyId: key.arn };
  }

  /** Number of key material versions a symmetric key has (1 + on-demand rotations); a test aid, not a KMS operation. */
  materialVersionCount(keyId: string): number {
    return this.#resolve(keyId).materials.length;
  }

  /**
   * ScheduleKeyDeletion (API_ScheduleKeyDeletion). Input `{ KeyId, PendingWindowInDays?: 7..30 (default 30) }`.
   * The key enters `PendingDeletion`; every cryptographic use then fails with `KMSInvalidStateException`.
   * (The reference never actually deletes; `CancelKeyDeletion` restores the key as Disabled.)
   * @returns `{ KeyId (ARN), DeletionDate, KeyState: 'PendingDeletion', PendingWindowInDays }`.
   * @throws {KmsError} `ValidationException` (window outside 7..30 days), `KMSInvalidStateException`
   *   (already pending deletion), `NotFoundException`.
   */
  scheduleKeyDeletion(input: unknown): { KeyId: string; DeletionDate: Date; KeyState: 'PendingDeletion'; PendingWindowInDays: number } {
    const req = asRecord(input);
    const days = optionalInteger(req.PendingWindowInDays, 'pendingWindowInDays', 7, 30) ?? 30;
    const key = this.#resolve(req.KeyId);
    if (key.state === 'PendingDeletion') throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    key.state = 'PendingDeletion';
    key.pendingWindowDays = days;
    key.deletionDate = new Date(Date.now() + days * 86_400_000);
    return { KeyId: key.arn, DeletionDate: key.deletionDate, KeyState: 'PendingDeletion', PendingWindowInDays: days };
  }

  /**
   * CancelKeyDeletion (API_CancelKeyDeletion): the key leaves PendingDeletion in the Disabled state.
   * @returns `{ KeyId (ARN) }`. @throws {KmsError} `KMSInvalidStateException` (not pending deletion), `NotFoundException`.
   */
  cancelKeyDeletion(input: unknown): { KeyId: string } {
    const key = this.#resolve(asRecord(input).KeyId);
    if (key.state !== 'PendingDeletion') throw new KmsError('KMSInvalidStateException', `${key.arn} is not pending deletion.`);
    key.state = 'Disabled';
    delete key.deletionDate;
    delete key.pendingWindowDays;
    return { KeyId: key.arn };
  }

  /**
   * GetPublicKey (API_GetPublicKey) of an RSA key.
   * @returns `{ KeyId (ARN), PublicKey (DER SubjectPublicKeyInfo bytes), KeySpec, KeyUsage, EncryptionAlgorithms }`.
   * @throws {KmsError} `UnsupportedOperationException` (symmetric key), `DisabledException`,
   *   `KMSInvalidStateException`, `NotFoundException`.
   */
  getPublicKey(input: unknown): { KeyId: string; PublicKey: Uint8Array; KeySpec: ReferenceKeySpec; CustomerMasterKeySpec: ReferenceKeySpec; KeyUsage: 'ENCRYPT_DECRYPT'; EncryptionAlgorithms: EncryptionAlgorithm[] } {
    const req = asRecord(input);
    this.#checkGrantTokens(req.GrantTokens);
    const key = this.#resolve(req.KeyId);
    this.#assertUsable(key);
    if (key.rsa === undefined) throw new KmsError('UnsupportedOperationException', `${key.arn} is a symmetric key and has no public key.`);
    return {
      KeyId: key.arn,
      PublicKey: new Uint8Array(key.rsa.publicKey.export({ type: 'spki', format: 'der' })),
      KeySpec: key.spec,
      CustomerMasterKeySpec: key.spec,
      KeyUsage: 'ENCRYPT_DECRYPT',
      EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
    };
  }

  // ---- cryptographic operations ------------------------------------------------------------------

  /**
   * Encrypt (https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html).
   *
   * Input `{ KeyId, Plaintext: 1..4096 bytes, EncryptionContext?, EncryptionAlgorithm?, GrantTokens? }`.
   * Symmetric keys: `SYMMETRIC_DEFAULT`, context bound as AAD. RSA_2048: `RSAES_OAEP_SHA_1` (≤ 214
   * bytes) or `RSAES_OAEP_SHA_256` (≤ 190 bytes), no context.
   *
   * @returns `{ CiphertextBlob, KeyId (ARN), EncryptionAlgorithm }`.
   * @throws {KmsError} `ValidationException` (plaintext 0 or > 4096 bytes, over the RSA limit, context
   *   with an RSA key), `InvalidKeyUsageException` (algorithm incompatible with the key spec),
   *   `NotFoundException`, `DisabledException`, `KMSInvalidStateException`, `InvalidGrantTokenException`.
   */
  encrypt(input: unknown): { CiphertextBlob: Uint8Array; KeyId: string; EncryptionAlgorithm: EncryptionAlgorithm } {
    const req = asRecord(input);
    const plaintext = requiredBytes(req.Plaintext, 'plaintext', 1, MAX_SYMMETRIC_PLAINTEXT_BYTES);
    const context = optionalContext(req.EncryptionContext, 'encryptionContext');
    const alg = optionalAlgorithm(req.EncryptionAlgorithm, 'encryptionAlgorithm');
    this.#checkGrantTokens(req.GrantTokens);
    const key = this.#resolve(req.KeyId);
    const CiphertextBlob = this.#encryptWith(key, plaintext, context, alg);
    return { CiphertextBlob, KeyId: key.arn, EncryptionAlgorithm: alg };
  }

  /**
   * Decrypt (https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html).
   *
   * Input `{ CiphertextBlob: 1..6144 bytes, KeyId?, EncryptionContext?, EncryptionAlgorithm?, GrantTokens? }`.
   * Symmetric: KeyId optional (read from the blob); if given it must be the key that encrypted, else
   * `IncorrectKeyException`; the context must match exactly (order of pairs free), else
   * `InvalidCiphertextException`. RSA: KeyId and the same `RSAES_*` algorithm are required; without
   * an algorithm the default `SYMMETRIC_DEFAULT` is incompatible with the RSA key spec →
   * `InvalidKeyUsageException`; without KeyId the blob carries no key → `InvalidCiphertextException`.
   *
   * @returns `{ KeyId (ARN), Plaintext, EncryptionAlgorithm }`.
   * @throws {KmsError} `InvalidCiphertextException` (changed, foreign or non-binary blob — e.g. the
   *   UTF-8 bytes of a base64 string —, wrong or missing context), `IncorrectKeyException`,
   *   `InvalidKeyUsageException`, `ValidationException`, `NotFoundException`, `DisabledException`,
   *   `KMSInvalidStateException`, `InvalidGrantTokenException`.
   */
  decrypt(input: unknown): { KeyId: string; Plaintext: Uint8Array; EncryptionAlgorithm: EncryptionAlgorithm } {
    const req = asRecord(input);
    const blob = requiredBytes(req.CiphertextBlob, 'ciphertextBlob', 1, MAX_CIPHERTEXT_BLOB_BYTES);
    const context = optionalContext(req.EncryptionContext, 'encryptionContext');
    const alg = optionalAlgorithm(req.EncryptionAlgorithm, 'encryptionAlgorithm');
    this.#checkGrantTokens(req.GrantTokens);
    const { key, plaintext } = this.#decryptWith(blob, req.KeyId, context, alg, 'KeyId');
    return { KeyId: key.arn, Plaintext: plaintext, EncryptionAlgorithm: alg };
  }

  /**
   * ReEncrypt (https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html): decrypts with
   * the source parameters and encrypts under the destination key without returning plaintext.
   *
   * Input `{ CiphertextBlob, DestinationKeyId, SourceKeyId?, SourceEncryptionContext?,
   * DestinationEncryptionContext?, SourceEncryptionAlgorithm?, DestinationEncryptionAlgorithm?, GrantTokens? }`.
   *
   * @returns `{ CiphertextBlob, SourceKeyId (ARN), KeyId (destination ARN), SourceEncryptionAlgorithm,
   *   DestinationEncryptionAlgorithm }`.
   * @throws {KmsError} the errors of {@link decrypt} for the source side and of {@link encrypt} for the destination.
   */
  reEncrypt(input: unknown): {
    CiphertextBlob: Uint8Array;
    SourceKeyId: string;
    KeyId: string;
    SourceEncryptionAlgorithm: EncryptionAlgorithm;
    DestinationEncryptionAlgorithm: EncryptionAlgorithm;
  } {
    const req = asRecord(input);
    const blob = requiredBytes(req.CiphertextBlob, 'ciphertextBlob', 1, MAX_CIPHERTEXT_BLOB_BYTES);
    const sourceContext = optionalContext(req.SourceEncryptionContext, 'sourceEncryptionContext');
    const destinationContext = optionalContext(req.DestinationEncryptionContext, 'destinationEncryptionContext');
    const sourceAlg = optionalAlgorithm(req.SourceEncryptionAlgorithm, 'sourceEncryptionAlgorithm');
    const destinationAlg = optionalAlgorithm(req.DestinationEncryptionAlgorithm, 'destinationEncryptionAlgorithm');
    requiredString(req.DestinationKeyId, 'destinationKeyId');
    this.#checkGrantTokens(req.GrantTokens);
    const source = this.#decryptWith(blob, req.SourceKeyId, sourceContext, sourceAlg, 'SourceKeyId');
    const destination = this.#resolve(req.DestinationKeyId, 'DestinationKeyId');
    try {
      const CiphertextBlob = this.#encryptWith(destination, source.plaintext, destinationContext, destinationAlg);
      return {
        CiphertextBlob,
        SourceKeyId: source.key.arn,
        KeyId: destination.arn,
        SourceEncryptionAlgorithm: sourceAlg,
        DestinationEncryptionAlgorithm: destinationAlg,
      };
    } finally {
      source.plaintext.fill(0);
    }
  }

  #dataKeyLength(req: Record<string, unknown>): number {
    const spec = req.KeySpec;
    const count = req.NumberOfBytes;
    const hasSpec = spec !== undefined && spec !== null;
    const hasCount = count !== undefined && count !== null;
    // GenerateDataKey API Reference: "You must specify either the KeySpec or the NumberOfBytes
    // parameter (but not both) in every GenerateDataKey request."
    if (hasSpec && hasCount) throw validation('Specify either KeySpec or NumberOfBytes, but not both');
    if (!hasSpec && !hasCount) throw validation('Specify either KeySpec or NumberOfBytes');
    if (hasSpec) {
      if (spec === 'AES_256') return 32;
      if (spec === 'AES_128') return 16;
      throw validation(`Value '${String(spec)}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]`);
    }
    return optionalInteger(count, 'numberOfBytes', 1, 1024)!;
  }

  #generateDataKey(input: unknown): { CiphertextBlob: Uint8Array; Plaintext: Uint8Array; KeyId: string } {
    const req = asRecord(input);
    const length = this.#dataKeyLength(req);
    const context = optionalContext(req.EncryptionContext, 'encryptionContext');
    this.#checkGrantTokens(req.GrantTokens);
    const key = this.#resolve(req.KeyId);
    this.#assertUsable(key);
    if (key.spec !== 'SYMMETRIC_DEFAULT') {
      throw new KmsError('InvalidKeyUsageException', `${key.arn} is not a symmetric encryption KMS key; GenerateDataKey needs one.`);
    }
    const Plaintext = randomBytes(length);
    return { CiphertextBlob: this.#sealSymmetric(key, Plaintext, context), Plaintext, KeyId: key.arn };
  }

  /**
   * GenerateDataKey (https://docs.aws.amazon.com/kms/latest/APIReference/API_GenerateDataKey.html).
   *
   * Input `{ KeyId, KeySpec?: 'AES_256' | 'AES_128', NumberOfBytes?: 1..1024, EncryptionContext?, GrantTokens? }`
   * — exactly one of KeySpec and NumberOfBytes.
   *
   * @returns `{ CiphertextBlob (the encrypted data key), Plaintext (the data key: 32, 16 or NumberOfBytes bytes), KeyId (ARN) }`.
   * @throws {KmsError} `ValidationException` (both or neither of KeySpec/NumberOfBytes, NumberOfBytes
   *   outside 1..1024, unknown KeySpec), `InvalidKeyUsageException` (asymmetric key), `NotFoundException`,
   *   `DisabledException`, `KMSInvalidStateException`, `InvalidGrantTokenException`.
   */
  generateDataKey(input: unknown): { CiphertextBlob: Uint8Array; Plaintext: Uint8Array; KeyId: string } {
    return this.#generateDataKey(input);
  }

  /**
   * GenerateDataKeyWithoutPlaintext (API_GenerateDataKeyWithoutPlaintext): as {@link generateDataKey}
   * without `Plaintext` in the response.
   * @returns `{ CiphertextBlob, KeyId (ARN) }`.
   */
  generateDataKeyWithoutPlaintext(input: unknown): { CiphertextBlob: Uint8Array; KeyId: string } {
    const { CiphertextBlob, Plaintext, KeyId } = this.#generateDataKey(input);
    Plaintext.fill(0);
    return { CiphertextBlob, KeyId };
  }

  /**
   * GenerateRandom (API_GenerateRandom). Input `{ NumberOfBytes: 1..1024 }`.
   * @returns `{ Plaintext }`. @throws {KmsError} `ValidationException`.
   */
  generateRandom(input: unknown): { Plaintext: Uint8Array } {
    const req = asRecord(input);
    if (req.NumberOfBytes === undefined || req.NumberOfBytes === null) throw validation(`Value at 'numberOfBytes' must not be null`);
    return { Plaintext: randomBytes(optionalInteger(req.NumberOfBytes, 'numberOfBytes', 1, 1024)!) };
  }

  // ---- grants ------------------------------------------------------------------------------------

  /**
   * CreateGrant (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html).
   *
   * Input `{ KeyId (key id or key ARN), GranteePrincipal, Operations: non-empty list of grant
   * operations, Constraints?: { EncryptionContextEquals? | EncryptionContextSubset? }, RetiringPrincipal?, Name?, GrantTokens? }`.
   * The grant is recorded (and listed by {@link listGrants}); the reference KMS does no
   * authorization, so grants do not change what callers may do. Its `GrantToken` is accepted in
   * `GrantTokens` of later requests; unknown tokens are rejected.
   *
   * @returns `{ GrantId (64 hex chars), GrantToken (opaque string) }`.
   * @throws {KmsError} `ValidationException` (missing member, unknown operation, key given as an
   *   alias), `NotFoundException`, `DisabledException`, `KMSInvalidStateException`.
   */
  createGrant(input: unknown): { GrantId: string; GrantToken: string } {
    const req = asRecord(input);
    const grantee = requiredString(req.GranteePrincipal, 'granteePrincipal');
    const retiring = optionalString(req.RetiringPrincipal, 'retiringPrincipal');
    const name = optionalString(req.Name, 'name');
    const ops = req.Operations;
    if (!Array.isArray(ops) || ops.length === 0) throw validation(`Value at 'operations' must be a non-empty list`);
    for (const op of ops) {
      if (typeof op !== 'string' || !GRANT_OPERATIONS.has(op)) {
        throw validation(`Value '${String(op)}' at 'operations' failed to satisfy constraint: Member must satisfy enum value set`);
      }
    }
    let constraints: GrantListEntry['Constraints'];
    if (req.Constraints !== undefined && req.Constraints !== null) {
      const c = asRecord(req.Constraints);
      const equals = c.EncryptionContextEquals === undefined ? undefined : optionalContext(c.EncryptionContextEquals, 'constraints.encryptionContextEquals');
      const subset = c.EncryptionContextSubset === undefined ? undefined : optionalContext(c.EncryptionContextSubset, 'constraints.encryptionContextSubset');
      constraints = { ...(equals ? { EncryptionContextEquals: equals } : {}), ...(subset ? { EncryptionContextSubset: subset } : {}) };
    }
    this.#checkGrantTokens(req.GrantTokens);
    const key = this.#resolve(req.KeyId, 'KeyId', false);
    this.#assertUsable(key);
    const GrantId = Buffer.from(randomBytes(32)).toString('hex');
    const GrantToken = toBase64Url(randomBytes(48));
    const entry: GrantListEntry = {
      KeyId: key.arn,
      GrantId,
      CreationDate: new Date(),
      GranteePrincipal: grantee,
      IssuingAccount: `arn:aws:iam::${this.accountId}:root`,
      Operations: [...(ops as string[])],
      ...(name !== undefined ? { Name: name } : {}),
      ...(retiring !== undefined ? { RetiringPrincipal: retiring } : {}),
      ...(constraints !== undefined ? { Constraints: constraints } : {}),
    };
    this.#grants.push({ entry, token: GrantToken });
    this.#grantTokens.add(GrantToken);
    return { GrantId, GrantToken };
  }

  /**
   * ListGrants (API_ListGrants). Input `{ KeyId }`.
   * @returns `{ Grants: GrantListEntry[], Truncated: false }`. @throws {KmsError} `NotFoundException`.
   */
  listGrants(input: unknown): { Grants: GrantListEntry[]; Truncated: false } {
    const key = this.#resolve(asRecord(input).KeyId);
    return { Grants: this.#grants.filter((g) => g.entry.KeyId === key.arn).map((g) => g.entry), Truncated: false };
  }
}
