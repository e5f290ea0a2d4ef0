/**
 * DATA: the cipher APIs and the sinks the forward flow (`flow/tracker.ts`) classifies — as trace maps for ESLint's
 * `ReferenceTracker`, plus the few method-name tables that no import can trace (`k.fill(0)`, `res.send(x)`).
 *
 * Facts (KMS-FACTS "Node / library fact"; Node.js `crypto` docs; the WebCrypto spec; `@noble/ciphers` 2.x typings):
 * - `createCipheriv(algorithm, key, iv, options)` / `createDecipheriv(…)`: key at 1, IV at 2, options at 3
 *   (`authTagLength`); `createCipher(algorithm, password)` (removed in Node 22) derives key and IV from the password.
 * - WebCrypto `subtle.encrypt(algorithm, key, data)` / `decrypt(…)`: `algorithm.iv`, `algorithm.additionalData`,
 *   `algorithm.tagLength` (bits); `subtle.importKey(format, keyData, algorithm, extractable, usages)`: key bytes at 1.
 * - `@noble/ciphers/aes` `gcm(key, nonce, aad?)`; `@noble/ciphers/utils` `managedNonce(cipher)` (prepends a random
 *   nonce per message) and `randomBytes(n)` (a CSPRNG: `crypto.getRandomValues`).
 */
import { ASTUtils } from '../../util/ts-eslint.js';

const { ReferenceTracker } = ASTUtils;

/** The library a cipher API belongs to. */
export type CipherLibrary = 'node:crypto' | 'webcrypto' | '@noble/ciphers';

/**
 * The recognised cipher and random APIs. `subtle.*` covers `crypto.subtle`, `globalThis.crypto.subtle`,
 * `webcrypto.subtle` and `subtle` from `node:crypto`; `noble.*` the `@noble/ciphers` exports.
 */
export type CryptoApi =
  | 'createCipheriv'
  | 'createDecipheriv'
  | 'createCipher'
  | 'createDecipher'
  | 'randomBytes'
  | 'randomFillSync'
  | 'randomFill'
  | 'getRandomValues'
  | 'createSecretKey'
  | 'createHmac'
  | 'subtle.encrypt'
  | 'subtle.decrypt'
  | 'subtle.importKey'
  | 'noble.gcm'
  | 'noble.gcmsiv'
  | 'noble.managedNonce'
  | 'noble.randomBytes'
  | 'pipeline';

/** The part an argument plays in a cipher call. */
export type CipherRole = 'algorithm' | 'cipher-key' | 'cipher-iv' | 'auth-tag' | 'aad' | 'options' | 'data' | 'cipher';

/** One argument position: `index`, and when the role sits inside an object argument, its `property`. */
export interface ArgumentRole {
  readonly role: CipherRole;
  readonly index: number;
  readonly property?: string;
}

/** What the trace maps attach to each recognised call. */
export interface CryptoApiInfo {
  readonly api: CryptoApi;
  readonly library: CipherLibrary;
  readonly arguments: readonly ArgumentRole[];
  /** True for random sources whose output is a CSPRNG's (`randomBytes`, `getRandomValues`, noble `randomBytes`). */
  readonly csprng?: boolean;
  /** True when the call wipes (overwrites in place) its first argument (`randomFillSync(k)`). */
  readonly wipesFirstArgument?: boolean;
}

const CIPHERIV: readonly ArgumentRole[] = [
  { role: 'algorithm', index: 0 },
  { role: 'cipher-key', index: 1 },
  { role: 'cipher-iv', index: 2 },
  { role: 'options', index: 3 },
];
const SUBTLE_CIPHER: readonly ArgumentRole[] = [
  { role: 'algorithm', index: 0 },
  { role: 'cipher-iv', index: 0, property: 'iv' },
  { role: 'aad', index: 0, property: 'additionalData' },
  { role: 'cipher-key', index: 1 },
  { role: 'data', index: 2 },
];

