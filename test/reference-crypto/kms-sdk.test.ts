/**
 * The reference KMS driven by the real `@aws-sdk/client-kms` over loopback HTTP (KMS JSON 1.1).
 * Every rejection asserts the SDK error's `.name`, which must equal the service's error code.
 */
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GetKeyRotationStatusCommand,
  GetPublicKeyCommand,
  KMSClient,
  ListGrantsCommand,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeEnvelope,
  openEnvelope,
  sealEnvelope,
  startReferenceKms,
  type RunningReferenceKms,
} from '../../src/reference-crypto/index.js';

let server: RunningReferenceKms;
let client: KMSClient;

beforeAll(async () => {
  server = await startReferenceKms();
  client = new KMSClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

/** Runs `p`, expects it to reject, and returns the rejection's `.name`. */
async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).name;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

async function newKey(): Promise<{ keyId: string; arn: string }> {
  const { KeyMetadata } = await client.send(new CreateKeyCommand({ Description: 'test key' }));
  return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! };
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);

describe('encryption context (bound as AAD: exact, case-sensitive, order-insensitive)', () => {
  const context = { tenantId: 'acme', purpose: 'invoice' };
  let keyId: string;
  let blob: Uint8Array;

  beforeAll(async () => {
    keyId = (await newKey()).keyId;
    const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('secret'), EncryptionContext: context }));
    blob = out.CiphertextBlob!;
  });

  it('decrypts with the same pairs, also given in another order, with and without KeyId', async () => {
    const reordered = { purpose: 'invoice', tenantId: 'acme' };
    expect(Object.keys(reordered)).not.toEqual(Object.keys(context));
    const a = await client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: reordered }));
    expect(text(a.Plaintext)).toBe('secret');
    expect(a.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    const b = await client.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: keyId, EncryptionContext: context }));
    expect(text(b.Plaintext)).toBe('secret');
    expect(b.KeyId).toBe(`arn:aws:kms:us-east-1:111122223333:key/${keyId}`);
  });

  it.each([
    ['a different value', { tenantId: 'acme-corp', purpose: 'invoice' }],
    ['a differently-cased key', { TenantId: 'acme', purpose: 'invoice' }],
    ['a differently-cased value', { tenantId: 'ACME', purpose: 'invoice' }],
    ['an extra key', { tenantId: 'acme', purpose: 'invoice', region: 'eu' }],
    ['a missing key', { tenantId: 'acme' }],
    ['no context at all', undefined],
  ])('rejects %s with InvalidCiphertextException', async (_what, ctx) => {
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: blob, KeyId: keyId, EncryptionContext: ctx })))).toBe(
      'InvalidCiphertextException',
    );
  });

  it('a ciphertext made without context does not decrypt with one', async () => {
    const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }));
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: { a: 'b' } })))).toBe(
      'InvalidCiphertextException',
    );
  });
});

describe('ciphertext blob handling', () => {
  it('the bytes of a base64 string sent as CiphertextBlob are rejected with InvalidCiphertextException', async () => {
    const { keyId } = await newKey();
    const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('db-password') }));
    const b64text = Buffer.from(out.CiphertextBlob!).toString('base64');
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: Buffer.from(b64text) })))).toBe('InvalidCiphertextException');
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: Buffer.from(b64text), KeyId: keyId })))).toBe(
      'InvalidCiphertextException',
    );
    // decoding the text first is the fix
    const ok = await client.send(new DecryptCommand({ CiphertextBlob: Buffer.from(b64text, 'base64') }));
    expect(text(ok.Plaintext)).toBe('db-password');
  });

  it('a changed byte anywhere in the blob is InvalidCiphertextException', async () => {
    const { keyId } = await newKey();
    const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('payload') }));
    const blob = out.CiphertextBlob!;
    for (const at of [0, 5, 10, 45, blob.length - 1]) {
      const copy = blob.slice();
      copy[at] ^= 0x01;
      expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: copy }))), `byte ${at}`).toBe('InvalidCiphertextException');
    }
  });

  it('Decrypt with a KeyId other than the encrypting key is IncorrectKeyException', async () => {
    const a = await newKey();
    const b = await newKey();
    const out = await client.send(new EncryptCommand({ KeyId: a.keyId, Plaintext: bytes('payload') }));
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, KeyId: b.keyId })))).toBe(
      'IncorrectKeyException',
    );
  });

  it('Decrypt with an unknown KeyId is NotFoundException', async () => {
    const { keyId } = await newKey();
    const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('payload') }));
    expect(
      await errorName(client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, KeyId: '00000000-0000-0000-0000-000000000000' }))),
    ).toBe('NotFoundException');
  });
});

