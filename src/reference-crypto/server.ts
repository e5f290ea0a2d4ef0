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
 * SigV4 signatures are not checked (any credentials work), but the Region of the credential scope is the Region
 * the request is served in. Oversized bodies and headers, malformed HTTP and non-object JSON are answered in the
 * same error shape (see {@link startReferenceKms}). Nothing is logged.
 *
 * It binds to 127.0.0.1 only, on an ephemeral port unless one is given. Test and demo tool; never a key store. The
 * `reference-kms` executable (`bin.ts`, `standalone.ts`) serves it as a standalone process.
 *
 * @module
 */
import { STATUS_CODES, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { KmsError } from './errors.js';
import { ReferenceKms, type ReferenceKmsOptions, type RequestScope } from './kms.js';

/** The only address the server binds to. */
export const LOOPBACK_HOST = '127.0.0.1';
/**
 * Largest request body accepted, in bytes (1 MiB: far above any valid KMS request, whose largest members are a
 * 4,096-byte plaintext, a 6,144-byte ciphertext blob and a 32 KiB key policy, before base64). A larger body is
 * answered with HTTP 413 and `{"__type": "ValidationException"}`.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
/**
 * A body over {@link MAX_REQUEST_BODY_BYTES} is still read (and thrown away) up to this many bytes, 16 MiB, so that
 * the client has finished sending when the error response arrives and sees that response, not a connection reset.
 * A body declared or sent beyond it gets the same response, after which the connection is closed.
 */
export const MAX_DISCARDED_BODY_BYTES = 16 * 1024 * 1024;
/**
 * Largest total size of the request line and headers, in bytes (Node's default `maxHeaderSize`, 16 KiB). Larger
 * headers are answered with HTTP 431 and `{"__type": "ValidationException"}` and the connection is closed.
 */
export const MAX_HEADER_BYTES = 16 * 1024;
/** How long a connection answered with a protocol error is kept open to read what the client still sends, in ms. */
const LINGER_MS = 2000;

/**
 * Request members that are blobs wherever they occur in a KMS request (base64 strings in JSON, `Uint8Array` for
 * {@link ReferenceKms}). Taken from the blob-typed request members of the KMS service model (`@aws-sdk/client-kms`
 * `dist-types/models`): Encrypt/Decrypt/ReEncrypt, Sign/Verify, GenerateMac/VerifyMac, ImportKeyMaterial,
 * DeriveSharedSecret, Decapsulate. `Recipient.AttestationDocument` is the one nested blob.
 */
const BLOB_MEMBERS: ReadonlySet<string> = new Set([
  'Plaintext', 'CiphertextBlob', 'Message', 'Signature', 'Mac', 'ImportToken', 'EncryptedKeyMaterial', 'PublicKey',
  'SharedSecretCiphertextBlob',
]);

/**
 * Who is calling, as far as the request tells: passed to {@link ReferenceKms#dispatch} as its third argument. The
 * server sets `region` from the SigV4 credential scope and never `accountId` (access key ids name no account).
 */
export type ReferenceKmsRequestContext = RequestScope;

/** Options of {@link startReferenceKms}. */
export interface StartReferenceKmsOptions extends ReferenceKmsOptions {
  /**
   * Must be `'127.0.0.1'` if given: the server never listens on any other address. Any other value
   * makes {@link startReferenceKms} reject with a `TypeError`.
   */
  readonly host?: string;
  /** TCP port, 0..65535; default 0 (an ephemeral port the OS picks). Another value rejects with a `TypeError`. */
  readonly port?: number;
  /** Serve this existing instance instead of a new one (the {@link ReferenceKmsOptions} are then ignored). */
  readonly kms?: ReferenceKms;
}

/** A running reference KMS server. */
export interface RunningReferenceKms {
  /** Base URL for the SDK's `endpoint` option, e.g. `http://127.0.0.1:49152`. */
  readonly endpoint: string;
  /** The TCP port listened on (the OS's choice when `port` was 0). */
  readonly port: number;
  /** The in-memory KMS behind the server (create keys directly, inspect state). */
  readonly kms: ReferenceKms;
  /** The listening address as Node reports it (`address` is always `127.0.0.1`). */
  address(): AddressInfo;
  /** Stops listening and closes open connections. Resolves when the server is closed. */
  close(): Promise<void>;
}

/**
 * The Region of a SigV4 `Authorization` header's credential scope
 * (`AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/kms/aws4_request, SignedHeaders=…, Signature=…`), as the
 * AWS General Reference's "Signature Version 4" page lays the scope out (`date/region/service/aws4_request`).
 *
 * @param authorization the header value, if any.
 * @returns the Region (lower-case letters, digits and dashes), or `undefined` for a missing, unsigned or malformed
 *   header (the server then uses the {@link ReferenceKms}'s own Region).
 */
export function regionFromAuthorization(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]{1,64})\/[^/,\s]+\/aws4_request/.exec(authorization);
  return match?.[1];
}

