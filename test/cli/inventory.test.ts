/**
 * Unit tests of the inventory: the internal `kms-audit-internal/records` rule run through ESLint's `Linter` on
 * snippets (rows of `{ code, expected }`), the records it carries as its one message, and `buildInventory` on records.
 */
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { buildInventory, type CallSiteRecord, type KeyReference } from '../../src/cli/inventory.js';
import recordsPlugin, { type FileRecords, RECORDS_FORMAT, RECORDS_PLUGIN_NAME, RECORDS_RULE_ID, readFileRecords } from '../../src/cli/records.js';

/** Lints `code` as `/project/file.ts` with only the records rule and returns what its one message carries. */
function lintRecords(code: string): FileRecords {
  const linter = new Linter({ configType: 'flat', cwd: '/project' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser as unknown as Linter.Parser },
        plugins: { [RECORDS_PLUGIN_NAME]: recordsPlugin as never },
        rules: { [RECORDS_RULE_ID]: 'error' },
      },
    ],
    '/project/file.ts',
  );
  // One records message per file (a directive naming an unregistered rule adds ESLint's own message in one row).
  expect(messages.filter((message) => message.ruleId === RECORDS_RULE_ID)).toHaveLength(1);
  const records = readFileRecords({ messages });
  expect(records).toBeDefined();
  return records!;
}

/** The call-site records of `code`, ordered by position. */
function collect(code: string): CallSiteRecord[] {
  return [...lintRecords(code).callSites].sort((a, b) => a.line - b.line || a.column - b.column);
}

const V3 = "import { KMSClient, EncryptCommand, DecryptCommand, ReEncryptCommand, GenerateRandomCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\n";
const S3 = "import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\n";

interface Row {
  readonly name: string;
  readonly code: string;
  /** One entry per recorded call site: operation and its key references (without `member`/`contextMember` when omitted). */
  readonly expected: ReadonlyArray<{ operation: string; keys: ReadonlyArray<Partial<KeyReference>> }>;
}

