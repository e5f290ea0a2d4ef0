/**
 * SSE-KMS without an S3 Bucket Key: object-level requests (PutObject, CopyObject, CreateMultipartUpload in any SDK
 * style, lib-storage `Upload` params), PutBucketEncryption rules and CDK `Bucket`s that ask for SSE-KMS with the
 * bucket-key flag absent or `false`. Without a Bucket Key S3 calls KMS for every object it encrypts or decrypts (KMS
 * request charges, the shared KMS quota); an object-level request without the flag inherits the bucket's setting
 * (S3 User Guide, "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys":
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html). Directory buckets (`--x-s3`) always use
 * Bucket Keys and are left out. The member names are catalogue data (`catalog/sdk.ts`).
 */
import type { TSESTree } from '../util/ts-eslint.js';
import { CDK_BUCKET_SSE, S3_BUCKET_SSE, getOperationSpec } from './catalog/sdk.js';
import type { CallSite, FileAnalysis, StaticValue } from './model.js';
import { getBooleanFlag, getCdkEncryptionKinds, getS3EncryptionKinds, type EncryptionKind } from './s3-encryption.js';
import { lookupProperty, toStringValueIfString } from './values.js';

/** S3 operations whose request can ask for SSE-KMS per object (S3 API Reference; KMS-FACTS "Amazon S3"). */
const OBJECT_LEVEL_OPERATIONS: ReadonlySet<string> = new Set(['PutObject', 'CopyObject', 'CreateMultipartUpload']);

/** Where SSE-KMS is asked for: one object request, a bucket's default encryption rule, a CDK `Bucket`. */
export type BucketKeyLevel = 'object' | 'bucket-default' | 'cdk-bucket';

/**
 * An edit that turns the Bucket Key on, when it is plainly right: `insert-after` adds `member: true` after `property`
 * (the setting that asks for SSE-KMS); `replace` replaces `property` (`member: false`) with `member: true`.
 */
export interface BucketKeyEdit {
  readonly kind: 'insert-after' | 'replace';
  readonly property: TSESTree.Property;
}

/** One SSE-KMS setting without a Bucket Key. */
export interface BucketKeyProblem {
  /** `missing`: the flag is absent; `disabled`: it is `false`. */
  readonly kind: 'missing' | 'disabled';
  readonly level: BucketKeyLevel;
  /** Where to report: the call, or (bucket default) the rule entry. */
  readonly node: TSESTree.Node;
  /** The flag's member name: `BucketKeyEnabled`, `bucketKeyEnabled`. */
  readonly member: string;
  /** Object level: the operation as a message names it (`PutObject`, `lib-storage Upload (PutObject)`). CDK: how KMS is asked for. */
  readonly description: string;
  readonly edit: BucketKeyEdit | undefined;
}

/** Options of {@link getBucketKeyProblems}. */
export interface BucketKeyOptions {
  /** Whether object-level requests are checked (false: bucket-level configuration only). */
  readonly checkObjectLevel: boolean;
}

/** The file's SSE-KMS settings whose Bucket Key is definitely absent or off, in call-site order. */
export function getBucketKeyProblems(analysis: FileAnalysis, options: BucketKeyOptions): BucketKeyProblem[] {
  const problems: BucketKeyProblem[] = [];
  const seenRules = new Set<TSESTree.Node>();
  for (const site of analysis.callSites) {
    if (site.service === 's3' && isDirectoryBucketRequest(site.input)) continue;
    if (site.service === 's3' && OBJECT_LEVEL_OPERATIONS.has(site.operation)) {
      if (options.checkObjectLevel) addObjectProblem(problems, analysis, site);
    } else if (site.service === 's3' && site.operation === 'PutBucketEncryption') {
      addBucketDefaultProblems(problems, analysis, site, seenRules);
    } else if (site.service === 'cdk-s3' && site.operation === 'Bucket') {
      addCdkBucketProblem(problems, analysis, site);
    }
  }
  return problems;
}

/**
 * The problem of one setting, if any: `flag` is the bucket-key lookup, `anchor` the property that asks for SSE-KMS,
 * `editable` whether the request is an object literal the edit can change.
 */
function getProblem(
  flag: ReturnType<typeof lookupProperty>,
  kinds: readonly EncryptionKind[],
  anchor: TSESTree.Property | undefined,
  editable: boolean,
  base: Pick<BucketKeyProblem, 'level' | 'node' | 'member' | 'description'>,
): BucketKeyProblem | undefined {
  const state = getBooleanFlag(flag);
  if (state === 'absent') {
    // Adding the flag to a request whose other paths use AES256 or DSSE-KMS would not be right for them.
    const onlyKms = kinds.every((kind) => kind === 'kms');
    return { ...base, kind: 'missing', edit: onlyKms && editable && anchor ? { kind: 'insert-after', property: anchor } : undefined };
  }
  if (state === 'false' && flag.state === 'present') {
    return { ...base, kind: 'disabled', edit: editable && flag.propertyNode ? { kind: 'replace', property: flag.propertyNode } : undefined };
  }
  return undefined;
}

