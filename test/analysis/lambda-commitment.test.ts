/**
 * Table-driven tests of the Lambda environment-variable analysis (`lambda.ts`) and the Encryption SDK commitment
 * analysis (`commitment.ts`): each row is a snippet and the summary the analysis gives of it.
 */
import { describe, expect, it } from 'vitest';
import { getControl, getEncryptionSdkClientBuilds, getLambdaEnvDecrypts, getReservedContextKeys } from '../../src/analysis/index.js';
import { analyse } from './harness.js';

const KMS = "import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\n";
const SDK = "import { buildClient, buildDecrypt, CommitmentPolicy } from '@aws-crypto/client-node';\n";

/** `variable context two-attempt per-invocation` for each env-var Decrypt, joined by `; `. */
function summariseLambda(code: string): string {
  return analyse(code, 'js', (analysis) =>
    getLambdaEnvDecrypts(analysis, getControl(analysis))
      .map((record) => [record.variable ?? '?', record.context, record.twoAttempt ? 'two' : 'one', record.perInvocation ? 'each' : 'once', record.namesLambdaContext ? 'console' : 'plain'].join(' '))
      .join('; '),
  );
}

/** `factory policy encrypts [methods]` for each client build, and the reserved keys. */
function summariseCommitment(code: string): string {
  return analyse(code, 'js', (analysis) => {
    const builds = getEncryptionSdkClientBuilds(analysis).map((build) => `${build.factory} ${build.policy ?? 'unknown'}${build.defaulted ? '(default)' : ''} ${build.encrypts} [${build.methods?.join(',') ?? '?'}]`);
    const reserved = getReservedContextKeys(analysis).map((key) => `reserved ${key.key}`);
    return [...builds, ...reserved].join('; ');
  });
}

const lambdaRows: { name: string; code: string; expected: string }[] = [
  { name: 'not an env var', code: `${KMS}export const f = (b) => kms.send(new DecryptCommand({ CiphertextBlob: b }));`, expected: '' },
  { name: 'direct, no context', code: `${KMS}kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(process.env.A, 'base64') }));`, expected: 'A missing one once plain' },
  { name: 'console context', code: `${KMS}kms.send(new DecryptCommand({ CiphertextBlob: process.env.A, EncryptionContext: { LambdaFunctionName: process.env.AWS_LAMBDA_FUNCTION_NAME } }));`, expected: 'A lambda one once console' },
  { name: 'misspelt', code: `${KMS}kms.send(new DecryptCommand({ CiphertextBlob: process.env.A, EncryptionContext: { 'aws:lambda:FunctionName': 'f' } }));`, expected: 'A misspelt one once plain' },
  { name: 'other keys', code: `${KMS}kms.send(new DecryptCommand({ CiphertextBlob: process.env.A, EncryptionContext: { purpose: 'x' } }));`, expected: 'A other one once plain' },
  { name: 'spread context', code: `${KMS}export const f = (c) => kms.send(new DecryptCommand({ CiphertextBlob: process.env.A, EncryptionContext: { ...c } }));`, expected: 'A unknown one once plain' },
  { name: 'computed name', code: `${KMS}export const f = (n) => kms.send(new DecryptCommand({ CiphertextBlob: process.env[n] }));`, expected: '? missing one once plain' },
  {
    name: 'two attempts',
    code: `${KMS}export async function f() { try { return await kms.send(new DecryptCommand({ CiphertextBlob: process.env.A })); } catch { return await kms.send(new DecryptCommand({ CiphertextBlob: process.env.A, EncryptionContext: { LambdaFunctionName: 'f' } })); } }`,
    expected: 'A missing two once console; A lambda one once console',
  },
  { name: 'in the handler', code: `${KMS}export const handler = async () => kms.send(new DecryptCommand({ CiphertextBlob: process.env.A }));`, expected: 'A missing one each plain' },
  { name: 'in a function', code: `${KMS}async function load() { return kms.send(new DecryptCommand({ CiphertextBlob: process.env.A })); }\nexport const handler = async () => load();`, expected: 'A missing one once plain' },
];

const commitmentRows: { name: string; code: string; expected: string }[] = [
  { name: 'no argument', code: `${SDK}export const c = buildClient();`, expected: 'buildClient REQUIRE_ENCRYPT_REQUIRE_DECRYPT(default) unknown [?]' },
  { name: 'options without the member', code: `${SDK}const { decrypt } = buildClient({ maxEncryptedDataKeys: 2 });\ndecrypt();`, expected: 'buildClient REQUIRE_ENCRYPT_REQUIRE_DECRYPT(default) no [decrypt]' },
  { name: 'enum member', code: `${SDK}const { encrypt } = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT);\nencrypt();`, expected: 'buildClient FORBID_ENCRYPT_ALLOW_DECRYPT yes [encrypt]' },
  { name: 'string through a const', code: `${SDK}const p = 'REQUIRE_ENCRYPT_ALLOW_DECRYPT';\nconst c = buildClient({ commitmentPolicy: p });\nc.decryptStream();`, expected: 'buildClient REQUIRE_ENCRYPT_ALLOW_DECRYPT no [decryptStream]' },
  { name: 'a parameter', code: `${SDK}export const make = (p) => buildClient(p);`, expected: 'buildClient unknown unknown [?]' },
  { name: 'buildDecrypt', code: `${SDK}export const d = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);`, expected: 'buildDecrypt REQUIRE_ENCRYPT_ALLOW_DECRYPT no [decrypt,decryptStream,decryptUnsignedMessageStream]' },
  { name: 'unread encrypt', code: `${SDK}const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);\ndecrypt();`, expected: 'buildClient REQUIRE_ENCRYPT_ALLOW_DECRYPT no [decrypt]' },
  {
    name: 'reserved key',
    code: `${SDK}const { encrypt } = buildClient();\nexport const s = (k, d) => encrypt(k, d, { encryptionContext: { 'aws-crypto-x': '1', ok: '2' } });`,
    expected: 'buildClient REQUIRE_ENCRYPT_REQUIRE_DECRYPT(default) yes [encrypt]; reserved aws-crypto-x',
  },
];

describe('lambda.ts: getLambdaEnvDecrypts', () => {
  for (const row of lambdaRows) it(row.name, () => expect(summariseLambda(row.code)).toBe(row.expected));
});

describe('commitment.ts: getEncryptionSdkClientBuilds, getReservedContextKeys', () => {
  for (const row of commitmentRows) it(row.name, () => expect(summariseCommitment(row.code)).toBe(row.expected));
});
