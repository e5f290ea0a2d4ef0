import rule, { type Options } from '../../src/rules/no-cross-region-key.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/** Two header lines (imports, the client); every snippet starts on line 3. */
const V3 = "import { KMSClient, EncryptCommand, DecryptCommand, GenerateDataKeyCommand, ReEncryptCommand, CreateGrantCommand } from '@aws-sdk/client-kms';";
const V3_CLIENT = (config: string): string => `${V3}\nconst kms = new KMSClient(${config});`;
const V2_CLIENT = (config: string): string => `import AWS from 'aws-sdk';\nconst kms = new AWS.KMS(${config});`;
const EU_CLIENT = "{ region: 'eu-west-1' }";

const US_KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const EU_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const US_ALIAS_ARN = 'arn:aws:kms:us-east-1:111122223333:alias/app-data';
const MRK_US = 'arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab';
const MRK_EU = MRK_US.replace('us-east-1', 'eu-west-1');

interface Style {
  /** The header (two lines) for a client with `config`. */
  readonly header: (config: string) => string;
  /** One statement calling `operation` with `input`; `column` is where the reported call site starts. */
  readonly call: (operation: string, input: string) => string;
  readonly column: number;
  /** `x` or `x!` (TypeScript syntax levels). */
  readonly b: (expression: string) => string;
}

const lower = (operation: string): string => operation[0]!.toLowerCase() + operation.slice(1);
const v3 = (b: Style['b'] = (e) => e): Style => ({ header: V3_CLIENT, call: (op, input) => `await kms.send(new ${op}Command(${input}));`, column: 16, b });
const v2 = (b: Style['b'] = (e) => e): Style => ({ header: V2_CLIENT, call: (op, input) => `await kms.${lower(op)}(${input}).promise();`, column: 7, b });
const lines = (...parts: string[]): string => parts.join('\n');

interface Invalid {
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly messageId: 'crossRegionKey' | 'crossRegionMultiRegionKey';
  readonly output?: string;
  readonly options?: Options;
}

function invalidCases(s: Style): Invalid[] {
  const at = (code: string, line = 3, messageId: Invalid['messageId'] = 'crossRegionKey'): Invalid => ({ code, line, column: s.column, messageId });
  const mrkCall = (key: string): string => s.call('Encrypt', `{ KeyId: ${key}, Plaintext: ${s.b('data')}, EncryptionContext: { a: 'b' } }`);
  return [
    at(lines(s.header(EU_CLIENT), s.call('Encrypt', `{ KeyId: '${US_KEY}', Plaintext: ${s.b('data')} }`))),
    at(lines(s.header(EU_CLIENT), s.call('Decrypt', `{ KeyId: '${US_KEY}', CiphertextBlob: ${s.b('blob')} }`))),
    at(lines(s.header(EU_CLIENT), s.call('GenerateDataKey', `{ KeyId: '${US_KEY}', KeySpec: 'AES_256' }`))),
    // ReEncrypt: the destination key in another Region…
    at(lines(s.header(EU_CLIENT), s.call('ReEncrypt', `{ CiphertextBlob: ${s.b('blob')}, SourceKeyId: '${EU_KEY}', DestinationKeyId: '${US_KEY}' }`))),
    // … and the source key.
    at(lines(s.header(EU_CLIENT), s.call('ReEncrypt', `{ CiphertextBlob: ${s.b('blob')}, SourceKeyId: '${US_KEY}', DestinationKeyId: '${EU_KEY}' }`))),
    // The key through a constant.
    at(lines(s.header(EU_CLIENT), `const DR_KEY = '${US_KEY}';`, s.call('Encrypt', `{ KeyId: DR_KEY, Plaintext: ${s.b('data')} }`)), 4),
    // An alias ARN names a Region too.
    at(lines(s.header(EU_CLIENT), s.call('Encrypt', `{ KeyId: '${US_ALIAS_ARN}', Plaintext: ${s.b('data')} }`))),
    // The client's Region through a constant.
    at(lines(s.header('{ region: REGION }').replace('\nconst kms', "\nconst REGION = 'ap-southeast-2'; const kms"), s.call('CreateGrant', `{ KeyId: '${EU_KEY}', GranteePrincipal: 'p', Operations: ['Decrypt'] }`))),
    // One of the keys a conditional may give.
    at(lines(s.header(EU_CLIENT), s.call('Encrypt', `{ KeyId: ${s.b('flag')} ? '${EU_KEY}' : '${US_KEY}', Plaintext: ${s.b('data')} }`))),
    // A multi-Region key: the suggestion names the local replica.
    { ...at(lines(s.header(EU_CLIENT), mrkCall(`'${MRK_US}'`)), 3, 'crossRegionMultiRegionKey'), output: lines(s.header(EU_CLIENT), mrkCall(`'${MRK_EU}'`)) },
  ];
}

