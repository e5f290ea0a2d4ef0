/**
 * The symmetric ciphertext blob of the reference KMS (its own opaque format, version 1) and the
 * canonical encoding of an encryption context that is bound into it as AES-256-GCM AAD.
 *
 * | offset      | size | field                                                   |
 * |-------------|------|---------------------------------------------------------|
 * | 0           | 4    | magic `RKMS` (0x52 0x4b 0x4d 0x53)                      |
 * | 4           | 1    | blob version, `0x01`                                    |
 * | 5           | 1    | `L`: key id length in bytes                             |
 * | 6           | L    | key id (ASCII: a UUID, or `mrk-` and 32 hex digits)     |
 * | 6 + L       | 4    | key material version, unsigned big-endian (0 = first)   |
 * | 10 + L      | 12   | IV                                                      |
 * | 22 + L      | rest | AES-256-GCM ciphertext followed by the 16-byte tag      |
 *
 * The GCM AAD is the header (bytes `0 .. 10 + L`) followed by {@link canonicalEncryptionContext},
 * so the context is bound exactly: case-sensitive, every key (also `__proto__`), only the order of
 * pairs free. A multi-Region key and its replicas share the key id and the material, so a blob
 * made in one Region opens in another.
 *
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import type { EncryptionContext } from './input.js';

const BLOB_MAGIC = [0x52, 0x4b, 0x4d, 0x53] as const; // "RKMS"
const BLOB_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = new TextEncoder();

/**
 * The canonical byte encoding of an encryption context used as (part of) the GCM AAD: pairs sorted
 * by key (UTF-16 code unit order), each key and value UTF-8 encoded and prefixed by its 4-byte
 * big-endian length, after a 4-byte pair count. Two contexts encode equally exactly when they have
 * the same pairs, byte for byte (so case matters, order does not). An empty context and an absent
 * one encode equally (as the service treats them). Own keys only, all of them (`Object.keys`).
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

/** 4-byte big-endian encoding of an unsigned integer. */
export function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, false);
  return b;
}

/** Concatenation of byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A parsed symmetric blob. */
export interface ParsedBlob {
  readonly keyId: string;
  readonly materialVersion: number;
  readonly header: Uint8Array;
  readonly iv: Uint8Array;
  readonly sealed: Uint8Array;
}

/**
 * Seals `plaintext` under a 32-byte `material` of key `keyId`, version `materialVersion`.
 * @returns the blob (layout above).
 */
export function sealBlob(keyId: string, materialVersion: number, material: Uint8Array, plaintext: Uint8Array, context: EncryptionContext): Uint8Array {
  const idBytes = utf8.encode(keyId);
  const header = concat([Uint8Array.from(BLOB_MAGIC), Uint8Array.of(BLOB_VERSION, idBytes.length), idBytes, u32(materialVersion)]);
  const iv = randomBytes(IV_BYTES);
  const aad = concat([header, canonicalEncryptionContext(context)]);
  return concat([header, iv, gcm(material, iv, aad).encrypt(plaintext)]);
}

/**
 * Opens a parsed blob with its material.
 * @returns the plaintext, or `undefined` when the tag does not verify (changed blob or other context).
 */
export function openBlob(blob: ParsedBlob, material: Uint8Array, context: EncryptionContext): Uint8Array | undefined {
  const aad = concat([blob.header, canonicalEncryptionContext(context)]);
  try {
    return gcm(material, blob.iv, aad).decrypt(blob.sealed);
  } catch {
    return undefined;
  }
}

/** Parses the header of a symmetric blob. @returns `undefined` for anything not in the layout above. */
export function parseBlob(blob: Uint8Array): ParsedBlob | undefined {
  if (blob.length < 6) return undefined;
  for (let i = 0; i < BLOB_MAGIC.length; i++) if (blob[i] !== BLOB_MAGIC[i]) return undefined;
  if (blob[4] !== BLOB_VERSION) return undefined;
  const idLength = blob[5]!;
  const headerEnd = 6 + idLength + 4;
  if (idLength === 0 || blob.length < headerEnd + IV_BYTES + TAG_BYTES) return undefined;
  const idBytes = blob.subarray(6, 6 + idLength);
  for (const c of idBytes) if (c < 0x21 || c > 0x7e) return undefined;
  return {
    keyId: String.fromCharCode(...idBytes),
    materialVersion: new DataView(blob.buffer, blob.byteOffset + 6 + idLength, 4).getUint32(0, false),
    header: blob.slice(0, headerEnd),
    iv: blob.slice(headerEnd, headerEnd + IV_BYTES),
    sealed: blob.slice(headerEnd + IV_BYTES),
  };
}
