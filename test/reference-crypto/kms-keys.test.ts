/**
 * Key management of the reference KMS v2 through the real SDK: multi-Region keys and replicas,
 * rotation dates and limits, key material ids, DryRun, aliases (reserved prefix, predefined
 * aliases), tags, key policies, descriptions, deletion, paging, typed-member checks and the
 * binding of every encryption-context key.
 */
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListKeyPoliciesCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateKeyDescriptionCommand,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ON_DEMAND_ROTATION_LIMIT, ReferenceKms } from '../../src/reference-crypto/index.js';
import { bytes, errorName, failure, text, useReferenceKms } from './kms-harness.js';

const h = useReferenceKms();
const DAY = 86_400_000;

async function newKey(input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}): Promise<{ keyId: string; arn: string }> {
  const { KeyMetadata } = await h.client.send(new CreateKeyCommand(input));
  return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! };
}

describe('multi-Region keys', () => {
  it('CreateKey MultiRegion: true gives an mrk- key id, MultiRegion true and a PRIMARY configuration', async () => {
    const { KeyMetadata } = await h.client.send(new CreateKeyCommand({ MultiRegion: true, Description: 'mrk' }));
    expect(KeyMetadata!.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(KeyMetadata!.MultiRegion).toBe(true);
    expect(KeyMetadata!.MultiRegionConfiguration).toEqual({
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Arn: KeyMetadata!.Arn, Region: 'us-east-1' },
      ReplicaKeys: [],
    });
    const single = await h.client.send(new CreateKeyCommand({}));
    expect(single.KeyMetadata!.MultiRegion).toBe(false);
    expect(single.KeyMetadata!.MultiRegionConfiguration).toBeUndefined();
  });

  it('ReplicateKey makes a replica in another Region that decrypts the primary’s ciphertext (and the other way round)', async () => {
    const west = h.clientIn('eu-west-1');
    const { keyId, arn } = await newKey({ MultiRegion: true });
    expect(await errorName(west.send(new DescribeKeyCommand({ KeyId: keyId })))).toBe('NotFoundException');
    const context = { purpose: 'replica-test' };
    const blob = (await h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('across regions'), EncryptionContext: context }))).CiphertextBlob!;

    const rep = await h.client.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1', Description: 'the replica' }));
    const replicaArn = `arn:aws:kms:eu-west-1:111122223333:key/${keyId}`;
    expect(rep.ReplicaKeyMetadata!.Arn).toBe(replicaArn);
    expect(rep.ReplicaKeyMetadata!.KeyId).toBe(keyId);
    expect(rep.ReplicaKeyMetadata!.MultiRegionConfiguration!.MultiRegionKeyType).toBe('REPLICA');
    expect(JSON.parse(rep.ReplicaPolicy!).Statement[0].Principal.AWS).toBe('arn:aws:iam::111122223333:root');

    const described = await west.send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(described.KeyMetadata!.KeyState).toBe('Enabled');
    expect(described.KeyMetadata!.Description).toBe('the replica');
    expect(described.KeyMetadata!.MultiRegionConfiguration).toEqual({
      MultiRegionKeyType: 'REPLICA',
      PrimaryKey: { Arn: arn, Region: 'us-east-1' },
      ReplicaKeys: [{ Arn: replicaArn, Region: 'eu-west-1' }],
    });
    const primary = await h.client.send(new DescribeKeyCommand({ KeyId: keyId }));
    expect(primary.KeyMetadata!.MultiRegionConfiguration!.ReplicaKeys).toEqual([{ Arn: replicaArn, Region: 'eu-west-1' }]);
    expect(described.KeyMetadata!.CurrentKeyMaterialId).toBe(primary.KeyMetadata!.CurrentKeyMaterialId);

    const there = await west.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));
    expect(text(there.Plaintext)).toBe('across regions');
    expect(there.KeyId).toBe(replicaArn);
    expect(await errorName(west.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { purpose: 'other' } })))).toBe('InvalidCiphertextException');
    const back = (await west.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('from the replica') }))).CiphertextBlob!;
    expect(text((await h.client.send(new DecryptCommand({ CiphertextBlob: back, KeyId: arn }))).Plaintext)).toBe('from the replica');
  });

  it('a replica’s state is its own; a single-Region key or a replica cannot be replicated; a second replica in one Region is AlreadyExistsException', async () => {
    const west = h.clientIn('eu-west-1');
    const { keyId } = await newKey({ MultiRegion: true });
    await h.client.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }));
    await west.send(new DisableKeyCommand({ KeyId: keyId }));
    expect(await errorName(west.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('p') })))).toBe('DisabledException');
    expect((await h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('p') }))).KeyId).toMatch(/us-east-1/);
    expect(await errorName(h.client.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' })))).toBe('AlreadyExistsException');
    expect(await errorName(west.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'ap-southeast-1' })))).toBe('UnsupportedOperationException');
    const single = await newKey();
    expect(await errorName(h.client.send(new ReplicateKeyCommand({ KeyId: single.keyId, ReplicaRegion: 'eu-west-1' })))).toBe('UnsupportedOperationException');
    const other = await newKey({ MultiRegion: true });
    await h.client.send(new ReplicateKeyCommand({ KeyId: other.keyId, ReplicaRegion: 'eu-west-1' }));
    expect(await errorName(west.send(new RotateKeyOnDemandCommand({ KeyId: other.keyId })))).toBe('UnsupportedOperationException');
    expect(await errorName(west.send(new EnableKeyRotationCommand({ KeyId: other.keyId })))).toBe('UnsupportedOperationException');
  });

  it('a signing multi-Region key’s replica verifies the primary’s signatures', async () => {
    const west = h.clientIn('eu-west-1');
    const { keyId } = await newKey({ MultiRegion: true, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await h.client.send(new ReplicateKeyCommand({ KeyId: keyId, ReplicaRegion: 'eu-west-1' }));
    const { Signature } = await h.client.send(new SignCommand({ KeyId: keyId, Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_256' }));
    expect((await west.send(new VerifyCommand({ KeyId: keyId, Message: bytes('m'), Signature, SigningAlgorithm: 'ECDSA_SHA_256' }))).SignatureValid).toBe(true);
  });
});

describe('key material ids and rotation', () => {
  it('DescribeKey has CurrentKeyMaterialId; Decrypt/ReEncrypt/GenerateDataKey name the material they used; rotation changes it', async () => {
    const { keyId } = await newKey();
    const before = (await h.client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.CurrentKeyMaterialId!;
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    const enc = await h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('v1') }));
    expect((await h.client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' }))).KeyMaterialId).toBe(before);
    await h.client.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    const after = (await h.client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.CurrentKeyMaterialId!;
    expect(after).not.toBe(before);
    const dec = await h.client.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
    expect(dec.KeyMaterialId).toBe(before);
    const re = await h.client.send(new ReEncryptCommand({ CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: keyId }));
    expect(re.SourceKeyMaterialId).toBe(before);
    expect(re.DestinationKeyMaterialId).toBe(after);
  });

  it('GetKeyRotationStatus reports NextRotationDate = enable time + period; an on-demand rotation does not move it and leaves no OnDemandRotationStartDate', async () => {
    const { keyId } = await newKey();
    const off = await h.client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect(off.KeyRotationEnabled).toBe(false);
    expect(off.NextRotationDate).toBeUndefined();
    const t0 = Date.now();
    await h.client.send(new EnableKeyRotationCommand({ KeyId: keyId, RotationPeriodInDays: 90 }));
    const on = await h.client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect(on.KeyRotationEnabled).toBe(true);
    expect(on.RotationPeriodInDays).toBe(90);
    expect(Math.abs(on.NextRotationDate!.getTime() - (t0 + 90 * DAY))).toBeLessThan(5000);
    await h.client.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    const later = await h.client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
    expect(later.NextRotationDate).toEqual(on.NextRotationDate);
    expect(later.OnDemandRotationStartDate).toBeUndefined();
    const rotations = await h.client.send(new ListKeyRotationsCommand({ KeyId: keyId }));
    expect(rotations.Rotations?.map((r) => r.RotationType)).toEqual(['ON_DEMAND']);
    expect(rotations.Rotations?.[0]?.KeyMaterialId).toBe((await h.client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.CurrentKeyMaterialId);
    const all = await h.client.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }));
    expect(all.Rotations?.map((r) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'CURRENT']);
  });

  it(`RotateKeyOnDemand stops after ${DEFAULT_ON_DEMAND_ROTATION_LIMIT} rotations of one key with LimitExceededException`, async () => {
    const { keyId } = await newKey();
    for (let i = 0; i < DEFAULT_ON_DEMAND_ROTATION_LIMIT; i++) await h.client.send(new RotateKeyOnDemandCommand({ KeyId: keyId }));
    expect(await errorName(h.client.send(new RotateKeyOnDemandCommand({ KeyId: keyId })))).toBe('LimitExceededException');
    expect(h.server.kms.materialVersionCount(keyId)).toBe(DEFAULT_ON_DEMAND_ROTATION_LIMIT + 1);
    const other = await newKey();
    expect((await h.client.send(new RotateKeyOnDemandCommand({ KeyId: other.keyId }))).KeyId).toBe(other.arn);
  });

  it('EnableKeyRotation, RotateKeyOnDemand and GetKeyRotationStatus take a key id or ARN, not an alias name (NotFoundException)', async () => {
    const { keyId, arn } = await newKey();
    await h.client.send(new CreateAliasCommand({ AliasName: 'alias/rotating', TargetKeyId: keyId }));
    expect(await errorName(h.client.send(new EnableKeyRotationCommand({ KeyId: 'alias/rotating' })))).toBe('NotFoundException');
    expect(await errorName(h.client.send(new RotateKeyOnDemandCommand({ KeyId: 'alias/rotating' })))).toBe('NotFoundException');
    expect(await errorName(h.client.send(new GetKeyRotationStatusCommand({ KeyId: 'alias/rotating' })))).toBe('NotFoundException');
    await h.client.send(new EnableKeyRotationCommand({ KeyId: arn }));
    expect((await h.client.send(new GetKeyRotationStatusCommand({ KeyId: keyId }))).KeyRotationEnabled).toBe(true);
  });

  it('with an injected clock, the automatic rotation happens when NextRotationDate passes and old ciphertexts still decrypt', () => {
    let now = Date.UTC(2026, 0, 1);
    const kms = new ReferenceKms({ now: () => now });
    const keyId = kms.createKey({}).KeyMetadata.KeyId;
    const old = kms.encrypt({ KeyId: keyId, Plaintext: bytes('before') });
    kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 90 });
    expect(kms.getKeyRotationStatus({ KeyId: keyId }).NextRotationDate).toEqual(new Date(Date.UTC(2026, 0, 1) + 90 * DAY));
    now += 90 * DAY + 1;
    const fresh = kms.encrypt({ KeyId: keyId, Plaintext: bytes('after') });
    expect(kms.decrypt({ CiphertextBlob: fresh.CiphertextBlob }).KeyMaterialId).not.toBe(kms.decrypt({ CiphertextBlob: old.CiphertextBlob }).KeyMaterialId);
    expect(kms.listKeyRotations({ KeyId: keyId }).Rotations.map((r) => r.RotationType)).toEqual(['AUTOMATIC']);
    expect(kms.getKeyRotationStatus({ KeyId: keyId }).NextRotationDate).toEqual(new Date(Date.UTC(2026, 0, 1) + 180 * DAY));
    expect(text(kms.decrypt({ CiphertextBlob: old.CiphertextBlob }).Plaintext)).toBe('before');
  });
});

