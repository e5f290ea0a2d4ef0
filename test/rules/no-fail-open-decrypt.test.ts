import rule from '../../src/rules/no-fail-open-decrypt.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/** Two header lines; snippets start on line 3. */
const V3 = "import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});";
const V2 = "import AWS from 'aws-sdk';\nconst kms = new AWS.KMS();";
const lines = (...parts: string[]): string => parts.join('\n');
type Param = (name: string, type: string) => string;
const untypedParam: Param = (name) => name;
const typedParam: Param = (name, type) => `${name}: ${type}`;

/** `    const res = await kms.send(new DecryptCommand(…` puts `new` in column 32 of line 5. */
const DECRYPT_SEALED = "    const res = await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: Buffer.from(sealed, 'base64') }));";
const DECRYPT_ENV = "    const res = await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: Buffer.from(process.env.API_TOKEN ?? '', 'base64') }));";
const DECRYPT_ROW = "    const res = await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: row.blob }));";

/** A function with a try around one Decrypt and the given catch body (line 8). */
const withCatch = (header: string, signature: string, decrypt: string, catchBody: string): string =>
  lines(header, `export async function open(${signature}) {`, '  try {', decrypt, '    return res.Plaintext;', '  } catch (error) {', catchBody, '  }', '}');

function invalidCases(p: Param, header = V3): { code: string; line: number; column: number }[] {
  const sealed = p('sealed', 'string');
  return [
    // The ciphertext returned as if it were the plaintext.
    { code: withCatch(header, sealed, DECRYPT_SEALED, '    return sealed;'), line: 5, column: 32 },
    // The raw environment variable (the sample service's loadAlertWebhookUrl).
    { code: withCatch(header, '', DECRYPT_ENV, "    console.warn('using configured value', error);\n    return process.env.API_TOKEN ?? '';"), line: 5, column: 32 },
    // The same variable read with a computed key.
    { code: withCatch(header, '', DECRYPT_ENV, "    return process.env['API_TOKEN'];"), line: 5, column: 32 },
    // Behind ??.
    { code: withCatch(header, sealed, DECRYPT_SEALED, "    return sealed ?? 'none';"), line: 5, column: 32 },
    // Converted to a string.
    { code: withCatch(header, sealed, DECRYPT_SEALED, '    return String(sealed);'), line: 5, column: 32 },
    // Converted to bytes.
    { code: withCatch(header, sealed, DECRYPT_SEALED, "    return Buffer.from(sealed, 'utf8');"), line: 5, column: 32 },
    // One branch of a conditional.
    { code: withCatch(header, sealed, DECRYPT_SEALED, '    return error ? sealed : undefined;'), line: 5, column: 32 },
    // A member of a row: the row's ciphertext column handed back.
    { code: withCatch(header, p('row', '{ blob: Uint8Array }'), DECRYPT_ROW, '    return row.blob;'), line: 5, column: 32 },
    // toString() of the ciphertext.
    { code: withCatch(header, sealed, DECRYPT_SEALED, '    return sealed.toString();'), line: 5, column: 32 },
    // The catch assigns the fallback and carries on.
    {
      code: lines(header, `export async function open(${sealed}) {`, '  let value;', '  try {', "    value = (await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: Buffer.from(sealed, 'base64') }))).Plaintext;", '  } catch (error) {', '    value = sealed;', '  }', '  return value;', '}'),
      line: 6,
      column: 29,
    },
    // A promise chain whose .catch returns the ciphertext.
    {
      code: lines(header, `export function open(${sealed}) {`, "  return kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: Buffer.from(sealed, 'base64') })).then((r) => r.Plaintext).catch(() => sealed);", '}'),
      line: 4,
      column: 19,
    },
  ];
}