describe('plaintext limits', () => {
  it('Encrypt takes 4096 bytes and rejects 4097 and 0 with ValidationException', async () => {
    const { keyId } = await newKey();
    const max = new Uint8Array(4096).fill(7);
    const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: max }));
    const back = await client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }));
    expect(back.Plaintext).toEqual(max);
    expect(await errorName(client.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(4097) })))).toBe('ValidationException');
    expect(await errorName(client.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(0) })))).toBe('ValidationException');
  });
});

describe('GenerateDataKey', () => {
  it('returns a data key whose CiphertextBlob decrypts, with the same context, to the same bytes', async () => {
    const { keyId, arn } = await newKey();
    const ctx = { bucket: 'reports', object: '2024/q1.csv' };
    const dk = await client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: ctx }));
    expect(dk.Plaintext).toHaveLength(32);
    expect(dk.KeyId).toBe(arn);
    const back = await client.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { object: '2024/q1.csv', bucket: 'reports' } }));
    expect(back.Plaintext).toEqual(dk.Plaintext);
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob })))).toBe('InvalidCiphertextException');
  });

  it('sizes: AES_128 is 16 bytes, NumberOfBytes 1 and 1024 are accepted', async () => {
    const { keyId } = await newKey();
    expect((await client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_128' }))).Plaintext).toHaveLength(16);
    expect((await client.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 1 }))).Plaintext).toHaveLength(1);
    expect((await client.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 1024 }))).Plaintext).toHaveLength(1024);
  });

  it('both or neither of KeySpec and NumberOfBytes, or NumberOfBytes outside 1..1024, is ValidationException', async () => {
    const { keyId } = await newKey();
    expect(await errorName(client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', NumberOfBytes: 32 })))).toBe(
      'ValidationException',
    );
    expect(await errorName(client.send(new GenerateDataKeyCommand({ KeyId: keyId })))).toBe('ValidationException');
    expect(await errorName(client.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 0 })))).toBe('ValidationException');
    expect(await errorName(client.send(new GenerateDataKeyCommand({ KeyId: keyId, NumberOfBytes: 1025 })))).toBe('ValidationException');
    expect(await errorName(client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId })))).toBe('ValidationException');
  });

  it('GenerateDataKeyWithoutPlaintext returns no Plaintext; its blob decrypts to a 32-byte key', async () => {
    const { keyId } = await newKey();
    const out = await client.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { a: '1' } }));
    expect(out).not.toHaveProperty('Plaintext');
    const back = await client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, KeyId: keyId, EncryptionContext: { a: '1' } }));
    expect(back.Plaintext).toHaveLength(32);
  });
});

describe('envelope encryption end to end', () => {
  it('GenerateDataKey → sealEnvelope → store → decodeEnvelope → Decrypt → openEnvelope', async () => {
    await client.send(new CreateAliasCommand({ AliasName: 'alias/documents', TargetKeyId: (await newKey()).keyId }));
    const ctx = { tenantId: 'acme', documentId: 'doc-42' };
    const document = bytes('x'.repeat(100_000)); // far over Encrypt's 4096-byte limit
    const dk = await client.send(new GenerateDataKeyCommand({ KeyId: 'alias/documents', KeySpec: 'AES_256', EncryptionContext: ctx }));
    const aad = bytes('doc-42');
    const stored = sealEnvelope(dk.Plaintext!, dk.CiphertextBlob!, document, aad);
    dk.Plaintext!.fill(0);

    const { encryptedDataKey } = decodeEnvelope(stored);
    const recovered = await client.send(new DecryptCommand({ CiphertextBlob: encryptedDataKey, KeyId: 'alias/documents', EncryptionContext: ctx }));
    expect(openEnvelope(stored, recovered.Plaintext!, aad)).toEqual(document);
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: encryptedDataKey, EncryptionContext: { tenantId: 'other', documentId: 'doc-42' } })))).toBe(
      'InvalidCiphertextException',
    );
  });
});

