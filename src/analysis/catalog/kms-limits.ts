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
