import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../src/rules/consistent-encryption-context.js';
import { plainJsTester, tsTester } from '../rule-tester.js';

/**
 * Typed cases run in `fixtures/consistent-encryption-context`, whose `store.ts` holds the encrypt side of the
 * cross-file cases (`TenantId` twice; `DOCS_KEY` → `{ TenantId, documentId }`; `SECRETS_KEY` → `{ TenantId, tier: 'Gold' }`),
 * `config.ts` the key ids, and `partner.ts` an unrelated key (`PARTNER_B_KEY`) used with `tenant_id` four times, on both
 * sides — more often than any other spelling of `tenantId` in the program, so a program-wide vote would flip. The linted code replaces the empty `file.ts` / `file.js` there.
 */
const programDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/consistent-encryption-context');
const programTester = new RuleTester({
  languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: programDir } },
  defaultFilenames: { ts: 'file.ts', tsx: 'file.tsx' },
});
/** How `store.ts` is named in messages: relative to ESLint's working directory, which the tester sets to `programDir`. */
const STORE = 'store.ts';
/** How `partner.ts` is named in messages. */
const PARTNER = 'partner.ts';

const V3 = "import { KMSClient, EncryptCommand, DecryptCommand, GenerateDataKeyCommand, ReEncryptCommand } from '@aws-sdk/client-kms';\nconst client = new KMSClient({});\n";

/** The 1-based line of the only occurrence of `needle` in `code`. */
function lineOf(code: string, needle: string): number {
  const index = code.indexOf(needle);
  if (index < 0 || code.indexOf(needle, index + 1) >= 0) throw new Error(`"${needle}" must occur exactly once`);
  return code.slice(0, index).split('\n').length;
}

/** `code` with the only occurrence of `anchor` replaced. */
function edit(code: string, anchor: string, replacement: string): string {
  lineOf(code, anchor);
  return code.replace(anchor, replacement);
}

// ---------------------------------------------------------------------------------------------------------------------
// Plain JavaScript (espree): the file is the scope
// ---------------------------------------------------------------------------------------------------------------------

const tieSpelling = `${V3}export const seal = (t, d, p) => client.send(new EncryptCommand({ KeyId: 'alias/docs', Plaintext: p, EncryptionContext: { tenantId: t, documentId: d } }));
export const open = (t, d, b) => client.send(new DecryptCommand({ KeyId: 'alias/docs', CiphertextBlob: b, EncryptionContext: { tenant_id: t, documentId: d } }));`;

const shorthand = `${V3}const TenantId = 'acme';
export const a = (p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { TenantId } }));
export const b = () => client.send(new GenerateDataKeyCommand({ KeyId: 'alias/a', KeySpec: 'AES_256', EncryptionContext: { TenantId } }));
export const c = (tenantId, x) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: x, EncryptionContext: { tenantId } }));`;

const quotedKey = `${V3}export const a = (t, p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenantId: t } }));
export const b = (t, x) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: x, EncryptionContext: { tenantId: t } }));
export const c = (t) => client.send(new GenerateDataKeyCommand({ KeyId: 'alias/b', KeySpec: 'AES_256', EncryptionContext: { "tenant-id": t } }));`;

const v2Callbacks = `const KMS = require('aws-sdk/clients/kms');
const kms = new KMS();
const KEY = 'alias/reports';
kms.encrypt({ KeyId: KEY, Plaintext: 'x', EncryptionContext: { ReportId: 'r1' } }, () => {});
kms.decrypt({ KeyId: KEY, CiphertextBlob: blob, EncryptionContext: { reportId: 'r1' } }, () => {});`;

const threeSpellings = `${V3}export const a = (t, p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenantId: t } }));
export const b = (t, x) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: x, EncryptionContext: { tenantId: t } }));
export const c = (t) => client.send(new GenerateDataKeyCommand({ KeyId: 'alias/b', KeySpec: 'AES_256', EncryptionContext: { TenantId: t } }));
export const d = (t, x) => client.send(new DecryptCommand({ KeyId: 'alias/b', CiphertextBlob: x, EncryptionContext: { tenant_id: t } }));`;