const rows: Row[] = [
  {
    name: 'string literal key, literal context (keys sorted)',
    code: `${V3}kms.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenantId: t, documentId: d } }));`,
    expected: [{ operation: 'Encrypt', keys: [{ member: 'KeyId', keyIds: ['alias/a'], contextKeySets: [{ label: '{documentId, tenantId}', keys: ['documentId', 'tenantId'] }] }] }],
  },
  {
    name: 'const key; no context',
    code: `${V3}const KEY = 'alias/b';\nkms.send(new DecryptCommand({ KeyId: KEY, CiphertextBlob: c }));`,
    expected: [{ operation: 'Decrypt', keys: [{ keyIds: ['alias/b'], keyExpression: null, contextKeySets: [{ label: '(none)', keys: null }] }] }],
  },
  {
    name: 'RSA Decrypt: the algorithm is recorded and its context is labelled as not supported, not as missing',
    code: `${V3}kms.send(new DecryptCommand({ KeyId: 'alias/rsa', CiphertextBlob: c, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));`,
    expected: [{ operation: 'Decrypt', keys: [{ keyIds: ['alias/rsa'], algorithm: 'RSAES_OAEP_SHA_256', contextKeySets: [{ label: '(not supported by the algorithm)', keys: null }] }] }],
  },
  {
    name: 'an absent EncryptionAlgorithm is SYMMETRIC_DEFAULT; an unknown one is not recorded',
    code: `${V3}kms.send(new EncryptCommand({ KeyId: 'alias/s', Plaintext: p }));\nkms.send(new EncryptCommand({ KeyId: 'alias/s', Plaintext: p, EncryptionAlgorithm: algo }));`,
    expected: [
      { operation: 'Encrypt', keys: [{ keyIds: ['alias/s'], algorithm: 'SYMMETRIC_DEFAULT', contextKeySets: [{ label: '(none)', keys: null }] }] },
      { operation: 'Encrypt', keys: [{ keyIds: ['alias/s'], contextKeySets: [{ label: '(none)', keys: null }] }] },
    ],
  },
  {
    name: 'conditional key: both aliases',
    code: `${V3}kms.send(new EncryptCommand({ KeyId: prod ? 'alias/prod' : 'alias/dev', Plaintext: p, EncryptionContext: {} }));`,
    expected: [{ operation: 'Encrypt', keys: [{ keyIds: ['alias/prod', 'alias/dev'], contextKeySets: [{ label: '{}', keys: [] }] }] }],
  },
  {
    name: 'environment key and a context that is a parameter: unknown',
    code: `${V3}export function f(context: Record<string, string>) { return kms.send(new EncryptCommand({ KeyId: process.env.KEY_ID, Plaintext: p, EncryptionContext: context })); }`,
    expected: [{ operation: 'Encrypt', keys: [{ keyIds: [], keyExpression: 'process.env.KEY_ID', contextKeySets: [{ label: '(unknown)', keys: null }] }] }],
  },
  {
    name: 'context with a spread of unknown keys keeps the known ones',
    code: `${V3}export function f(extra: Record<string, string>) { return kms.send(new DecryptCommand({ CiphertextBlob: c, EncryptionContext: { tenantId: t, ...extra } })); }`,
    expected: [{ operation: 'Decrypt', keys: [{ keyIds: [], keyExpression: null, contextKeySets: [{ label: '{tenantId, …}', keys: ['tenantId'] }] }] }],
  },
  {
    name: 'context on some paths only',
    code: `${V3}const ctx = withContext ? { tenantId: t } : undefined;\nkms.send(new DecryptCommand({ CiphertextBlob: c, EncryptionContext: ctx }));`,
    expected: [{ operation: 'Decrypt', keys: [{ contextKeySets: [{ label: '{tenantId}', keys: ['tenantId'] }, { label: '(none)', keys: null }] }] }],
  },
  {
    name: 'ReEncrypt: source and destination keys with their own contexts',
    code: `${V3}kms.send(new ReEncryptCommand({ CiphertextBlob: c, SourceKeyId: 'alias/old', DestinationKeyId: 'alias/new', SourceEncryptionContext: { a: '1' }, DestinationEncryptionContext: { a: '1', b: '2' } }));`,
    expected: [
      {
        operation: 'ReEncrypt',
        keys: [
          { member: 'SourceKeyId', keyIds: ['alias/old'], contextMember: 'SourceEncryptionContext', contextKeySets: [{ label: '{a}', keys: ['a'] }] },
          { member: 'DestinationKeyId', keyIds: ['alias/new'], contextMember: 'DestinationEncryptionContext', contextKeySets: [{ label: '{a, b}', keys: ['a', 'b'] }] },
        ],
      },
    ],
  },
  {
    name: 'GenerateRandom names no key: not in the inventory',
    code: `${V3}kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));`,
    expected: [],
  },
  {
    name: 'S3 PutObject with SSE-KMS and a key; a plain PutObject is not a KMS use',
    code: `${S3}s3.send(new PutObjectCommand({ Bucket: b, Key: k, Body: x, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/uploads' }));\ns3.send(new PutObjectCommand({ Bucket: b, Key: k, Body: x }));\ns3.send(new PutObjectCommand({ Bucket: b, Key: k, Body: x, ServerSideEncryption: 'aws:kms' }));`,
    expected: [
      { operation: 'PutObject', keys: [{ member: 'SSEKMSKeyId', keyIds: ['alias/uploads'], contextKeySets: null }] },
      { operation: 'PutObject', keys: [{ member: 'SSEKMSKeyId', keyIds: [], keyExpression: null, contextKeySets: null }] },
    ],
  },
  {
    name: 'Encryption SDK encrypt: no key member, context from the options',
    code: "import { buildClient } from '@aws-crypto/client-node';\nconst { encrypt } = buildClient();\nencrypt(keyring, data, { encryptionContext: { stage: s, purpose: p } });",
    expected: [{ operation: 'encrypt', keys: [{ member: null, keyIds: [], contextMember: 'encryptionContext', contextKeySets: [{ label: '{purpose, stage}', keys: ['purpose', 'stage'] }] }] }],
  },
];

