/**
 * The cost gate (issue 7, "Cost gate"): one cheap scan of a file's text that decides whether the file can contain
 * anything the analysis looks for. A file that fails it gets an empty model, and nothing — neither the AST walks nor
 * the TypeScript checker — is asked about it.
 *
 * The gate errs toward "candidate": a false candidate only costs the normal analysis, while a file wrongly excluded
 * loses every finding in it. So the scan matches loose tokens anywhere in the text (comments and strings included),
 * in any letter case unless noted:
 * - names that every AWS SDK, Encryption SDK, CDK and crypto import or `require` spells: `aws` (`@aws-sdk/*`,
 *   `aws-sdk`, `@aws-crypto/*`, `aws-cdk-lib`, `@aws-cdk/*`; at a word start, or `Aws`/`AWS` inside a word), `kms`,
 *   `s3` (at a word start, or `S3` anywhere), `crypt` (`crypto`, `node:crypto`,
 *   `encrypt`, `decrypt`, `encryptionContext`), `cipher` (`@noble/ciphers`, `createCipheriv`, `CiphertextBlob`),
 *   `subtle` (WebCrypto);
 * - receiver names of clients a file receives from elsewhere (`this.kms`, `kmsClient`, `s3`, `KMS`) and wrapper calls
 *   that name the service as a string (`provider.request('KMS', 'encrypt', …)`), both through `kms` / `s3`;
 * - the members that request shapes are recognised by (`KeyId`, `SSEKMSKeyId`, `Bucket`, `DataKey`);
 * - every KMS and S3 operation of the catalogue as a whole word, as a method (`client.generateMac(…)`) or a command
 *   class (`new SignCommand(…)`), and any `XCommand` class or `.send(` call, which typed recognition follows to an
 *   SDK class declared in another file (these three as spelled, first letter in either case).
 *
 * Sources: AWS SDK for JavaScript v3 package names (`@aws-sdk/client-kms`, `@aws-sdk/client-s3`,
 * `@aws-sdk/lib-storage`), AWS Encryption SDK for JavaScript (`@aws-crypto/client-node`), AWS CDK (`aws-cdk-lib`).
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { KMS_OPERATIONS, S3_OPERATIONS } from './catalog/sdk.js';

/** A pattern source that matches `word` in any letter case (the gate's one pattern is case-sensitive). */
function anyCase(word: string): string {
  return [...word].map((char) => (/[a-z]/i.test(char) ? `[${char.toLowerCase()}${char.toUpperCase()}]` : char)).join('');
}

/** An operation's method or command name: first letter in either case, the rest as AWS spells it. */
function operationName(operation: string): string {
  return `[${operation.charAt(0).toLowerCase()}${operation.charAt(0)}]${operation.slice(1)}`;
}

const OPERATIONS = [...new Set([...KMS_OPERATIONS, ...S3_OPERATIONS].map((spec) => spec.operation))];

/** The tokens the gate matches in any letter case anywhere in a word (so any text containing one is a candidate). */
const ANY_CASE_TOKENS = ['kms', 'crypt', 'cipher', 'keyid', 'datakey', 'bucket'];

/**
 * The gate's alternatives. In the reference form (`compact: false`) they are as listed in the module comment. The
 * compact form matches the same texts (a text passes one iff it passes the other; a test holds them equal) with less
 * work per character, which matters because every file of a run is scanned (on the bench tree, 400 files of 3 KB,
 * about 4.0 instead of 5.2 ms for all of them):
 * - `(?:Command)?` after an operation is dropped: `OpCommand` passes by `Command\b` anyway;
 * - operations that contain an any-case token (`Encrypt`, `GenerateDataKey`, `PutBucketEncryption`) are dropped:
 *   every spelling the operation alternative accepts contains that token;
 * - the remaining operations are grouped by first letter (`[cC](?:reateKey|reateGrant|…)`), so a position is
 *   tried against one group, not against each operation.
 */
