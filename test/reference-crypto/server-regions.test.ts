/**
 * One server, several Regions: the Region of a request is the one in its SigV4 credential scope, so two `KMSClient`s
 * with different `region` see two separate Regions (keys, aliases and ARNs), as they would against AWS.
 */
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ReplicateKeyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceKms, type RunningReferenceKms } from '../../src/reference-crypto/index.js';

let server: RunningReferenceKms;
let east: KMSClient;
let west: KMSClient;

const clientIn = (region: string): KMSClient =>
  new KMSClient({ endpoint: server.endpoint, region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });

beforeAll(async () => {
  server = await startReferenceKms();
  east = clientIn('us-east-1');
  west = clientIn('eu-west-1');
});

afterAll(async () => {
  east?.destroy();
  west?.destroy();
  await server?.close();
});

type SdkError = Error & { $metadata?: { httpStatusCode?: number } };
const failure = (p: Promise<unknown>): Promise<SdkError> =>
  p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as SdkError,
  );

describe('two KMSClients with different region against one server', () => {
  it('each creates keys with its own Region in the ARN', async () => {
    const a = await east.send(new CreateKeyCommand({ Description: 'east' }));
    const b = await west.send(new CreateKeyCommand({ Description: 'west' }));
    expect(a.KeyMetadata?.Arn).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//);
    expect(b.KeyMetadata?.Arn).toMatch(/^arn:aws:kms:eu-west-1:111122223333:key\//);
  });

  it('a key created via the us-east-1 client is not found via the eu-west-1 client, by id or by ARN', async () => {
    const { KeyMetadata } = await east.send(new CreateKeyCommand({}));
    expect((await east.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId }))).KeyMetadata?.Arn).toBe(KeyMetadata!.Arn);
    const byId = await failure(west.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId })));
    expect(byId.name).toBe('NotFoundException');
    const byArn = await failure(west.send(new EncryptCommand({ KeyId: KeyMetadata!.Arn, Plaintext: new Uint8Array([1]) })));
    expect(byArn.name).toBe('NotFoundException');
    const westKeys = await west.send(new ListKeysCommand({}));
    expect(westKeys.Keys?.map((k) => k.KeyId)).not.toContain(KeyMetadata!.KeyId);
  });

  it('the same alias name can exist once per Region, each pointing at its own key', async () => {
    const a = await east.send(new CreateKeyCommand({}));
    const b = await west.send(new CreateKeyCommand({}));
    await east.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: a.KeyMetadata!.KeyId }));
    await west.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: b.KeyMetadata!.KeyId }));
    expect((await east.send(new DescribeKeyCommand({ KeyId: 'alias/app' }))).KeyMetadata?.KeyId).toBe(a.KeyMetadata!.KeyId);
    expect((await west.send(new DescribeKeyCommand({ KeyId: 'alias/app' }))).KeyMetadata?.KeyId).toBe(b.KeyMetadata!.KeyId);
    const westAliases = await west.send(new ListAliasesCommand({}));
    expect(westAliases.Aliases?.find((x) => x.AliasName === 'alias/app')?.AliasArn).toBe('arn:aws:kms:eu-west-1:111122223333:alias/app');
  });

  it("a multi-Region key replicated to eu-west-1 decrypts, via the eu-west-1 client, what the us-east-1 client encrypted", async () => {
    const { KeyMetadata } = await east.send(new CreateKeyCommand({ MultiRegion: true }));
    expect(KeyMetadata?.KeyId).toMatch(/^mrk-/);
    const replica = await east.send(new ReplicateKeyCommand({ KeyId: KeyMetadata!.KeyId, ReplicaRegion: 'eu-west-1' }));
    expect(replica.ReplicaKeyMetadata?.Arn).toBe(`arn:aws:kms:eu-west-1:111122223333:key/${KeyMetadata!.KeyId}`);
    const context = { order: '42' };
    const { CiphertextBlob } = await east.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: new Uint8Array([4, 2]), EncryptionContext: context }));
    const opened = await west.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: context, KeyId: replica.ReplicaKeyMetadata!.Arn }));
    expect([...opened.Plaintext!]).toEqual([4, 2]);
    expect(opened.KeyId).toBe(replica.ReplicaKeyMetadata!.Arn);
    const wrongContext = await failure(west.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { order: '43' } })));
    expect(wrongContext.name).toBe('InvalidCiphertextException');
  });
});