describe('inventory rule', () => {
  it.each(rows)('$name', ({ code, expected }) => {
    const records = collect(code);
    expect(records.map((record) => ({ operation: record.operation, keys: record.keys }))).toEqual(
      expected.map((site) => ({ operation: site.operation, keys: site.keys.map((key) => expect.objectContaining(key)) })),
    );
  });

  it('records file, 1-based line and column, service and style', () => {
    const [record] = collect(`${V3}kms.send(new DecryptCommand({ KeyId: 'alias/x', CiphertextBlob: c }));`);
    expect(record).toMatchObject({ file: '/project/file.ts', line: 3, column: 10, service: 'kms', style: 'v3-command', viaTypes: false });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('records no algorithm when it is not statically known, and groups the known ones per key', () => {
    const records = collect(
      `${V3}kms.send(new EncryptCommand({ KeyId: 'alias/s', Plaintext: p, EncryptionAlgorithm: algo }));\nkms.send(new DecryptCommand({ KeyId: 'alias/s', CiphertextBlob: c }));\nkms.send(new DecryptCommand({ KeyId: 'alias/s', CiphertextBlob: c, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }));`,
    );
    expect(records.map((record) => record.keys[0]!.algorithm)).toEqual([undefined, 'SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1']);
    expect('algorithm' in records[0]!.keys[0]!).toBe(false);
    const [entry] = buildInventory(records, (file) => file.slice('/project/'.length));
    expect(entry!.algorithms).toEqual([
      { algorithm: 'RSAES_OAEP_SHA_1', count: 1, operations: ['Decrypt'], files: [{ file: 'file.ts', lines: [5] }] },
      { algorithm: 'SYMMETRIC_DEFAULT', count: 1, operations: ['Decrypt'], files: [{ file: 'file.ts', lines: [4] }] },
    ]);
  });
});

describe('CDK key constructs', () => {
  const modules = [
    { name: "aws-cdk-lib/aws-kms namespace", header: "import * as kms from 'aws-cdk-lib/aws-kms';\nimport { Duration } from 'aws-cdk-lib';\n", Key: 'kms.Key', KeySpec: 'kms.KeySpec' },
    { name: 'aws-cdk-lib aws_kms', header: "import { aws_kms as kms, Duration } from 'aws-cdk-lib';\n", Key: 'kms.Key', KeySpec: 'kms.KeySpec' },
    { name: '@aws-cdk/aws-kms (v1) named import', header: "import { Key, KeySpec } from '@aws-cdk/aws-kms';\nimport { Duration } from '@aws-cdk/core';\n", Key: 'Key', KeySpec: 'KeySpec' },
  ];
  it.each(modules)('lists kms.Key as a key with its construct id, place, rotation and key spec ($name)', ({ header, Key, KeySpec }) => {
    const code = [
      `${header}export function define(scope, rotate, spec) {`,
      `  new ${Key}(scope, 'PlainKey', {});`,
      `  new ${Key}(scope, 'RotatedKey', { enableKeyRotation: true, rotationPeriod: Duration.days(180) });`,
      `  new ${Key}(scope, 'SigningKey', { keySpec: ${KeySpec}.ECC_NIST_P256, keyUsage: 'SIGN_VERIFY', enableKeyRotation: false });`,
      `  new ${Key}(scope, 'MaybeKey', { enableKeyRotation: rotate, keySpec: spec });`,
      '}',
    ].join('\n');
    const records = collect(code);
    const first = code.split('\n').findIndex((line) => line.includes("'PlainKey'")) + 1;
    expect(records.map((record) => ({ line: record.line, operation: record.operation, keys: record.keys, cdkKey: record.cdkKey }))).toEqual([
      { line: first, operation: 'Key', keys: [], cdkKey: { construct: 'Key', id: 'PlainKey', rotation: 'off', rotationPeriodDays: null, keySpec: 'SYMMETRIC_DEFAULT' } },
      { line: first + 1, operation: 'Key', keys: [], cdkKey: { construct: 'Key', id: 'RotatedKey', rotation: 'on', rotationPeriodDays: 180, keySpec: 'SYMMETRIC_DEFAULT' } },
      { line: first + 2, operation: 'Key', keys: [], cdkKey: { construct: 'Key', id: 'SigningKey', rotation: 'off', rotationPeriodDays: null, keySpec: 'ECC_NIST_P256' } },
      { line: first + 3, operation: 'Key', keys: [], cdkKey: { construct: 'Key', id: 'MaybeKey', rotation: 'unknown', rotationPeriodDays: null, keySpec: null } },
    ]);
    const inventory = buildInventory(records, (file) => file.slice('/project/'.length));
    expect(inventory.map((entry) => [entry.key, entry.cdkKey?.id, entry.files])).toEqual(
      ['MaybeKey', 'PlainKey', 'RotatedKey', 'SigningKey'].map((id) => [`${id} (CDK kms.Key)`, id, [{ file: 'file.ts', lines: [records.find((record) => record.cdkKey?.id === id)!.line] }]]),
    );
  });

  it('keeps two constructs with the same id apart, and a CfnKey with a period but no flag has unknown rotation', () => {
    const code = [
      "import * as kms from 'aws-cdk-lib/aws-kms';",
      "export const a = (scope) => new kms.Key(scope, 'Key', { enableKeyRotation: true });",
      "export const b = (scope) => new kms.Key(scope, 'Key');",
      "export const c = (scope) => new kms.CfnKey(scope, 'L1', { rotationPeriodInDays: 90 });",
      "export const d = (scope, id) => new kms.Key(scope, id, { rotationPeriod: period });",
    ].join('\n');
    const inventory = buildInventory(collect(code), (file) => file);
    expect(inventory.map((entry) => ({ key: entry.key, rotation: entry.cdkKey?.rotation, line: entry.files[0]!.lines[0] }))).toEqual([
      { key: '(id not static) (CDK kms.Key)', rotation: 'unknown', line: 5 },
      { key: 'Key (CDK kms.Key)', rotation: 'on', line: 2 },
      { key: 'Key (CDK kms.Key)', rotation: 'off', line: 3 },
      { key: 'L1 (CDK kms.CfnKey)', rotation: 'unknown', line: 4 },
    ]);
  });
});

describe('per-file facts', () => {
  it('records whether the file had type information (false without parserOptions.project)', () => {
    const records = lintRecords(`${V3}kms.send(new DecryptCommand({ KeyId: 'alias/x', CiphertextBlob: c }));`);
    expect(records).toMatchObject({ file: '/project/file.ts', typed: false, unresolvedModules: [] });
  });

  it('carries the context sites of the file with 1-based locations, and its disable directives', () => {
    const code = `${V3}// eslint-disable-next-line aws-kms/consistent-encryption-context -- legacy spelling\nkms.send(new DecryptCommand({ KeyId: 'alias/x', CiphertextBlob: c, EncryptionContext: { TenantId: t } }));`;
    const records = lintRecords(code);
    expect(records.contextSites).toHaveLength(1);
    const [site] = records.contextSites;
    expect(site).toMatchObject({ operation: 'Decrypt', side: 'decrypt', keyId: 'alias/x', complete: true });
    expect(site!.entries[0]!.key).toMatchObject({ file: '/project/file.ts', line: 4, loc: { line: 4, column: 89, endLine: 4, endColumn: 97 } });
    expect(records.directives).toEqual([
      { type: 'disable-next-line', rules: ['aws-kms/consistent-encryption-context'], line: 3, column: 0, endLine: 3 },
    ]);
  });

  it('ignores a records message of another format (a cache written by another version)', () => {
    const message = { ruleId: RECORDS_RULE_ID, message: JSON.stringify({ format: RECORDS_FORMAT - 1 }) };
    expect(readFileRecords({ messages: [message] })).toBeUndefined();
    expect(readFileRecords({ messages: [{ ...message, message: 'not json' }] })).toBeUndefined();
    expect(readFileRecords({ messages: [], suppressedMessages: [{ ...message, message: JSON.stringify({ format: RECORDS_FORMAT, file: '/x.ts' }) }] })).toMatchObject({ file: '/x.ts' });
  });
});

describe('buildInventory', () => {
  const site = (file: string, line: number, operation: string, keyIds: string[], contexts: string[] | null, service: CallSiteRecord['service'] = 'kms'): CallSiteRecord => ({
    file,
    line,
    column: 1,
    service,
    operation,
    style: 'v3-command',
    viaTypes: false,
    keys: [
      {
        member: 'KeyId',
        keyIds,
        keyExpression: keyIds.length === 0 ? 'process.env.K' : null,
        contextMember: contexts ? 'EncryptionContext' : null,
        contextKeySets: contexts ? contexts.map((label) => ({ label, keys: label.startsWith('{') ? label.slice(1, -1).split(', ') : null })) : null,
      },
    ],
  });

  it('groups by key (unknown last) with operation counts, context key sets with their operations, and files with lines', () => {
    const inventory = buildInventory(
      [
        site('/p/b.ts', 9, 'Decrypt', ['alias/z'], ['{tenantId}']),
        site('/p/a.ts', 3, 'Encrypt', ['alias/z'], ['{tenantId}']),
        site('/p/a.ts', 7, 'Encrypt', ['alias/z'], ['(none)']),
        site('/p/a.ts', 12, 'Decrypt', [], ['(unknown)']),
        site('/p/c.ts', 1, 'PutObject', ['alias/a'], null, 's3'),
      ],
      (file) => file.slice(3),
    );
    expect(inventory).toEqual([
      {
        key: 'alias/a',
        callSites: 1,
        operations: [{ operation: 's3:PutObject', count: 1 }],
        encryptionContextKeySets: [],
        files: [{ file: 'c.ts', lines: [1] }],
        keyExpressions: [],
        algorithms: [],
      },
      {
        key: 'alias/z',
        callSites: 3,
        operations: [
          { operation: 'Encrypt', count: 2 },
          { operation: 'Decrypt', count: 1 },
        ],
        encryptionContextKeySets: [
          { label: '{tenantId}', keys: ['tenantId'], count: 2, operations: ['Decrypt', 'Encrypt'] },
          { label: '(none)', keys: null, count: 1, operations: ['Encrypt'] },
        ],
        files: [
          { file: 'a.ts', lines: [3, 7] },
          { file: 'b.ts', lines: [9] },
        ],
        keyExpressions: [],
        algorithms: [],
      },
      {
        key: '(unknown key)',
        callSites: 1,
        operations: [{ operation: 'Decrypt', count: 1 }],
        encryptionContextKeySets: [{ label: '(unknown)', keys: null, count: 1, operations: ['Decrypt'] }],
        files: [{ file: 'a.ts', lines: [12] }],
        keyExpressions: ['process.env.K'],
        algorithms: [],
      },
    ]);
  });

  it('counts ReEncrypt per side, so operation counts and context key-set counts reconcile', () => {
    const reEncrypt = (line: number, source: string, destination: string): CallSiteRecord => ({
      file: '/p/rotate.ts',
      line,
      column: 1,
      service: 'kms',
      operation: 'ReEncrypt',
      style: 'v3-command',
      viaTypes: false,
      keys: [
        { member: 'SourceKeyId', keyIds: [source], keyExpression: null, contextMember: 'SourceEncryptionContext', contextKeySets: [{ label: '{a}', keys: ['a'] }] },
        { member: 'DestinationKeyId', keyIds: [destination], keyExpression: null, contextMember: 'DestinationEncryptionContext', contextKeySets: [{ label: '{a, b}', keys: ['a', 'b'] }] },
      ],
    });
    // Line 1 re-encrypts under the same key (new context); line 5 moves from alias/old to alias/same.
    const inventory = buildInventory([reEncrypt(1, 'alias/same', 'alias/same'), reEncrypt(5, 'alias/old', 'alias/same')], (file) => file.slice(3));
    expect(inventory.map(({ key, callSites, operations, encryptionContextKeySets }) => ({ key, callSites, operations, encryptionContextKeySets }))).toEqual([
      {
        key: 'alias/old',
        callSites: 1,
        operations: [{ operation: 'ReEncrypt source', count: 1 }],
        encryptionContextKeySets: [{ label: '{a}', keys: ['a'], count: 1, operations: ['ReEncrypt source'] }],
      },
      {
        key: 'alias/same',
        callSites: 2,
        operations: [
          { operation: 'ReEncrypt destination', count: 2 },
          { operation: 'ReEncrypt source', count: 1 },
        ],
        encryptionContextKeySets: [
          { label: '{a, b}', keys: ['a', 'b'], count: 2, operations: ['ReEncrypt destination'] },
          { label: '{a}', keys: ['a'], count: 1, operations: ['ReEncrypt source'] },
        ],
      },
    ]);
  });

  it('counts every call once in the context key sets, whatever its context knowledge (partly unknown, from a parameter, on some paths only)', () => {
    const code = [
      "import { KMSClient, GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, DecryptCommand, ReEncryptCommand } from '@aws-sdk/client-kms';",
      "import { buildClient } from '@aws-crypto/client-node';",
      'const kms = new KMSClient({});',
      "function sealWith(context) { return kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/gdk', KeySpec: 'AES_256', EncryptionContext: context })); }",
      "sealWith({ tenant: t });",
      "sealWith({ tenant: t, ...extra });",
      "sealWith(unknownContext);",
      "function openWith(context) { return kms.send(new DecryptCommand({ KeyId: 'alias/gdk', CiphertextBlob: c, EncryptionContext: context })); }",
      "openWith({ tenant: t });",
      "openWith(undefined);",
      "const input = maybe ? { KeyId: 'alias/gdk', KeySpec: 'AES_256', EncryptionContext: { tenant: t } } : { KeyId: 'alias/gdk', KeySpec: 'AES_256' };",
      'kms.send(new GenerateDataKeyWithoutPlaintextCommand(input));',
      "kms.send(new ReEncryptCommand({ CiphertextBlob: c, SourceKeyId: 'alias/gdk', DestinationKeyId: 'alias/gdk', SourceEncryptionContext: old ? { tenant: t } : undefined, DestinationEncryptionContext: { tenant: t } }));",
      'const { encrypt, encryptStream } = buildClient();',
      'function esdk(context) { return encrypt(keyring, data, { encryptionContext: context }); }',
      "esdk({ tenant: t });",
      'esdk(unknownContext);',
      'function esdkStream(context) { return encryptStream(keyring, { encryptionContext: context }); }',
      "esdkStream({ tenant: t });",
      'esdkStream(undefined);',
    ].join('\n');
    const records = collect(code);
    // The premise: these calls may pass one of several contexts.
    expect(records.filter((record) => record.keys.some((key) => (key.contextKeySets?.length ?? 0) > 1)).length).toBeGreaterThanOrEqual(5);
    const inventory = buildInventory(records, (file) => file);
    expect(inventory.map((entry) => entry.key)).toEqual(['alias/gdk', '(unknown key)']);
    for (const entry of inventory) {
      const calls = entry.operations.reduce((sum, { count }) => sum + count, 0);
      const contexts = entry.encryptionContextKeySets.reduce((sum, { count }) => sum + count, 0);
      expect({ key: entry.key, contexts }).toEqual({ key: entry.key, contexts: calls });
    }
  });

  it('lists the contexts one call may pass as one set of alternatives', () => {
    const records = collect(`${V3}const ctx = withContext ? { tenantId: t } : undefined;\nkms.send(new DecryptCommand({ KeyId: 'alias/x', CiphertextBlob: c, EncryptionContext: ctx }));\nkms.send(new DecryptCommand({ KeyId: 'alias/x', CiphertextBlob: c, EncryptionContext: { tenantId: t } }));`);
    const [entry] = buildInventory(records, (file) => file);
    expect(entry!.encryptionContextKeySets).toEqual([
      { label: '{tenantId}', keys: ['tenantId'], count: 1, operations: ['Decrypt'] },
      {
        label: '{tenantId} | (none)',
        keys: null,
        count: 1,
        operations: ['Decrypt'],
        alternatives: [
          { label: '{tenantId}', keys: ['tenantId'] },
          { label: '(none)', keys: null },
        ],
      },
    ]);
  });

  it('is empty without records', () => {
    expect(buildInventory([], (file) => file)).toEqual([]);
  });
});
