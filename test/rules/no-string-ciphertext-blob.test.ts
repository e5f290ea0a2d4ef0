import rule from '../../src/rules/no-string-ciphertext-blob.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

const V3 = "import { KMSClient, DecryptCommand, ReEncryptCommand, EncryptCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});";
const V2 = "import AWS from 'aws-sdk';\nconst kms = new AWS.KMS();";
/** A base64 text that looks like a KMS ciphertext (the `AQICAH…` prefix of a symmetric-key ciphertext). */
const B64 = 'AQICAHgJJQj4dWYdNTmjaGU8IpDMbNh961xISj5Haq3whnrPnsGH2crP6p5t8jwg2Ek4X6lUzN2gyvKy';
const lines = (...parts: string[]): string => parts.join('\n');
const lower = (operation: string): string => operation[0]!.toLowerCase() + operation.slice(1);

interface Style {
  readonly header: string;
  readonly call: (operation: string, input: string) => string;
  readonly b: (expression: string) => string;
}
const v3 = (b: Style['b']): Style => ({ header: V3, call: (op, input) => `await kms.send(new ${op}Command(${input}));`, b });
const v2 = (b: Style['b']): Style => ({ header: V2, call: (op, input) => `await kms.${lower(op)}(${input}).promise();`, b });
const none = (expression: string): string => expression;
const bang = (expression: string): string => `${expression}!`;

type MessageId = 'stringCiphertextBlob' | 'utf8OfBase64';
interface Case {
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly messageId: MessageId;
  /** The suggestion's output, or `undefined` when the rule offers none. */
  readonly output: string | undefined;
}

/**
 * A Decrypt (or ReEncrypt) whose `CiphertextBlob` is `value`, after the `before` lines; `fixed` is the value the
 * suggestion writes instead (none when `undefined`). Line and column are those of the `CiphertextBlob` property.
 */
function blobCase(s: Style, value: string, messageId: MessageId, fixed: string | undefined, before: string[] = [], operation = 'Decrypt'): Case {
  const extra = operation === 'ReEncrypt' ? ", DestinationKeyId: 'alias/new'" : '';
  const statement = (blob: string): string => s.call(operation, `{ KeyId: 'alias/app', CiphertextBlob: ${blob}${extra} }`).replace("KeyId: 'alias/app', ", operation === 'ReEncrypt' ? '' : "KeyId: 'alias/app', ");
  const code = lines(s.header, ...before, statement(value));
  const line = 3 + before.length;
  return { code, line, column: statement(value).indexOf('CiphertextBlob') + 1, messageId, output: fixed === undefined ? undefined : lines(s.header, ...before, statement(fixed)) };
}

function invalidCases(s: Style): Case[] {
  const decode = (value: string): string => `Buffer.from(${value}, 'base64')`;
  return [
    blobCase(s, s.b('process.env.DB_PASSWORD_BLOB'), 'stringCiphertextBlob', decode(s.b('process.env.DB_PASSWORD_BLOB'))),
    blobCase(s, `'${B64}'`, 'stringCiphertextBlob', decode(`'${B64}'`)),
    blobCase(s, 'SEALED', 'stringCiphertextBlob', decode('SEALED'), [`const SEALED = '${B64}';`]),
    blobCase(s, `\`\${${s.b('prefix')}}${B64}\``, 'stringCiphertextBlob', decode(`\`\${${s.b('prefix')}}${B64}\``)),
    blobCase(s, `${s.b('row')}.blob.toString()`, 'stringCiphertextBlob', undefined),
    blobCase(s, `JSON.stringify(${s.b('row')})`, 'stringCiphertextBlob', undefined),
    blobCase(s, `Buffer.from(${s.b('process.env.DB_PASSWORD_BLOB')})`, 'utf8OfBase64', decode(s.b('process.env.DB_PASSWORD_BLOB'))),
    blobCase(s, `Buffer.from(${s.b('process.env.DB_PASSWORD_BLOB')}, 'utf8')`, 'utf8OfBase64', decode(s.b('process.env.DB_PASSWORD_BLOB'))),
    blobCase(s, 'Buffer.from(sealedText)', 'utf8OfBase64', decode('sealedText'), [`const sealedText = ${s.b('process.env.DB_PASSWORD_BLOB')};`]),
    blobCase(s, `Buffer.from('${B64}')`, 'utf8OfBase64', decode(`'${B64}'`)),
    // ReEncrypt's CiphertextBlob too.
    blobCase(s, s.b('process.env.LEGACY_BLOB'), 'stringCiphertextBlob', decode(s.b('process.env.LEGACY_BLOB')), [], 'ReEncrypt'),
    // The Buffer is built once, away from the call: reported, but the suggestion only edits code written in the request.
    blobCase(s, 'BLOB', 'utf8OfBase64', undefined, [`const BLOB = Buffer.from(${s.b('process.env.DB_PASSWORD_BLOB')});`]),
  ];
}

