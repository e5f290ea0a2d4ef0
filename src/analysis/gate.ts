/**
 * The cost gate (issue 7, "Cost gate"): one cheap scan of a file's text that decides whether the file can contain
 * anything the analysis looks for. A file that fails it gets an empty model, and nothing — neither the AST walks nor
 * the TypeScript checker — is asked about it.
 *
 * The gate errs toward "candidate": a false candidate only costs the normal analysis, while a file wrongly excluded
 * loses every finding in it. So the scan matches loose tokens anywhere in the text (comments and strings included),
 * case-insensitively:
 * - names that every AWS SDK, Encryption SDK, CDK and crypto import or `require` spells: `aws` (`@aws-sdk/*`,
 *   `aws-sdk`, `@aws-crypto/*`, `aws-cdk-lib`, `@aws-cdk/*`), `kms`, `s3`, `crypt` (`crypto`, `node:crypto`,
 *   `encrypt`, `decrypt`, `encryptionContext`), `cipher` (`@noble/ciphers`, `createCipheriv`, `CiphertextBlob`),
 *   `subtle` (WebCrypto);
 * - receiver names of clients a file receives from elsewhere (`this.kms`, `kmsClient`, `s3`, `KMS`) and wrapper calls
 *   that name the service as a string (`provider.request('KMS', 'encrypt', …)`), both through `kms` / `s3`;
 * - the members that request shapes are recognised by (`KeyId`, `SSEKMSKeyId`, `Bucket`, `DataKey`);
 * - every KMS and S3 operation of the catalogue as a whole word, as a method (`client.generateMac(…)`) or a command
 *   class (`new SignCommand(…)`), and any `XCommand` class or `.send(` call, which typed recognition follows to an
 *   SDK class declared in another file.
 *
 * Sources: AWS SDK for JavaScript v3 package names (`@aws-sdk/client-kms`, `@aws-sdk/client-s3`,
 * `@aws-sdk/lib-storage`), AWS Encryption SDK for JavaScript (`@aws-crypto/client-node`), AWS CDK (`aws-cdk-lib`).
 */
import { KMS_OPERATIONS, S3_OPERATIONS, toMethodName } from './sdk-catalog.js';

const SUBSTRINGS = ['aws', 'kms', 's3', 'crypt', 'cipher', 'subtle', 'keyid', 'datakey', 'bucket'];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const OPERATION_WORDS = [...new Set([...KMS_OPERATIONS, ...S3_OPERATIONS].map((spec) => toMethodName(spec.operation).toLowerCase()))];

/** The one precompiled pattern of the gate (case-insensitive; built once from the token lists above). */
const CANDIDATE_PATTERN = new RegExp(
  [
    ...SUBSTRINGS.map(escape),
    `\\b(?:${OPERATION_WORDS.map(escape).join('|')})(?:command)?\\b`,
    'command\\b',
    '\\.\\s*send\\s*\\(',
  ].join('|'),
  'i',
);

/**
 * True when the file's text may contain an AWS KMS / S3 / Encryption SDK / CDK / crypto use, so the analysis must run;
 * false when it certainly contains none of the names the analysis recognises.
 * @param text the file's full source text (`sourceCode.text`)
 * @returns `false` only for files the analysis has nothing to find in; never throws
 */
export function isAnalysisCandidate(text: string): boolean {
  return CANDIDATE_PATTERN.test(text);
}