function decodeBlob(name: string, v: unknown): Uint8Array {
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) {
    throw new KmsError('SerializationException', `${name} must be a base64-encoded string`);
  }
  return new Uint8Array(Buffer.from(v, 'base64'));
}

/**
 * Turns the blob members of a parsed JSON request ({@link BLOB_MEMBERS}, plus the nested
 * `Recipient.AttestationDocument`) into bytes. The request must be a JSON object: AWS answers any
 * other JSON value (`null`, an array, a number) with `SerializationException`.
 */
function decodeRequest(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new KmsError('SerializationException', `the request body must be a JSON object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) {
      out[k] = v;
    } else if (BLOB_MEMBERS.has(k)) {
      out[k] = decodeBlob(k, v);
    } else if (k === 'Recipient' && typeof v === 'object' && !Array.isArray(v)) {
      const recipient: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      if (recipient.AttestationDocument !== undefined && recipient.AttestationDocument !== null) {
        recipient.AttestationDocument = decodeBlob('Recipient.AttestationDocument', recipient.AttestationDocument);
      }
      out[k] = recipient;
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
    // defineProperty, not `out[k] =`: a `__proto__` key (an encryption context or grant constraint may have one) would
    // otherwise set the prototype and vanish from the JSON.
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) Object.defineProperty(out, k, { value: encodeResponse(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string, close = false): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  };
  if (errorType !== undefined) headers['x-amzn-errortype'] = errorType;
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}

/**
 * Sends a KMS error. Only a {@link KmsError}'s own message goes out; any other failure becomes a fixed
 * `KMSInternalException` text, so neither key material nor a stack trace can leave through an error.
 */
function sendError(res: ServerResponse, err: unknown): void {
  const e = err instanceof KmsError ? err : new KmsError('KMSInternalException', 'The reference KMS failed unexpectedly.');
  send(res, e.statusCode, { __type: e.name, message: e.message }, e.name);
}

/** A body over {@link MAX_REQUEST_BODY_BYTES}: how many bytes came (or were declared), and whether all were read. */
interface OversizedBody {
  readonly oversized: number;
  readonly drained: boolean;
}

/**
 * Reads the body, keeping at most {@link MAX_REQUEST_BODY_BYTES}. Past that it goes on reading and discarding up to
 * {@link MAX_DISCARDED_BODY_BYTES}, then stops.
 */
function readBody(req: IncomingMessage): Promise<Buffer | OversizedBody> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_DISCARDED_BODY_BYTES) {
      resolve({ oversized: declared, drained: false });
      return;
    }
    let chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      chunks = [];
      if (size > MAX_DISCARDED_BODY_BYTES) {
        req.off('data', onData);
        req.off('end', onEnd);
        resolve({ oversized: size, drained: false });
      }
    };
    const onEnd = (): void => resolve(size > MAX_REQUEST_BODY_BYTES ? { oversized: size, drained: true } : Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

function sendOversized(req: IncomingMessage, res: ServerResponse, body: OversizedBody): void {
  const message = `The request body is ${body.oversized} bytes; the reference KMS accepts at most ${MAX_REQUEST_BODY_BYTES} bytes.`;
  send(res, 413, { __type: 'ValidationException', message }, 'ValidationException', !body.drained);
  if (!body.drained) {
    // read (and drop) what the client is still sending for a moment, so it can read the answer before the close
    req.resume();
    res.once('finish', () => setTimeout(() => req.socket.destroy(), LINGER_MS).unref());
  }
}

/** Answers a request Node's HTTP parser refused (oversized or malformed headers) in the KMS error shape. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const name = tooLarge ? 'ValidationException' : 'SerializationException';
  const message = tooLarge
    ? `The request line and headers exceed ${MAX_HEADER_BYTES} bytes, the most the reference KMS accepts.`
    : 'The request is not a well-formed HTTP/1.1 request.';
  const text = JSON.stringify({ __type: name, message });
  socket.on('data', () => undefined); // drain what is still coming
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/x-amz-json-1.1\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      `x-amzn-RequestId: ${randomUUID()}\r\n` +
      `x-amzn-ErrorType: ${name}\r\n` +
      'Connection: close\r\n\r\n' +
      text,
  );
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

async function handle(kms: ReferenceKms, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.method !== 'POST') {
      throw new KmsError('UnknownOperationException', `${req.method ?? 'request'} is not supported; the KMS JSON protocol uses POST /`);
    }
    const body = await readBody(req);
    if (!Buffer.isBuffer(body)) {
      sendOversized(req, res, body);
      return;
    }
    const target = req.headers['x-amz-target'];
    const prefix = 'TrentService.';
    if (typeof target !== 'string' || !target.startsWith(prefix)) {
      throw new KmsError('UnknownOperationException', 'missing or invalid X-Amz-Target header (expected TrentService.<Operation>)');
    }
    const text = body.toString('utf8');
    let parsed: unknown;
    try {
      parsed = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new KmsError('SerializationException', 'The request body is not valid JSON.');
    }
    const input = decodeRequest(parsed);
    const region = regionFromAuthorization(req.headers.authorization);
    const context: ReferenceKmsRequestContext = region === undefined ? {} : { region };
    const output = kms.dispatch(target.slice(prefix.length), input, context);
    send(res, 200, encodeResponse(output ?? {}));
  } catch (err) {
    sendError(res, err);
  }
}

/**
 * Starts the reference KMS on `http://127.0.0.1:<port>` (an ephemeral port unless `port` is given).
 *
 * ```ts
 * const server = await startReferenceKms();
 * const kms = new KMSClient({ endpoint: server.endpoint, region: 'us-east-1',
 *   credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
 * // … and in afterAll: await server.close();
 * ```
 *
 * The Region of each request is the one in its SigV4 credential scope (the client's `region`), passed to
 * {@link ReferenceKms#dispatch}; unsigned requests use the KMS's own Region (default `us-east-1`). Hostile input is
 * answered in the KMS error shape: bodies over {@link MAX_REQUEST_BODY_BYTES} (HTTP 413), headers over
 * {@link MAX_HEADER_BYTES} (HTTP 431), malformed HTTP (400), a body that is not a JSON object
 * (`SerializationException`), an unknown `X-Amz-Target` (`UnknownOperationException`). Nothing is logged.
 *
 * @param options `{ host?: '127.0.0.1', port?: 0..65535, kms?, …ReferenceKmsOptions }`.
 * @returns `{ endpoint, port, kms, address(), close() }`.
 * @throws {TypeError} (as a rejection) when `options.host` is anything but `'127.0.0.1'` or `options.port` is not an
 *   integer in 0..65535.
 * @throws {Error} (as a rejection) the `listen` error, e.g. `EADDRINUSE` when `port` is taken.
 */
export async function startReferenceKms(options: StartReferenceKmsOptions = {}): Promise<RunningReferenceKms> {
  if (options.host !== undefined && options.host !== LOOPBACK_HOST) {
    throw new TypeError(`startReferenceKms binds only to ${LOOPBACK_HOST}; refusing host ${JSON.stringify(options.host)}`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`port must be an integer in 0..65535, got ${JSON.stringify(port)}`);
  }
  const kms = options.kms ?? new ReferenceKms(options);
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    void handle(kms, req, res);
  });
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK_HOST, port, exclusive: true }, () => {
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
