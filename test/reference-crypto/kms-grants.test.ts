/**
 * Grant lifecycle through the real SDK: CreateGrant, ListGrants (with its GrantId and
 * GranteePrincipal filters), ListRetirableGrants, RetireGrant (by token and by id), RevokeGrant,
 * DryRun on grant operations. Grants are stored and their tokens accepted; they authorise nothing.
 */
import {
  CreateGrantCommand,
  CreateKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { bytes, errorName, useReferenceKms } from './kms-harness.js';

const h = useReferenceKms();
const worker = 'arn:aws:iam::111122223333:role/worker';
const auditor = 'arn:aws:iam::111122223333:role/auditor';
const retirer = 'arn:aws:iam::111122223333:role/retirer';

async function keyWithGrants(): Promise<{ keyId: string; arn: string; a: { GrantId: string; GrantToken: string }; b: { GrantId: string; GrantToken: string } }> {
  const { KeyMetadata } = await h.client.send(new CreateKeyCommand({}));
  const keyId = KeyMetadata!.KeyId!;
  const a = await h.client.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: worker, RetiringPrincipal: retirer, Operations: ['Encrypt'] }));
  const b = await h.client.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: auditor, Operations: ['DescribeKey'], Name: 'audit' }));
  return { keyId, arn: KeyMetadata!.Arn!, a: { GrantId: a.GrantId!, GrantToken: a.GrantToken! }, b: { GrantId: b.GrantId!, GrantToken: b.GrantToken! } };
}

