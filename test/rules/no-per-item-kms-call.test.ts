import rule, { type Options } from '../../src/rules/no-per-item-kms-call.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/** Two header lines (imports, the client); the snippets start on line 3. */
const V3 = "import { KMSClient, EncryptCommand, DecryptCommand, GenerateDataKeyCommand, ListAliasesCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});";
const V2 = "import AWS from 'aws-sdk';\nconst kms = new AWS.KMS();";
const AGGREGATED = "import { KMS } from '@aws-sdk/client-kms';\nconst kms = new KMS({});";
const lines = (...parts: string[]): string => parts.join('\n');

/** A parameter, annotated with its type in the TypeScript levels. */
type Param = (name: string, type: string) => string;
const untypedParam: Param = (name) => name;
const typedParam: Param = (name, type) => `${name}: ${type}`;

/**
 * Cases shared by the three levels. Every reported call stands on its own line, so that its column does not depend on
 * the level: `    await kms.send(new …` puts `new` in column 20, `    await kms.decrypt(` puts `kms` in column 11.
 */
function invalidCases(p: Param, header = V3): { code: string; line: number; column: number; options?: Options }[] {
  return [
    // One Encrypt per item of a for…of loop.
    { code: lines(header, `export async function sealAll(${p('items', 'Buffer[]')}) {`, '  const out = [];', '  for (const item of items) {', "    await kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: item }));", '  }', '  return out;', '}'), line: 6, column: 20 },
    // for await over a stream of records.
    { code: lines(header, `export async function openAll(${p('records', 'AsyncIterable<Uint8Array>')}) {`, '  for await (const blob of records) {', "    await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: blob }));", '  }', '}'), line: 5, column: 20 },
    // A counting loop whose bound is only known at run time.
    { code: lines(header, `export async function sealRows(${p('rows', 'Buffer[]')}) {`, '  for (let i = 0; i < rows.length; i++) {', "    await kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: rows[i] }));", '  }', '}'), line: 5, column: 20 },
    // A work queue drained by a while loop.
    { code: lines(header, `export async function drain(${p('queue', 'Buffer[]')}) {`, '  while (queue.length > 0) {', '    const blob = queue.shift();', "    await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: blob }));", '  }', '}'), line: 6, column: 20 },
    // A data key per item, made in a forEach callback.
    { code: lines(header, `export function keysFor(${p('tenants', 'string[]')}) {`, '  tenants.forEach((tenant) => {', "    kms.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { tenant } }));", '  });', '}'), line: 5, column: 14 },
    // Promise.all fan-out over items.map.
    { code: lines(header, `export async function sealAll(${p('items', 'Buffer[]')}) {`, '  return Promise.all(items.map(async (item) => {', "    await kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: item }));", '  }));', '}'), line: 5, column: 20 },
    // Promise.all fan-out over Object.entries(…).map (the sample service's sealSecrets).
    { code: lines(header, `export async function sealSecrets(${p('secrets', 'Record<string, string>')}) {`, '  return Promise.all(Object.entries(secrets).map(async ([name, value]) => {', "    await kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: Buffer.from(value), EncryptionContext: { name } }));", '  }));', '}'), line: 5, column: 20 },
    // A reduce callback that chains one Decrypt per item.
    { code: lines(header, `export function openChain(${p('blobs', 'Uint8Array[]')}) {`, '  return blobs.reduce(async (previous, blob) => {', "    await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: blob }));", '  }, Promise.resolve());', '}'), line: 5, column: 20 },
    // for…in over an object's keys.
    { code: lines(header, `export async function sealFields(${p('record', 'Record<string, string>')}) {`, '  for (const field in record) {', "    await kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: Buffer.from(record[field]) }));", '  }', '}'), line: 5, column: 20 },
    // A try/catch that logs and goes on to the next item is not a retry.
    { code: lines(header, `export async function openAll(${p('blobs', 'Uint8Array[]')}) {`, '  for (const blob of blobs) {', '    try {', "    await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: blob }));", '    } catch (error) { console.error(error); }', '  }', '}'), line: 6, column: 20 },
    // A cache read that does not guard the call.
    { code: lines(header, `export async function openAll(${p('ids', 'string[]')}, ${p('cache', 'Map<string, Uint8Array>')}) {`, '  for (const id of ids) {', '    const seen = cache.get(id);', "    await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: seen }));", '  }', '}'), line: 6, column: 20 },
    // A static bound above the option.
    { code: lines(header, 'export async function warm() {', '  for (let i = 0; i < 3; i++) {', "    await kms.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' }));", '  }', '}'), options: [{ maximumStaticIterations: 2 }], line: 5, column: 20 },
  ];
}