function validCases(s: Style): { code: string; options?: Options }[] {
  const encrypt = (key: string): string => s.call('Encrypt', `{ KeyId: ${key}, Plaintext: ${s.b('data')} }`);
  return [
    // The key is in the client's Region.
    { code: lines(s.header(EU_CLIENT), encrypt(`'${EU_KEY}'`)) },
    // Alias names and bare key ids are resolved in the client's Region.
    { code: lines(s.header(EU_CLIENT), encrypt("'alias/app-data'")) },
    { code: lines(s.header(EU_CLIENT), encrypt("'1234abcd-12ab-34cd-56ef-1234567890ab'")) },
    // No region: the environment (AWS_REGION, the config file) decides.
    { code: lines(s.header('{}'), encrypt(`'${US_KEY}'`)) },
    { code: lines(s.header(''), encrypt(`'${US_KEY}'`)) },
    // A Region read from the environment or with a fallback: unknown.
    { code: lines(s.header('{ region: process.env.AWS_REGION }'), encrypt(`'${US_KEY}'`)) },
    { code: lines(s.header("{ region: process.env.AWS_REGION || 'eu-west-1' }"), encrypt(`'${US_KEY}'`)) },
    // The key is not known.
    { code: lines(s.header(EU_CLIENT), encrypt(s.b('keyId'))) },
    { code: lines(s.header(EU_CLIENT), encrypt(`\`arn:aws:kms:\${${s.b('region')}}:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\``)) },
    // Alias ARNs when the option turns them off.
    { code: lines(s.header(EU_CLIENT), encrypt(`'${US_ALIAS_ARN}'`)), options: [{ checkAliasArns: false }] },
    // The client is reassigned, so which Region it has is not known.
    { code: lines(s.header(EU_CLIENT).replace('const kms', 'let kms'), `kms = ${s.b('other')};`, encrypt(`'${US_KEY}'`)) },
  ];
}

/** A client held by a class: `this.kms`, written once (constructor or property initialiser). */
const classClient = (write: 'constructor' | 'property', key: string, extraWrite = ''): string =>
  lines(
    V3,
    'export class Vault {',
    write === 'property' ? "  kms = new KMSClient({ region: 'eu-west-1' });" : "  constructor() { this.kms = new KMSClient({ region: 'eu-west-1' }); }",
    `  seal(data) { ${extraWrite}return this.kms.send(new EncryptCommand({ KeyId: '${key}', Plaintext: data })); }`,
    '}',
  );

/** Cases only one SDK style has. */
const V3_ONLY_INVALID = [
  { code: classClient('constructor', US_KEY), line: 4, column: 37, messageId: 'crossRegionKey' as const },
  { code: classClient('property', US_KEY), line: 4, column: 37, messageId: 'crossRegionKey' as const },
];

const V3_ONLY_VALID = [
  classClient('constructor', EU_KEY),
  // Written a second time: which client the method uses is not known.
  classClient('constructor', US_KEY, "this.kms = new KMSClient({ region: 'us-east-1' }); "),
  // A client the file receives: its Region is not known here.
  lines(V3, 'export async function seal(client, data) {', `  return client.send(new EncryptCommand({ KeyId: '${US_KEY}', Plaintext: data }));`, '}'),
];

const toInvalid = ({ line, column, messageId, output, ...rest }: Invalid) => ({
  ...rest,
  errors: [{ messageId, line, column, ...(output !== undefined ? { suggestions: [{ messageId: 'useLocalReplica' as const, output }] } : {}) }],
});

const bang = (expression: string): string => `${expression}!`;
const TS_PRELUDE = 'declare const data: Uint8Array | undefined, blob: Uint8Array | undefined, flag: boolean | undefined, keyId: string | undefined, region: string | undefined, other: any;';
const withPrelude = <T extends { code: string }>(item: T): T => ({ ...item, code: `${item.code}\n${TS_PRELUDE}` });

plainJsTester.run('no-cross-region-key (plain JS)', rule, {
  valid: [...validCases(v3()), ...validCases(v2()), ...V3_ONLY_VALID],
  invalid: [...invalidCases(v3()), ...invalidCases(v2()), ...V3_ONLY_INVALID].map(toInvalid),
});

tsTester.run('no-cross-region-key (TypeScript syntax)', rule, {
  valid: [...validCases(v3(bang)), ...validCases(v2(bang))].map(withPrelude),
  invalid: [...invalidCases(v3(bang)), ...invalidCases(v2(bang))].map((item) => withPrelude(toInvalid(item))).map((item) => ({
    ...item,
    errors: item.errors.map((error) => ('suggestions' in error ? { ...error, suggestions: (error.suggestions ?? []).map((s) => ({ ...s, output: `${s.output}\n${TS_PRELUDE}` })) } : error)),
  })),
});

typedTester.run('no-cross-region-key (typed)', rule, {
  valid: validCases(v3(bang)).map(withPrelude),
  invalid: invalidCases(v3(bang)).map((item) => withPrelude(toInvalid(item))).map((item) => ({
    ...item,
    errors: item.errors.map((error) => ('suggestions' in error ? { ...error, suggestions: (error.suggestions ?? []).map((s) => ({ ...s, output: `${s.output}\n${TS_PRELUDE}` })) } : error)),
  })),
});