/** PutObject / CopyObject / CreateMultipartUpload in any SDK style, lib-storage `Upload` params, v2 `upload`. */
function addObjectProblem(problems: BucketKeyProblem[], analysis: FileAnalysis, site: CallSite): void {
  const members = getOperationSpec('s3', site.operation)?.sse;
  if (!members) return;
  const sse = lookupProperty(site.input, members.algorithmMember);
  if (sse.state !== 'present') return;
  const kinds = getS3EncryptionKinds(sse.value, analysis.evaluator);
  if (!kinds?.includes('kms')) return;
  const description = site.style === 'lib-storage' ? 'lib-storage Upload (PutObject)' : site.operation;
  const flag = lookupProperty(site.input, members.bucketKeyMember);
  const problem = getProblem(flag, kinds, sse.propertyNode, site.input.kind === 'object', { level: 'object', node: site.node, member: members.bucketKeyMember, description });
  if (problem) problems.push(problem);
}

/** Each `ServerSideEncryptionConfiguration.Rules[]` entry of PutBucketEncryption, placed at the entry (once per entry). */
function addBucketDefaultProblems(problems: BucketKeyProblem[], analysis: FileAnalysis, site: CallSite, seenRules: Set<TSESTree.Node>): void {
  const configuration = lookupProperty(site.input, S3_BUCKET_SSE.configurationMember);
  if (configuration.state !== 'present') return;
  const rules = lookupProperty(configuration.value, S3_BUCKET_SSE.rulesMember);
  if (rules.state !== 'present') return;
  for (const entry of getArrayElements(rules.value)) {
    if (entry.kind !== 'object' || !entry.node || seenRules.has(entry.node)) continue;
    const byDefault = lookupProperty(entry, S3_BUCKET_SSE.defaultMember);
    if (byDefault.state !== 'present') continue;
    const algorithm = lookupProperty(byDefault.value, S3_BUCKET_SSE.algorithmMember);
    if (algorithm.state !== 'present') continue;
    const kinds = getS3EncryptionKinds(algorithm.value, analysis.evaluator);
    if (!kinds?.includes('kms')) continue;
    const flag = lookupProperty(entry, S3_BUCKET_SSE.bucketKeyMember);
    const problem = getProblem(flag, kinds, byDefault.propertyNode, true, { level: 'bucket-default', node: entry.node, member: S3_BUCKET_SSE.bucketKeyMember, description: 'PutBucketEncryption' });
    if (!problem) continue;
    seenRules.add(entry.node);
    problems.push(problem);
  }
}

/** CDK `new s3.Bucket(scope, id, { encryption: KMS | KMS_MANAGED })`, or `encryptionKey` alone (which implies KMS). */
function addCdkBucketProblem(problems: BucketKeyProblem[], analysis: FileAnalysis, site: CallSite): void {
  const encryption = lookupProperty(site.input, CDK_BUCKET_SSE.algorithmMember);
  let kinds: EncryptionKind[] | undefined;
  let anchor: TSESTree.Property | undefined;
  let description: string;
  if (encryption.state === 'present') {
    kinds = getCdkEncryptionKinds(encryption.value, analysis.evaluator);
    anchor = encryption.propertyNode;
    description = 'BucketEncryption.KMS or KMS_MANAGED';
  } else if (encryption.state === 'absent' && encryption.paths === 'all') {
    // aws-cdk-lib Bucket: `encryption` defaults to KMS when `encryptionKey` is given.
    const key = lookupProperty(site.input, CDK_BUCKET_SSE.keyMember);
    if (key.state !== 'present') return;
    kinds = ['kms'];
    anchor = key.propertyNode;
    description = 'implied by encryptionKey';
  } else {
    return;
  }
  if (!kinds?.includes('kms')) return;
  const flag = lookupProperty(site.input, CDK_BUCKET_SSE.bucketKeyMember);
  const problem = getProblem(flag, kinds, anchor, site.input.kind === 'object', { level: 'cdk-bucket', node: site.node, member: CDK_BUCKET_SSE.bucketKeyMember, description });
  if (problem) problems.push(problem);
}

/**
 * True when the request's `Bucket` is known to be a directory bucket (S3 Express One Zone: names end in `--x-s3`),
 * where S3 Bucket Keys are always on and cannot be disabled (S3 API Reference, `BucketKeyEnabled`).
 */
export function isDirectoryBucketRequest(input: StaticValue): boolean {
  const bucket = lookupProperty(input, 'Bucket');
  if (bucket.state !== 'present') return false;
  const options = bucket.value.kind === 'union' ? bucket.value.options : [bucket.value];
  return options.every((option) => toStringValueIfString(option)?.endsWith('--x-s3') === true);
}

/** The known elements of an array value (every array option of a union); unknown parts are skipped. */
function getArrayElements(value: StaticValue): StaticValue[] {
  const options = value.kind === 'union' ? value.options : [value];
  return options.flatMap((option) => (option.kind === 'array' ? option.elements : []));
}