function validCases(p: Param, header = V3) {
  return [
    // One call after the loop: the batch is encrypted once.
    lines(header, `export async function sealBatch(${p('items', 'string[]')}) {`, '  const parts = [];', '  for (const item of items) parts.push(item);', "  return kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: Buffer.from(parts.join('\\n')) }));", '}'),
    // One data key per batch, the items encrypted locally.
    lines(header, "import { createCipheriv, randomBytes } from 'node:crypto';", `export async function sealAll(${p('items', 'Buffer[]')}) {`, "  const key = await kms.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' }));", "  return items.map((item) => createCipheriv('aes-256-gcm', key.Plaintext, randomBytes(12)).update(item));", '}'),
    // A call guarded by a cache miss.
    lines(header, `export async function openAll(${p('ids', 'string[]')}, ${p('blobs', 'Map<string, Uint8Array>')}, ${p('cache', 'Map<string, unknown>')}) {`, '  for (const id of ids) {', "    if (!cache.has(id)) cache.set(id, await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: blobs.get(id) })));", '  }', '}'),
    // The right side of a cache lookup.
    lines(header, `export async function openAll(${p('ids', 'string[]')}, ${p('cache', 'Map<string, unknown>')}) {`, "  return Promise.all(ids.map(async (id) => cache.get(id) ?? (await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: Buffer.from(id) })))));", '}'),
    // A statically small counting loop.
    lines(header, 'export async function warm() {', "  for (let i = 0; i < 3; i++) await kms.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' }));", '}'),
    // A fan-out over a two-element literal (one call per Region).
    lines(header, 'export async function probe() {', "  return Promise.all(['alias/a', 'alias/b'].map((keyId) => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }))));", '}'),
    // Retries of one call: the loop ends when the call succeeds.
    lines(header, `export async function openWithRetry(${p('blob', 'Uint8Array')}, ${p('attempts', 'number')}) {`, '  for (let attempt = 0; attempt < attempts; attempt++) {', "    try { return await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: blob })); } catch (error) { await new Promise((r) => setTimeout(r, 100 * attempt)); }", '  }', "  throw new Error('KMS unavailable');", '}'),
    // A retry loop left with break.
    lines(header, `export async function sealWithRetry(${p('data', 'Uint8Array')}) {`, '  let out;', '  while (true) {', "    try { out = await kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: data })); break; } catch (error) { console.warn(error); }", '  }', '  return out;', '}'),
    // A paginated listing is not a crypto operation.
    lines(header, 'export async function aliases() {', '  let marker;', '  do {', '    const page = await kms.send(new ListAliasesCommand({ Marker: marker }));', '    marker = page.NextMarker;', '  } while (marker);', '}'),
    // A function made in the loop but not called there: the analysis cannot tell how often it runs.
    lines(header, `export function tasks(${p('items', 'Buffer[]')}) {`, '  const jobs = [];', "  for (const item of items) jobs.push(() => kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: item })));", '  return jobs;', '}'),
    // A helper called from a loop: the loop is in the caller, which this rule does not follow.
    lines(header, `async function sealOne(${p('item', 'Buffer')}) { return kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: item })); }`, `export async function sealAll(${p('items', 'Buffer[]')}) { for (const item of items) await sealOne(item); }`),
    // A local function that happens to be called encrypt.
    lines(header, 'function encrypt(x) { return x; }', `export async function sealAll(${p('items', 'Buffer[]')}) { for (const item of items) encrypt(item); }`),
  ];
}