function validCases(s: Style): string[] {
  const decrypt = (value: string, before: string[] = []): string => lines(s.header, ...before, s.call('Decrypt', `{ CiphertextBlob: ${value} }`));
  return [
    decrypt(`Buffer.from(${s.b('process.env.DB_PASSWORD_BLOB')}, 'base64')`),
    decrypt(`Buffer.from(${s.b('process.env.DB_PASSWORD_BLOB')}, 'base64url')`),
    decrypt(`Buffer.from(${s.b('text')}, 'base64')`),
    decrypt("Buffer.from(blobHex, 'hex')", [`const blobHex = ${s.b('process.env.BLOB_HEX')};`]),
    decrypt(s.b('blob')),
    decrypt('new Uint8Array(bytes)', ['const bytes = [1, 2, 3];']),
    decrypt(`${s.b('res')}.CiphertextBlob`),
    // Text that is not known to be base64: not reported.
    decrypt(`Buffer.from(${s.b('text')})`),
    decrypt("Buffer.from('not base64 text at all')"),
    // A decoder of the project's own: unknown.
    decrypt(`fromBase64(${s.b('process.env.DB_PASSWORD_BLOB')})`),
    // Not a blob member: the Plaintext of Encrypt may be text (another rule's business).
    lines(s.header, s.call('Encrypt', `{ KeyId: 'alias/app', Plaintext: ${s.b('process.env.GREETING')} }`)),
  ];
}

const toInvalid = ({ line, column, messageId, output, ...rest }: Case) => ({
  ...rest,
  errors: [{ messageId, line, column, suggestions: output === undefined ? [] : [{ messageId: messageId === 'utf8OfBase64' ? ('addBase64Encoding' as const) : ('decodeBase64' as const), output }] }],
});

const TS_PRELUDE = 'declare const prefix: string | undefined, row: any, text: string | undefined, blob: Uint8Array | undefined, res: any, fromBase64: (t: string | undefined) => Uint8Array;';
const withPrelude = (code: string): string => `${code}\n${TS_PRELUDE}`;
const invalidWithPrelude = (item: ReturnType<typeof toInvalid>) => ({
  ...item,
  code: withPrelude(item.code),
  errors: item.errors.map((error) => ({ ...error, suggestions: error.suggestions.map((suggestion) => ({ ...suggestion, output: withPrelude(suggestion.output) })) })),
});

plainJsTester.run('no-string-ciphertext-blob (plain JS)', rule, {
  valid: [...validCases(v3(none)), ...validCases(v2(none))],
  invalid: [...invalidCases(v3(none)), ...invalidCases(v2(none))].map(toInvalid),
});

tsTester.run('no-string-ciphertext-blob (TypeScript syntax)', rule, {
  valid: [...validCases(v3(bang)), ...validCases(v2(bang))].map(withPrelude),
  invalid: [...invalidCases(v3(bang)), ...invalidCases(v2(bang))].map(toInvalid).map(invalidWithPrelude),
});

/** With types, a value whose type is `string` is text whatever its name. */
const TYPED_STRING = lines(V3, 'export async function open(sealed: string) {', '  return kms.send(new DecryptCommand({ CiphertextBlob: sealed as unknown as Uint8Array }));', '}');

typedTester.run('no-string-ciphertext-blob (typed)', rule, {
  valid: [
    ...validCases(v3(bang)).map(withPrelude),
    // A Uint8Array parameter, and a string | Uint8Array union (not definitely text).
    lines(V3, 'export async function open(sealed: Uint8Array) {', '  return kms.send(new DecryptCommand({ CiphertextBlob: sealed }));', '}'),
    lines(V3, 'export async function open(sealed: string | Uint8Array) {', '  return kms.send(new DecryptCommand({ CiphertextBlob: sealed as Uint8Array }));', '}'),
  ],
  invalid: [
    ...invalidCases(v3(bang)).map(toInvalid).map(invalidWithPrelude),
    {
      code: TYPED_STRING,
      errors: [{ messageId: 'stringCiphertextBlob', line: 4, column: 40, suggestions: [{ messageId: 'decodeBase64', output: TYPED_STRING.replace('sealed as unknown as Uint8Array', "Buffer.from(sealed as unknown as Uint8Array, 'base64')") }] }],
    },
  ],
});