describe('DryRun', () => {
  it('Encrypt, Decrypt, ReEncrypt, GenerateDataKey(+WithoutPlaintext) and GenerateDataKeyPair(+WithoutPlaintext) answer DryRunOperationException', async () => {
    const { keyId } = await newKey();
    const blob = (await h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))).CiphertextBlob!;
    const calls = [
      new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), DryRun: true }),
      new DecryptCommand({ CiphertextBlob: blob, DryRun: true }),
      new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: keyId, DryRun: true }),
      new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', DryRun: true }),
      new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, KeySpec: 'AES_256', DryRun: true }),
      new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec: 'ECC_NIST_P256', DryRun: true }),
      new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: keyId, KeyPairSpec: 'ECC_NIST_P256', DryRun: true }),
    ];
    for (const call of calls) {
      expect(await errorName(h.client.send(call as EncryptCommand))).toBe('DryRunOperationException');
    }
  });

  it('a DryRun request that would fail reports the real error, not DryRunOperationException', async () => {
    const { keyId } = await newKey();
    await h.client.send(new DisableKeyCommand({ KeyId: keyId }));
    expect(await errorName(h.client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', DryRun: true })))).toBe('DisabledException');
    expect(await errorName(h.client.send(new EncryptCommand({ KeyId: 'alias/none', Plaintext: bytes('x'), DryRun: true })))).toBe('NotFoundException');
  });
});

