/**
 * Known-answer tests for the AES-256-GCM the reference crypto uses (`@noble/ciphers` `gcm`), and
 * the envelope format built on it.
 *
 * Vectors (facts, typed in as data):
 * - Project Wycheproof, `testvectors_v1/aes_gcm_test.json` (C2SP/wycheproof, commit dac1dd47),
 *   test group keySize 256 / ivSize 96 / tagSize 128; `tcId` as in the file.
 * - McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)" (revised spec submitted to NIST,
 *   the source of NIST SP 800-38D's examples), AES-256 test cases 13, 14 and 16.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { bytesToHex, hexToBytes } from '@noble/ciphers/utils.js';
import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DATA_KEY_LENGTH,
  ENVELOPE_VERSION,
  EnvelopeAuthenticationError,
  EnvelopeFormatError,
  IV_LENGTH,
  TAG_LENGTH,
  decodeEnvelope,
  encodeEnvelope,
  openEnvelope,
  openWithDataKey,
  sealEnvelope,
  sealWithDataKey,
} from '../../src/reference-crypto/index.js';

interface Vector {
  readonly source: string;
  readonly key: string;
  readonly iv: string;
  readonly aad: string;
  readonly msg: string;
  readonly ct: string;
  readonly tag: string;
}

const VALID: readonly Vector[] = [
  {
    source: 'Wycheproof aes_gcm_test.json tcId 91 (Ktv, with AAD)',
    key: '92ace3e348cd821092cd921aa3546374299ab46209691bc28b8752d17f123c20',
    iv: '00112233445566778899aabb',
    aad: '00000000ffffffff',
    msg: '00010203040506070809',
    ct: 'e27abdd2d2a53d2f136b',
    tag: '9a4a2579529301bcfb71c78d4060f52c',
  },
  {
    source: 'Wycheproof aes_gcm_test.json tcId 92 (Ktv, AAD only, empty message)',
    key: '29d3a44f8723dc640239100c365423a312934ac80239212ac3df3421a2098123',
    iv: '00112233445566778899aabb',
    aad: 'aabbccddeeff',
    msg: '',
    ct: '',
    tag: '2a7d77fa526b8250cb296078926b5020',
  },
  {
    source: 'Wycheproof aes_gcm_test.json tcId 94 (1-byte message, no AAD)',
    key: 'cc56b680552eb75008f5484b4cb803fa5063ebd6eab91f6ab6aef4916a766273',
    iv: '99e23ec48985bccdeeab60f1',
    aad: '',
    msg: '2a',
    ct: '06',
    tag: '633c1e9703ef744ffffb40edf9d14355',
  },
  {
    source: 'Wycheproof aes_gcm_test.json tcId 97 (one block, no AAD)',
    key: '59d4eafb4de0cfc7d3db99a8f54b15d7b39f0acc8da69763b019c1699f87674a',
    iv: '2fcb1b38a99e71b84740ad9b',
    aad: '',
    msg: '549b365af913f3b081131ccb6b825588',
    ct: 'f58c16690122d75356907fd96b570fca',
    tag: '28752c20153092818faba2a334640d6e',
  },
  {
    source: 'Wycheproof aes_gcm_test.json tcId 102 (16-byte AAD)',
    key: 'f32364b1d339d82e4f132d8f4a0ec1ff7e746517fa07ef1a7f422f4e25a48194',
    iv: '5a86a50a0e8a179c734b996d',
    aad: 'ab2ac7c44c60bdf8228c7884adb20184',
    msg: '43891bccb522b1e72a6b53cf31c074e9d6c2df8e',
    ct: '43dda832e942e286da314daa99bef5071d9d2c78',
    tag: 'c3922583476ced575404ddb85dd8cd44',
  },
  {
    source: 'Wycheproof aes_gcm_test.json tcId 105 (64-byte message)',
    key: '5b1d1035c0b17ee0b0444767f80a25b8c1b741f4b50a4d3052226baa1c6fb701',
    iv: 'd61040a313ed492823cc065b',
    aad: '',
    msg: 'd096803181beef9e008ff85d5ddc38ddacf0f09ee5f7e07f1e4079cb64d0dc8f5e6711cd4921a7887de76e2678fdc67618f1185586bfea9d4c685d50e4bb9a82',
    ct: 'c7d191b601f86c28b6a1bdef6a57b4f6ee3ae417bc125c381cdf1c4dac184ed1d84f1196206d62cad112b038845720e02c061179a8836f02b93fa7008379a6bf',
    tag: 'f15612f6c40f2e0db6dc76fc4822fcfe',
  },
  {
    source: 'McGrew & Viega GCM spec, test case 13 (zero key, empty message, no AAD)',
    key: '0000000000000000000000000000000000000000000000000000000000000000',
    iv: '000000000000000000000000',
    aad: '',
    msg: '',
    ct: '',
    tag: '530f8afbc74536b9a963b4f1c4cb738b',
  },
  {
    source: 'McGrew & Viega GCM spec, test case 14 (zero key, one zero block)',
    key: '0000000000000000000000000000000000000000000000000000000000000000',
    iv: '000000000000000000000000',
    aad: '',
    msg: '00000000000000000000000000000000',
    ct: 'cea7403d4d606b6e074ec5d3baf39d18',
    tag: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  {
    source: 'McGrew & Viega GCM spec, test case 16 (60-byte message, 20-byte AAD)',
    key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
    iv: 'cafebabefacedbaddecaf888',
    aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    msg:
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    ct:
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
];

/** Wycheproof tcIds 130, 148, 152, 153: a valid (key, iv, msg, ct) with a modified tag; must be rejected. */
const MODIFIED_TAG = {
  key: '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
  iv: '505152535455565758595a5b',
  msg: '202122232425262728292a2b2c2d2e2f',
  ct: 'b2061457c0759fc1749f174ee1ccadfa',
  badTags: [
    { tcId: 130, comment: 'Flipped bit 0 in tag', tag: '9de8fef6d8ab1bf1bf887232eab590dd' },
    { tcId: 148, comment: 'Flipped bit 127 in tag', tag: '9ce8fef6d8ab1bf1bf887232eab5905d' },
    { tcId: 152, comment: 'all bits of tag flipped', tag: '631701092754e40e40778dcd154a6f22' },
    { tcId: 153, comment: 'Tag changed to all zero', tag: '00000000000000000000000000000000' },
  ],
} as const;

