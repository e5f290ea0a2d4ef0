/**
 * Envelope encryption with a data key: AES-256-GCM from `@noble/ciphers`, a 12-byte random IV,
 * a 16-byte tag, optional additional authenticated data (AAD), and a small versioned binary
 * format that keeps the encrypted data key beside the ciphertext.
 *
 * This is the pattern the AWS KMS Developer Guide calls "envelope encryption"
 * (https://docs.aws.amazon.com/kms/latest/developerguide/kms-cryptography.html#enveloping):
 * call `GenerateDataKey`, encrypt the data locally with the plaintext data key, store the
 * encrypted data key (the `CiphertextBlob`) with the ciphertext, wipe the plaintext data key;
 * to read, `Decrypt` the encrypted data key and decrypt the data locally.
 *
 * ## Envelope format, version 1
 *
 * All integers are unsigned big-endian. Lengths are in bytes.
 *
 * | offset          | size | field                                                        |
 * |-----------------|------|--------------------------------------------------------------|
 * | 0               | 1    | format version, `0x01`                                       |
 * | 1               | 2    | `n`: length of the encrypted data key, 1..65535              |
 * | 3               | n    | encrypted data key (the KMS `CiphertextBlob`, opaque here)   |
 * | 3 + n           | 12   | IV (GCM nonce), random per encryption                        |
 * | 15 + n          | 16   | GCM authentication tag                                       |
 * | 31 + n          | rest | ciphertext (same length as the plaintext; may be empty)      |
 *
 * The AAD, when given, is not stored: the reader must supply the same bytes again (as with a KMS
 * encryption context). The header is not part of the AAD: changing the encrypted data key yields
 * a different (or no) data key and the tag check fails; an unknown version byte is rejected.
 *
 * Test and demo code: it is correct AES-256-GCM, but this module is not a key store and has no
 * protection against IV reuse beyond drawing every IV from a CSPRNG.
 *
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes } from '@noble/ciphers/utils.js';

/** Version byte written by {@link encodeEnvelope}; the only version {@link decodeEnvelope} reads. */
export const ENVELOPE_VERSION = 1;
/** AES-256 key length in bytes (the data key from `GenerateDataKey` with `KeySpec: 'AES_256'`). */
export const DATA_KEY_LENGTH = 32;
/** GCM IV (nonce) length in bytes: 96 bits, the length NIST SP 800-38D recommends. */
export const IV_LENGTH = 12;
/** GCM authentication tag length in bytes (128 bits). */
export const TAG_LENGTH = 16;
/** Largest encrypted data key the 2-byte length field can describe, in bytes. */
export const MAX_ENCRYPTED_DATA_KEY_LENGTH = 0xffff;
/** Size in bytes of an envelope whose encrypted data key is `n` bytes and whose plaintext is empty. */
export const envelopeOverhead = (n: number): number => 1 + 2 + n + IV_LENGTH + TAG_LENGTH;

/**
 * The result of one AES-256-GCM encryption with a data key.
 * `iv`: 12 bytes; `tag`: 16 bytes; `ciphertext`: as many bytes as the plaintext.
 */
export interface SealedData {
  readonly iv: Uint8Array;
  readonly tag: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/**
 * A decoded envelope (format version 1): {@link SealedData} plus the encrypted data key that
 * KMS `Decrypt` turns back into the data key.
 */
export interface Envelope extends SealedData {
  readonly version: typeof ENVELOPE_VERSION;
  /** The wrapped data key, 1..65535 bytes (a KMS `CiphertextBlob`). */
  readonly encryptedDataKey: Uint8Array;
}

/** Thrown by {@link decodeEnvelope}/{@link encodeEnvelope} when bytes or fields do not fit the format. */
export class EnvelopeFormatError extends Error {
  override readonly name = 'EnvelopeFormatError';
}

/**
 * Thrown by {@link openWithDataKey}/{@link openEnvelope} when GCM authentication fails: wrong data
 * key, wrong AAD, or a changed IV, tag or ciphertext. No plaintext is released in that case.
 */
export class EnvelopeAuthenticationError extends Error {
  override readonly name = 'EnvelopeAuthenticationError';
}

function checkBytes(value: unknown, what: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new EnvelopeFormatError(`${what} must be a Uint8Array`);
  }
  if (length !== undefined && value.length !== length) {
    throw new EnvelopeFormatError(`${what} must be ${length} bytes, got ${value.length}`);
  }
}