describe('GenerateDataKeyPair', () => {
  it('returns a DER key pair; the encrypted private key decrypts (with the same context) to the plaintext private key, which matches the public key', async () => {
    const { keyId } = await newKey();
    const context = { app: 'signer' };
    for (const spec of ['RSA_2048', 'ECC_NIST_P256', 'ECC_SECG_P256K1'] as const) {
      const pair = await h.client.send(new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec: spec, EncryptionContext: context }));
      expect(pair.KeyPairSpec).toBe(spec);
      const priv = createPrivateKey({ key: Buffer.from(pair.PrivateKeyPlaintext!), format: 'der', type: 'pkcs8' });
      const pub = createPublicKey({ key: Buffer.from(pair.PublicKey!), format: 'der', type: 'spki' });
      expect(verify('sha256', Buffer.from('m'), pub, sign('sha256', Buffer.from('m'), priv))).toBe(true);
      const opened = await h.client.send(new DecryptCommand({ CiphertextBlob: pair.PrivateKeyCiphertextBlob, EncryptionContext: context }));
      expect(Buffer.from(opened.Plaintext!).equals(Buffer.from(pair.PrivateKeyPlaintext!))).toBe(true);
      expect(await errorName(h.client.send(new DecryptCommand({ CiphertextBlob: pair.PrivateKeyCiphertextBlob })))).toBe('InvalidCiphertextException');
    }
    const bare = await h.client.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: keyId, KeyPairSpec: 'ECC_NIST_P384' }));
    expect('PrivateKeyPlaintext' in bare).toBe(false);
    expect(bare.PublicKey!.length).toBeGreaterThan(90);
  });

  it('an asymmetric KMS key is InvalidKeyUsageException; a missing KeyPairSpec is ValidationException', async () => {
    const rsa = await newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    expect(await errorName(h.client.send(new GenerateDataKeyPairCommand({ KeyId: rsa.keyId, KeyPairSpec: 'RSA_2048' })))).toBe('InvalidKeyUsageException');
    const { keyId } = await newKey();
    const noSpec = { KeyId: keyId } as unknown as ConstructorParameters<typeof GenerateDataKeyPairCommand>[0];
    expect(await errorName(h.client.send(new GenerateDataKeyPairCommand(noSpec)))).toBe('ValidationException');
  });
});

