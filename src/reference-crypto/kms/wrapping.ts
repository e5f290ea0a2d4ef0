/**
 * Unwrapping of imported key material (GetParametersForImport / ImportKeyMaterial). Facts from the
 * KMS API Reference (GetParametersForImport `WrappingAlgorithm`, `WrappingKeySpec`) and the KMS
 * Developer Guide ("Download the public key and import token", "Encrypt key material"):
 *
 * - `RSAES_OAEP_SHA_1` / `RSAES_OAEP_SHA_256`: the material is RSA-OAEP encrypted directly under
 *   the wrapping public key (works for material short enough: symmetric and HMAC keys).
 * - `RSA_AES_KEY_WRAP_SHA_1` / `RSA_AES_KEY_WRAP_SHA_256`: a fresh 256-bit AES key is RSA-OAEP
 *   encrypted under the wrapping key, and the material is wrapped under that AES key with AES Key
 *   Wrap with Padding (RFC 5649); the two are concatenated (RSA part first, as long as the modulus).
 *   Needed for asymmetric private keys.
 *
 * @module
 */
import { createDecipheriv, type KeyObject } from 'node:crypto';
import { rsaDecrypt } from './asymmetric.js';

/** Wrapping algorithms this reference unwraps. */
export type WrappingAlgorithm = 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_1' | 'RSA_AES_KEY_WRAP_SHA_256';
/** Wrapping key specs (RSA only; SM2 is for China Regions). */
export type WrappingKeySpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096';

export const WRAPPING_ALGORITHM_NAMES = ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256', 'SM2PKE'] as const;
export const WRAPPING_KEY_SPEC_NAMES = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'] as const;

/** RFC 5649 alternative initial value prefix. */
const KWP_IV = Buffer.from('a65959a6', 'hex');

/**
 * Unwraps `wrapped` with the wrapping private key.
 * @param modulusBytes the wrapping key's modulus length in bytes (256, 384, 512).
 * @returns the key material, or `undefined` when it does not unwrap.
 */
export function unwrapMaterial(alg: WrappingAlgorithm, privateKey: KeyObject, modulusBytes: number, wrapped: Uint8Array): Uint8Array | undefined {
  const oaepHash = alg.endsWith('SHA_1') ? 'sha1' : 'sha256';
  if (alg === 'RSAES_OAEP_SHA_1' || alg === 'RSAES_OAEP_SHA_256') return rsaDecrypt(privateKey, oaepHash, wrapped);
  if (wrapped.length <= modulusBytes) return undefined;
  const aesKey = rsaDecrypt(privateKey, oaepHash, wrapped.subarray(0, modulusBytes));
  if (aesKey === undefined || aesKey.length !== 32) return undefined;
  try {
    const decipher = createDecipheriv('id-aes256-wrap-pad', aesKey, KWP_IV);
    return new Uint8Array(Buffer.concat([decipher.update(wrapped.subarray(modulusBytes)), decipher.final()]));
  } catch {
    return undefined;
  } finally {
    aesKey.fill(0);
  }
}