const encryptionSdk = `import { buildClient } from '@aws-crypto/client-node';
${V3}const { encrypt } = buildClient();
export const a = (o, p) => client.send(new EncryptCommand({ KeyId: 'alias/orders', Plaintext: p, EncryptionContext: { orderId: o } }));
export const b = (o, x) => client.send(new DecryptCommand({ KeyId: 'alias/orders', CiphertextBlob: x, EncryptionContext: { orderId: o } }));
export const c = (keyring, data) => encrypt(keyring, data, { encryptionContext: { order_id: 'o-1' } });`;

const unmatchedSet = `${V3}export const seal = (p) => client.send(new EncryptCommand({ KeyId: 'alias/u', Plaintext: p, EncryptionContext: { tenantId: 'a' } }));
export const open = (x) => client.send(new DecryptCommand({
  KeyId: 'alias/u',
  CiphertextBlob: x,
  EncryptionContext: { tenantId: 'a', documentId: 'd' },
}));`;

const reEncryptSource = `${V3}const OLD_KEY = 'alias/old';
const NEW_KEY = 'alias/new';
export const seal = (p) => client.send(new GenerateDataKeyCommand({ KeyId: OLD_KEY, KeySpec: 'AES_256', EncryptionContext: { tenantId: 'a', purpose: 'docs' } }));
export const rotate = (x) => client.send(new ReEncryptCommand({
  CiphertextBlob: x,
  SourceKeyId: OLD_KEY,
  SourceEncryptionContext: { tenantId: 'a' },
  DestinationKeyId: NEW_KEY,
  DestinationEncryptionContext: { tenantId: 'a', purpose: 'docs' },
}));`;

const valueCase = `${V3}export const seal = (p) => client.send(new EncryptCommand({ KeyId: 'alias/quota', Plaintext: p, EncryptionContext: { tenant: 'Acme' } }));
export const open = (x) => client.send(new DecryptCommand({ KeyId: 'alias/quota', CiphertextBlob: x, EncryptionContext: { tenant: 'acme' } }));`;

/** The reviewer's case: two KMS keys, each used with one spelling on both sides. */
const perKeySpellings = `${V3}export async function a(tenantId, p, b) {
  await client.send(new EncryptCommand({ KeyId: 'alias/service-a', Plaintext: p, EncryptionContext: { tenantId } }));
  await client.send(new DecryptCommand({ KeyId: 'alias/service-a', CiphertextBlob: b, EncryptionContext: { tenantId } }));
  await client.send(new EncryptCommand({ KeyId: 'alias/partner-b', Plaintext: p, EncryptionContext: { tenant_id: tenantId } }));
  await client.send(new DecryptCommand({ KeyId: 'alias/partner-b', CiphertextBlob: b, EncryptionContext: { tenant_id: tenantId } }));
}`;

/** The same, but partner-b's Decrypt uses service-a's spelling. */
const perKeyMismatch = edit(perKeySpellings, 'CiphertextBlob: b, EncryptionContext: { tenant_id: tenantId }', 'CiphertextBlob: b, EncryptionContext: { tenantId }');

/** The encrypt side of one key disagrees with itself: the minority of the key's group is reported. */
const encryptMinority = `${V3}const KEY = 'alias/secrets';
export const a = (t, p) => client.send(new EncryptCommand({ KeyId: KEY, Plaintext: p, EncryptionContext: { tenantId: t } }));
export const b = (t, p) => client.send(new EncryptCommand({ KeyId: KEY, Plaintext: p, EncryptionContext: { tenant_id: t } }));
export const c = (t, x) => client.send(new DecryptCommand({ KeyId: KEY, CiphertextBlob: x, EncryptionContext: { tenantId: t } }));`;

/** A tie within one key's group (encrypt side disagreeing): the spelling written later is reported. */
const encryptTie = `${V3}export const a = (t, p) => client.send(new EncryptCommand({ KeyId: 'alias/t', Plaintext: p, EncryptionContext: { TenantId: t } }));
export const b = (t, x) => client.send(new DecryptCommand({ KeyId: 'alias/t', CiphertextBlob: x, EncryptionContext: { TenantId: t } }));
export const c = (t, p) => client.send(new EncryptCommand({ KeyId: 'alias/t', Plaintext: p, EncryptionContext: { tenantId: t } }));
export const d = (t, x) => client.send(new DecryptCommand({ KeyId: 'alias/t', CiphertextBlob: x, EncryptionContext: { tenantId: t } }));`;