const errors = (line: number, column: number) => [{ messageId: 'perItemCall' as const, line, column }];

plainJsTester.run('no-per-item-kms-call (plain JS)', rule, {
  valid: [
    ...validCases(untypedParam),
    // SDK v2 call after a loop.
    lines(V2, 'export async function sealBatch(items) {', "  const body = items.map((item) => String(item)).join(',');", "  return kms.encrypt({ KeyId: 'k', Plaintext: Buffer.from(body) }).promise();", '}'),
  ],
  invalid: [
    ...invalidCases(untypedParam).map(({ line, column, ...rest }) => ({ ...rest, errors: errors(line, column) })),
    // SDK v2 Decrypt per row (the sample service's revealEmails).
    {
      code: lines(V2, 'export async function revealAll(rows) {', '  for (const row of rows) {', "    await kms.decrypt({ KeyId: 'k', CiphertextBlob: row.blob }).promise();", '  }', '}'),
      errors: errors(5, 11),
    },
    // Aggregated client in a do…while loop.
    {
      code: lines(AGGREGATED, 'export async function keys(count) {', '  let made = 0;', '  do {', "    await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' });", '    made++;', '  } while (made < count);', '}'),
      errors: errors(6, 11),
    },
  ],
});

tsTester.run('no-per-item-kms-call (TypeScript syntax)', rule, {
  valid: [
    ...validCases(typedParam),
    // A non-null assertion on a cache lookup still reads as the lookup.
    lines(V3, 'export async function openAll(ids: string[], cache: Map<string, unknown>) {', "  for (const id of ids) { if (!cache.has(id)) cache.set(id, await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: Buffer.from(id) }))); }", '}'),
  ],
  invalid: [
    ...invalidCases(typedParam).map(({ line, column, ...rest }) => ({ ...rest, errors: errors(line, column) })),
    // The fan-out array is cast with `as`.
    {
      code: lines(V3, 'export async function sealAll(items: unknown) {', '  return Promise.all((items as Buffer[]).map(async (item) => {', "    await kms.send(new EncryptCommand({ KeyId: 'k', Plaintext: item }));", '  }) as Promise<void>[]);', '}'),
      errors: errors(5, 20),
    },
  ],
});

/** Typed: the client is a parameter, found through its type only. */
const TYPED_V3 = "import type { KMSClient } from '@aws-sdk/client-kms'; import { EncryptCommand, DecryptCommand, GenerateDataKeyCommand, ListAliasesCommand } from '@aws-sdk/client-kms';\ndeclare const kms: KMSClient;";
const TYPED_AGGREGATED = "import type { KMS } from '@aws-sdk/client-kms';\ndeclare const kms: KMS;";

typedTester.run('no-per-item-kms-call (typed)', rule, {
  valid: [
    ...validCases(typedParam, TYPED_V3),
    // One aggregated-client call after the loop.
    lines(TYPED_AGGREGATED, 'export async function sealBatch(items: string[]) {', "  return kms.encrypt({ KeyId: 'k', Plaintext: Buffer.from(items.join(',')) });", '}'),
  ],
  invalid: [
    ...invalidCases(typedParam, TYPED_V3).map(({ line, column, ...rest }) => ({ ...rest, errors: errors(line, column) })),
    // An aggregated client known only by its type, Decrypt per item.
    {
      code: lines(TYPED_AGGREGATED, 'export async function openAll(blobs: Uint8Array[]) {', '  for (const blob of blobs) {', "    await kms.decrypt({ KeyId: 'k', CiphertextBlob: blob });", '  }', '}'),
      errors: errors(5, 11),
    },
  ],
});