describe('key rotation', () => {
  it('after RotateKeyOnDemand, old ciphertexts still decrypt and new ones use the new material', async () => {
    const { keyId } = await newKey();
    const before = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('old'), EncryptionContext: { v: '1' } }));
    expect(server.kms.materialVersionCount(keyId)).toBe(1);
    const rotated = await client.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    expect(rotated.KeyId).toContain(keyId);
    expect(server.kms.materialVersionCount(keyId)).toBe(2);
    const after = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('new') }));
    expect(text((await client.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob, EncryptionContext: { v: '1' } }))).Plaintext)).toBe('old');
    expect(text((await client.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob, KeyId: keyId }))).Plaintext)).toBe('new');
  });

  it('EnableKeyRotation accepts 90..2560 days and rejects 89 and 2561 with ValidationException', async () => {
    const { keyId } = await newKey();
    expect(await errorName(client.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 89 })))).toBe('ValidationException');
    expect(await errorName(client.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 2561 })))).toBe('ValidationException');
    await client.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }));
    expect((await client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).RotationPeriodInDays).toBe(90);
    await client.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 2560 }));
    expect((await client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).RotationPeriodInDays).toBe(2560);
    await client.send(new EnableKeyRotationCommand({ KeyId: keyId }));
    const status = await client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect(status.KeyRotationEnabled).toBe(true);
    expect(status.RotationPeriodInDays).toBe(365);
  });
});

describe('key state', () => {
  it('a disabled key fails with DisabledException until enabled again', async () => {
    const { keyId } = await newKey();
    const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('p') }));
    await client.send(new DisableKeyCommand({ KeyId: keyId }));
    expect((await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('Disabled');
    expect(await errorName(client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('p') })))).toBe('DisabledException');
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob })))).toBe('DisabledException');
    expect(await errorName(client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })))).toBe('DisabledException');
    await client.send(new EnableKeyCommand({ KeyId: keyId }));
    expect(text((await client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }))).Plaintext)).toBe('p');
  });

  it('ScheduleKeyDeletion takes 7..30 days; the key is then PendingDeletion and unusable (KMSInvalidStateException)', async () => {
    const { keyId, arn } = await newKey();
    const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('p') }));
    expect(await errorName(client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 6 })))).toBe('ValidationException');
    expect(await errorName(client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 31 })))).toBe('ValidationException');
    const scheduled = await client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    expect(scheduled.KeyState).toBe('PendingDeletion');
    expect(scheduled.KeyId).toBe(arn);
    expect(scheduled.PendingWindowInDays).toBe(7);
    expect(scheduled.DeletionDate).toBeInstanceOf(Date);
    const days = (scheduled.DeletionDate!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect(await errorName(client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('p') })))).toBe('KMSInvalidStateException');
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob })))).toBe('KMSInvalidStateException');
    expect(await errorName(client.send(new EnableKeyCommand({ KeyId: keyId })))).toBe('KMSInvalidStateException');
    await client.send(new CancelKeyDeletionCommand({ KeyId: keyId }));
    expect((await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('Disabled');
  });

  it('PendingWindowInDays 30 is accepted and is the default', async () => {
    const a = await newKey();
    expect((await client.send(new ScheduleKeyDeletionCommand({ KeyId: a.keyId, PendingWindowInDays: 30 }))).PendingWindowInDays).toBe(30);
    const b = await newKey();
    expect((await client.send(new ScheduleKeyDeletionCommand({ KeyId: b.keyId }))).PendingWindowInDays).toBe(30);
  });
});

