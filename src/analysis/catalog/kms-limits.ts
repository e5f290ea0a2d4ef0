/**
 * Numeric limits of AWS KMS requests that rules and the reference KMS check statically. Every figure is from
 * `../shared/KMS-FACTS.md` ("Limits and shapes"), which cites the KMS API Reference and the KMS model
 * (`kms-2014-11-01`). Data only: no analysis logic lives here.
 */

/** An inclusive range of whole numbers, `min..max`. */
export interface InclusiveRange {
  readonly min: number;
  readonly max: number;
}

/** Encrypt `Plaintext` under a symmetric key: 1..4096 bytes; beyond it KMS answers `ValidationException`. */
export const SYMMETRIC_ENCRYPT_PLAINTEXT_BYTES: InclusiveRange = { min: 1, max: 4096 };

/**
 * Encrypt `Plaintext` limit in bytes per asymmetric key spec and algorithm (Encrypt API Reference).
 * Keyed `KEY_SPEC/ALGORITHM`, e.g. `RSA_2048/RSAES_OAEP_SHA_256` → 190.
 */
export const ASYMMETRIC_ENCRYPT_PLAINTEXT_BYTES: Readonly<Record<string, number>> = {
  'RSA_2048/RSAES_OAEP_SHA_1': 214,
  'RSA_2048/RSAES_OAEP_SHA_256': 190,
  'RSA_3072/RSAES_OAEP_SHA_1': 342,
  'RSA_3072/RSAES_OAEP_SHA_256': 318,
  'RSA_4096/RSAES_OAEP_SHA_1': 470,
  'RSA_4096/RSAES_OAEP_SHA_256': 446,
  'SM2/SM2PKE': 1024,
};

/** EnableKeyRotation / RotateKeyOnDemand `RotationPeriodInDays` (days): 90..2560, default 365. */
export const ROTATION_PERIOD_DAYS: InclusiveRange = { min: 90, max: 2560 };

/** Default automatic rotation period (days) when `RotationPeriodInDays` is omitted. */
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;

/** ScheduleKeyDeletion `PendingWindowInDays` (days): 7..30 per the docs (the model type allows 1..365), default 30. */
export const PENDING_WINDOW_DAYS: InclusiveRange = { min: 7, max: 30 };

/** GenerateDataKey(+WithoutPlaintext) `NumberOfBytes` (bytes): 1..1024. */
export const DATA_KEY_NUMBER_OF_BYTES: InclusiveRange = { min: 1, max: 1024 };

/** Sign / Verify / GenerateMac / VerifyMac `Message` (bytes): at most 4096. */
export const MAX_MESSAGE_BYTES = 4096;

/**
 * Sign / Verify with `MessageType: 'DIGEST'`: the digest length (bytes) the signing algorithm's hash produces
 * (Sign API Reference): 32 for `*_SHA_256`, 48 for `*_SHA_384`, 64 for `*_SHA_512`.
 */
export const DIGEST_BYTES_BY_HASH: Readonly<Record<string, number>> = { SHA_256: 32, SHA_384: 48, SHA_512: 64 };

/** CreateGrant `Constraints.EncryptionContextEquals` / `EncryptionContextSubset`: at most 8 pairs each. */
export const MAX_GRANT_CONSTRAINT_PAIRS = 8;

/**
 * Operations that share the per-account, per-Region symmetric cryptographic request quota (KMS guide, "Requests per
 * second").
 */
export const CRYPTOGRAPHIC_QUOTA_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt',
  'Decrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateMac',
  'VerifyMac',
  'GenerateRandom',
  'ReEncrypt',
]);

/**
 * Operations each call of which spends one request of a per-account, per-Region cryptographic request quota: the
 * shared symmetric quota ({@link CRYPTOGRAPHIC_QUOTA_OPERATIONS}), or the separate, lower quotas of RSA and ECC keys
 * (GenerateDataKeyPair(+WithoutPlaintext), Sign, Verify). KMS guide "Requests per second"
 * (https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html).
 */
