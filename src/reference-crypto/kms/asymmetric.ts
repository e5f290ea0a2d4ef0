/**
 * Asymmetric key material of the reference KMS on `node:crypto` (key generation, RSAES-OAEP,
 * signing over raw messages) and `@noble/curves` (ECDSA over a caller-supplied digest, which
 * `node:crypto` cannot do: its `sign(null, …)` hashes again).
 *
 * Facts from the KMS API Reference: CreateKey (key specs and usages), Encrypt (RSA plaintext
 * limits), Sign and Verify (signing algorithms per key spec, `MessageType` RAW/DIGEST, digest
 * lengths), GetPublicKey (DER-encoded X.509 SubjectPublicKeyInfo), GenerateDataKeyPair (key pair
 * specs; the private key is DER PKCS #8).
 *
 * @module
 */
import {
  constants as cryptoConstants,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  privateDecrypt,
  privateEncrypt,
  publicDecrypt,
  publicEncrypt,
  randomBytes,
  sign as nodeSign,
  timingSafeEqual,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';

/** RSA key specs (CreateKey `KeySpec`). */
export type RsaKeySpec = 'RSA_2048' | 'RSA_3072' | 'RSA_4096';
/** ECC key specs this reference implements (CreateKey `KeySpec`). */
export type EccKeySpec = 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'ECC_NIST_P521' | 'ECC_SECG_P256K1';
/** Asymmetric key specs this reference implements. */
export type AsymmetricKeySpec = RsaKeySpec | EccKeySpec;
/** RSA encryption algorithms. */
export type RsaEncryptionAlgorithm = 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256';
/** Signing algorithms (Sign API Reference, `SigningAlgorithm`), without SM2 and post-quantum ones. */
export type SigningAlgorithm =
  | 'RSASSA_PSS_SHA_256' | 'RSASSA_PSS_SHA_384' | 'RSASSA_PSS_SHA_512'
  | 'RSASSA_PKCS1_V1_5_SHA_256' | 'RSASSA_PKCS1_V1_5_SHA_384' | 'RSASSA_PKCS1_V1_5_SHA_512'
  | 'ECDSA_SHA_256' | 'ECDSA_SHA_384' | 'ECDSA_SHA_512';

/** All signing algorithm names of the KMS model (for enum checks). */
export const SIGNING_ALGORITHM_NAMES = [
  'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512',
  'ECDSA_SHA_256', 'ECDSA_SHA_384', 'ECDSA_SHA_512', 'SM2DSA', 'ML_DSA_SHAKE_256', 'ED25519_SHA_512', 'ED25519_PH_SHA_512',
] as const;

export const RSA_KEY_SPECS: readonly RsaKeySpec[] = ['RSA_2048', 'RSA_3072', 'RSA_4096'];
export const ECC_KEY_SPECS: readonly EccKeySpec[] = ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1'];

const RSA_BITS: Record<RsaKeySpec, number> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
const CURVE: Record<EccKeySpec, { node: string; noble: typeof p256; bytes: number }> = {
  ECC_NIST_P256: { node: 'prime256v1', noble: p256, bytes: 32 },
  ECC_NIST_P384: { node: 'secp384r1', noble: p384, bytes: 48 },
  ECC_NIST_P521: { node: 'secp521r1', noble: p521, bytes: 66 },
  ECC_SECG_P256K1: { node: 'secp256k1', noble: secp256k1, bytes: 32 },
};

/** A key pair held in memory. */
export interface KeyPair {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

/** True for the RSA key specs. */
export function isRsaSpec(spec: string): spec is RsaKeySpec {
  return (RSA_KEY_SPECS as readonly string[]).includes(spec);
}

/** True for the ECC key specs this reference implements. */
export function isEccSpec(spec: string): spec is EccKeySpec {
  return (ECC_KEY_SPECS as readonly string[]).includes(spec);
}

/** Generates a key pair of `spec` (RSA with public exponent 65537). */
export function generatePair(spec: AsymmetricKeySpec): KeyPair {
  if (isRsaSpec(spec)) return generateKeyPairSync('rsa', { modulusLength: RSA_BITS[spec] });
  return generateKeyPairSync('ec', { namedCurve: CURVE[spec].node });
}

/** The DER SubjectPublicKeyInfo of a key pair (GetPublicKey `PublicKey`, GenerateDataKeyPair `PublicKey`). */
export function publicKeyDer(pair: KeyPair): Uint8Array {
  return new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
}

/** The DER PKCS #8 private key (GenerateDataKeyPair `PrivateKeyPlaintext`). */
export function privateKeyDer(pair: KeyPair): Uint8Array {
  return new Uint8Array(pair.privateKey.export({ type: 'pkcs8', format: 'der' }));
}

/**
 * Largest RSAES-OAEP plaintext in bytes: modulus bytes − 2·hash bytes − 2 (RFC 8017 §7.1.1), which
 * gives the Encrypt API Reference's table (RSA_2048: 214 with SHA-1, 190 with SHA-256; RSA_3072:
 * 342/318; RSA_4096: 470/446).
 */
export function rsaPlaintextLimit(spec: RsaKeySpec, alg: RsaEncryptionAlgorithm): number {
  return RSA_BITS[spec] / 8 - 2 * (alg === 'RSAES_OAEP_SHA_1' ? 20 : 32) - 2;
}

/** RSAES-OAEP encryption with the public key. */
export function rsaEncrypt(pair: KeyPair, alg: RsaEncryptionAlgorithm, plaintext: Uint8Array): Uint8Array {
  const oaepHash = alg === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256';
  return new Uint8Array(publicEncrypt({ key: pair.publicKey, padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING, oaepHash }, plaintext));
}

/** RSAES-OAEP decryption. @returns `undefined` when the ciphertext does not decrypt. */
export function rsaDecrypt(privateKey: KeyObject, oaepHash: 'sha1' | 'sha256', ciphertext: Uint8Array): Uint8Array | undefined {
  try {
    return new Uint8Array(privateDecrypt({ key: privateKey, padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING, oaepHash }, ciphertext));
  } catch {
    return undefined;
  }
}

/** Signing algorithms valid for a key spec (Sign API Reference). */
export function signingAlgorithmsFor(spec: AsymmetricKeySpec): SigningAlgorithm[] {
  if (isRsaSpec(spec)) {
    return ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'];
  }
  if (spec === 'ECC_NIST_P384') return ['ECDSA_SHA_384'];
  if (spec === 'ECC_NIST_P521') return ['ECDSA_SHA_512'];
  return ['ECDSA_SHA_256'];
}

type Hash = 'sha256' | 'sha384' | 'sha512';

/** The hash of a signing algorithm and its digest length in bytes (32, 48, 64). */
export function hashOf(alg: SigningAlgorithm): { hash: Hash; bytes: number } {
  if (alg.endsWith('_256')) return { hash: 'sha256', bytes: 32 };
  if (alg.endsWith('_384')) return { hash: 'sha384', bytes: 48 };
  return { hash: 'sha512', bytes: 64 };
}

/** DER DigestInfo prefixes of RFC 8017 §9.2 note 1, for EMSA-PKCS1-v1_5 over a given digest. */
const DIGEST_INFO: Record<Hash, Uint8Array> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

/**
 * Signs `message` (RAW: the message; DIGEST: its digest, already checked for length).
 * RSASSA-PSS uses MGF1 with the same hash and a salt as long as the hash, as KMS does.
 */
export function signWith(spec: AsymmetricKeySpec, pair: KeyPair, alg: SigningAlgorithm, message: Uint8Array, isDigest: boolean): Uint8Array {
  const { hash } = hashOf(alg);
  if (isRsaSpec(spec)) {
    const pss = alg.startsWith('RSASSA_PSS');
    if (!isDigest) {
      const options = pss
        ? { key: pair.privateKey, padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: cryptoConstants.RSA_PSS_SALTLEN_DIGEST }
        : { key: pair.privateKey, padding: cryptoConstants.RSA_PKCS1_PADDING };
      return new Uint8Array(nodeSign(hash, message, options));
    }
    if (!pss) {
      return new Uint8Array(privateEncrypt({ key: pair.privateKey, padding: cryptoConstants.RSA_PKCS1_PADDING }, Buffer.concat([DIGEST_INFO[hash], message])));
    }
    const em = emsaPssEncode(hash, message, RSA_BITS[spec] - 1);
    return new Uint8Array(privateEncrypt({ key: pair.privateKey, padding: cryptoConstants.RSA_NO_PADDING }, em));
  }
  const digest = isDigest ? message : createHash(hash).update(message).digest();
  const curve = CURVE[spec];
  return curve.noble.sign(digest, eccPrivateScalar(pair, curve.bytes), { prehash: false, format: 'der' });
}

/** Verifies a signature made by {@link signWith} (or by anyone holding the private key). */
export function verifyWith(spec: AsymmetricKeySpec, pair: KeyPair, alg: SigningAlgorithm, message: Uint8Array, isDigest: boolean, signature: Uint8Array): boolean {
  const { hash } = hashOf(alg);
  if (isRsaSpec(spec)) {
    const pss = alg.startsWith('RSASSA_PSS');
    if (signature.length !== RSA_BITS[spec] / 8) return false;
    try {
      if (!isDigest) {
        const options = pss
          ? { key: pair.publicKey, padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: cryptoConstants.RSA_PSS_SALTLEN_DIGEST }
          : { key: pair.publicKey, padding: cryptoConstants.RSA_PKCS1_PADDING };
        return nodeVerify(hash, message, options, signature);
      }
      if (!pss) {
        const recovered = publicDecrypt({ key: pair.publicKey, padding: cryptoConstants.RSA_PKCS1_PADDING }, signature);
        const expected = Buffer.concat([DIGEST_INFO[hash], message]);
        return recovered.length === expected.length && timingSafeEqual(recovered, expected);
      }
      const em = publicDecrypt({ key: pair.publicKey, padding: cryptoConstants.RSA_NO_PADDING }, signature);
      return emsaPssVerify(hash, message, em, RSA_BITS[spec] - 1);
    } catch {
      return false;
    }
  }
  const digest = isDigest ? message : createHash(hash).update(message).digest();
  const curve = CURVE[spec];
  try {
    return curve.noble.verify(signature, digest, eccPublicPoint(pair, curve.bytes), { prehash: false, format: 'der', lowS: false });
  } catch {
    return false;
  }
}

function jwkBytes(value: string | undefined, size: number): Uint8Array {
  const raw = Buffer.from(value ?? '', 'base64url');
  const out = new Uint8Array(size);
  out.set(raw, size - raw.length);
  return out;
}

function eccPrivateScalar(pair: KeyPair, size: number): Uint8Array {
  return jwkBytes(pair.privateKey.export({ format: 'jwk' }).d, size);
}

function eccPublicPoint(pair: KeyPair, size: number): Uint8Array {
  const jwk = pair.publicKey.export({ format: 'jwk' });
  return Buffer.concat([Uint8Array.of(4), jwkBytes(jwk.x, size), jwkBytes(jwk.y, size)]);
}

// EMSA-PSS (RFC 8017 §9.1) over a given message hash `mHash`, salt length = hash length, MGF1 with
// the same hash. node:crypto signs PSS only over the message itself, so DIGEST signing needs this.

function mgf1(hash: Hash, seed: Uint8Array, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let counter = 0, have = 0; have < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(seed).update(c).digest();
    blocks.push(block);
    have += block.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function emsaPssEncode(hash: Hash, mHash: Uint8Array, emBits: number): Buffer {
  const hLen = mHash.length;
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(hLen);
  const h = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = Buffer.alloc(emLen - hLen - 1);
  db[emLen - 2 * hLen - 2] = 0x01;
  salt.copy(db, emLen - 2 * hLen - 1);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >>> (8 * emLen - emBits);
  const em = Buffer.concat([db, h, Uint8Array.of(0xbc)]);
  // RSA input is as long as the modulus; when emLen is shorter (never for 2048/3072/4096) pad left.
  return em;
}

function emsaPssVerify(hash: Hash, mHash: Uint8Array, emFull: Buffer, emBits: number): boolean {
  const hLen = mHash.length;
  const emLen = Math.ceil(emBits / 8);
  const em = emFull.subarray(emFull.length - emLen);
  if (emFull.length < emLen || em[emLen - 1] !== 0xbc) return false;
  const masked = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >>> (8 * emLen - emBits);
  if ((masked[0]! & ~topMask & 0xff) !== 0) return false;
  const mask = mgf1(hash, h, masked.length);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= mask[i]!;
  masked[0]! &= topMask;
  const psEnd = emLen - 2 * hLen - 2;
  for (let i = 0; i < psEnd; i++) if (masked[i] !== 0) return false;
  if (masked[psEnd] !== 0x01) return false;
  const salt = masked.subarray(psEnd + 1);
  const h2 = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  return timingSafeEqual(h, h2);
}

/** Parses a DER SPKI public key (used by tests and by import checks). */
export function parsePublicKey(der: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
}
