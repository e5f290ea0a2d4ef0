import rule from '../../src/rules/require-grant-constraints.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

const V3 = "import { KMSClient, CreateGrantCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});";
const V2 = "import AWS from 'aws-sdk';\nconst kms = new AWS.KMS();";
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const lines = (...parts: string[]): string => parts.join('\n');

interface Style {
  readonly header: string;
  /** A CreateGrant statement with `members` after KeyId and GranteePrincipal; the site starts at `column`. */
  readonly grant: (members: string) => string;
  readonly column: number;
  readonly b: (expression: string) => string;
}
const request = (members: string, b: Style['b']): string => `{ KeyId: '${KEY}', GranteePrincipal: ${b('role')}, ${members} }`;
const v3 = (b: Style['b']): Style => ({ header: V3, grant: (members) => `await kms.send(new CreateGrantCommand(${request(members, b)}));`, column: 16, b });
const v2 = (b: Style['b']): Style => ({ header: V2, grant: (members) => `await kms.createGrant(${request(members, b)}).promise();`, column: 7, b });
const none = (expression: string): string => expression;
const bang = (expression: string): string => `${expression}!`;

/** `count` distinct context pairs `{ k1: 'v1', … }`. */
const pairs = (count: number): string => `{ ${Array.from({ length: count }, (_, index) => `k${index + 1}: 'v${index + 1}'`).join(', ')} }`;

type MessageId = 'missingConstraints' | 'tooManyPairs';
interface Case {
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly messageId: MessageId;
}

function invalidCases(s: Style): Case[] {
  const at = (code: string, messageId: MessageId = 'missingConstraints', line = 3, column = s.column): Case => ({ code, line, column, messageId });
  return [
    at(lines(s.header, s.grant("Operations: ['Decrypt']"))),
    at(lines(s.header, s.grant("Operations: ['Encrypt', 'Decrypt', 'GenerateDataKey']"))),
    at(lines(s.header, s.grant("Operations: ['ReEncryptFrom', 'ReEncryptTo']"))),
    // A constraint object with neither member constrains nothing.
    at(lines(s.header, s.grant("Operations: ['Decrypt'], Constraints: {}"))),
    at(lines(s.header, "const OPS = ['GenerateDataKeyWithoutPlaintext'];", s.grant('Operations: OPS')), 'missingConstraints', 4),
    // DescribeKey alongside a context-taking operation.
    at(lines(s.header, s.grant("Operations: ['DescribeKey', 'Decrypt'], RetiringPrincipal: 'arn:aws:iam::111122223333:role/ops'"))),
    at(lines(s.header, s.grant("Operations: ['GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext']"))),
    // The operations reach the request through a helper's parameter, from its one call in the file.
    at(lines(s.header, 'function grantFor(ops) {', `  return ${s.grant('Operations: ops').replace('await ', '')}`, '}', "grantFor(['Encrypt']);"), 'missingConstraints', 4, s.column + 3),
    // More than 8 pairs.
    at(lines(s.header, s.grant(`Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: ${pairs(9)} }`)), 'tooManyPairs'),
    at(lines(s.header, s.grant(`Operations: ['Decrypt', 'Encrypt'], Constraints: { EncryptionContextSubset: ${pairs(12)} }`)), 'tooManyPairs'),
    at(lines(s.header, `const CONTEXT = ${pairs(9)};`, s.grant("Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: CONTEXT }")), 'tooManyPairs', 4),
  ];
}

function validCases(s: Style): string[] {
  return [
    lines(s.header, s.grant(`Operations: ['Decrypt', 'GenerateDataKey'], Constraints: { EncryptionContextSubset: { tenantId: ${s.b('tenantId')} } }`)),
    lines(s.header, s.grant(`Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: ${pairs(8)} }`)),
    // Operations that take no encryption context.
    lines(s.header, s.grant("Operations: ['Sign', 'Verify', 'GetPublicKey']")),
    lines(s.header, s.grant("Operations: ['GenerateMac', 'VerifyMac']")),
    lines(s.header, s.grant("Operations: ['DescribeKey', 'RetireGrant']")),
    // Operations not known.
    lines(s.header, s.grant(`Operations: ${s.b('operations')}`)),
    lines(s.header, s.grant(`Operations: [...${s.b('operations')}, 'Sign']`)),
    // Constraints not known, or only on some paths.
    lines(s.header, s.grant(`Operations: ['Decrypt'], Constraints: ${s.b('constraints')}`)),
    lines(s.header, s.grant(`Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: ${s.b('context')} }`)),
    lines(s.header, s.grant(`Operations: ['Decrypt'], ...(${s.b('scoped')} ? { Constraints: { EncryptionContextSubset: { a: 'b' } } } : {})`)),
    // The pair count is not known (a spread of unknown size).
    lines(s.header, s.grant(`Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { ...${s.b('context')}, ...${pairs(9).slice(1, -1).replace(/^ /, '{ ').replace(/ $/, ' }')} } }`)),
  ];
}

/** Real code (an AWS License Manager e2e test): another service's CreateGrantCommand is not a KMS grant. */
const LICENSE_MANAGER_GRANT = lines(
  "import { LicenseManagerClient, CreateGrantCommand } from '@aws-sdk/client-license-manager';",
  'const client = new LicenseManagerClient({});',
  "await client.send(new CreateGrantCommand({ GrantName: 'g', LicenseArn: 'arn', Principals: ['p'], HomeRegion: 'us-east-1', AllowedOperations: ['CheckoutLicense'] }));",
);

const toInvalid = ({ line, column, messageId, ...rest }: Case) => ({ ...rest, errors: [{ messageId, line, column }] });
const TS_PRELUDE = 'declare const role: string | undefined, tenantId: string | undefined, operations: any, constraints: any, context: any, scoped: boolean | undefined;';
const withPrelude = (code: string): string => `${code}\n${TS_PRELUDE}`;

plainJsTester.run('require-grant-constraints (plain JS)', rule, {
  valid: [...validCases(v3(none)), ...validCases(v2(none)), LICENSE_MANAGER_GRANT],
  invalid: [...invalidCases(v3(none)), ...invalidCases(v2(none))].map(toInvalid),
});

tsTester.run('require-grant-constraints (TypeScript syntax)', rule, {
  valid: [...validCases(v3(bang)), ...validCases(v2(bang))].map(withPrelude),
  invalid: [...invalidCases(v3(bang)), ...invalidCases(v2(bang))].map(toInvalid).map((item) => ({ ...item, code: withPrelude(item.code) })),
});

typedTester.run('require-grant-constraints (typed)', rule, {
  valid: [...validCases(v3(bang)).map(withPrelude), LICENSE_MANAGER_GRANT],
  invalid: invalidCases(v3(bang)).map(toInvalid).map((item) => ({ ...item, code: withPrelude(item.code) })),
});
