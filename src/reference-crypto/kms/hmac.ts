/**
 * HMAC KMS keys (key specs `HMAC_224` … `HMAC_512`, key usage `GENERATE_VERIFY_MAC`) on
 * `node:crypto`. Facts from the KMS API Reference (CreateKey, GenerateMac, VerifyMac) and the KMS
 * Developer Guide ("HMAC keys", "Importing key material": imported HMAC material lengths).
 *
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** HMAC key specs. */
export type HmacKeySpec = 'HMAC_224' | 'HMAC_256' | 'HMAC_384' | 'HMAC_512';
/** MAC algorithms (GenerateMac `MacAlgorithm`). */
export type MacAlgorithm = 'HMAC_SHA_224' | 'HMAC_SHA_256' | 'HMAC_SHA_384' | 'HMAC_SHA_512';

export const HMAC_KEY_SPECS: readonly HmacKeySpec[] = ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'];
export const MAC_ALGORITHMS: readonly MacAlgorithm[] = ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'];

/** Key material length range in bytes for imported HMAC material (KMS guide, importing key material). */
const MATERIAL_BYTES: Record<HmacKeySpec, { min: number; max: number }> = {
  HMAC_224: { min: 28, max: 64 },
  HMAC_256: { min: 32, max: 64 },
  HMAC_384: { min: 48, max: 128 },
  HMAC_512: { min: 64, max: 128 },
};

/** True for the HMAC key specs. */
export function isHmacSpec(spec: string): spec is HmacKeySpec {
  return (HMAC_KEY_SPECS as readonly string[]).includes(spec);
}

/** The one MAC algorithm of a key spec (`HMAC_256` → `HMAC_SHA_256`). */
export function macAlgorithmOf(spec: HmacKeySpec): MacAlgorithm {
  return `HMAC_SHA_${spec.slice(5)}` as MacAlgorithm;
}

/** Fresh key material for a spec (as long as the hash output). */
export function generateHmacMaterial(spec: HmacKeySpec): Uint8Array {
  return new Uint8Array(randomBytes(MATERIAL_BYTES[spec].min));
}

/** Whether `length` bytes is a valid imported material length for `spec`. */
export function isValidHmacMaterialLength(spec: HmacKeySpec, length: number): boolean {
  return length >= MATERIAL_BYTES[spec].min && length <= MATERIAL_BYTES[spec].max;
}

/** HMAC of `message` under `material`. */
export function computeMac(alg: MacAlgorithm, material: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac(`sha${alg.slice(9)}`, material).update(message).digest());
}

/** Constant-time check of `mac` against the HMAC of `message`. */
export function isMacValid(alg: MacAlgorithm, material: Uint8Array, message: Uint8Array, mac: Uint8Array): boolean {
  const expected = computeMac(alg, material, message);
  return expected.length === mac.length && timingSafeEqual(expected, mac);
}
