/**
 * Imported key material (Origin EXTERNAL) through the real SDK: PendingImport, GetParametersForImport,
 * ImportKeyMaterial with RSAES-OAEP and RSA-AES key wrap, DeleteImportedKeyMaterial, reimport of the
 * same material only, expiry on an injected clock. The tests wrap the material themselves with
 * node:crypto, as the KMS Developer Guide's OpenSSL steps do, and check that KMS really uses it.
 */
import {
  CreateKeyCommand,
  DecryptCommand,
  DeleteImportedKeyMaterialCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  RotateKeyOnDemandCommand,
  SignCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { gcm } from '@noble/ciphers/aes.js';
import { constants, createCipheriv, createHmac, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ReferenceKms, canonicalEncryptionContext } from '../../src/reference-crypto/index.js';
import { bytes, errorName, text, useReferenceKms } from './kms-harness.js';

const h = useReferenceKms();

function oaepWrap(publicKeyDer: Uint8Array, material: Uint8Array, hash: 'sha1' | 'sha256'): Uint8Array {
  const key = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'spki' });
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, material);
}

/** RSA_AES_KEY_WRAP_SHA_256: OAEP-encrypted ephemeral AES-256 key, then AES Key Wrap with Padding (RFC 5649) of the material. */
function rsaAesWrap(publicKeyDer: Uint8Array, material: Uint8Array): Uint8Array {
  const aesKey = randomBytes(32);
  const cipher = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('a65959a6', 'hex'));
  return Buffer.concat([oaepWrap(publicKeyDer, aesKey, 'sha256'), cipher.update(material), cipher.final()]);
}

