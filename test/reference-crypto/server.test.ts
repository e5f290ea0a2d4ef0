/**
 * The loopback server itself: where it listens, the KMS JSON 1.1 wire format, and error mapping.
 */
import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsError, ReferenceKms, startReferenceKms, type RunningReferenceKms } from '../../src/reference-crypto/index.js';

const listeningServers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

let server: RunningReferenceKms;
let serversBefore: number;

beforeAll(async () => {
  serversBefore = listeningServers();
  server = await startReferenceKms();
});

afterAll(async () => {
  await server?.close();
});

async function post(target: string | undefined, body: string): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (target !== undefined) headers['x-amz-target'] = target;
  const res = await fetch(`${server.endpoint}/`, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe('listening', () => {
  it('binds to 127.0.0.1 on an ephemeral port and opens exactly one listening socket', () => {
    const address = server.address();
    expect(address.address).toBe('127.0.0.1');
    expect(address.family).toBe('IPv4');
    expect(address.port).toBe(server.port);
    expect(server.port).toBeGreaterThan(0);
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect(listeningServers()).toBe(serversBefore + 1);
  });

  it.each(['0.0.0.0', '::', 'localhost', '::1', '192.168.1.10'])('refuses host %s and opens no socket', async (host) => {
    const count = listeningServers();
    await expect(startReferenceKms({ host })).rejects.toThrow(/binds only to 127\.0\.0\.1/);
    expect(listeningServers()).toBe(count);
  });

  it('accepts host 127.0.0.1 explicitly, and close() releases the socket', async () => {
    const count = listeningServers();
    const other = await startReferenceKms({ host: '127.0.0.1' });
    expect(other.address().address).toBe('127.0.0.1');
    expect(other.port).not.toBe(server.port);
    expect(listeningServers()).toBe(count + 1);
    await other.close();
    // libuv frees the closed handle on a later loop turn: poll briefly
    for (let i = 0; i < 100 && listeningServers() !== count; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(listeningServers()).toBe(count);
    await expect(fetch(`${other.endpoint}/`, { method: 'POST' })).rejects.toThrow();
  });
});

describe('KMS JSON 1.1 wire format', () => {
  it('answers a raw request with base64 blobs and the json-1.1 content type', async () => {
    const { KeyMetadata } = server.kms.createKey({});
    const res = await post('TrentService.Encrypt', JSON.stringify({ KeyId: KeyMetadata.KeyId, Plaintext: Buffer.from('hi').toString('base64') }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(typeof res.json.CiphertextBlob).toBe('string');
    expect(Buffer.from(res.json.CiphertextBlob as string, 'base64').subarray(0, 4).toString('latin1')).toBe('RKMS');
    expect(res.json.KeyId).toBe(KeyMetadata.Arn);
  });

  it('renders timestamps as epoch seconds', async () => {
    const { KeyMetadata } = server.kms.createKey({});
    const res = await post('TrentService.DescribeKey', JSON.stringify({ KeyId: KeyMetadata.KeyId }));
    const meta = res.json.KeyMetadata as Record<string, unknown>;
    expect(typeof meta.CreationDate).toBe('number');
    expect(Math.abs((meta.CreationDate as number) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('errors are HTTP 400 with {"__type", "message"} and x-amzn-ErrorType', async () => {
    const res = await post('TrentService.DescribeKey', JSON.stringify({ KeyId: 'alias/missing' }));
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe('NotFoundException');
    expect(res.json.message).toMatch(/alias\/missing/);
    expect(res.headers.get('x-amzn-errortype')).toBe('NotFoundException');
  });

  it('unknown operations, a missing target and bad JSON are rejected with 400', async () => {
    expect((await post('TrentService.Frobnicate', '{}')).json.__type).toBe('UnknownOperationException');
    expect((await post(undefined, '{}')).json.__type).toBe('UnknownOperationException');
    const bad = await post('TrentService.ListKeys', '{not json');
    expect(bad.status).toBe(400);
    expect(bad.json.__type).toBe('SerializationException');
    expect((await post('TrentService.Encrypt', JSON.stringify({ KeyId: 'k', Plaintext: '***' }))).json.__type).toBe('SerializationException');
  });
});

describe('error mapping through the real SDK', () => {
  it('the SDK error .name equals the service error name, and $metadata has HTTP 400', async () => {
    const client = new KMSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
    try {
      const err = await client.send(new DescribeKeyCommand({ KeyId: 'alias/missing' })).then(
        () => undefined,
        (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number }; $fault?: string },
      );
      expect(err?.name).toBe('NotFoundException');
      expect(err?.$metadata?.httpStatusCode).toBe(400);
      expect(err?.$fault).toBe('client');
      expect(err?.message).toMatch(/alias\/missing/);
    } finally {
      client.destroy();
    }
  });

  it('an unexpected failure is HTTP 500 KMSInternalException', async () => {
    class BrokenKms extends ReferenceKms {
      override dispatch(operation: string, input: unknown): unknown {
        if (operation === 'Encrypt') throw new Error('boom');
        return super.dispatch(operation, input);
      }
    }
    const broken = await startReferenceKms({ kms: new BrokenKms() });
    const client = new KMSClient({
      endpoint: broken.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      maxAttempts: 1,
    });
    try {
      const { KeyMetadata } = await client.send(new CreateKeyCommand({}));
      const err = await client.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId, Plaintext: new Uint8Array([1]) })).then(
        () => undefined,
        (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
      );
      expect(err?.name).toBe('KMSInternalException');
      expect(err?.$metadata?.httpStatusCode).toBe(500);
    } finally {
      client.destroy();
      await broken.close();
    }
  });
});

describe('ReferenceKms used directly (no HTTP)', () => {
  it('throws KmsError instances whose name is the service error code', () => {
    const kms = new ReferenceKms();
    const { KeyMetadata } = kms.createKey();
    let caught: unknown;
    try {
      kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array(4097) });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KmsError);
    expect((caught as KmsError).name).toBe('ValidationException');
    expect((caught as KmsError).statusCode).toBe(400);
  });

  it('uses the configured Region and account in ARNs', () => {
    const kms = new ReferenceKms({ region: 'eu-central-1', accountId: '123456789012' });
    const { KeyMetadata } = kms.createKey();
    expect(KeyMetadata.Arn).toBe(`arn:aws:kms:eu-central-1:123456789012:key/${KeyMetadata.KeyId}`);
    expect(() => new ReferenceKms({ accountId: '42' })).toThrow(/12 digits/);
  });
});