/** Every API by name, with its argument roles. */
export const CRYPTO_APIS: Readonly<Record<CryptoApi, CryptoApiInfo>> = {
  createCipheriv: { api: 'createCipheriv', library: 'node:crypto', arguments: CIPHERIV },
  createDecipheriv: { api: 'createDecipheriv', library: 'node:crypto', arguments: CIPHERIV },
  createCipher: { api: 'createCipher', library: 'node:crypto', arguments: [{ role: 'algorithm', index: 0 }, { role: 'cipher-key', index: 1 }] },
  createDecipher: { api: 'createDecipher', library: 'node:crypto', arguments: [{ role: 'algorithm', index: 0 }, { role: 'cipher-key', index: 1 }] },
  randomBytes: { api: 'randomBytes', library: 'node:crypto', arguments: [], csprng: true },
  randomFillSync: { api: 'randomFillSync', library: 'node:crypto', arguments: [], csprng: true, wipesFirstArgument: true },
  randomFill: { api: 'randomFill', library: 'node:crypto', arguments: [], csprng: true, wipesFirstArgument: true },
  getRandomValues: { api: 'getRandomValues', library: 'webcrypto', arguments: [], csprng: true, wipesFirstArgument: true },
  createSecretKey: { api: 'createSecretKey', library: 'node:crypto', arguments: [{ role: 'cipher-key', index: 0 }] },
  createHmac: { api: 'createHmac', library: 'node:crypto', arguments: [{ role: 'cipher-key', index: 1 }] },
  'subtle.encrypt': { api: 'subtle.encrypt', library: 'webcrypto', arguments: SUBTLE_CIPHER },
  'subtle.decrypt': { api: 'subtle.decrypt', library: 'webcrypto', arguments: SUBTLE_CIPHER },
  'subtle.importKey': { api: 'subtle.importKey', library: 'webcrypto', arguments: [{ role: 'cipher-key', index: 1 }] },
  'noble.gcm': { api: 'noble.gcm', library: '@noble/ciphers', arguments: [{ role: 'cipher-key', index: 0 }, { role: 'cipher-iv', index: 1 }, { role: 'aad', index: 2 }] },
  'noble.gcmsiv': { api: 'noble.gcmsiv', library: '@noble/ciphers', arguments: [{ role: 'cipher-key', index: 0 }, { role: 'cipher-iv', index: 1 }, { role: 'aad', index: 2 }] },
  'noble.managedNonce': { api: 'noble.managedNonce', library: '@noble/ciphers', arguments: [{ role: 'cipher', index: 0 }] },
  'noble.randomBytes': { api: 'noble.randomBytes', library: '@noble/ciphers', arguments: [], csprng: true },
  pipeline: { api: 'pipeline', library: 'node:crypto', arguments: [] },
};

/** Module names under which `node:crypto` is imported or required. */
export const NODE_CRYPTO_MODULES = ['node:crypto', 'crypto'] as const;
/** `@noble/ciphers` entry points holding `gcm`. */
export const NOBLE_AES_MODULES = ['@noble/ciphers/aes', '@noble/ciphers/aes.js'] as const;
/** `@noble/ciphers` entry points holding `managedNonce` and `randomBytes` (`webcrypto` in 1.x). */
export const NOBLE_UTILS_MODULES = ['@noble/ciphers/utils', '@noble/ciphers/utils.js', '@noble/ciphers/webcrypto', '@noble/ciphers/webcrypto.js'] as const;
/** Stream modules whose `pipeline` calls `final()` of every stage. */
export const STREAM_MODULES = ['node:stream', 'stream', 'node:stream/promises', 'stream/promises'] as const;

/** A trace map for `ReferenceTracker` (string keys and the tracker's CALL/CONSTRUCT/READ symbols). */
export type CryptoTraceMap = Record<string | symbol, unknown>;

function call(api: CryptoApi): CryptoTraceMap {
  return { [ReferenceTracker.CALL]: CRYPTO_APIS[api] };
}

function subtleMap(): CryptoTraceMap {
  return { encrypt: call('subtle.encrypt'), decrypt: call('subtle.decrypt'), importKey: call('subtle.importKey') };
}

let cached: { readonly modules: CryptoTraceMap; readonly globals: CryptoTraceMap } | undefined;

/**
 * The trace maps: `modules` for `iterateEsmReferences`/`iterateCjsReferences` (run the tracker in `legacy` mode so a
 * default import of `node:crypto` is the module), `globals` for `iterateGlobalReferences` (`crypto.subtle`,
 * `globalThis.crypto`).
 */
export function getCryptoTraceMaps(): { readonly modules: CryptoTraceMap; readonly globals: CryptoTraceMap } {
  if (cached) return cached;
  const modules: CryptoTraceMap = {};
  for (const name of NODE_CRYPTO_MODULES) {
    modules[name] = {
      createCipheriv: call('createCipheriv'),
      createDecipheriv: call('createDecipheriv'),
      createCipher: call('createCipher'),
      createDecipher: call('createDecipher'),
      randomBytes: call('randomBytes'),
      randomFillSync: call('randomFillSync'),
      randomFill: call('randomFill'),
      getRandomValues: call('getRandomValues'),
      createSecretKey: call('createSecretKey'),
      createHmac: call('createHmac'),
      subtle: subtleMap(),
      webcrypto: { subtle: subtleMap(), getRandomValues: call('getRandomValues') },
    };
  }
  for (const name of NOBLE_AES_MODULES) modules[name] = { gcm: call('noble.gcm'), gcmsiv: call('noble.gcmsiv') };
  for (const name of NOBLE_UTILS_MODULES) modules[name] = { managedNonce: call('noble.managedNonce'), randomBytes: call('noble.randomBytes') };
  for (const name of STREAM_MODULES) modules[name] = { pipeline: call('pipeline') };
  const webCrypto = { subtle: subtleMap(), getRandomValues: call('getRandomValues') };
  const globals: CryptoTraceMap = { crypto: webCrypto, globalThis: { crypto: webCrypto }, self: { crypto: webCrypto }, window: { crypto: webCrypto } };
  cached = { modules, globals };
  return cached;
}

// ---- sinks that no import names --------------------------------------------------------------------------------------

