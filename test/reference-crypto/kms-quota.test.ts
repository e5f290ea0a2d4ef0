/**
 * The simulated shared request quota: per account and Region, one budget for the symmetric
 * cryptographic operations and a lower one for RSA/ECC, answered with ThrottlingException through
 * the real SDK (retries off). The clock is injected, so the outcome depends only on the calls made.
 */
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  GenerateRandomCommand,
  SignCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { ReferenceKms, sealWithDataKey } from '../../src/reference-crypto/index.js';
import { bytes, errorName, useReferenceKms } from './kms-harness.js';

let clock = Date.UTC(2026, 2, 1, 12, 0, 0);
const h = useReferenceKms({ requestsPerSecond: 5, now: () => clock });

/** Moves the injected clock to the start of a fresh second. */
function nextSecond(): void {
  clock = (Math.floor(clock / 1000) + 1) * 1000;
}

describe('shared request quota (requestsPerSecond: 5, RSA/ECC bucket 1)', () => {
  it('Encrypt, Decrypt, GenerateDataKey, GenerateMac and GenerateRandom share one budget per second; the next second starts afresh', async () => {
    const keyId = (await h.client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const mac = (await h.client.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))).KeyMetadata!.KeyId!;
    nextSecond();
    const blob = (await h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))).CiphertextBlob!;
    await h.client.send(new DecryptCommand({ CiphertextBlob: blob }));
    await h.client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }));
    await h.client.send(new GenerateMacCommand({ KeyId: mac, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' }));
    await h.client.send(new GenerateRandomCommand({ NumberOfBytes: 8 }));
    expect(await errorName(h.client.send(new DecryptCommand({ CiphertextBlob: blob })))).toBe('ThrottlingException');
    expect(await errorName(h.client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })))).toBe('ThrottlingException');
    // Key management is not in the shared cryptographic quota.
    expect((await h.client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyId).toBe(keyId);
    clock += 999 - (clock % 1000);
    expect(await errorName(h.client.send(new DecryptCommand({ CiphertextBlob: blob })))).toBe('ThrottlingException');
    clock += 1;
    expect((await h.client.send(new DecryptCommand({ CiphertextBlob: blob }))).KeyId).toMatch(/key\//);
  });

  it('the budget is per Region: another Region’s client is not throttled by this one', async () => {
    const west = h.clientIn('eu-west-1');
    const east = (await h.client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const westKey = (await west.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    nextSecond();
    for (let i = 0; i < 5; i++) await h.client.send(new EncryptCommand({ KeyId: east, Plaintext: bytes('x') }));
    expect(await errorName(h.client.send(new EncryptCommand({ KeyId: east, Plaintext: bytes('x') })))).toBe('ThrottlingException');
    for (let i = 0; i < 5; i++) await west.send(new EncryptCommand({ KeyId: westKey, Plaintext: bytes('x') }));
    expect(await errorName(west.send(new EncryptCommand({ KeyId: westKey, Plaintext: bytes('x') })))).toBe('ThrottlingException');
  });

  it('Sign and RSA Encrypt use the separate, lower RSA/ECC budget, which does not spend the symmetric one', async () => {
    const signer = (await h.client.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!.KeyId!;
    const rsa = (await h.client.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }))).KeyMetadata!.KeyId!;
    const sym = (await h.client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    nextSecond();
    await h.client.send(new SignCommand({ KeyId: signer, Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect(await errorName(h.client.send(new SignCommand({ KeyId: signer, Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_256' })))).toBe('ThrottlingException');
    expect(await errorName(h.client.send(new EncryptCommand({ KeyId: rsa, Plaintext: bytes('m'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })))).toBe('ThrottlingException');
    for (let i = 0; i < 5; i++) await h.client.send(new EncryptCommand({ KeyId: sym, Plaintext: bytes('x') }));
    nextSecond();
    expect((await h.client.send(new EncryptCommand({ KeyId: rsa, Plaintext: bytes('m'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))).EncryptionAlgorithm).toBe('RSAES_OAEP_SHA_256');
  });
});

describe('quota options', () => {
  it('a KMS call per item exceeds a quota that one GenerateDataKey per batch stays within', () => {
    let now = Date.UTC(2026, 2, 1);
    const kms = new ReferenceKms({ requestsPerSecond: 10, now: () => now });
    const keyId = kms.createKey({}).KeyMetadata.KeyId;
    const items = Array.from({ length: 12 }, (_, i) => bytes(`record ${i}`));
    const perItem = items.map((item) => {
      try {
        kms.encrypt({ KeyId: keyId, Plaintext: item });
        return 'ok';
      } catch (err) {
        return (err as Error).name;
      }
    });
    expect(perItem).toEqual([...Array(10).fill('ok'), 'ThrottlingException', 'ThrottlingException']);
    now += 1000;
    const { Plaintext: dataKey } = kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256' });
    const sealed = items.map((item) => sealWithDataKey(dataKey, item));
    expect(sealed.every((s) => s.ciphertext.length > 0 && s.tag.length === 16)).toBe(true);
    expect(kms.encrypt({ KeyId: keyId, Plaintext: bytes('still within this second’s budget') }).KeyId).toMatch(/key\//);
  });

  it('without requestsPerSecond nothing is throttled; a non-positive or fractional quota is a TypeError', () => {
    const kms = new ReferenceKms();
    const keyId = kms.createKey({}).KeyMetadata.KeyId;
    for (let i = 0; i < 200; i++) kms.encrypt({ KeyId: keyId, Plaintext: bytes('x') });
    expect(() => new ReferenceKms({ requestsPerSecond: 0 })).toThrow(TypeError);
    expect(() => new ReferenceKms({ requestsPerSecond: 2.5 })).toThrow(TypeError);
    expect(() => new ReferenceKms({ asymmetricRequestsPerSecond: -1 })).toThrow(TypeError);
  });
});
