/**
 * Sign / Verify / GetPublicKey with SIGN_VERIFY keys and GenerateMac / VerifyMac with HMAC keys,
 * through the real SDK. Signatures are cross-checked with node:crypto against the public key from
 * GetPublicKey, so the reference's signatures are the standard ones (RSASSA-PSS with a salt as long
 * as the hash, PKCS #1 v1.5, DER ECDSA) and not merely self-consistent.
 */
import {
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  ReEncryptCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KeySpec,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { constants, createHash, createHmac, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytes, errorName, useReferenceKms } from './kms-harness.js';

const h = useReferenceKms();

async function signingKey(spec: KeySpec): Promise<string> {
  const { KeyMetadata } = await h.client.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' }));
  return KeyMetadata!.KeyId!;
}

function nodeVerifies(publicKeyDer: Uint8Array, alg: string, message: Uint8Array, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  const hash = `sha${alg.slice(-3)}`;
  if (alg.startsWith('RSASSA_PSS')) return verify(hash, message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature);
  if (alg.startsWith('RSASSA_PKCS1')) return verify(hash, message, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  return verify(hash, message, { key, dsaEncoding: 'der' }, signature);
}

const cases: [KeySpec, SigningAlgorithmSpec][] = [
  ['RSA_2048', 'RSASSA_PSS_SHA_256'],
  ['RSA_2048', 'RSASSA_PSS_SHA_384'],
  ['RSA_2048', 'RSASSA_PSS_SHA_512'],
  ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256'],
  ['RSA_3072', 'RSASSA_PKCS1_V1_5_SHA_384'],
  ['RSA_4096', 'RSASSA_PSS_SHA_512'],
  ['ECC_NIST_P256', 'ECDSA_SHA_256'],
  ['ECC_NIST_P384', 'ECDSA_SHA_384'],
  ['ECC_NIST_P521', 'ECDSA_SHA_512'],
  ['ECC_SECG_P256K1', 'ECDSA_SHA_256'],
];

describe('Sign and Verify', () => {
  it.each(cases)('%s with %s: RAW and DIGEST signatures verify in KMS and with node:crypto; a changed message is KMSInvalidSignatureException', async (spec, alg) => {
    const keyId = await signingKey(spec);
    const message = bytes(`message signed with ${alg}`);
    const digest = new Uint8Array(createHash(`sha${alg.slice(-3)}`).update(message).digest());
    const pub = await h.client.send(new GetPublicKeyCommand({ KeyId: keyId }));
    expect(pub.KeySpec).toBe(spec);
    expect(pub.KeyUsage).toBe('SIGN_VERIFY');
    expect(pub.SigningAlgorithms).toContain(alg);
    expect(pub.EncryptionAlgorithms).toBeUndefined();

    const raw = await h.client.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: alg }));
    expect(raw.SigningAlgorithm).toBe(alg);
    expect(raw.KeyId).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//);
    const pre = await h.client.send(new SignCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: alg }));
    for (const sig of [raw.Signature!, pre.Signature!]) {
      expect(nodeVerifies(pub.PublicKey!, alg, message, sig)).toBe(true);
      const ok = await h.client.send(new VerifyCommand({ KeyId: keyId, Message: message, Signature: sig, SigningAlgorithm: alg }));
      expect(ok.SignatureValid).toBe(true);
      const okDigest = await h.client.send(new VerifyCommand({ KeyId: keyId, Message: digest, MessageType: 'DIGEST', Signature: sig, SigningAlgorithm: alg }));
      expect(okDigest.SignatureValid).toBe(true);
    }
    expect(await errorName(h.client.send(new VerifyCommand({ KeyId: keyId, Message: bytes('another message'), Signature: raw.Signature!, SigningAlgorithm: alg })))).toBe(
      'KMSInvalidSignatureException',
    );
  }, 30_000);

  it('a DIGEST of the wrong length is ValidationException, for Sign and for Verify', async () => {
    const keyId = await signingKey('ECC_NIST_P256');
    for (const length of [31, 33, 48, 64]) {
      expect(await errorName(h.client.send(new SignCommand({ KeyId: keyId, Message: new Uint8Array(length), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' })))).toBe(
        'ValidationException',
      );
    }
    const rsa = await signingKey('RSA_2048');
    expect(
      await errorName(
        h.client.send(new VerifyCommand({ KeyId: rsa, Message: new Uint8Array(32), MessageType: 'DIGEST', Signature: new Uint8Array(256), SigningAlgorithm: 'RSASSA_PSS_SHA_384' })),
      ),
    ).toBe('ValidationException');
  });

  it('an algorithm of another key spec is InvalidKeyUsageException; a changed signature byte is KMSInvalidSignatureException', async () => {
    const keyId = await signingKey('ECC_NIST_P384');
    expect(await errorName(h.client.send(new SignCommand({ KeyId: keyId, Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_256' })))).toBe('InvalidKeyUsageException');
    expect(await errorName(h.client.send(new SignCommand({ KeyId: keyId, Message: bytes('m'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })))).toBe('InvalidKeyUsageException');
    const { Signature } = await h.client.send(new SignCommand({ KeyId: keyId, Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_384' }));
    const changed = Uint8Array.from(Signature!);
    changed[changed.length - 1]! ^= 1;
    expect(await errorName(h.client.send(new VerifyCommand({ KeyId: keyId, Message: bytes('m'), Signature: changed, SigningAlgorithm: 'ECDSA_SHA_384' })))).toBe(
      'KMSInvalidSignatureException',
    );
  });

  it('Sign with a symmetric key and Encrypt with a SIGN_VERIFY key are InvalidKeyUsageException; GetPublicKey of a symmetric key is UnsupportedOperationException', async () => {
    const { KeyMetadata } = await h.client.send(new CreateKeyCommand({}));
    const symmetric = KeyMetadata!.KeyId!;
    expect(await errorName(h.client.send(new SignCommand({ KeyId: symmetric, Message: bytes('m'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' })))).toBe('InvalidKeyUsageException');
    expect(await errorName(h.client.send(new GetPublicKeyCommand({ KeyId: symmetric })))).toBe('UnsupportedOperationException');
    const rsa = await signingKey('RSA_2048');
    expect(await errorName(h.client.send(new EncryptCommand({ KeyId: rsa, Plaintext: bytes('p'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })))).toBe('InvalidKeyUsageException');
  });

  it('Message over 4096 bytes is ValidationException; a signing key needs KeyUsage and ECC cannot ENCRYPT_DECRYPT', async () => {
    const keyId = await signingKey('ECC_NIST_P256');
    expect(await errorName(h.client.send(new SignCommand({ KeyId: keyId, Message: new Uint8Array(4097), SigningAlgorithm: 'ECDSA_SHA_256' })))).toBe('ValidationException');
    expect((await h.client.send(new SignCommand({ KeyId: keyId, Message: new Uint8Array(4096), SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature!.length).toBeGreaterThan(60);
    expect(await errorName(h.client.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256' })))).toBe('ValidationException');
    expect(await errorName(h.client.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' })))).toBe('ValidationException');
  });

  it('RSA_3072 and RSA_4096 ENCRYPT_DECRYPT keys take up to 318 and 446 bytes with RSAES_OAEP_SHA_256', async () => {
    for (const [spec, limit] of [['RSA_3072', 318], ['RSA_4096', 446]] as const) {
      const { KeyMetadata } = await h.client.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: 'ENCRYPT_DECRYPT' }));
      const keyId = KeyMetadata!.KeyId!;
      const out = await h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(limit).fill(7), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      const back = await h.client.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: out.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      expect(back.Plaintext).toEqual(new Uint8Array(limit).fill(7));
      expect(await errorName(h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(limit + 1), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })))).toBe(
        'ValidationException',
      );
    }
  }, 30_000);
});

describe('GenerateMac and VerifyMac', () => {
  it.each([
    ['HMAC_224', 'HMAC_SHA_224'],
    ['HMAC_256', 'HMAC_SHA_256'],
    ['HMAC_384', 'HMAC_SHA_384'],
    ['HMAC_512', 'HMAC_SHA_512'],
  ] as const)('%s: the MAC verifies, has the hash length, is deterministic; another message is KMSInvalidMacException', async (spec, alg) => {
    const { KeyMetadata } = await h.client.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC' }));
    expect(KeyMetadata!.MacAlgorithms).toEqual([alg]);
    expect(KeyMetadata!.EncryptionAlgorithms).toBeUndefined();
    const keyId = KeyMetadata!.KeyId!;
    const message = bytes('token-payload');
    const a = await h.client.send(new GenerateMacCommand({ KeyId: keyId, Message: message, MacAlgorithm: alg }));
    const b = await h.client.send(new GenerateMacCommand({ KeyId: keyId, Message: message, MacAlgorithm: alg }));
    expect(a.Mac!.length).toBe(Number(alg.slice(-3)) / 8);
    expect(a.Mac).toEqual(b.Mac);
    expect(a.MacAlgorithm).toBe(alg);
    const ok = await h.client.send(new VerifyMacCommand({ KeyId: keyId, Message: message, Mac: a.Mac, MacAlgorithm: alg }));
    expect(ok.MacValid).toBe(true);
    expect(await errorName(h.client.send(new VerifyMacCommand({ KeyId: keyId, Message: bytes('token-payloaD'), Mac: a.Mac, MacAlgorithm: alg })))).toBe('KMSInvalidMacException');
    expect(await errorName(h.client.send(new VerifyMacCommand({ KeyId: keyId, Message: message, Mac: a.Mac!.subarray(1), MacAlgorithm: alg })))).toBe('KMSInvalidMacException');
  });

  it('the MAC is not the plain HMAC of an unrelated key (the key material stays inside)', async () => {
    const { KeyMetadata } = await h.client.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }));
    const { Mac } = await h.client.send(new GenerateMacCommand({ KeyId: KeyMetadata!.KeyId!, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' }));
    expect(Buffer.from(Mac!).equals(createHmac('sha256', Buffer.alloc(32)).update('m').digest())).toBe(false);
  });

  it('another spec’s algorithm is InvalidKeyUsageException; a symmetric key is InvalidKeyUsageException; an HMAC key needs KeyUsage GENERATE_VERIFY_MAC', async () => {
    const { KeyMetadata } = await h.client.send(new CreateKeyCommand({ KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' }));
    expect(await errorName(h.client.send(new GenerateMacCommand({ KeyId: KeyMetadata!.KeyId!, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' })))).toBe('InvalidKeyUsageException');
    const sym = (await h.client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    expect(await errorName(h.client.send(new GenerateMacCommand({ KeyId: sym, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' })))).toBe('InvalidKeyUsageException');
    expect(await errorName(h.client.send(new CreateKeyCommand({ KeySpec: 'HMAC_256' })))).toBe('ValidationException');
    expect(await errorName(h.client.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'SIGN_VERIFY' })))).toBe('ValidationException');
    expect(await errorName(h.client.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: bytes('p') })))).toBe('InvalidKeyUsageException');
  });
});

describe('cross-usage refusals', () => {
  it('ReEncrypt to a SIGN_VERIFY key and Verify with an ENCRYPT_DECRYPT RSA key are InvalidKeyUsageException', async () => {
    const { KeyMetadata } = await h.client.send(new CreateKeyCommand({}));
    const blob = (await h.client.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: bytes('p') }))).CiphertextBlob!;
    const signer = await signingKey('ECC_NIST_P256');
    expect(await errorName(h.client.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: signer })))).toBe('InvalidKeyUsageException');
    const rsa = (await h.client.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }))).KeyMetadata!.KeyId!;
    expect(
      await errorName(h.client.send(new VerifyCommand({ KeyId: rsa, Message: bytes('m'), Signature: new Uint8Array(256), SigningAlgorithm: 'RSASSA_PSS_SHA_256' }))),
    ).toBe('InvalidKeyUsageException');
  });
});