async function importInto(client: KMSClient, keyId: string, material: Uint8Array, alg: 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_256' = 'RSAES_OAEP_SHA_256') {
  const params = await client.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: alg, WrappingKeySpec: 'RSA_2048' }));
  const wrapped = alg === 'RSA_AES_KEY_WRAP_SHA_256' ? rsaAesWrap(params.PublicKey!, material) : oaepWrap(params.PublicKey!, material, alg === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256');
  return client.send(
    new ImportKeyMaterialCommand({ KeyId: keyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
  );
}

describe('imported symmetric key material', () => {
  it('an EXTERNAL key is PendingImport until ImportKeyMaterial, then encrypts with exactly the imported 256-bit key', async () => {
    const { KeyMetadata } = await h.client.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
    const keyId = KeyMetadata!.KeyId!;
    expect(KeyMetadata).toMatchObject({ Origin: 'EXTERNAL', KeyState: 'PendingImport', Enabled: false });
    expect(KeyMetadata!.CurrentKeyMaterialId).toBeUndefined();
    expect(await errorName(h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') })))).toBe('KMSInvalidStateException');

    const material = new Uint8Array(randomBytes(32));
    const imported = await importInto(h.client, keyId, material);
    expect(imported.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    const meta = (await h.client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
    expect(meta).toMatchObject({ KeyState: 'Enabled', Enabled: true, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', CurrentKeyMaterialId: imported.KeyMaterialId });

    const context = { order: '42' };
    const blob = (await h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('imported'), EncryptionContext: context }))).CiphertextBlob!;
    // Open the blob with the material we imported (layout in src/reference-crypto/kms/blob.ts).
    const headerEnd = 6 + blob[5]! + 4;
    const aad = Buffer.concat([blob.subarray(0, headerEnd), canonicalEncryptionContext(context)]);
    const opened = gcm(material, blob.subarray(headerEnd, headerEnd + 12), aad).decrypt(blob.subarray(headerEnd + 12));
    expect(text(opened)).toBe('imported');

    await h.client.send(new DeleteImportedKeyMaterialCommand({ KeyId: keyId }));
    expect((await h.client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('PendingImport');
    expect(await errorName(h.client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context })))).toBe('KMSInvalidStateException');
    expect(await errorName(importInto(h.client, keyId, new Uint8Array(randomBytes(32)), 'RSAES_OAEP_SHA_1'))).toBe('IncorrectKeyMaterialException');
    await importInto(h.client, keyId, material, 'RSA_AES_KEY_WRAP_SHA_256');
    expect(text((await h.client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }))).Plaintext)).toBe('imported');
  });

  it('checks the import request: ValidTo with the default KEY_MATERIAL_EXPIRES, foreign tokens, wrong sizes, AWS_KMS keys, on-demand rotation', async () => {
    const a = (await h.client.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
    const b = (await h.client.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata!.KeyId!;
    const params = await h.client.send(new GetParametersForImportCommand({ KeyId: a, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    const wrapped = oaepWrap(params.PublicKey!, randomBytes(32), 'sha256');
    expect(await errorName(h.client.send(new ImportKeyMaterialCommand({ KeyId: a, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped })))).toBe('ValidationException');
    expect(
      await errorName(h.client.send(new ImportKeyMaterialCommand({ KeyId: b, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }))),
    ).toBe('InvalidImportTokenException');
    expect(
      await errorName(
        h.client.send(new ImportKeyMaterialCommand({ KeyId: a, ImportToken: params.ImportToken, EncryptedKeyMaterial: new Uint8Array(256), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })),
      ),
    ).toBe('InvalidCiphertextException');
    expect(await errorName(importInto(h.client, a, new Uint8Array(16)))).toBe('IncorrectKeyMaterialException');
    const own = (await h.client.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    expect(await errorName(h.client.send(new GetParametersForImportCommand({ KeyId: own, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })))).toBe(
      'UnsupportedOperationException',
    );
    expect(await errorName(h.client.send(new DeleteImportedKeyMaterialCommand({ KeyId: own })))).toBe('UnsupportedOperationException');
    await importInto(h.client, a, new Uint8Array(randomBytes(32)));
    expect(await errorName(h.client.send(new RotateKeyOnDemandCommand({ KeyId: a })))).toBe('UnsupportedOperationException');
  });

  it('material imported with KEY_MATERIAL_EXPIRES is deleted when ValidTo passes on the injected clock', () => {
    let now = Date.UTC(2026, 5, 1);
    const kms = new ReferenceKms({ now: () => now });
    const keyId = kms.createKey({ Origin: 'EXTERNAL' }).KeyMetadata.KeyId;
    const params = kms.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    kms.importKeyMaterial({
      KeyId: keyId,
      ImportToken: params.ImportToken,
      EncryptedKeyMaterial: oaepWrap(params.PublicKey, randomBytes(32), 'sha256'),
      ValidTo: new Date(now + 86_400_000),
    });
    expect(kms.describeKey({ KeyId: keyId }).KeyMetadata).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(now + 86_400_000) });
    const blob = kms.encrypt({ KeyId: keyId, Plaintext: bytes('short-lived') }).CiphertextBlob;
    now += 86_400_000;
    expect(kms.describeKey({ KeyId: keyId }).KeyMetadata.KeyState).toBe('PendingImport');
    expect(() => kms.decrypt({ CiphertextBlob: blob })).toThrow(expect.objectContaining({ name: 'KMSInvalidStateException' }));
  });
});

describe('imported HMAC and asymmetric key material', () => {
  it('an imported HMAC_256 key computes the HMAC of the imported material', async () => {
    const keyId = (await h.client.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))).KeyMetadata!.KeyId!;
    const material = randomBytes(32);
    await importInto(h.client, keyId, material);
    const { Mac } = await h.client.send(new GenerateMacCommand({ KeyId: keyId, Message: bytes('msg'), MacAlgorithm: 'HMAC_SHA_256' }));
    expect(Buffer.from(Mac!).equals(createHmac('sha256', material).update('msg').digest())).toBe(true);
  });

  it('an imported ECC_NIST_P256 private key (RSA_AES_KEY_WRAP_SHA_256) signs so that its own public key verifies', async () => {
    const keyId = (await h.client.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!.KeyId!;
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const der = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
    await importInto(h.client, keyId, der, 'RSA_AES_KEY_WRAP_SHA_256');
    const { Signature } = await h.client.send(new SignCommand({ KeyId: keyId, Message: bytes('msg'), SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect(verify('sha256', Buffer.from('msg'), { key: pair.publicKey, dsaEncoding: 'der' }, Signature!)).toBe(true);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'der' });
    const other = (await h.client.send(new CreateKeyCommand({ Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!.KeyId!;
    expect(await errorName(importInto(h.client, other, rsa, 'RSA_AES_KEY_WRAP_SHA_256'))).toBe('IncorrectKeyMaterialException');
  });
});