function getAlternatives(compact: boolean): string[] {
  const operations = compact
    ? groupByFirstLetter(OPERATIONS.filter((operation) => !ANY_CASE_TOKENS.some((token) => operation.toLowerCase().includes(token))))
    : `(?:${OPERATIONS.map(operationName).join('|')})(?:Command)?`;
  return [
    // aws at the start of a word (`@aws-sdk`, `aws-cdk-lib`, `AWS.KMS`, `awsConfig`) or capitalised inside one (`getAwsClient`).
    `\\b${anyCase('aws')}`,
    'A[wW][sS]',
    // s3 at the start of a word (`s3`, `this.s3Client`) or upper-case anywhere (`S3Client`, `newS3`); not `summarise3`.
    '\\bs3',
    'S3',
    ...ANY_CASE_TOKENS.map(anyCase),
    `\\b${anyCase('subtle')}`,
    `\\b${operations}\\b`,
    'Command\\b',
    '\\.\\s*send\\s*\\(',
  ];
}

/** `(?:[cC](?:reateKey|opyObject)|[dD](?:escribeKey))`: operation names (first letter in either case) by first letter. */
function groupByFirstLetter(operations: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const operation of operations) {
    const first = operation.charAt(0);
    groups.set(first, [...(groups.get(first) ?? []), operation.slice(1)]);
  }
  return `(?:${[...groups].map(([first, rests]) => `[${first.toLowerCase()}${first.toUpperCase()}](?:${rests.join('|')})`).join('|')})`;
}

/**
 * The gate's one case-sensitive pattern, built from the token lists above.
 * @param compact `true` (what the gate uses) for the equivalent compact form, `false` for the reference form
 */
export function buildCandidatePattern(compact: boolean): RegExp {
  return new RegExp(getAlternatives(compact).join('|'));
}

/** The one precompiled pattern of the gate. */
const CANDIDATE_PATTERN = buildCandidatePattern(true);

/**
 * True when the file's text may contain an AWS KMS / S3 / Encryption SDK / CDK / crypto use, so the analysis must run;
 * false when it certainly contains none of the names the analysis recognises.
 * @param text the file's full source text (`sourceCode.text`)
 * @returns `false` only for files the analysis has nothing to find in; never throws
 */
export function isAnalysisCandidate(text: string): boolean {
  return CANDIDATE_PATTERN.test(text);
}

const verdicts = new WeakMap<object, boolean>();

/**
 * {@link isAnalysisCandidate} of `text`, remembered for `file` so that every asker shares one scan of a file: the
 * rules of the plugin (through `createRule`), the per-file model and the program-wide index.
 * @param file the TypeScript `SourceFile` of the text when it was parsed with type information (the program index
 *   walks the same objects), else an object that lives exactly as long as the text (the ESTree `Program` node)
 * @param text that file's full source text
 * @returns the gate's verdict; never throws
 */
export function isCandidateSource(file: object, text: string): boolean {
  let verdict = verdicts.get(file);
  if (verdict === undefined) {
    verdict = isAnalysisCandidate(text);
    verdicts.set(file, verdict);
  }
  return verdict;
}

/**
 * The object {@link isCandidateSource} remembers a linted file's verdict by: its TypeScript `SourceFile` when the parse
 * has type information (`program.getSourceFile(filename)`, no node-map lookup), else its ESTree `Program` node.
 * @param sourceCode the linted file's `SourceCode`
 * @param filename the linted file's name (`context.filename`)
 */
export function getGateKey(sourceCode: Readonly<TSESLint.SourceCode>, filename: string): object {
  // Every rule asks once per file: `getSourceFile` normalises the path each time, so the answer is kept per SourceCode.
  const known = gateKeys.get(sourceCode);
  if (known && known.filename === filename) return known.key;
  let key: object;
  try {
    key = sourceCode.parserServices?.program?.getSourceFile(filename) ?? sourceCode.ast;
  } catch {
    key = sourceCode.ast;
  }
  gateKeys.set(sourceCode, { filename, key });
  return key;
}

const gateKeys = new WeakMap<object, { readonly filename: string; readonly key: object }>();