export const KMS_QUOTA_CRYPTO_OPERATIONS: ReadonlySet<string> = new Set([
  ...CRYPTOGRAPHIC_QUOTA_OPERATIONS,
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'Sign',
  'Verify',
]);
/** GenerateDataKey(+WithoutPlaintext) `KeySpec` values (GenerateDataKey API Reference): 128- and 256-bit AES keys. */
export const DATA_KEY_SPECS: ReadonlySet<string> = new Set(['AES_128', 'AES_256']);

/**
 * The `KeyUsage` values CreateKey accepts for each `KeySpec` (CreateKey API Reference, `KeyUsage`; the same list in
 * `@aws-sdk/client-kms` `CreateKeyRequest.KeyUsage`). `SYMMETRIC_DEFAULT` is the only spec for which `KeyUsage` may be
 * omitted (it then means `ENCRYPT_DECRYPT`); for every other spec an omitted `KeyUsage` is a `ValidationException`,
 * and so is a usage outside the spec's list.
 */
export const KEY_USAGES_BY_KEY_SPEC: Readonly<Record<string, readonly string[]>> = {
  SYMMETRIC_DEFAULT: ['ENCRYPT_DECRYPT'],
  HMAC_224: ['GENERATE_VERIFY_MAC'],
  HMAC_256: ['GENERATE_VERIFY_MAC'],
  HMAC_384: ['GENERATE_VERIFY_MAC'],
  HMAC_512: ['GENERATE_VERIFY_MAC'],
  RSA_2048: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_3072: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_4096: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  ECC_NIST_P256: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_NIST_P384: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_NIST_P521: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  ECC_NIST_EDWARDS25519: ['SIGN_VERIFY'],
  ECC_SECG_P256K1: ['SIGN_VERIFY'],
  ML_DSA_44: ['SIGN_VERIFY'],
  ML_DSA_65: ['SIGN_VERIFY'],
  ML_DSA_87: ['SIGN_VERIFY'],
  ML_KEM_512: ['ENCAPSULATE_DECAPSULATE'],
  ML_KEM_768: ['ENCAPSULATE_DECAPSULATE'],
  ML_KEM_1024: ['ENCAPSULATE_DECAPSULATE'],
  SM2: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'],
};

/** The key spec CreateKey uses when neither `KeySpec` nor its deprecated synonym `CustomerMasterKeySpec` is given. */
export const DEFAULT_KEY_SPEC = 'SYMMETRIC_DEFAULT';

/**
 * CreateKey `Origin` values whose keys KMS refuses to rotate automatically (EnableKeyRotation API Reference: no
 * imported key material, no custom key store): `EXTERNAL` (imported), `AWS_CLOUDHSM` and `EXTERNAL_KEY_STORE`
 * (custom key stores). RotateKeyOnDemand refuses the custom key stores too, but since 2025 accepts imported material
 * on single-Region keys (RotateKeyOnDemand API Reference: only "multi-Region KMS keys with imported key material").
 */
export const NON_ROTATABLE_ORIGINS: ReadonlySet<string> = new Set(['EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']);

/** CreateAlias / UpdateAlias `AliasName`: must start with this prefix (CreateAlias API Reference). */
export const ALIAS_PREFIX = 'alias/';

/** Alias names under this prefix are reserved for AWS managed keys; CreateAlias refuses them (CreateAlias API Reference). */
export const RESERVED_ALIAS_PREFIX = 'alias/aws/';

/**
 * Digest length (bytes) of Node's `crypto.createHash(name).digest()` for the hash names Node (OpenSSL) accepts
 * (FIPS 180-4 and FIPS 202 output sizes), used to know the length of a `DIGEST` message. Lower-case keys; Node's names
 * are case-insensitive.
 */
export const NODE_HASH_DIGEST_BYTES: Readonly<Record<string, number>> = {
  md5: 16,
  sha1: 20,
  'sha-1': 20,
  sha224: 28,
  'sha-224': 28,
  sha256: 32,
  'sha-256': 32,
  sha384: 48,
  'sha-384': 48,
  sha512: 64,
  'sha-512': 64,
  'sha512-224': 28,
  'sha512-256': 32,
  'sha3-224': 28,
  'sha3-256': 32,
  'sha3-384': 48,
  'sha3-512': 64,
};