describe('aliases', () => {
  it('CreateAlias, UpdateAlias-style reuse and DeleteAlias under alias/aws/ are NotAuthorizedException; a name without alias/ is ValidationException', async () => {
    const { keyId } = await newKey();
    expect(await errorName(h.client.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: keyId })))).toBe('NotAuthorizedException');
    expect(await errorName(h.client.send(new DeleteAliasCommand({ AliasName: 'alias/aws/s3' })))).toBe('NotAuthorizedException');
    expect(await errorName(h.client.send(new CreateAliasCommand({ AliasName: 'mine', TargetKeyId: keyId })))).toBe('ValidationException');
    expect(await errorName(h.client.send(new CreateAliasCommand({ AliasName: 'alias/has space', TargetKeyId: keyId })))).toBe('ValidationException');
    expect(await errorName(h.client.send(new CreateAliasCommand({ AliasName: 'alias/x', TargetKeyId: 'alias/other' })))).toBe('ValidationException');
    expect(await errorName(h.client.send(new CreateAliasCommand({ AliasName: 'alias/x', TargetKeyId: '0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a' })))).toBe('NotFoundException');
  });

  it('ListAliases includes the predefined alias/aws/* aliases without TargetKeyId; with KeyId only that key’s aliases', async () => {
    const { keyId } = await newKey();
    await h.client.send(new CreateAliasCommand({ AliasName: 'alias/listed', TargetKeyId: keyId }));
    const names: { AliasName?: string; TargetKeyId?: string }[] = [];
    let marker: string | undefined;
    do {
      const out = await h.client.send(new ListAliasesCommand({ Limit: 5, ...(marker ? { Marker: marker } : {}) }));
      expect(out.Aliases!.length).toBeLessThanOrEqual(5);
      names.push(...out.Aliases!);
      marker = out.Truncated ? out.NextMarker : undefined;
    } while (marker !== undefined);
    const s3 = names.find((a) => a.AliasName === 'alias/aws/s3');
    expect(s3).toBeDefined();
    expect(s3!.TargetKeyId).toBeUndefined();
    expect(names.find((a) => a.AliasName === 'alias/listed')?.TargetKeyId).toBe(keyId);
    const own = await h.client.send(new ListAliasesCommand({ KeyId: keyId }));
    expect(own.Aliases!.map((a) => a.AliasName)).toEqual(['alias/listed']);
  });
});

