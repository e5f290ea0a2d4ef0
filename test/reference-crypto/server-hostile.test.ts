/**
 * Hostile and malformed input to the loopback server: every answer is in the KMS JSON 1.1 error shape
 * (`{"__type", "message"}` plus `x-amzn-ErrorType`), and the real SDK sees a clean error on its first attempt,
 * never a connection reset.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { DecryptCommand, EncryptCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_DISCARDED_BODY_BYTES,
  MAX_HEADER_BYTES,
  MAX_REQUEST_BODY_BYTES,
  ReferenceKms,
  regionFromAuthorization,
  startReferenceKms,
  type ReferenceKmsRequestContext,
  type RunningReferenceKms,
} from '../../src/reference-crypto/index.js';

let server: RunningReferenceKms;
let client: KMSClient;

beforeAll(async () => {
  server = await startReferenceKms();
  client = new KMSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

type SdkError = Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; $fault?: string };

async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as SdkError,
  );
}

/** Writes raw bytes to the server and resolves to everything it answers before closing. */
function rawExchange(request: string | Buffer): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head.toLowerCase(), body: text.slice(split + 4) });
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.end(request);
  });
}

async function post(target: string, body: string): Promise<{ status: number; json: Record<string, unknown>; errorType: string | null }> {
  const res = await fetch(`${server.endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body,
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, errorType: res.headers.get('x-amzn-errortype') };
}

describe('request body cap', () => {
  it('documents a 1 MiB cap and a 16 MiB discard bound', () => {
    expect(MAX_REQUEST_BODY_BYTES).toBe(1024 * 1024);
    expect(MAX_DISCARDED_BODY_BYTES).toBe(16 * 1024 * 1024);
  });

  it('the real SDK gets ValidationException (HTTP 413) on its first attempt for a 2 MiB plaintext, not ECONNRESET', async () => {
    const { KeyMetadata } = server.kms.createKey({});
    const err = await rejection(client.send(new EncryptCommand({ KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array(2 * 1024 * 1024) })));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toMatch(/at most 1048576 bytes/);
    expect(err.$metadata?.httpStatusCode).toBe(413);
    expect(err.$metadata?.attempts).toBe(1);
    expect(err.$fault).toBe('client');
    // the same client (and its kept-alive connection) still works
    const ok = await client.send(new EncryptCommand({ KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array([1, 2, 3]) }));
    expect(ok.CiphertextBlob?.length).toBeGreaterThan(3);
  });

  it('a body just over the cap is refused; one at the cap is parsed', async () => {
    const padded = (n: number): string => {
      const prefix = '{"Limit": 10, "Marker": null';
      return `${prefix}${' '.repeat(n - prefix.length - 1)}}`;
    };
    const over = await post('TrentService.ListKeys', padded(MAX_REQUEST_BODY_BYTES + 1));
    expect(over.status).toBe(413);
    expect(over.json.__type).toBe('ValidationException');
    expect(over.errorType).toBe('ValidationException');
    const at = await post('TrentService.ListKeys', padded(MAX_REQUEST_BODY_BYTES));
    expect(at.status).toBe(200);
    expect(Array.isArray(at.json.Keys)).toBe(true);
  });

  it('a declared Content-Length beyond the discard bound is answered at once, then the connection closes', async () => {
    const res = await rawExchange(
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: TrentService.ListKeys\r\n' +
        `Content-Type: application/x-amz-json-1.1\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n{`,
    );
    expect(res.status).toBe(413);
    expect(res.headers).toContain('x-amzn-errortype: validationexception');
    expect(res.headers).toContain('connection: close');
    expect(JSON.parse(res.body)).toEqual({ __type: 'ValidationException', message: expect.stringMatching(/104857600 bytes/) });
  });
  it('a chunked body that goes past the discard bound still gets the 413 answer before the connection closes', async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x20);
    const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        `${server.endpoint}/`,
        { method: 'POST', headers: { 'x-amz-target': 'TrentService.ListKeys', 'transfer-encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode, body }));
        },
      );
      // the server may close while the rest is still being written; only the answer counts
      req.on('error', (e) => setTimeout(() => reject(e), 1000).unref());
      for (let i = 0; i < MAX_DISCARDED_BODY_BYTES / mib.length + 1; i++) req.write(mib);
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).__type).toBe('ValidationException');
  });
});

describe('oversized and malformed HTTP', () => {
  it(`headers over ${MAX_HEADER_BYTES} bytes get HTTP 431 with a KMS error body, and the real SDK sees it on its first attempt`, async () => {
    const bloated = new KMSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
    bloated.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> };
        request.headers['x-padding'] = 'p'.repeat(MAX_HEADER_BYTES + 1);
        return next(args);
      },
      { step: 'build' },
    );
    try {
      const err = await rejection(bloated.send(new ListKeysCommand({})));
      expect(err.name).toBe('ValidationException');
      expect(err.message).toMatch(/headers exceed 16384 bytes/);
      expect(err.$metadata?.httpStatusCode).toBe(431);
      expect(err.$metadata?.attempts).toBe(1);
    } finally {
      bloated.destroy();
    }
  });

  it('a raw oversized header gets the JSON body, not an empty 431', async () => {
    const res = await rawExchange(`POST / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(res.headers).toContain('content-type: application/x-amz-json-1.1');
    expect(res.headers).toContain('x-amzn-errortype: validationexception');
    expect(JSON.parse(res.body).__type).toBe('ValidationException');
  });

  it('a request Node cannot parse gets 400 SerializationException', async () => {
    const res = await rawExchange('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).__type).toBe('SerializationException');
  });
});