function checkAad(aad: Uint8Array | undefined): Uint8Array | undefined {
  if (aad === undefined) return undefined;
  checkBytes(aad, 'aad');
  return aad;
}

/**
 * Encrypts `plaintext` under a 32-byte data key with AES-256-GCM and a fresh random 12-byte IV.
 *
 * @param dataKey 32 bytes (the `Plaintext` of a KMS `GenerateDataKey` with `KeySpec: 'AES_256'`).
 * @param plaintext any length, including 0 bytes.
 * @param aad optional additional authenticated data; must be given again, byte for byte, to open.
 * @returns `{ iv (12 bytes), tag (16 bytes), ciphertext (plaintext.length bytes) }`.
 * @throws {EnvelopeFormatError} when `dataKey` is not 32 bytes or an argument is not a Uint8Array.
 */
export function sealWithDataKey(dataKey: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): SealedData {
  checkBytes(dataKey, 'dataKey', DATA_KEY_LENGTH);
  checkBytes(plaintext, 'plaintext');
  const iv = randomBytes(IV_LENGTH);
  const sealed = gcm(dataKey, iv, checkAad(aad)).encrypt(plaintext);
  const cut = sealed.length - TAG_LENGTH;
  return { iv, ciphertext: sealed.slice(0, cut), tag: sealed.slice(cut) };
}

/**
 * Decrypts and authenticates what {@link sealWithDataKey} produced.
 *
 * @param dataKey the same 32-byte data key (for example the `Plaintext` of KMS `Decrypt` of the
 *   encrypted data key).
 * @param sealed `{ iv (12 bytes), tag (16 bytes), ciphertext }`.
 * @param aad the AAD given to {@link sealWithDataKey}, if any.
 * @returns the plaintext bytes.
 * @throws {EnvelopeFormatError} when a length is wrong.
 * @throws {EnvelopeAuthenticationError} when the tag does not verify (wrong key, AAD, IV, tag or
 *   ciphertext).
 */
export function openWithDataKey(dataKey: Uint8Array, sealed: SealedData, aad?: Uint8Array): Uint8Array {
  checkBytes(dataKey, 'dataKey', DATA_KEY_LENGTH);
  checkBytes(sealed.iv, 'iv', IV_LENGTH);
  checkBytes(sealed.tag, 'tag', TAG_LENGTH);
  checkBytes(sealed.ciphertext, 'ciphertext');
  const joined = new Uint8Array(sealed.ciphertext.length + TAG_LENGTH);
  joined.set(sealed.ciphertext, 0);
  joined.set(sealed.tag, sealed.ciphertext.length);
  try {
    return gcm(dataKey, sealed.iv, checkAad(aad)).decrypt(joined);
  } catch {
    throw new EnvelopeAuthenticationError(
      'AES-256-GCM authentication failed: wrong data key or AAD, or the IV, tag or ciphertext was changed',
    );
  }
}

/**
 * Serialises an envelope to the version-1 byte format described in this module's doc comment.
 *
 * @param envelope `{ encryptedDataKey (1..65535 bytes), iv (12), tag (16), ciphertext }`; `version`
 *   may be omitted and defaults to 1.
 * @returns `31 + encryptedDataKey.length + ciphertext.length` bytes.
 * @throws {EnvelopeFormatError} when a field has the wrong type or length, or the version is not 1.
 */
export function encodeEnvelope(envelope: Omit<Envelope, 'version'> & { readonly version?: number }): Uint8Array {
  const version = envelope.version ?? ENVELOPE_VERSION;
  if (version !== ENVELOPE_VERSION) {
    throw new EnvelopeFormatError(`unsupported envelope version ${version}; this library writes version ${ENVELOPE_VERSION}`);
  }
  const { encryptedDataKey, iv, tag, ciphertext } = envelope;
  checkBytes(encryptedDataKey, 'encryptedDataKey');
  if (encryptedDataKey.length < 1 || encryptedDataKey.length > MAX_ENCRYPTED_DATA_KEY_LENGTH) {
    throw new EnvelopeFormatError(
      `encryptedDataKey must be 1..${MAX_ENCRYPTED_DATA_KEY_LENGTH} bytes, got ${encryptedDataKey.length}`,
    );
  }
  checkBytes(iv, 'iv', IV_LENGTH);
  checkBytes(tag, 'tag', TAG_LENGTH);
  checkBytes(ciphertext, 'ciphertext');
  const n = encryptedDataKey.length;
  const out = new Uint8Array(envelopeOverhead(n) + ciphertext.length);
  out[0] = ENVELOPE_VERSION;
  out[1] = n >>> 8;
  out[2] = n & 0xff;
  let at = 3;
  out.set(encryptedDataKey, at);
  at += n;
  out.set(iv, at);
  at += IV_LENGTH;
  out.set(tag, at);
  at += TAG_LENGTH;
  out.set(ciphertext, at);
  return out;
}

