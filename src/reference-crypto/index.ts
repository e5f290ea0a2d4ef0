/**
 * `eslint-plugin-aws-kms/reference-crypto`: envelope encryption on `@noble/ciphers` AES-256-GCM
 * and a reference AWS KMS (in memory, plus a 127.0.0.1-only server speaking the KMS JSON 1.1
 * protocol for the real AWS SDK). A test and demo tool, never a key store. See
 * docs/reference-crypto.md.
 *
 * @module
 */
export {
  DATA_KEY_LENGTH,
  ENVELOPE_VERSION,
  EnvelopeAuthenticationError,
  EnvelopeFormatError,
  IV_LENGTH,
  MAX_ENCRYPTED_DATA_KEY_LENGTH,
  TAG_LENGTH,
  decodeEnvelope,
  encodeEnvelope,
  envelopeOverhead,
  openEnvelope,
  openWithDataKey,
  sealEnvelope,
  sealWithDataKey,
  type Envelope,
  type SealedData,
} from './envelope.js';
export { KmsError, isKmsError, type KmsErrorName } from './errors.js';
export {
  DEFAULT_ON_DEMAND_ROTATION_LIMIT,
  MAX_CIPHERTEXT_BLOB_BYTES,
  MAX_MESSAGE_BYTES,
  MAX_SYMMETRIC_PLAINTEXT_BYTES,
  RSA_PLAINTEXT_LIMITS,
  ReferenceKms,
  canonicalEncryptionContext,
  type DataKeyPairResult,
  type DataKeySpec,
  type EncryptionAlgorithm,
  type EncryptionContext,
  type GrantListEntry,
  type KeyMetadata,
  type KeyState,
  type KeyUsage,
  type ReferenceKeySpec,
  type ReferenceKmsOptions,
  type RequestScope,
} from './kms.js';
export {
  LOOPBACK_HOST,
  MAX_DISCARDED_BODY_BYTES,
  MAX_HEADER_BYTES,
  MAX_REQUEST_BODY_BYTES,
  regionFromAuthorization,
  startReferenceKms,
  type ReferenceKmsRequestContext,
  type RunningReferenceKms,
  type StartReferenceKmsOptions,
} from './server.js';
