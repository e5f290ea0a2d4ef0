import rule, { type MessageId, type Options } from '../../src/rules/require-commitment-policy.js';
import { columnOf, plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/** One header line; snippets start on line 2. */
const CLIENT = "import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';";
const lines = (...parts: string[]): string => parts.join('\n');

interface Case {
  readonly code: string;
  readonly errors: readonly { readonly messageId: MessageId; readonly line: number; readonly column: number }[];
  readonly options?: Options;
}

/** One report of `messageId` on the `needle` of `line`. */
function at(code: string, messageId: MessageId, line: number, needle: string, options?: Options): Case {
  return { code, errors: [{ messageId, line, column: columnOf(code, line, needle) }], ...(options ? { options } : {}) };
}

const invalidCases: Case[] = [
  // Directly, and the client encrypts.
  at(lines(CLIENT, 'export const { encrypt, decrypt } = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);'), 'forbidEncrypt', 2, 'buildClient('),
  // As the string the enum holds.
  at(lines(CLIENT, "export const client = buildClient('FORBID_ENCRYPT_ALLOW_DECRYPT');"), 'forbidEncrypt', 2, 'buildClient('),
  // Through a const.
  at(lines(CLIENT, 'const policy = CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT;', 'export const client = buildClient(policy);'), 'forbidEncrypt', 3, 'buildClient('),
  // In an options object, through a shorthand property.
  at(lines(CLIENT, 'const commitmentPolicy = CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT;', 'export const client = buildClient({ commitmentPolicy, maxEncryptedDataKeys: 1 });'), 'forbidEncrypt', 3, 'buildClient('),
  // A comment that says otherwise: the code decides.
  at(lines(CLIENT, '// REQUIRE_ENCRYPT_REQUIRE_DECRYPT (key commitment on)', 'export const client = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);'), 'forbidEncrypt', 3, 'buildClient('),
  // The split package, under another import name.
  at(lines("import { buildEncrypt as makeEncrypt } from '@aws-crypto/encrypt-node'; import { CommitmentPolicy as CP } from '@aws-crypto/material-management-node';", 'export const { encrypt } = makeEncrypt(CP.FORBID_ENCRYPT_ALLOW_DECRYPT);'), 'forbidEncrypt', 2, 'makeEncrypt('),
  // FORBID even on a decrypt-only client: REQUIRE_ENCRYPT_ALLOW_DECRYPT reads the same messages.
  at(lines("import { buildDecrypt } from '@aws-crypto/decrypt-node';", "export const { decrypt } = buildDecrypt({ commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT' });"), 'forbidEncrypt', 2, 'buildDecrypt('),
  // The migration policy on a client that also encrypts.
  at(lines(CLIENT, 'export const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);'), 'allowDecrypt', 2, 'buildClient('),
  // Both destructured and encrypt used.
  at(lines(CLIENT, 'const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);', 'export const seal = (keyring, data) => encrypt(keyring, data);'), 'allowDecrypt', 2, 'buildClient('),
  // The migration policy on a client whose use is not visible (exported whole).
  at(lines(CLIENT, 'export const client = buildClient({ commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT });'), 'allowDecrypt', 2, 'buildClient('),
  // The migration policy on a decrypt-only client when the exception is switched off.
  at(lines(CLIENT, 'const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);', 'export const open = (k, c) => decrypt(k, c);'), 'allowDecrypt', 2, 'buildClient(', [{ allowDecryptOnlyClients: false }]),
  // Methods read from a variable: encryptStream writes messages.
  at(lines(CLIENT, 'const client = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);', 'export const seal = (k) => client.encryptStream(k, {});'), 'allowDecrypt', 2, 'buildClient('),
  // A reserved context key in encrypt.
  at(
    lines(CLIENT, 'const { encrypt } = buildClient();', "const keyring = new KmsKeyringNode({ generatorKeyId: 'alias/archive' });", "export const seal = (data) => encrypt(keyring, data, { encryptionContext: { 'aws-crypto-tier': 'gold' } });"),
    'reservedContextKey',
    4,
    "'aws-crypto-tier'",
  ),
  // …through a const context, in encryptStream.
  at(
    lines(CLIENT, 'const { encryptStream } = buildClient();', "const encryptionContext = { tenant: 't1', 'aws-crypto-public-key': 'mine' };", 'export const seal = (keyring) => encryptStream(keyring, { encryptionContext });'),
    'reservedContextKey',
    3,
    "'aws-crypto-public-key'",
  ),
];

const validCases: { code: string; options?: Options }[] = [
  // The default, with no argument (REQUIRE_ENCRYPT_REQUIRE_DECRYPT in the ESDK source).
  { code: lines(CLIENT, 'export const { encrypt, decrypt } = buildClient();') },
  // Explicitly.
  { code: lines(CLIENT, 'export const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);') },
  // An options object without the member: the default applies.
  { code: lines(CLIENT, 'export const client = buildClient({ maxEncryptedDataKeys: 1 });') },
  // The migration policy, allowed.
  { code: lines(CLIENT, 'export const client = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);'), options: [{ allowMigration: true }] },
  // A Cognito custom sender: decrypt only, with the migration policy.
  { code: lines(CLIENT, 'const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);', 'export const handler = async (event, keyring) => decrypt(keyring, Buffer.from(event.request.code, "base64"));') },
  // `encrypt` destructured but never used (as AWS's Cognito sample does; found in a real project): decrypt only.
  { code: lines(CLIENT, 'const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);', 'export const handler = async (event, keyring) => decrypt(keyring, event.code);') },
  // The split decrypt package with the migration policy: it cannot encrypt.
  { code: lines("import { buildDecrypt, CommitmentPolicy } from '@aws-crypto/decrypt-node';", 'export const { decryptStream } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);') },
  // Decrypt-only through a variable's members.
  { code: lines(CLIENT, 'const client = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);', 'export const open = (k, c) => client.decrypt(k, c);') },
  // The policy is not known here.
  { code: lines(CLIENT, 'export const make = (policy) => buildClient(policy);') },
  // A comment names the weak policy; the code does not use it.
  { code: lines(CLIENT, '// was: CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT', 'export const client = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);') },
  // A spread that may carry another policy: unknown.
  { code: lines(CLIENT, "export const make = (extra) => buildClient({ commitmentPolicy: 'FORBID_ENCRYPT_ALLOW_DECRYPT', ...extra });") },
  // Not the Encryption SDK.
  { code: lines("import { buildClient } from './my-client';", "export const client = buildClient('FORBID_ENCRYPT_ALLOW_DECRYPT');") },
  // Context keys that only resemble the prefix.
  { code: lines(CLIENT, 'const { encrypt } = buildClient();', "export const seal = (keyring, data) => encrypt(keyring, data, { encryptionContext: { 'aws-cryptography': 'x', awsCryptoTier: 'y' } });") },
  // The reserved-key check switched off.
  { code: lines(CLIENT, 'const { encrypt } = buildClient();', "export const seal = (keyring, data) => encrypt(keyring, data, { encryptionContext: { 'aws-crypto-tier': 'gold' } });"), options: [{ checkReservedContextKeys: false }] },
];

plainJsTester.run('require-commitment-policy (plain JS)', rule, {
  valid: [
    ...validCases,
    // CommonJS require, default policy.
    "const { buildClient } = require('@aws-crypto/client-node');\nexports.client = buildClient();",
  ],
  invalid: [
    ...invalidCases,
    // CommonJS require of the namespace.
    at("const sdk = require('@aws-crypto/client-node');\nexports.client = sdk.buildClient(sdk.CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);", 'forbidEncrypt', 2, 'sdk.buildClient('),
  ],
});

tsTester.run('require-commitment-policy (TypeScript syntax)', rule, {
  valid: [...validCases, { code: lines(CLIENT, 'export const client = buildClient(<CommitmentPolicy>CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);') }],
  invalid: [...invalidCases, at(lines(CLIENT, 'export const client = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT as CommitmentPolicy);'), 'forbidEncrypt', 2, 'buildClient(')],
});

typedTester.run('require-commitment-policy (typed)', rule, {
  valid: validCases,
  invalid: invalidCases,
});