const aadOf = (hex: string): Uint8Array | undefined => (hex === '' ? undefined : hexToBytes(hex));

describe('AES-256-GCM known answers (@noble/ciphers, as used by the reference crypto)', () => {
  it.each(VALID)('$source: encrypts to the published ciphertext and tag', (v) => {
    const out = gcm(hexToBytes(v.key), hexToBytes(v.iv), aadOf(v.aad)).encrypt(hexToBytes(v.msg));
    expect(bytesToHex(out)).toBe(v.ct + v.tag);
  });

  it.each(VALID)('$source: decrypts through openWithDataKey', (v) => {
    const plaintext = openWithDataKey(
      hexToBytes(v.key),
      { iv: hexToBytes(v.iv), ciphertext: hexToBytes(v.ct), tag: hexToBytes(v.tag) },
      aadOf(v.aad),
    );
    expect(bytesToHex(plaintext)).toBe(v.msg);
  });

  it.each(VALID)('$source: node:crypto agrees (independent implementation)', (v) => {
    const cipher = createCipheriv('aes-256-gcm', hexToBytes(v.key), hexToBytes(v.iv));
    if (v.aad !== '') cipher.setAAD(hexToBytes(v.aad));
    const ct = Buffer.concat([cipher.update(hexToBytes(v.msg)), cipher.final()]);
    expect(ct.toString('hex') + cipher.getAuthTag().toString('hex')).toBe(v.ct + v.tag);
  });

  it('the vector set covers with-AAD and without-AAD cases, all with 12-byte IVs', () => {
    expect(VALID.length).toBeGreaterThanOrEqual(6);
    expect(VALID.filter((v) => v.aad !== '').length).toBeGreaterThanOrEqual(3);
    expect(VALID.filter((v) => v.aad === '').length).toBeGreaterThanOrEqual(3);
    for (const v of VALID) {
      expect(v.iv.length / 2).toBe(IV_LENGTH);
      expect(v.key.length / 2).toBe(DATA_KEY_LENGTH);
      expect(v.tag.length / 2).toBe(TAG_LENGTH);
    }
  });

  it.each(MODIFIED_TAG.badTags)('Wycheproof tcId $tcId ($comment) is rejected', ({ tag }) => {
    const sealed = { iv: hexToBytes(MODIFIED_TAG.iv), ciphertext: hexToBytes(MODIFIED_TAG.ct), tag: hexToBytes(tag) };
    expect(() => openWithDataKey(hexToBytes(MODIFIED_TAG.key), sealed)).toThrow(EnvelopeAuthenticationError);
  });

  it('the unmodified counterpart of the modified-tag vectors decrypts (so the rejection is the tag)', () => {
    const out = gcm(hexToBytes(MODIFIED_TAG.key), hexToBytes(MODIFIED_TAG.iv)).encrypt(hexToBytes(MODIFIED_TAG.msg));
    expect(bytesToHex(out.subarray(0, 16))).toBe(MODIFIED_TAG.ct);
    const plaintext = openWithDataKey(hexToBytes(MODIFIED_TAG.key), {
      iv: hexToBytes(MODIFIED_TAG.iv),
      ciphertext: out.subarray(0, 16),
      tag: out.subarray(16),
    });
    expect(bytesToHex(plaintext)).toBe(MODIFIED_TAG.msg);
  });

  const v16 = VALID.find((v) => v.source.includes('test case 16'))!;
  const known = () => ({ iv: hexToBytes(v16.iv), ciphertext: hexToBytes(v16.ct), tag: hexToBytes(v16.tag) });

  it('rejects a known-answer ciphertext whose IV was changed', () => {
    const sealed = known();
    sealed.iv[11] ^= 0x01;
    expect(() => openWithDataKey(hexToBytes(v16.key), sealed, hexToBytes(v16.aad))).toThrow(EnvelopeAuthenticationError);
  });

  it('rejects a known-answer ciphertext opened with different AAD, or with none', () => {
    const aad = hexToBytes(v16.aad);
    aad[0] ^= 0x80;
    expect(() => openWithDataKey(hexToBytes(v16.key), known(), aad)).toThrow(EnvelopeAuthenticationError);
    expect(() => openWithDataKey(hexToBytes(v16.key), known())).toThrow(EnvelopeAuthenticationError);
  });

  it('rejects a known-answer ciphertext whose ciphertext byte was changed', () => {
    const sealed = known();
    sealed.ciphertext[0] ^= 0x01;
    expect(() => openWithDataKey(hexToBytes(v16.key), sealed, hexToBytes(v16.aad))).toThrow(EnvelopeAuthenticationError);
  });
});