describe('request bodies that are not a JSON object', () => {
  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a number', '5'],
    ['a string', '"KeyId"'],
    ['malformed JSON', '{"KeyId": '],
  ])('%s is SerializationException', async (_what, body) => {
    const res = await post('TrentService.ListKeys', body);
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe('SerializationException');
    expect(res.errorType).toBe('SerializationException');
  });

  it('an unknown target is UnknownOperationException, a blob that is not base64 is SerializationException', async () => {
    expect((await post('TrentService.StealKeys', '{}')).json.__type).toBe('UnknownOperationException');
    expect((await post('TrentService.Sign', JSON.stringify({ KeyId: 'k', Message: 'not base64!', SigningAlgorithm: 'ECDSA_SHA_256' }))).json.__type).toBe(
      'SerializationException',
    );
  });
});

describe('no key material leaves through an error', () => {
  it('an unexpected failure answers a fixed KMSInternalException text, whatever the thrown error said', async () => {
    const secret = 'c2VjcmV0LWtleS1tYXRlcmlhbA==';
    class LeakyKms extends ReferenceKms {
      override dispatch(operation: string, input: unknown): unknown {
        if (operation === 'ListKeys') throw new Error(`material ${secret}`);
        return super.dispatch(operation, input);
      }
    }
    const leaky = await startReferenceKms({ kms: new LeakyKms() });
    try {
      const res = await fetch(`${leaky.endpoint}/`, { method: 'POST', headers: { 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' });
      const text = await res.text();
      expect(res.status).toBe(500);
      expect(JSON.parse(text)).toEqual({ __type: 'KMSInternalException', message: 'The reference KMS failed unexpectedly.' });
      expect(text).not.toContain(secret);
    } finally {
      await leaky.close();
    }
  });

  it('a failed Decrypt names neither the plaintext nor the context values', async () => {
    const { KeyMetadata } = server.kms.createKey({});
    const plaintext = 'plaintext-that-must-not-leak';
    const { CiphertextBlob } = await client.send(
      new EncryptCommand({ KeyId: KeyMetadata.KeyId, Plaintext: new TextEncoder().encode(plaintext), EncryptionContext: { tenant: 'tenant-secret-value' } }),
    );
    const err = await rejection(client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { tenant: 'other' } })));
    expect(err.name).toBe('InvalidCiphertextException');
    expect(err.message).not.toContain(plaintext);
    expect(err.message).not.toContain('tenant-secret-value');
  });
});

describe('the Region of the SigV4 credential scope', () => {
  it('is read from the Authorization header', () => {
    const header = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-west-2/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
    expect(regionFromAuthorization(header)).toBe('us-west-2');
    expect(regionFromAuthorization(undefined)).toBeUndefined();
    expect(regionFromAuthorization('Bearer token')).toBeUndefined();
    expect(regionFromAuthorization('AWS4-HMAC-SHA256 Credential=AKID/2026/us-west-2/kms/aws4_request')).toBeUndefined();
    expect(regionFromAuthorization('AWS4-HMAC-SHA256 Credential=AKID/20260101/US WEST/kms/aws4_request')).toBeUndefined();
  });

  it("reaches dispatch as the request context: each client's region, none for an unsigned request", async () => {
    const seen: (ReferenceKmsRequestContext | undefined)[] = [];
    class RecordingKms extends ReferenceKms {
      override dispatch(operation: string, input: unknown, ...rest: unknown[]): unknown {
        seen.push(rest[0] as ReferenceKmsRequestContext | undefined);
        return super.dispatch(operation, input);
      }
    }
    const recording = await startReferenceKms({ kms: new RecordingKms() });
    const clients = ['us-east-1', 'eu-west-1'].map(
      (region) => new KMSClient({ endpoint: recording.endpoint, region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } }),
    );
    try {
      for (const c of clients) await c.send(new ListKeysCommand({}));
      await fetch(`${recording.endpoint}/`, { method: 'POST', headers: { 'x-amz-target': 'TrentService.ListKeys' }, body: '{}' });
      expect(seen).toEqual([{ region: 'us-east-1' }, { region: 'eu-west-1' }, {}]);
    } finally {
      for (const c of clients) c.destroy();
      await recording.close();
    }
  });
});