function validCases(p: Param, header = V3): string[] {
  const sealed = p('sealed', 'string');
  return [
    // Rethrow.
    withCatch(header, sealed, DECRYPT_SEALED, '    throw error;'),
    // Rethrow wrapped, with the cause.
    withCatch(header, sealed, DECRYPT_SEALED, "    throw new Error('secret unreadable', { cause: error });"),
    // Log and exit.
    withCatch(header, sealed, DECRYPT_SEALED, '    console.error(error);\n    process.exit(1);'),
    // The two-attempt Lambda pattern: a second Decrypt with the context.
    withCatch(header, sealed, DECRYPT_SEALED, "    const again = await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: Buffer.from(sealed, 'base64'), EncryptionContext: { LambdaFunctionName: 'f' } }));\n    return again.Plaintext;"),
    // A literal default is not the undecrypted value.
    withCatch(header, sealed, DECRYPT_SEALED, "    return '';"),
    // undefined: what the caller does with it is not followed here.
    withCatch(header, sealed, DECRYPT_SEALED, '    return undefined;'),
    // A new object that mentions the ciphertext is not the ciphertext.
    withCatch(header, sealed, DECRYPT_SEALED, '    return { sealed, ok: false };'),
    // A row with the plaintext column cleared.
    withCatch(header, p('row', '{ blob: Uint8Array }'), DECRYPT_ROW, '    return { ...row, email: null };'),
    // A different value.
    withCatch(header, `${sealed}, ${p('fallback', 'string')}`, DECRYPT_SEALED, '    return fallback;'),
    // The decrypt is after the try, not inside it.
    lines(header, `export async function open(${sealed}) {`, '  try { JSON.parse(sealed); } catch { return sealed; }', "  const res = await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: Buffer.from(sealed, 'base64') }));", '  return res.Plaintext;', '}'),
    // A ciphertext whose origin is a call: nothing to compare with.
    withCatch(header, p('load', '() => Promise<Uint8Array>'), "    const res = await kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: await load() }));", '    return null;'),
    // A promise chain whose .catch rethrows.
    lines(header, `export function open(${sealed}) {`, "  return kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: Buffer.from(sealed, 'base64') })).catch((error) => { throw error; });", '}'),
  ];
}

const errors = (line: number, column: number) => [{ messageId: 'failOpen' as const, line, column }];

plainJsTester.run('no-fail-open-decrypt (plain JS)', rule, {
  valid: [
    ...validCases(untypedParam),
    { code: lines(V3, 'export function open(sealed) {', "  return kms.send(new DecryptCommand({ KeyId: 'k', CiphertextBlob: Buffer.from(sealed, 'base64') })).catch(() => sealed);", '}'), options: [{ checkPromiseCatch: false }] },
    withCatch(V2, 'sealed', "    const res = await kms.decrypt({ KeyId: 'k', CiphertextBlob: Buffer.from(sealed, 'base64') }).promise();", '    throw error;')],
  invalid: [
    ...invalidCases(untypedParam).map(({ line, column, ...rest }) => ({ ...rest, errors: errors(line, column) })),
    // SDK v2.
    { code: withCatch(V2, 'sealed', "    const res = await kms.decrypt({ KeyId: 'k', CiphertextBlob: Buffer.from(sealed, 'base64') }).promise();", '    return sealed;'), errors: errors(5, 23) },
  ],
});

tsTester.run('no-fail-open-decrypt (TypeScript syntax)', rule, {
  valid: [...validCases(typedParam), withCatch(V3, 'sealed: string', DECRYPT_SEALED, '    throw error as Error;')],
  invalid: [
    ...invalidCases(typedParam).map(({ line, column, ...rest }) => ({ ...rest, errors: errors(line, column) })),
    // A non-null assertion and a cast around the fallback.
    { code: withCatch(V3, 'sealed?: string', DECRYPT_SEALED.replace('sealed,', 'sealed!,'), '    return sealed! as string;'), errors: errors(5, 32) },
  ],
});

const TYPED = "import type { KMSClient } from '@aws-sdk/client-kms'; import { DecryptCommand } from '@aws-sdk/client-kms';\ndeclare const kms: KMSClient;";
const TYPED_AGGREGATED = "import type { KMS } from '@aws-sdk/client-kms';\ndeclare const kms: KMS;";

typedTester.run('no-fail-open-decrypt (typed)', rule, {
  valid: [...validCases(typedParam, TYPED), withCatch(TYPED_AGGREGATED, 'sealed: string', "    const res = await kms.decrypt({ KeyId: 'k', CiphertextBlob: Buffer.from(sealed, 'base64') });", '    throw error;')],
  invalid: [
    ...invalidCases(typedParam, TYPED).map(({ line, column, ...rest }) => ({ ...rest, errors: errors(line, column) })),
    // An aggregated client known only by its type.
    { code: withCatch(TYPED_AGGREGATED, 'sealed: string', "    const res = await kms.decrypt({ KeyId: 'k', CiphertextBlob: Buffer.from(sealed, 'base64') });", '    return sealed;'), errors: errors(5, 23) },
  ],
});