/**
 * Parses the version-1 byte format. The returned fields are copies, not views of `bytes`.
 *
 * @param bytes an envelope produced by {@link encodeEnvelope} or {@link sealEnvelope}.
 * @throws {EnvelopeFormatError} with a message naming the problem: not a Uint8Array, shorter than
 *   the 31-byte minimum, unknown version byte, zero encrypted-data-key length, or a declared
 *   encrypted-data-key length that runs past the end.
 */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  checkBytes(bytes, 'envelope');
  if (bytes.length < envelopeOverhead(1)) {
    throw new EnvelopeFormatError(
      `envelope too short: ${bytes.length} bytes, a version-${ENVELOPE_VERSION} envelope has at least ${envelopeOverhead(1)}`,
    );
  }
  const version = bytes[0];
  if (version !== ENVELOPE_VERSION) {
    throw new EnvelopeFormatError(`unsupported envelope version ${version}; expected ${ENVELOPE_VERSION}`);
  }
  const n = (bytes[1]! << 8) | bytes[2]!;
  if (n === 0) {
    throw new EnvelopeFormatError('envelope declares an empty encrypted data key');
  }
  if (bytes.length < envelopeOverhead(n)) {
    throw new EnvelopeFormatError(
      `envelope truncated: declares a ${n}-byte encrypted data key, so needs at least ${envelopeOverhead(n)} bytes, got ${bytes.length}`,
    );
  }
  let at = 3;
  const encryptedDataKey = bytes.slice(at, at + n);
  at += n;
  const iv = bytes.slice(at, at + IV_LENGTH);
  at += IV_LENGTH;
  const tag = bytes.slice(at, at + TAG_LENGTH);
  at += TAG_LENGTH;
  const ciphertext = bytes.slice(at);
  return { version: ENVELOPE_VERSION, encryptedDataKey, iv, tag, ciphertext };
}

/**
 * One-step envelope encryption: {@link sealWithDataKey} then {@link encodeEnvelope}.
 *
 * @param dataKey 32-byte plaintext data key (`GenerateDataKey` `Plaintext`). The caller still owns
 *   it and should wipe it (`dataKey.fill(0)`) when done.
 * @param encryptedDataKey the matching `GenerateDataKey` `CiphertextBlob`, stored in the envelope.
 * @param plaintext the data, any length.
 * @param aad optional AAD (not stored).
 * @returns the encoded envelope bytes.
 * @throws {EnvelopeFormatError} as {@link sealWithDataKey} and {@link encodeEnvelope}.
 */
export function sealEnvelope(
  dataKey: Uint8Array,
  encryptedDataKey: Uint8Array,
  plaintext: Uint8Array,
  aad?: Uint8Array,
): Uint8Array {
  return encodeEnvelope({ encryptedDataKey, ...sealWithDataKey(dataKey, plaintext, aad) });
}

/**
 * Opens an envelope with its data key (already recovered by KMS `Decrypt` of
 * `decodeEnvelope(bytes).encryptedDataKey`).
 *
 * @param envelope encoded bytes or an already decoded {@link Envelope}.
 * @param dataKey the 32-byte data key.
 * @param aad the AAD used when sealing, if any.
 * @returns the plaintext bytes.
 * @throws {EnvelopeFormatError} for malformed bytes.
 * @throws {EnvelopeAuthenticationError} when authentication fails.
 */
export function openEnvelope(envelope: Uint8Array | Envelope, dataKey: Uint8Array, aad?: Uint8Array): Uint8Array {
  const decoded = envelope instanceof Uint8Array ? decodeEnvelope(envelope) : envelope;
  return openWithDataKey(dataKey, decoded, aad);
}
