/**
 * A loopback HTTP server that speaks the AWS KMS JSON 1.1 protocol in front of a
 * {@link ReferenceKms}, so the real `@aws-sdk/client-kms` (or any AWS SDK) can call it unchanged
 * with `endpoint` set to the server's URL.
 *
 * Protocol (AWS JSON 1.1, as the KMS API Reference's request examples show,
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html#API_Encrypt_Examples):
 * `POST /` with `X-Amz-Target: TrentService.<Operation>` and
 * `Content-Type: application/x-amz-json-1.1`; blob members are base64 strings in the JSON body,
 * timestamps are epoch seconds. Errors are HTTP 400 (500 for `KMSInternalException`) with body
 * `{"__type": "<ErrorName>", "message": "…"}` and an `x-amzn-ErrorType` header.
 * SigV4 signatures are not checked (any credentials work).
 *
 * It binds to 127.0.0.1 only, on an ephemeral port. Test and demo tool; never a key store.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { KmsError } from './errors.js';
import { ReferenceKms, type ReferenceKmsOptions } from './kms.js';

/** The only address the server binds to. */
export const LOOPBACK_HOST = '127.0.0.1';
/** Largest request body accepted, in bytes (well above any valid KMS request). */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** Request members that are blobs (base64 in JSON, `Uint8Array` for {@link ReferenceKms}). */
const BLOB_MEMBERS = new Set(['Plaintext', 'CiphertextBlob']);

/** Options of {@link startReferenceKms}. */
export interface StartReferenceKmsOptions extends ReferenceKmsOptions {
  /**
   * Must be `'127.0.0.1'` if given: the server never listens on any other address. Any other value
   * makes {@link startReferenceKms} reject with a `TypeError`.
   */
  readonly host?: string;
  /** Serve this existing instance instead of a new one (region/accountId options are then ignored). */
  readonly kms?: ReferenceKms;
}

/** A running reference KMS server. */
export interface RunningReferenceKms {
  /** Base URL for the SDK's `endpoint` option, e.g. `http://127.0.0.1:49152`. */
  readonly endpoint: string;
  /** The ephemeral TCP port chosen by the OS. */
  readonly port: number;
  /** The in-memory KMS behind the server (create keys directly, inspect state). */
  readonly kms: ReferenceKms;
  /** The listening address as Node reports it (`address` is always `127.0.0.1`). */
  address(): AddressInfo;
  /** Stops listening and closes open connections. Resolves when the server is closed. */
  close(): Promise<void>;
}

/** Turns the top-level blob members of a parsed JSON request into bytes. */
function decodeRequest(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (BLOB_MEMBERS.has(k) && v !== null && v !== undefined) {
      if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
        throw new KmsError('SerializationException', `${k} must be a base64-encoded string`);
      }
      out[k] = new Uint8Array(Buffer.from(v, 'base64'));
    } else {
      out[k] = v;
    }
  }
  return out;
}

function encodeResponse(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(encodeResponse);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encodeResponse(v);
    return out;
  }
  return value;
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  };
  if (errorType !== undefined) headers['x-amzn-errortype'] = errorType;
  res.writeHead(status, headers);
  res.end(text);
}

function sendError(res: ServerResponse, err: unknown): void {
  const e = err instanceof KmsError ? err : new KmsError('KMSInternalException', 'The reference KMS failed unexpectedly.');
  send(res, e.statusCode, { __type: e.name, message: e.message }, e.name);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BODY_BYTES) {
        reject(new KmsError('ValidationException', `request body over ${MAX_REQUEST_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handle(kms: ReferenceKms, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.method !== 'POST') {
      throw new KmsError('UnknownOperationException', `${req.method ?? 'request'} is not supported; the KMS JSON protocol uses POST /`);
    }
    const target = req.headers['x-amz-target'];
    const prefix = 'TrentService.';
    if (typeof target !== 'string' || !target.startsWith(prefix)) {
      throw new KmsError('UnknownOperationException', 'missing or invalid X-Amz-Target header (expected TrentService.<Operation>)');
    }
    const body = await readBody(req);
    let parsed: unknown;
    try {
      parsed = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      throw new KmsError('SerializationException', 'request body is not valid JSON');
    }
    const output = kms.dispatch(target.slice(prefix.length), decodeRequest(parsed));
    send(res, 200, encodeResponse(output ?? {}));
  } catch (err) {
    sendError(res, err);
  }
}

/**
 * Starts the reference KMS on `http://127.0.0.1:<ephemeral port>`.
 *
 * ```ts
 * const server = await startReferenceKms();
 * const kms = new KMSClient({ endpoint: server.endpoint, region: 'us-east-1',
 *   credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
 * // … and in afterAll: await server.close();
 * ```
 *
 * Use the same `region` in the client as the server's (default `us-east-1`) so that ARNs resolve.
 *
 * @param options `{ host?: '127.0.0.1', region?, accountId?, kms? }`.
 * @returns `{ endpoint, port, kms, address(), close() }`.
 * @throws {TypeError} (as a rejection) when `options.host` is anything but `'127.0.0.1'`.
 */
export async function startReferenceKms(options: StartReferenceKmsOptions = {}): Promise<RunningReferenceKms> {
  if (options.host !== undefined && options.host !== LOOPBACK_HOST) {
    throw new TypeError(`startReferenceKms binds only to ${LOOPBACK_HOST}; refusing host ${JSON.stringify(options.host)}`);
  }
  const kms = options.kms ?? new ReferenceKms(options);
  const server = createServer((req, res) => {
    void handle(kms, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK_HOST, port: 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const info = server.address() as AddressInfo;
  if (info.address !== LOOPBACK_HOST) {
    server.close();
    throw new Error(`reference KMS bound to ${info.address}, expected ${LOOPBACK_HOST}`);
  }
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://${LOOPBACK_HOST}:${info.port}`,
    port: info.port,
    kms,
    address: () => server.address() as AddressInfo,
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
