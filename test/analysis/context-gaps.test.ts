/**
 * Table-driven tests of `getContextGaps` (`context-gaps.ts`): each row is a snippet and the gaps it should yield,
 * written `kind:paths:member:operation:insertion` in call-site order ('none' when there are none).
 */
import { describe, expect, it } from 'vitest';
import { getContextGaps, getEmptiness, type ContextGapOptions, type StaticValue } from '../../src/analysis/index.js';
import { analyse, type ParseMode } from './harness.js';

const KMS = "import { KMSClient, EncryptCommand, DecryptCommand, ReEncryptCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\n";
const SDK = "import { buildClient } from '@aws-crypto/client-node';\nconst { encrypt, encryptStream } = buildClient();\n";
const DEFAULTS: ContextGapOptions = { ignoreOperations: [], checkEncryptionSdk: true };

type Row = { name: string; code: string; expected: string; mode?: ParseMode; options?: Partial<ContextGapOptions> };

const rows: Row[] = [
  { name: 'Encrypt with no context', code: `${KMS}export const f = (p) => kms.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p }));`, expected: 'missing:all:EncryptionContext:Encrypt:add-member' },
  { name: 'Encrypt with an empty literal context', code: `${KMS}export const f = (p) => kms.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: {} }));`, expected: 'empty:all:EncryptionContext:Encrypt:replace-value' },
  { name: 'a context on one path only', code: `${KMS}export const f = (p, c) => kms.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: c ? { a: 'x' } : undefined }));`, expected: 'empty:some:EncryptionContext:Encrypt:-' },
  { name: 'a context from a parameter is unknown, not a gap', code: `${KMS}export const f = (p, c) => kms.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: c }));`, expected: 'none' },
  { name: 'ReEncrypt with a source context only', code: `${KMS}export const f = (b) => kms.send(new ReEncryptCommand({ CiphertextBlob: b, DestinationKeyId: 'alias/b', SourceEncryptionContext: { a: 'x' } }));`, expected: 'missing:all:DestinationEncryptionContext:ReEncrypt:add-member' },
  { name: 'RSA encryption takes no context', code: `${KMS}export const f = (p) => kms.send(new EncryptCommand({ KeyId: 'alias/rsa', Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));`, expected: 'none' },
  {
    name: 'a Decrypt on a key the file uses with RSA',
    code: `${KMS}const RSA = 'alias/rsa';\nexport const e = (p) => kms.send(new EncryptCommand({ KeyId: RSA, Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));\nexport const d = (b) => kms.send(new DecryptCommand({ KeyId: RSA, CiphertextBlob: b }));`,
    expected: 'none',
  },
  { name: 'an ignored operation', code: `${KMS}export const d = (b) => kms.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: b }));`, options: { ignoreOperations: ['Decrypt'] }, expected: 'none' },
  { name: 'Encryption SDK encrypt with no options argument', code: `${SDK}export const f = (keyring, data) => encrypt(keyring, data);`, expected: 'missing:all:encryptionContext:Encryption SDK encrypt():add-options' },
  { name: 'Encryption SDK calls when not asked to check them', code: `${SDK}export const f = (keyring, data) => encrypt(keyring, data);`, options: { checkEncryptionSdk: false }, expected: 'none' },
  { name: 'encryptStream with an empty context (TypeScript)', mode: 'ts', code: `${SDK}export const f = (keyring: unknown) => encryptStream(keyring, { encryptionContext: {} });`, expected: 'empty:all:encryptionContext:Encryption SDK encryptStream():replace-value' },
];

describe('getContextGaps', () => {
  for (const row of rows) {
    it(`${row.name} (${row.mode ?? 'js'})`, () => {
      const found = analyse(row.code, row.mode ?? 'js', (analysis) =>
        getContextGaps(analysis, { ...DEFAULTS, ...row.options }).map((gap) => `${gap.kind}:${gap.paths}:${gap.member}:${gap.operation}:${gap.insertion?.kind ?? '-'}`),
      );
      expect(found.join(' | ') || 'none').toBe(row.expected);
    });
  }
});

describe('getEmptiness', () => {
  const object = (complete: boolean, values: StaticValue[]): StaticValue => ({
    kind: 'object',
    complete,
    node: undefined,
    properties: values.map((value, index) => ({ name: `k${index}`, value, propertyNode: undefined })),
  });
  const undef: StaticValue = { kind: 'primitive', value: undefined, byteLength: undefined, node: undefined };
  const text: StaticValue = { kind: 'primitive', value: 'x', byteLength: 1, node: undefined };
  const unknown: StaticValue = { kind: 'unknown', node: undefined };
  const cases: [string, StaticValue, string][] = [
    ['{}', object(true, []), 'all'],
    ['{ a: undefined }', object(true, [undef]), 'all'],
    ['{ a: "x" }', object(true, [text]), 'never'],
    ['{ ...unknown }', object(false, []), 'unknown'],
    ['"x" or {}', { kind: 'union', options: [object(true, [text]), object(true, [])], node: undefined }, 'some'],
    ['an unknown value', unknown, 'unknown'],
  ];
  for (const [name, value, expected] of cases) it(name, () => expect(getEmptiness(value)).toBe(expected));
});