describe('sealWithDataKey / openWithDataKey', () => {
  const dataKey = hexToBytes('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
  const plaintext = new TextEncoder().encode('account 4711: balance 12.00 EUR');
  const aad = new TextEncoder().encode('tenant=acme');

  it('round-trips with and without AAD, with 12-byte IV and 16-byte tag', () => {
    const withAad = sealWithDataKey(dataKey, plaintext, aad);
    expect(withAad.iv).toHaveLength(12);
    expect(withAad.tag).toHaveLength(16);
    expect(withAad.ciphertext).toHaveLength(plaintext.length);
    expect(openWithDataKey(dataKey, withAad, aad)).toEqual(plaintext);
    const withoutAad = sealWithDataKey(dataKey, plaintext);
    expect(openWithDataKey(dataKey, withoutAad)).toEqual(plaintext);
  });

  it('matches the GCM known answer when given the same IV (ciphertext = AES-GCM of the data)', () => {
    const sealed = sealWithDataKey(dataKey, plaintext, aad);
    const expected = gcm(dataKey, sealed.iv, aad).encrypt(plaintext);
    expect(bytesToHex(sealed.ciphertext) + bytesToHex(sealed.tag)).toBe(bytesToHex(expected));
  });

  it('draws a fresh IV for every encryption', () => {
    const ivs = new Set(Array.from({ length: 50 }, () => bytesToHex(sealWithDataKey(dataKey, plaintext).iv)));
    expect(ivs.size).toBe(50);
  });

  it('rejects tag, IV and AAD tampering, and a wrong data key', () => {
    const sealed = sealWithDataKey(dataKey, plaintext, aad);
    const tag = sealed.tag.slice();
    tag[15] ^= 1;
    expect(() => openWithDataKey(dataKey, { ...sealed, tag }, aad)).toThrow(EnvelopeAuthenticationError);
    const iv = sealed.iv.slice();
    iv[0] ^= 1;
    expect(() => openWithDataKey(dataKey, { ...sealed, iv }, aad)).toThrow(EnvelopeAuthenticationError);
    expect(() => openWithDataKey(dataKey, sealed, new TextEncoder().encode('tenant=Acme'))).toThrow(EnvelopeAuthenticationError);
    expect(() => openWithDataKey(dataKey, sealed)).toThrow(EnvelopeAuthenticationError);
    const otherKey = dataKey.slice();
    otherKey[0] ^= 1;
    expect(() => openWithDataKey(otherKey, sealed, aad)).toThrow(EnvelopeAuthenticationError);
  });

  it('rejects data keys that are not 32 bytes', () => {
    expect(() => sealWithDataKey(new Uint8Array(16), plaintext)).toThrow(/dataKey must be 32 bytes/);
    expect(() => openWithDataKey(new Uint8Array(31), sealWithDataKey(dataKey, plaintext))).toThrow(EnvelopeFormatError);
  });
});

describe('envelope format v1', () => {
  const dataKey = new Uint8Array(32).map((_, i) => i);
  const encryptedDataKey = new Uint8Array(184).map((_, i) => (i * 7) & 0xff);
  const plaintext = new TextEncoder().encode('{"card":"4111111111111111"}');

  it('lays out version, 2-byte big-endian EDK length, EDK, IV, tag, ciphertext', () => {
    const sealed = sealWithDataKey(dataKey, plaintext);
    const bytes = encodeEnvelope({ encryptedDataKey, ...sealed });
    expect(bytes[0]).toBe(ENVELOPE_VERSION);
    expect((bytes[1]! << 8) | bytes[2]!).toBe(184);
    expect(bytes.subarray(3, 187)).toEqual(encryptedDataKey);
    expect(bytes.subarray(187, 199)).toEqual(sealed.iv);
    expect(bytes.subarray(199, 215)).toEqual(sealed.tag);
    expect(bytes.subarray(215)).toEqual(sealed.ciphertext);
    expect(bytes).toHaveLength(31 + 184 + plaintext.length);
  });

  it('round-trips through sealEnvelope / decodeEnvelope / openEnvelope, with AAD', () => {
    const aad = new TextEncoder().encode('orders/2024/17');
    const bytes = sealEnvelope(dataKey, encryptedDataKey, plaintext, aad);
    const decoded = decodeEnvelope(bytes);
    expect(decoded.version).toBe(1);
    expect(decoded.encryptedDataKey).toEqual(encryptedDataKey);
    expect(openEnvelope(bytes, dataKey, aad)).toEqual(plaintext);
    expect(openEnvelope(decoded, dataKey, aad)).toEqual(plaintext);
    expect(encodeEnvelope(decoded)).toEqual(bytes);
  });

  it('round-trips an empty plaintext', () => {
    const bytes = sealEnvelope(dataKey, encryptedDataKey, new Uint8Array(0));
    expect(openEnvelope(bytes, dataKey)).toEqual(new Uint8Array(0));
  });

  it('detects tampering of the IV, tag or ciphertext inside an envelope', () => {
    const bytes = sealEnvelope(dataKey, encryptedDataKey, plaintext);
    for (const offset of [3 + 184 /* IV */, 3 + 184 + 12 /* tag */, bytes.length - 1 /* ciphertext */]) {
      const copy = bytes.slice();
      copy[offset] ^= 0x01;
      expect(() => openEnvelope(copy, dataKey), `offset ${offset}`).toThrow(EnvelopeAuthenticationError);
    }
  });

  it('throws a clear EnvelopeFormatError for malformed envelopes', () => {
    const good = sealEnvelope(dataKey, encryptedDataKey, plaintext);
    expect(() => decodeEnvelope(new Uint8Array(10))).toThrow(/envelope too short: 10 bytes/);
    const wrongVersion = good.slice();
    wrongVersion[0] = 2;
    expect(() => decodeEnvelope(wrongVersion)).toThrow(/unsupported envelope version 2/);
    const zeroEdk = good.slice();
    zeroEdk[1] = 0;
    zeroEdk[2] = 0;
    expect(() => decodeEnvelope(zeroEdk)).toThrow(/empty encrypted data key/);
    const overlong = good.slice();
    overlong[1] = 0xff;
    expect(() => decodeEnvelope(overlong)).toThrow(/envelope truncated: declares a \d+-byte encrypted data key/);
    expect(() => decodeEnvelope(good.subarray(0, 3 + 184 + 27))).toThrow(EnvelopeFormatError);
    expect(() => decodeEnvelope('not bytes' as unknown as Uint8Array)).toThrow(/must be a Uint8Array/);
  });

  it('encodeEnvelope rejects wrong field lengths and an empty encrypted data key', () => {
    const sealed = sealWithDataKey(dataKey, plaintext);
    expect(() => encodeEnvelope({ encryptedDataKey: new Uint8Array(0), ...sealed })).toThrow(/encryptedDataKey must be 1\.\.65535 bytes/);
    expect(() => encodeEnvelope({ encryptedDataKey, ...sealed, iv: new Uint8Array(16) })).toThrow(/iv must be 12 bytes/);
    expect(() => encodeEnvelope({ encryptedDataKey, ...sealed, tag: new Uint8Array(12) })).toThrow(/tag must be 16 bytes/);
    expect(() => encodeEnvelope({ encryptedDataKey, ...sealed, version: 3 })).toThrow(/unsupported envelope version 3/);
  });
});