/** Key ids that are parameters, in one file: compared only with each other, with the hedged message. */
const unknownKeys = `${V3}export const seal = (keyId, t, p) => client.send(new EncryptCommand({ KeyId: keyId, Plaintext: p, EncryptionContext: { tenantId: t } }));
export const open = (keyId, t, x) => client.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: x, EncryptionContext: { TenantId: t } }));`;

plainJsTester.run('consistent-encryption-context (plain JS)', rule, {
  valid: [
    // One spelling everywhere; the decrypt presents the set the encrypt produced (in another order).
    `${V3}export const a = (t, d, p) => client.send(new EncryptCommand({ KeyId: 'alias/docs', Plaintext: p, EncryptionContext: { tenantId: t, documentId: d } }));
export const b = (t, d, x) => client.send(new DecryptCommand({ KeyId: 'alias/docs', CiphertextBlob: x, EncryptionContext: { documentId: d, tenantId: t } }));`,
    // The reviewer's case: each KMS key is used with one spelling; spellings of different keys are not compared.
    perKeySpellings,
    // A key only ever encrypted here, with its own spelling: no decrypt of that key to fail.
    quotedKey,
    // Two spellings on the encrypt side only: nothing in scope decrypts, so nothing is claimed.
    `${V3}export const a = (t, p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenantId: t } }));
export const b = (t, p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { TenantId: t } }));`,
    // A known key on one side, an unknown key (a Decrypt without KeyId) on the other: not the same key for sure.
    `${V3}export const a = (t, p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenantId: t } }));
export const b = (t, x) => client.send(new DecryptCommand({ CiphertextBlob: x, EncryptionContext: { TenantId: t } }));`,
    // Unknown key ids, but only decrypt-side sites: no ciphertext produced here to fail.
    `${V3}export const a = (k, t, x) => client.send(new DecryptCommand({ KeyId: k, CiphertextBlob: x, EncryptionContext: { tenantId: t } }));
export const b = (t, x) => client.send(new DecryptCommand({ CiphertextBlob: x, EncryptionContext: { TenantId: t } }));`,
    // The Encryption SDK's context is not compared with KMS calls (its key is in a keyring; its decrypt takes no context).
    encryptionSdk,
    // Different keys, not spelling variants of one another.
    `${V3}export const a = (t, p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenant: t, tenantIds: t } }));`,
    // The decrypt's key id is unknown: its set is not compared.
    `${V3}export const a = (p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenantId: 'x' } }));
export const b = (key, x) => client.send(new DecryptCommand({ KeyId: key, CiphertextBlob: x, EncryptionContext: { other: 'y' } }));`,
    // A producer for the same key has a context we cannot see (spread of a parameter).
    `${V3}export const a = (extra, p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { ...extra } }));
export const b = (x) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: x, EncryptionContext: { other: 'y' } }));`,
    // An encrypt with an unknown key and an unknown context could be the producer.
    `${V3}export const a = (p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenantId: 'x' } }));
export const any = (key, ctx, p) => client.send(new EncryptCommand({ KeyId: key, Plaintext: p, EncryptionContext: ctx }));
export const b = (x) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: x, EncryptionContext: { other: 'y' } }));`,
    // No encrypt site for that key in scope: the producer is elsewhere.
    `${V3}export const b = (x) => client.send(new DecryptCommand({ KeyId: 'alias/elsewhere', CiphertextBlob: x, EncryptionContext: { other: 'y' } }));`,
    // Values that differ by more than case, and a producer value that is not known.
    `${V3}export const a = (p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenant: 'Acme' } }));
export const b = (x) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: x, EncryptionContext: { tenant: 'Globex' } }));
export const c = (t, p) => client.send(new EncryptCommand({ KeyId: 'alias/b', Plaintext: p, EncryptionContext: { tenant: t } }));
export const d = (x) => client.send(new DecryptCommand({ KeyId: 'alias/b', CiphertextBlob: x, EncryptionContext: { tenant: 'acme' } }));`,
    // Strings built at run time, and values we cannot see, are not reported as non-strings.
    `${V3}export const a = (n, id, p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { version: \`\${n}\`, count: String(n), id } }));`,
    // RSA encryption takes no context, so its (wrong) context is not compared.
    `${V3}export const a = (p) => client.send(new EncryptCommand({ KeyId: 'alias/rsa', Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
export const b = (x) => client.send(new DecryptCommand({ KeyId: 'alias/rsa', CiphertextBlob: x, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', EncryptionContext: { a: 'b' } }));`,
    // A computed key we cannot evaluate: the known keys agree, nothing else is claimed.
    `${V3}export const a = (k, t, p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { [k]: 'x', tenantId: t } }));`,
    // \`undefined\` is dropped by the SDK; not a non-string value.
    `${V3}export const a = (t, p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenantId: t, extra: undefined } }));`,
    // An empty decrypt context is require-encryption-context's finding, not this rule's.
    `${V3}export const a = (p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { tenantId: 'x' } }));
export const b = (x) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: x }));`,
    // Not the AWS SDK.
    "const kms = { encrypt() {}, decrypt() {} };\nkms.encrypt({ KeyId: 'k', EncryptionContext: { TenantId: 't', version: 2 } });\nkms.decrypt({ KeyId: 'k', EncryptionContext: { tenantId: 't' } });",
    // Options turn each check off.
    { code: tieSpelling, options: [{ checkKeyNames: false, checkKeySets: false }] },
    { code: unmatchedSet, options: [{ checkKeySets: false }] },
    { code: valueCase, options: [{ checkValues: false }] },
    { code: `${V3}export const a = (p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { version: 2 } }));`, options: [{ checkValueTypes: false }] },
  ],
  invalid: [
    {
      // A tie between two spellings: the later one is reported.
      code: tieSpelling,
      errors: [
        {
          messageId: 'keySpelling',
          line: lineOf(tieSpelling, 'tenant_id'),
          data: { key: 'tenant_id', expected: 'tenantId', operation: 'Encrypt', location: 'file.ts:3', keyId: 'alias/docs' },
          suggestions: [{ messageId: 'renameKey', data: { expected: 'tenantId' }, output: edit(tieSpelling, 'tenant_id: t', 'tenantId: t') }],
        },
      ],
    },
    {
      // A shorthand property keeps its value when renamed.
      code: shorthand,
      errors: [
        {
          messageId: 'keySpelling',
          line: lineOf(shorthand, '{ tenantId }'),
          suggestions: [{ messageId: 'renameKey', output: edit(shorthand, '{ tenantId }', '{ TenantId: tenantId }') }],
        },
      ],
    },
    {
      // SDK v2 callbacks through require.
      code: v2Callbacks,
      errors: [
        {
          messageId: 'keySpelling',
          line: 5,
          data: { key: 'reportId', expected: 'ReportId', operation: 'Encrypt', location: 'file.ts:4', keyId: 'alias/reports' },
          suggestions: [{ messageId: 'renameKey', output: edit(v2Callbacks, "{ reportId: 'r1' }", "{ ReportId: 'r1' }") }],
        },
      ],
    },
    {
      // Three spellings in the file, but each KMS key is compared on its own: alias/a agrees with itself, alias/b's
      // Decrypt misspells what its GenerateDataKey wrote.
      code: threeSpellings,
      errors: [
        { messageId: 'keySpelling', line: lineOf(threeSpellings, 'tenant_id'), data: { key: 'tenant_id', expected: 'TenantId', operation: 'GenerateDataKey', location: 'file.ts:5', keyId: 'alias/b' }, suggestions: [{ messageId: 'renameKey', output: edit(threeSpellings, '{ tenant_id: t }', '{ TenantId: t }') }] },
      ],
    },
    {
      // The reviewer's case, with partner-b's Decrypt using service-a's spelling: reported at the Decrypt.
      code: perKeyMismatch,
      errors: [
        {
          messageId: 'keySpelling',
          line: 7,
          data: { key: 'tenantId', expected: 'tenant_id', operation: 'Encrypt', location: 'file.ts:6', keyId: 'alias/partner-b' },
          suggestions: [{ messageId: 'renameKey', output: edit(perKeyMismatch, "'alias/partner-b', CiphertextBlob: b, EncryptionContext: { tenantId }", "'alias/partner-b', CiphertextBlob: b, EncryptionContext: { tenant_id: tenantId }") }],
        },
      ],
    },
    {
      // The encrypt side disagrees with itself (3 : 1 in the key's group): the minority Encrypt is reported, naming the
      // Decrypt it cannot pair with.
      code: encryptMinority,
      errors: [
        {
          messageId: 'keySpelling',
          line: lineOf(encryptMinority, 'tenant_id'),
          data: { key: 'tenant_id', expected: 'tenantId', operation: 'Decrypt', location: 'file.ts:6', keyId: 'alias/secrets' },
          suggestions: [{ messageId: 'renameKey', output: edit(encryptMinority, '{ tenant_id: t }', '{ tenantId: t }') }],
        },
      ],
    },
    {
      // A 2 : 2 tie within one key: the spelling written first wins, both later occurrences are reported.
      code: encryptTie,
      errors: [
        { messageId: 'keySpelling', line: 5, data: { key: 'tenantId', expected: 'TenantId', operation: 'Decrypt', location: 'file.ts:4', keyId: 'alias/t' }, suggestions: [{ messageId: 'renameKey', output: edit(encryptTie, "KeyId: 'alias/t', Plaintext: p, EncryptionContext: { tenantId: t }", "KeyId: 'alias/t', Plaintext: p, EncryptionContext: { TenantId: t }") }] },
        { messageId: 'keySpelling', line: 6, data: { key: 'tenantId', expected: 'TenantId', operation: 'Encrypt', location: 'file.ts:3', keyId: 'alias/t' }, suggestions: [{ messageId: 'renameKey', output: edit(encryptTie, 'CiphertextBlob: x, EncryptionContext: { tenantId: t }', 'CiphertextBlob: x, EncryptionContext: { TenantId: t }') }] },
      ],
    },
    {
      // Both key ids unknown, in one file, an Encrypt and a Decrypt: reported with the hedged message.
      code: unknownKeys,
      errors: [
        {
          messageId: 'keySpellingUnknownKey',
          line: 4,
          data: { key: 'TenantId', expected: 'tenantId', operation: 'Encrypt', location: 'file.ts:3' },
          suggestions: [{ messageId: 'renameKey', output: edit(unknownKeys, '{ TenantId: t }', '{ tenantId: t }') }],
        },
      ],
    },
    {
      // A non-string value: KMS takes string→string maps only.
      code: `${V3}export const a = (p) => client.send(new GenerateDataKeyCommand({ KeyId: 'alias/a', KeySpec: 'AES_256', EncryptionContext: { version: 2 } }));`,
      errors: [{ messageId: 'nonStringValue', line: 3, data: { key: 'version', type: 'a number' }, suggestions: [] }],
    },
    {
      // Booleans and arrays, each reported.
      code: `${V3}export const a = (p) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { archived: true, tags: ['a'] } }));`,
      errors: [
        { messageId: 'nonStringValue', line: 3, data: { key: 'archived', type: 'a boolean' } },
        { messageId: 'nonStringValue', line: 3, data: { key: 'tags', type: 'an array' } },
      ],
    },
    {
      // null: the SDK drops the pair.
      code: `${V3}export const a = (x) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: x, EncryptionContext: { tenantId: null } }));`,
      errors: [{ messageId: 'nullValue', line: 3, data: { key: 'tenantId' } }],
    },
    {
      // A number through a const, and an object, on their own lines.
      code: `${V3}const FORMAT = 3;\nexport const a = (p) => client.send(new EncryptCommand({\n  KeyId: 'alias/a',\n  Plaintext: p,\n  EncryptionContext: {\n    format: FORMAT,\n    owner: { id: 'u1' },\n  },\n}));`,
      errors: [
        { messageId: 'nonStringValue', line: 8, data: { key: 'format', type: 'a number' } },
        { messageId: 'nonStringValue', line: 9, data: { key: 'owner', type: 'an object' } },
      ],
    },
    {
      // The decrypt asks for a key the only producer for that KMS key never sets.
      code: unmatchedSet,
      errors: [{ messageId: 'unmatchedKeySet', line: lineOf(unmatchedSet, "EncryptionContext: { tenantId: 'a', documentId"), data: { operation: 'Decrypt', keyId: 'alias/u', keys: '{ documentId, tenantId }', produced: '{ tenantId } at file.ts:3' }, suggestions: [] }],
    },
    {
      // An encrypt without an encryption context is named as such in the message (not as an empty `{  }`).
      code: `${V3}export const seal = (p) => client.send(new EncryptCommand({ KeyId: 'alias/u', Plaintext: p }));\nexport const open = (x) => client.send(new DecryptCommand({ KeyId: 'alias/u', CiphertextBlob: x, EncryptionContext: { tenantId: 'a' } }));`,
      errors: [{ messageId: 'unmatchedKeySet', line: 4, data: { operation: 'Decrypt', keyId: 'alias/u', keys: '{ tenantId }', produced: '{} (no encryption context) at file.ts:3' } }],
    },
    {
      // ReEncrypt: the source side must match what GenerateDataKey produced under the same (const) key id.
      code: reEncryptSource,
      errors: [{ messageId: 'unmatchedKeySet', line: lineOf(reEncryptSource, 'SourceEncryptionContext'), data: { operation: 'ReEncrypt (source)', keyId: 'alias/old', keys: '{ tenantId }', produced: '{ purpose, tenantId } at file.ts:5' } }],
    },
    {
      // Values that differ only in case.
      code: valueCase,
      errors: [{ messageId: 'valueCase', line: 4, data: { value: 'acme', expected: 'Acme', key: 'tenant', keyId: 'alias/quota', location: 'file.ts:3' } }],
    },
    {
      // With checkKeyNames off, a spelling variant shows up as an unmatched key set.
      code: tieSpelling,
      options: [{ checkKeyNames: false }],
      errors: [{ messageId: 'unmatchedKeySet', line: lineOf(tieSpelling, 'tenant_id'), data: { operation: 'Decrypt', keyId: 'alias/docs', keys: '{ documentId, tenant_id }', produced: '{ documentId, tenantId } at file.ts:3' } }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------------------------------
// TypeScript syntax, no type information: still the file scope
// ---------------------------------------------------------------------------------------------------------------------

const tsShared = `${V3}const ctx = { TenantId: 'acme' } as const;
export const a = (p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: ctx }));
export const b = () => client.send(new GenerateDataKeyCommand({ KeyId: 'alias/a', KeySpec: 'AES_256', EncryptionContext: { TenantId: 'acme' } satisfies Record<string, string> }));
export const c = (x: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: x, EncryptionContext: { tenantId: 'acme' } as Record<string, string> }));`;

const tsClass = `${V3}export class Store {
  private readonly kms = new KMSClient({});
  seal(p: Uint8Array, attempt: number) {
    return this.kms.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: { attempt: 1 as number, who: String(attempt) } }));
  }
}`;

tsTester.run('consistent-encryption-context (TypeScript syntax)', rule, {
  valid: [
    // The reviewer's case with type annotations (no type information): still one spelling per key.
    perKeySpellings.replace('a(tenantId, p, b)', 'a(tenantId: string, p: Uint8Array, b: Uint8Array)'),
    `${V3}const ctx: Record<string, string> = { tenantId: 't' };
export const a = (p: Uint8Array) => client.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: ctx }));
export const b = (x: Uint8Array) => client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: x, EncryptionContext: { tenantId: 't' }! }));`,
    `${V3}export async function open(ctx: Record<string, string>, x: Uint8Array) { return client.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: x, EncryptionContext: ctx })); }`,
  ],
  invalid: [
    {
      // `as const` / `satisfies` / `as` wrappers; a context object shared by two calls counts once (still 2 : 1).
      code: tsShared,
      errors: [{ messageId: 'keySpelling', line: lineOf(tsShared, 'tenantId'), data: { key: 'tenantId', expected: 'TenantId', operation: 'Encrypt', location: 'file.ts:3', keyId: 'alias/a' }, suggestions: [{ messageId: 'renameKey', output: edit(tsShared, "{ tenantId: 'acme' }", "{ TenantId: 'acme' }") }] }],
    },
    {
      code: tsClass,
      errors: [{ messageId: 'nonStringValue', line: lineOf(tsClass, 'attempt: 1'), data: { key: 'attempt', type: 'a number' } }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------------------------------
// Typed: the whole program is the scope (fixtures/consistent-encryption-context)
// ---------------------------------------------------------------------------------------------------------------------

const TYPED = "import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';\nimport { DOCS_KEY, SECRETS_KEY } from './config.js';\nconst kms = new KMSClient({});\n";

const crossFileSpelling = `${TYPED}export const open = (t: string, d: string, b: Uint8Array) => kms.send(new DecryptCommand({ KeyId: DOCS_KEY, CiphertextBlob: b, EncryptionContext: { tenantId: t, documentId: d } }));`;
const crossFileSet = `${TYPED}export const open = (t: string, d: string, b: Uint8Array) =>
  kms.send(new DecryptCommand({
    KeyId: DOCS_KEY,
    CiphertextBlob: b,
    EncryptionContext: { TenantId: t, docId: d },
  }));`;
const crossFileValue = `${TYPED}export const open = (t: string, b: Uint8Array) => kms.send(new DecryptCommand({ KeyId: SECRETS_KEY, CiphertextBlob: b, EncryptionContext: { TenantId: t, tier: 'gold' } }));`;
/** The reviewer's case, typed, in one file. */
const typedPerKey = `import { KMSClient, EncryptCommand, DecryptCommand } from '@aws-sdk/client-kms';
const kms = new KMSClient({});
export async function a(tenantId: string, p: Uint8Array, b: Uint8Array) {
  await kms.send(new EncryptCommand({ KeyId: 'alias/service-a', Plaintext: p, EncryptionContext: { tenantId } }));
  await kms.send(new DecryptCommand({ KeyId: 'alias/service-a', CiphertextBlob: b, EncryptionContext: { tenantId } }));
  await kms.send(new EncryptCommand({ KeyId: 'alias/partner-b', Plaintext: p, EncryptionContext: { tenant_id: tenantId } }));
  await kms.send(new DecryptCommand({ KeyId: 'alias/partner-b', CiphertextBlob: b, EncryptionContext: { tenant_id: tenantId } }));
}`;
/** The two-file variant: service-a here, partner-b in partner.ts. */
const typedServiceA = `import { KMSClient, EncryptCommand, DecryptCommand } from '@aws-sdk/client-kms';
const kms = new KMSClient({});
export async function a(tenantId: string, p: Uint8Array, b: Uint8Array) {
  await kms.send(new EncryptCommand({ KeyId: 'alias/service-a', Plaintext: p, EncryptionContext: { tenantId } }));
  await kms.send(new DecryptCommand({ KeyId: 'alias/service-a', CiphertextBlob: b, EncryptionContext: { tenantId } }));
}`;
/** A Decrypt for partner.ts's key (imported const) with this file's spelling. */
const typedPartnerMismatch = `import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';
import { PARTNER_B_KEY } from './partner.js';
const kms = new KMSClient({});
export const open = (tenantId: string, b: Uint8Array) => kms.send(new DecryptCommand({ KeyId: PARTNER_B_KEY, CiphertextBlob: b, EncryptionContext: { tenantId } }));`;
const typedReceiver = `import type { KMS } from '@aws-sdk/client-kms';
import { DOCS_KEY } from './config.js';
export const open = (kms: KMS, b: Uint8Array) => kms.decrypt({ KeyId: DOCS_KEY, CiphertextBlob: b, EncryptionContext: { TenantId: 't' } });`;

programTester.run('consistent-encryption-context (typed, program-wide)', rule, {
  valid: [
    // Matches store.ts's GenerateDataKey for DOCS_KEY exactly.
    `${TYPED}export const open = (t: string, d: string, b: Uint8Array) => kms.send(new DecryptCommand({ KeyId: DOCS_KEY, CiphertextBlob: b, EncryptionContext: { TenantId: t, documentId: d } }));`,
    // Same value, same case as store.ts's Encrypt for SECRETS_KEY.
    `${TYPED}export const open = (t: string, b: Uint8Array) => kms.send(new DecryptCommand({ KeyId: SECRETS_KEY, CiphertextBlob: b, EncryptionContext: { TenantId: t, tier: 'Gold' } }));`,
    // A key id we cannot know.
    `${TYPED}export const open = (key: string, b: Uint8Array) => kms.send(new DecryptCommand({ KeyId: key, CiphertextBlob: b, EncryptionContext: { TenantId: 'x', somethingElse: 'y' } }));`,
    // The reviewer's case in one file: one spelling per key, whatever partner.ts and store.ts spell for their keys.
    typedPerKey,
    // The two-file variant: partner.ts's `tenant_id` (its own key, four times) does not outvote `tenantId` here.
    typedServiceA,
    // A key no file of the program encrypts under.
    `${TYPED}export const open = (b: Uint8Array) => kms.send(new DecryptCommand({ KeyId: 'alias/partner', CiphertextBlob: b, EncryptionContext: { TenantId: 'x', partner: 'p' } }));`,
  ],
  invalid: [
    {
      // Decrypt here, GenerateDataKey in store.ts: `TenantId` there, `tenantId` here (partner.ts's `tenant_id`, for
      // another key, does not count).
      code: crossFileSpelling,
      errors: [
        {
          messageId: 'keySpelling',
          line: 4,
          data: { key: 'tenantId', expected: 'TenantId', operation: 'GenerateDataKey', location: `${STORE}:8`, keyId: 'alias/docs' },
          suggestions: [{ messageId: 'renameKey', output: edit(crossFileSpelling, 'tenantId: t', 'TenantId: t') }],
        },
      ],
    },
    {
      // A Decrypt for partner.ts's key with another spelling than partner.ts's Encrypts: reported here, naming one.
      code: typedPartnerMismatch,
      errors: [
        {
          messageId: 'keySpelling',
          line: 4,
          data: { key: 'tenantId', expected: 'tenant_id', operation: 'Encrypt', location: `${PARTNER}:13`, keyId: 'alias/partner-b' },
          suggestions: [{ messageId: 'renameKey', output: edit(typedPartnerMismatch, '{ tenantId }', '{ tenant_id: tenantId }') }],
        },
      ],
    },
    {
      // The only producer for DOCS_KEY (store.ts) sets { TenantId, documentId }.
      code: crossFileSet,
      errors: [
        {
          messageId: 'unmatchedKeySet',
          line: lineOf(crossFileSet, 'EncryptionContext'),
          data: { operation: 'Decrypt', keyId: 'alias/docs', keys: '{ TenantId, docId }', produced: `{ TenantId, documentId } at ${STORE}:8` },
          suggestions: [],
        },
      ],
    },
    {
      // store.ts encrypts under SECRETS_KEY with tier 'Gold'.
      code: crossFileValue,
      errors: [{ messageId: 'valueCase', line: 4, data: { value: 'gold', expected: 'Gold', key: 'tier', location: `${STORE}:12`, keyId: 'alias/secrets' } }],
    },
    {
      // A client received as a parameter is recognised by its type.
      code: typedReceiver,
      errors: [{ messageId: 'unmatchedKeySet', line: 3, data: { operation: 'Decrypt', keyId: 'alias/docs', keys: '{ TenantId }', produced: `{ TenantId, documentId } at ${STORE}:8` } }],
    },
    {
      // A non-string value, also reported with type information.
      code: `${TYPED}export const open = (b: Uint8Array) => kms.send(new DecryptCommand({ KeyId: 'alias/partner', CiphertextBlob: b, EncryptionContext: { TenantId: 't', version: 2 as unknown as string } }));`,
      errors: [{ messageId: 'nonStringValue', line: 4, data: { key: 'version', type: 'a number' } }],
    },
  ],
});