describe('KeyId forms and aliases', () => {
  it('accepts key id, key ARN, alias name and alias ARN', async () => {
    const { keyId, arn } = await newKey();
    await client.send(new CreateAliasCommand({ AliasName: 'alias/payments', TargetKeyId: keyId }));
    for (const id of [keyId, arn, 'alias/payments', 'arn:aws:kms:us-east-1:111122223333:alias/payments']) {
      const out = await client.send(new EncryptCommand({ KeyId: id, Plaintext: bytes(id) }));
      expect(out.KeyId, id).toBe(arn);
      const back = await client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, KeyId: id }));
      expect(text(back.Plaintext)).toBe(id);
    }
    expect((await client.send(new DescribeKeyCommand({ KeyId: 'alias/payments' }))).KeyMetadata!.KeyId).toBe(keyId);
  });

  it('unknown alias, unknown key and an ARN of another Region are NotFoundException; a duplicate alias is AlreadyExistsException', async () => {
    const { keyId } = await newKey();
    expect(await errorName(client.send(new EncryptCommand({ KeyId: 'alias/nope', Plaintext: bytes('p') })))).toBe('NotFoundException');
    expect(await errorName(client.send(new DescribeKeyCommand({ KeyId: '11111111-2222-3333-4444-555555555555' })))).toBe('NotFoundException');
    expect(await errorName(client.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:eu-west-1:111122223333:key/${keyId}` })))).toBe(
      'NotFoundException',
    );
    await client.send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: keyId }));
    expect(await errorName(client.send(new CreateAliasCommand({ AliasName: 'alias/dup', TargetKeyId: keyId })))).toBe('AlreadyExistsException');
    expect(await errorName(client.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: keyId })))).toBe('ValidationException');
  });
});

describe('ReEncrypt', () => {
  it('moves a ciphertext between keys with source and destination contexts', async () => {
    const source = await newKey();
    const destination = await newKey();
    const enc = await client.send(new EncryptCommand({ KeyId: source.keyId, Plaintext: bytes('rotate me'), EncryptionContext: { stage: 'old' } }));
    const re = await client.send(
      new ReEncryptCommand({
        CiphertextBlob: enc.CiphertextBlob,
        SourceKeyId: source.keyId,
        SourceEncryptionContext: { stage: 'old' },
        DestinationKeyId: destination.keyId,
        DestinationEncryptionContext: { stage: 'new' },
      }),
    );
    expect(re.SourceKeyId).toBe(source.arn);
    expect(re.KeyId).toBe(destination.arn);
    expect(re).not.toHaveProperty('Plaintext');
    const back = await client.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { stage: 'new' } }));
    expect(back.KeyId).toBe(destination.arn);
    expect(text(back.Plaintext)).toBe('rotate me');
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { stage: 'old' } })))).toBe(
      'InvalidCiphertextException',
    );
  });

  it('a wrong source context is InvalidCiphertextException; a wrong SourceKeyId is IncorrectKeyException', async () => {
    const source = await newKey();
    const destination = await newKey();
    const enc = await client.send(new EncryptCommand({ KeyId: source.keyId, Plaintext: bytes('x'), EncryptionContext: { a: '1' } }));
    expect(
      await errorName(
        client.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: { a: '2' }, DestinationKeyId: destination.keyId })),
      ),
    ).toBe('InvalidCiphertextException');
    expect(
      await errorName(
        client.send(
          new ReEncryptCommand({
            CiphertextBlob: enc.CiphertextBlob,
            SourceKeyId: destination.keyId,
            SourceEncryptionContext: { a: '1' },
            DestinationKeyId: destination.keyId,
          }),
        ),
      ),
    ).toBe('IncorrectKeyException');
  });
});

describe('asymmetric RSA_2048 ENCRYPT_DECRYPT keys', () => {
  let rsaKeyId: string;

  beforeAll(async () => {
    const { KeyMetadata } = await client.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }));
    rsaKeyId = KeyMetadata!.KeyId!;
    expect(KeyMetadata!.EncryptionAlgorithms).toEqual(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
  });

  it('Encrypt with RSAES_OAEP_SHA_256 then Decrypt with the same KeyId and algorithm round-trips', async () => {
    const out = await client.send(new EncryptCommand({ KeyId: rsaKeyId, Plaintext: bytes('hello'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(out.CiphertextBlob).toHaveLength(256);
    const back = await client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, KeyId: rsaKeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(text(back.Plaintext)).toBe('hello');
    expect(back.EncryptionAlgorithm).toBe('RSAES_OAEP_SHA_256');
  });

  it('Decrypt without EncryptionAlgorithm fails: InvalidKeyUsageException with KeyId, InvalidCiphertextException without', async () => {
    const out = await client.send(new EncryptCommand({ KeyId: rsaKeyId, Plaintext: bytes('hello'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, KeyId: rsaKeyId })))).toBe(
      'InvalidKeyUsageException',
    );
    expect(await errorName(client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob })))).toBe('InvalidCiphertextException');
    // the other OAEP hash does not decrypt it either
    expect(
      await errorName(client.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, KeyId: rsaKeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }))),
    ).toBe('InvalidCiphertextException');
  });

  it('Encrypt without EncryptionAlgorithm is InvalidKeyUsageException', async () => {
    expect(await errorName(client.send(new EncryptCommand({ KeyId: rsaKeyId, Plaintext: bytes('x') })))).toBe('InvalidKeyUsageException');
  });

  it('plaintext limits: SHA_1 214 bytes, SHA_256 190 bytes; one more is ValidationException', async () => {
    for (const [alg, limit] of [['RSAES_OAEP_SHA_1', 214], ['RSAES_OAEP_SHA_256', 190]] as const) {
      const ok = await client.send(new EncryptCommand({ KeyId: rsaKeyId, Plaintext: new Uint8Array(limit).fill(1), EncryptionAlgorithm: alg }));
      const back = await client.send(new DecryptCommand({ CiphertextBlob: ok.CiphertextBlob, KeyId: rsaKeyId, EncryptionAlgorithm: alg }));
      expect(back.Plaintext).toHaveLength(limit);
      expect(
        await errorName(client.send(new EncryptCommand({ KeyId: rsaKeyId, Plaintext: new Uint8Array(limit + 1), EncryptionAlgorithm: alg }))),
        alg,
      ).toBe('ValidationException');
    }
  });

  it('an encryption context with an RSA key is ValidationException', async () => {
    expect(
      await errorName(
        client.send(new EncryptCommand({ KeyId: rsaKeyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', EncryptionContext: { a: 'b' } })),
      ),
    ).toBe('ValidationException');
  });

  it('a ciphertext made locally with the public key from GetPublicKey decrypts', async () => {
    const { PublicKey } = await client.send(new GetPublicKeyCommand({ KeyId: rsaKeyId }));
    const pub = createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' });
    const local = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, bytes('made offline'));
    const back = await client.send(new DecryptCommand({ CiphertextBlob: local, KeyId: rsaKeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    expect(text(back.Plaintext)).toBe('made offline');
  });

  it('GenerateDataKey, RotateKeyOnDemand and EnableKeyRotation refuse RSA keys', async () => {
    expect(await errorName(client.send(new GenerateDataKeyCommand({ KeyId: rsaKeyId, KeySpec: 'AES_256' })))).toBe('InvalidKeyUsageException');
    expect(await errorName(client.send(new RotateKeyOnDemandCommand({ KeyId: rsaKeyId })))).toBe('UnsupportedOperationException');
    expect(await errorName(client.send(new EnableKeyRotationCommand({ KeyId: rsaKeyId })))).toBe('UnsupportedOperationException');
  });

  it('CreateKey RSA_2048 without KeyUsage is ValidationException', async () => {
    expect(await errorName(client.send(new CreateKeyCommand({ KeySpec: 'RSA_2048' })))).toBe('ValidationException');
  });
});

describe('grants', () => {
  it('CreateGrant returns a GrantId and a GrantToken that later requests accept; unknown tokens are rejected', async () => {
    const { keyId, arn } = await newKey();
    const grant = await client.send(
      new CreateGrantCommand({
        KeyId: keyId,
        GranteePrincipal: 'arn:aws:iam::111122223333:role/worker',
        Operations: ['Encrypt', 'Decrypt'],
        Constraints: { EncryptionContextEquals: { tenantId: 'acme' } },
      }),
    );
    expect(grant.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof grant.GrantToken).toBe('string');
    const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), GrantTokens: [grant.GrantToken!] }));
    expect(out.KeyId).toBe(arn);
    expect(await errorName(client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), GrantTokens: ['made-up'] })))).toBe(
      'InvalidGrantTokenException',
    );
    const list = await client.send(new ListGrantsCommand({ KeyId: keyId }));
    expect(list.Grants?.map((g) => g.GrantId)).toEqual([grant.GrantId]);
    expect(list.Grants?.[0]?.Constraints?.EncryptionContextEquals).toEqual({ tenantId: 'acme' });
  });

  it('CreateGrant without Operations or with an unknown operation is ValidationException', async () => {
    const { keyId } = await newKey();
    expect(await errorName(client.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: 'p', Operations: [] })))).toBe('ValidationException');
    expect(
      await errorName(client.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: 'p', Operations: ['Frobnicate' as 'Encrypt'] }))),
    ).toBe('ValidationException');
  });
});