describe('grants', () => {
  it('a grant constraint keyed __proto__ comes back from ListGrants with that key (the response keeps every key)', async () => {
    const { KeyMetadata } = await h.client.send(new CreateKeyCommand({}));
    const constraint: Record<string, string> = { ['__proto__']: 'tenant-a', plain: 'v' };
    const { GrantId } = await h.client.send(
      new CreateGrantCommand({ KeyId: KeyMetadata!.KeyId!, GranteePrincipal: worker, Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: constraint } }),
    );
    const listed = (await h.client.send(new ListGrantsCommand({ KeyId: KeyMetadata!.KeyId!, GrantId }))).Grants![0]!;
    const equals = listed.Constraints!.EncryptionContextEquals!;
    expect(Object.keys(equals).sort()).toEqual(['__proto__', 'plain']);
    expect(Object.getOwnPropertyDescriptor(equals, '__proto__')?.value).toBe('tenant-a');
  });

  it('ListGrants honours GrantId and GranteePrincipal; a malformed GrantId is InvalidGrantIdException', async () => {
    const { keyId, a, b } = await keyWithGrants();
    expect((await h.client.send(new ListGrantsCommand({ KeyId: keyId }))).Grants!.map((g) => g.GrantId)).toEqual([a.GrantId, b.GrantId]);
    expect((await h.client.send(new ListGrantsCommand({ KeyId: keyId, GrantId: b.GrantId }))).Grants!.map((g) => g.Name)).toEqual(['audit']);
    expect((await h.client.send(new ListGrantsCommand({ KeyId: keyId, GranteePrincipal: worker }))).Grants!.map((g) => g.GrantId)).toEqual([a.GrantId]);
    expect((await h.client.send(new ListGrantsCommand({ KeyId: keyId, GrantId: 'f'.repeat(64) }))).Grants).toEqual([]);
    expect(await errorName(h.client.send(new ListGrantsCommand({ KeyId: keyId, GrantId: 'not-a-grant' })))).toBe('InvalidGrantIdException');
    const paged = await h.client.send(new ListGrantsCommand({ KeyId: keyId, Limit: 1 }));
    expect(paged.Grants).toHaveLength(1);
    expect(paged.Truncated).toBe(true);
    expect((await h.client.send(new ListGrantsCommand({ KeyId: keyId, Limit: 1, Marker: paged.NextMarker }))).Grants![0]!.GrantId).toBe(b.GrantId);
  });

  it('ListRetirableGrants lists the grants of a retiring principal; RetireGrant by token removes the grant and its token', async () => {
    const { keyId, a } = await keyWithGrants();
    const retirable = await h.client.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retirer }));
    expect(retirable.Grants!.map((g) => g.GrantId)).toContain(a.GrantId);
    expect((await h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), GrantTokens: [a.GrantToken] }))).KeyId).toBeDefined();
    await h.client.send(new RetireGrantCommand({ GrantToken: a.GrantToken }));
    expect((await h.client.send(new ListGrantsCommand({ KeyId: keyId }))).Grants!.map((g) => g.GrantId)).not.toContain(a.GrantId);
    expect((await h.client.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retirer }))).Grants!.map((g) => g.GrantId)).not.toContain(a.GrantId);
    expect(await errorName(h.client.send(new EncryptCommand({ KeyId: keyId, Plaintext: bytes('x'), GrantTokens: [a.GrantToken] })))).toBe('InvalidGrantTokenException');
    expect(await errorName(h.client.send(new RetireGrantCommand({ GrantToken: a.GrantToken })))).toBe('InvalidGrantTokenException');
  });

  it('RetireGrant by key ARN and grant id, and RevokeGrant, remove grants; an unknown grant is NotFoundException', async () => {
    const { keyId, arn, a, b } = await keyWithGrants();
    await h.client.send(new RetireGrantCommand({ KeyId: arn, GrantId: a.GrantId }));
    await h.client.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: b.GrantId }));
    expect((await h.client.send(new ListGrantsCommand({ KeyId: keyId }))).Grants).toEqual([]);
    expect(await errorName(h.client.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: b.GrantId })))).toBe('NotFoundException');
    expect(await errorName(h.client.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: 'zz' })))).toBe('InvalidGrantIdException');
    expect(await errorName(h.client.send(new RetireGrantCommand({})))).toBe('ValidationException');
  });

  it('DryRun on CreateGrant, RetireGrant and RevokeGrant answers DryRunOperationException and changes nothing', async () => {
    const { keyId, a, b } = await keyWithGrants();
    expect(await errorName(h.client.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: worker, Operations: ['Decrypt'], DryRun: true })))).toBe(
      'DryRunOperationException',
    );
    expect(await errorName(h.client.send(new RetireGrantCommand({ GrantToken: a.GrantToken, DryRun: true })))).toBe('DryRunOperationException');
    expect(await errorName(h.client.send(new RevokeGrantCommand({ KeyId: keyId, GrantId: b.GrantId, DryRun: true })))).toBe('DryRunOperationException');
    expect((await h.client.send(new ListGrantsCommand({ KeyId: keyId }))).Grants!.map((g) => g.GrantId)).toEqual([a.GrantId, b.GrantId]);
  });

  it('CreateGrant takes a key id or ARN (an alias is NotFoundException); more than 8 constraint pairs is ValidationException', async () => {
    const { keyId } = await keyWithGrants();
    expect(await errorName(h.client.send(new CreateGrantCommand({ KeyId: 'alias/some', GranteePrincipal: worker, Operations: ['Decrypt'] })))).toBe('NotFoundException');
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']));
    expect(
      await errorName(h.client.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: worker, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: nine } }))),
    ).toBe('ValidationException');
  });
});

describe('DryRun on signing and MAC operations', () => {
  it('Sign, Verify, GenerateMac and VerifyMac answer DryRunOperationException when they would succeed', async () => {
    const sig = (await h.client.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!.KeyId!;
    const mac = (await h.client.send(new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))).KeyMetadata!.KeyId!;
    const { Signature } = await h.client.send(new SignCommand({ KeyId: sig, Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_256' }));
    const { Mac } = await h.client.send(new GenerateMacCommand({ KeyId: mac, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' }));
    expect(await errorName(h.client.send(new SignCommand({ KeyId: sig, Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true })))).toBe('DryRunOperationException');
    expect(await errorName(h.client.send(new VerifyCommand({ KeyId: sig, Message: bytes('m'), Signature, SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true })))).toBe(
      'DryRunOperationException',
    );
    expect(await errorName(h.client.send(new GenerateMacCommand({ KeyId: mac, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256', DryRun: true })))).toBe('DryRunOperationException');
    expect(await errorName(h.client.send(new VerifyMacCommand({ KeyId: mac, Message: bytes('m'), Mac, MacAlgorithm: 'HMAC_SHA_256', DryRun: true })))).toBe(
      'DryRunOperationException',
    );
  });
});