describe('tags, key policies and descriptions', () => {
  it('TagResource / ListResourceTags / UntagResource; aws: keys and duplicates are TagException; CreateKey takes Tags', async () => {
    const { keyId } = await newKey({ Tags: [{ TagKey: 'team', TagValue: 'payments' }] });
    await h.client.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'env', TagValue: 'test' }, { TagKey: 'team', TagValue: 'billing' }] }));
    const listed = await h.client.send(new ListResourceTagsCommand({ KeyId: keyId }));
    expect(listed.Tags).toEqual([
      { TagKey: 'team', TagValue: 'billing' },
      { TagKey: 'env', TagValue: 'test' },
    ]);
    await h.client.send(new UntagResourceCommand({ KeyId: keyId, TagKeys: ['team'] }));
    expect((await h.client.send(new ListResourceTagsCommand({ KeyId: keyId }))).Tags).toEqual([{ TagKey: 'env', TagValue: 'test' }]);
    expect(await errorName(h.client.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'aws:owner', TagValue: 'x' }] })))).toBe('TagException');
    expect(await errorName(h.client.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'AWS:owner', TagValue: 'x' }] })))).toBe('TagException');
    expect(
      await errorName(h.client.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'k', TagValue: '1' }, { TagKey: 'k', TagValue: '2' }] }))),
    ).toBe('TagException');
    expect(await errorName(h.client.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'k'.repeat(129), TagValue: '1' }] })))).toBe('ValidationException');
  });

  it('GetKeyPolicy returns the default policy; PutKeyPolicy stores a policy (not enforced), refuses non-JSON and lockout policies unless bypassed', async () => {
    const { keyId } = await newKey();
    const initial = await h.client.send(new GetKeyPolicyCommand({ KeyId: keyId }));
    expect(initial.PolicyName).toBe('default');
    expect(JSON.parse(initial.Policy!).Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*' });
    expect((await h.client.send(new ListKeyPoliciesCommand({ KeyId: keyId }))).PolicyNames).toEqual(['default']);
    const readOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'kms:Decrypt', Resource: '*' }] });
    expect(await errorName(h.client.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: readOnly })))).toBe('MalformedPolicyDocumentException');
    expect(await errorName(h.client.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: '{not json' })))).toBe('MalformedPolicyDocumentException');
    await h.client.send(new PutKeyPolicyCommand({ KeyId: keyId, Policy: readOnly, BypassPolicyLockoutSafetyCheck: true }));
    expect((await h.client.send(new GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' }))).Policy).toBe(readOnly);
    // Stored, not enforced: the policy grants only Decrypt, yet Encrypt still works.
    expect((await h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x') }))).CiphertextBlob).toBeDefined();
  });

  it('UpdateKeyDescription changes DescribeKey’s Description; CancelKeyDeletion leaves the key Disabled', async () => {
    const { keyId } = await newKey({ Description: 'old' });
    await h.client.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: 'new' }));
    expect((await h.client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.Description).toBe('new');
    await h.client.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    expect(await errorName(h.client.send(new UpdateKeyDescriptionCommand({ KeyId: keyId, Description: 'x' })))).toBe('KMSInvalidStateException');
    expect((await h.client.send(new CancelKeyDeletionCommand({ KeyId: keyId }))).KeyId).toMatch(/key\//);
    const meta = (await h.client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
    expect(meta.KeyState).toBe('Disabled');
    expect(meta.DeletionDate).toBeUndefined();
    expect(await errorName(h.client.send(new CancelKeyDeletionCommand({ KeyId: keyId })))).toBe('KMSInvalidStateException');
  });
});

describe('typed members, paging and hostile input', () => {
  it('ListKeys pages with Limit and Marker; a string Limit is SerializationException; Limit 0 is ValidationException; a foreign Marker is InvalidMarkerException', async () => {
    for (let i = 0; i < 3; i++) await newKey();
    const first = await h.client.send(new ListKeysCommand({ Limit: 2 }));
    expect(first.Keys).toHaveLength(2);
    expect(first.Truncated).toBe(true);
    const second = await h.client.send(new ListKeysCommand({ Limit: 2, Marker: first.NextMarker }));
    expect(second.Keys![0]!.KeyId).not.toBe(first.Keys![0]!.KeyId);
    expect(await errorName(h.client.send(new ListKeysCommand({ Limit: '5' as unknown as number })))).toBe('SerializationException');
    expect(await errorName(h.client.send(new ListKeysCommand({ Limit: 0 })))).toBe('ValidationException');
    expect(await errorName(h.client.send(new ListKeysCommand({ Marker: 'not-a-marker' })))).toBe('InvalidMarkerException');
  });

  it('an encryption-context key __proto__ is bound like any other key', async () => {
    const { keyId } = await newKey();
    const context: Record<string, string> = { ['__proto__']: 'tenant-a', plain: 'v' };
    expect(Object.keys(context)).toEqual(['__proto__', 'plain']);
    const blob = (await h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('bound'), EncryptionContext: context }))).CiphertextBlob!;
    expect(text((await h.client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { plain: 'v', ['__proto__']: 'tenant-a' } }))).Plaintext)).toBe('bound');
    expect(await errorName(h.client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { plain: 'v' } })))).toBe('InvalidCiphertextException');
    expect(await errorName(h.client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { plain: 'v', ['__proto__']: 'tenant-b' } })))).toBe(
      'InvalidCiphertextException',
    );
    const kms = new ReferenceKms();
    const id = kms.createKey({}).KeyMetadata.KeyId;
    const parsed = JSON.parse('{"__proto__":"x","constructor":"y"}') as Record<string, string>;
    const sealed = kms.encrypt({ KeyId: id, Plaintext: bytes('p'), EncryptionContext: parsed }).CiphertextBlob;
    expect(() => kms.decrypt({ CiphertextBlob: sealed, EncryptionContext: {} })).toThrow(expect.objectContaining({ name: 'InvalidCiphertextException' }));
    expect(() => kms.decrypt({ CiphertextBlob: sealed, EncryptionContext: { constructor: 'y' } })).toThrow(expect.objectContaining({ name: 'InvalidCiphertextException' }));
    expect(text(kms.decrypt({ CiphertextBlob: sealed, EncryptionContext: JSON.parse('{"constructor":"y","__proto__":"x"}') }).Plaintext)).toBe('p');
  });

  it('invalid key ids are NotFoundException naming the id; no error message carries plaintext or key material', async () => {
    const err = await failure(h.client.send(new DescribeKeyCommand({ KeyId: 'fake-key-id' })));
    expect(err.name).toBe('NotFoundException');
    expect(err.message).toBe("Invalid keyId 'fake-key-id'");
    const { keyId } = await newKey();
    const secret = 'TOP-SECRET-PLAINTEXT';
    const blob = (await h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes(secret), EncryptionContext: { k: 'v' } }))).CiphertextBlob!;
    const messages = [
      (await failure(h.client.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { k: 'w' } })))).message,
      (await failure(h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array(4097).fill(65) })))).message,
    ];
    for (const m of messages) {
      expect(m).not.toContain(secret);
      expect(m).not.toContain('AAAA');
    }
  });
});