/**
 * Where a value can go, as the flow tracker classifies a use:
 * - `cipher-key`, `cipher-iv`, `auth-tag`, `aad`: an argument of that role of a cipher API ({@link CRYPTO_APIS});
 * - `wipe`: overwritten in place (`k.fill(0)`, `randomFillSync(k)`, `sodium_memzero(k)`);
 * - `log`: a logging call (`console.*`, a receiver named like a logger);
 * - `string`: turned into an immutable string (`toString`, template literal, `String()`, `+ ''`, `JSON.stringify`,
 *   `btoa`, `TextDecoder#decode`);
 * - `persist`: stored out of the process (S3 `Body`/`Metadata`, DynamoDB items, a database row, `fs.writeFile`);
 * - `network`: sent over the network (`fetch`, `axios`, an HTTP response `res.send/json/end/write`);
 * - `kms`: an argument of another KMS call (the model's call sites).
 */
export type SinkKind = 'cipher-key' | 'cipher-iv' | 'auth-tag' | 'aad' | 'wipe' | 'log' | 'string' | 'persist' | 'network' | 'kms';

/** Method names of a logger (`logger.info(x)`); the receiver must be `console` or be named like a logger. */
export const LOG_METHODS: ReadonlySet<string> = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'dir']);
/** A receiver named like a logger: `logger`, `log`, `this.logger`, `pinoLogger`, `winston`. */
export const LOGGER_RECEIVER = /^(?:console|winston|pino|bunyan|signale|[a-z]*log(?:ger)?|[a-z]*Log(?:ger)?)$/;
/** Callees that wipe their first argument by name (libsodium and common helpers). */
export const WIPE_FUNCTIONS: ReadonlySet<string> = new Set(['sodium_memzero', 'memzero', 'zeroize', 'wipe']);
/** Callees (last name) that turn their first argument into a string. */
export const STRING_FUNCTIONS: ReadonlySet<string> = new Set(['String', 'btoa', 'encodeURIComponent', 'stringify']);
/** Methods that turn their receiver into a string (`k.toString('base64')`). */
export const STRING_METHODS: ReadonlySet<string> = new Set(['toString', 'toLocaleString', 'join', 'toJSON']);
/** Receivers of HTTP responses and their sending methods (express `res`, fastify `reply`, Node `response`). */
export const RESPONSE_RECEIVER = /^(?:res|resp|response|reply|ctx)$/;
export const RESPONSE_METHODS: ReadonlySet<string> = new Set(['send', 'json', 'jsonp', 'end', 'write', 'status', 'body']);
/** Global network calls (`fetch`) and HTTP client objects (`axios.post`, `got`, `request`). */
export const NETWORK_FUNCTIONS: ReadonlySet<string> = new Set(['fetch', 'axios', 'got', 'request', 'post', 'put', 'patch']);
export const NETWORK_RECEIVER = /^(?:axios|got|http|https|client|httpClient|api)$/;
/** File writes (`fs.writeFile*`, `appendFile*`, `createWriteStream().write`). */
export const FILE_WRITE_FUNCTIONS: ReadonlySet<string> = new Set(['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync']);
/** AWS SDK commands and methods that persist their input (`Body`, `Metadata`, `Item`). */
export const PERSIST_COMMANDS: ReadonlySet<string> = new Set([
  'PutObjectCommand',
  'UploadPartCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'BatchWriteItemCommand',
  'PutCommand',
  'UpdateCommand',
  'BatchWriteCommand',
  'TransactWriteCommand',
  'TransactWriteItemsCommand',
  'Upload',
  'SendMessageCommand',
  'PutParameterCommand',
  'CreateSecretCommand',
  'PutSecretValueCommand',
]);
/** Methods of v2 clients and database drivers that persist their input (`s3.putObject`, `db.insert`, `repo.save`). */
export const PERSIST_METHODS: ReadonlySet<string> = new Set([
  'putObject',
  'upload',
  'putItem',
  'updateItem',
  'batchWriteItem',
  'insert',
  'insertOne',
  'insertMany',
  'save',
  'create',
  'query',
  'execute',
  'set',
  'hset',
  'setItem',
]);
/** Receivers whose `set`/`create`/`query` persist (so `map.set(k, v)` and `Object.create` are not stores). */
export const PERSIST_RECEIVER = /(?:db|database|client|pool|repo|repository|model|table|redis|cache|store|storage|knex|prisma|collection|localStorage|sessionStorage)$/i;
/** Methods that always persist whatever the receiver (`putObject`, `insertOne`). */
export const PERSIST_METHODS_ANY_RECEIVER: ReadonlySet<string> = new Set(['putObject', 'putItem', 'updateItem', 'batchWriteItem', 'insertOne', 'insertMany', 'setItem']);
/** Methods that read a buffer without keeping or moving its bytes. */
export const READ_METHODS: ReadonlySet<string> = new Set(['equals', 'compare', 'indexOf', 'lastIndexOf', 'includes', 'at', 'every', 'some', 'readUInt32BE', 'readUInt32LE', 'readBigUInt64BE']);
/** Methods that return a view of the receiver's memory: `Buffer#subarray` always, `Buffer#slice` (not `Uint8Array#slice`). */
export const VIEW_METHODS: ReadonlySet<string> = new Set(['subarray', 'slice']);
