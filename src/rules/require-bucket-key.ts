import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  CDK_BUCKET_SSE,
  S3_BUCKET_SSE,
  getOperationSpec,
  type CallSite,
  type EncryptionKind,
  type FileAnalysis,
  getBooleanFlag,
  getCdkEncryptionKinds,
  getKmsModel,
  getS3EncryptionKinds,
  lookupProperty,
  type StaticValue,
  toStringValueIfString,
} from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Check object-level requests (PutObject, CopyObject, CreateMultipartUpload, lib-storage Upload, v2 upload). */
    checkObjectLevel?: boolean;
  },
];
export type MessageId =
  | 'missingBucketKey'
  | 'bucketKeyDisabled'
  | 'missingBucketKeyInBucketDefault'
  | 'missingBucketKeyOnCdkBucket'
  | 'addBucketKey';

/** S3 operations whose request can ask for SSE-KMS per object (S3 API Reference; KMS-FACTS "Amazon S3"). */
const OBJECT_LEVEL_OPERATIONS: ReadonlySet<string> = new Set(['PutObject', 'CopyObject', 'CreateMultipartUpload']);

export default createRule<Options, MessageId>({
  name: 'require-bucket-key',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require an S3 Bucket Key wherever S3 objects or buckets use SSE-KMS',
      recommended: 'warn',
      benefitsFromTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      missingBucketKey:
        "{{operation}} asks for SSE-KMS (ServerSideEncryption 'aws:kms') without BucketKeyEnabled: true. A request without the flag inherits the destination bucket's Bucket Key setting, so this is fine only if that bucket has S3 Bucket Keys on; otherwise S3 calls KMS for every object, which costs KMS requests and shares the account's KMS quota. Set BucketKeyEnabled: true, or turn Bucket Keys on for the bucket and set checkObjectLevel: false.",
      bucketKeyDisabled:
        '{{member}}: false turns S3 Bucket Keys off for {{target}}, so S3 calls KMS for every object it encrypts or decrypts (KMS request charges and the shared KMS quota). Set it to true unless a key policy or grant must see the object ARN in the encryption context.',
      missingBucketKeyInBucketDefault:
        "This PutBucketEncryption rule makes SSE-KMS ('aws:kms') the bucket default without BucketKeyEnabled: true; Bucket Keys are off by default, so S3 calls KMS for every new object. Set BucketKeyEnabled: true on this rule.",
      missingBucketKeyOnCdkBucket:
        'This CDK Bucket uses SSE-KMS ({{encryption}}) without bucketKeyEnabled: true (the CDK default is false), so S3 calls KMS for every object it encrypts or decrypts. Set bucketKeyEnabled: true.',
      addBucketKey:
        'Set {{member}}: true (the S3 encryption context becomes the bucket ARN instead of the object ARN: check key policies and grants first).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkObjectLevel: {
            type: 'boolean',
            description:
              'Check object-level requests (PutObject, CopyObject, CreateMultipartUpload, lib-storage Upload, SDK v2 upload); false limits the rule to bucket-level configuration (PutBucketEncryption and CDK Bucket).',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkObjectLevel: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        const reported = new Set<TSESTree.Node>();
        for (const site of analysis.callSites) {
          if (site.service === 's3' && isDirectoryBucketRequest(site.input)) continue;
          if (site.service === 's3' && OBJECT_LEVEL_OPERATIONS.has(site.operation)) {
            if (options.checkObjectLevel !== false) checkObjectRequest(context, analysis, site);
          } else if (site.service === 's3' && site.operation === 'PutBucketEncryption') {
            checkBucketDefault(context, analysis, site, reported);
          } else if (site.service === 'cdk-s3' && site.operation === 'Bucket') {
            checkCdkBucket(context, analysis, site);
          }
        }
      },
    };
  },
});

type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;
type Suggestions = TSESLint.SuggestionReportDescriptor<MessageId>[];

/** PutObject / CopyObject / CreateMultipartUpload in any SDK style, lib-storage `Upload` params, v2 `upload`. */
function checkObjectRequest(context: Context, analysis: FileAnalysis, site: CallSite): void {
  const members = getOperationSpec('s3', site.operation)?.sse;
  if (!members) return;
  const sse = lookupProperty(site.input, members.algorithmMember);
  if (sse.state !== 'present') return;
  const kinds = getS3EncryptionKinds(sse.value, analysis.evaluator);
  if (!kinds?.includes('kms')) return;
  const operation = site.style === 'lib-storage' ? 'lib-storage Upload (PutObject)' : site.operation;
  const flag = lookupProperty(site.input, members.bucketKeyMember);
  const state = getBooleanFlag(flag);
  if (state === 'absent') {
    // Adding the flag to a request whose other paths use AES256 or DSSE-KMS would not be right for them.
    const onlyKms = kinds.every((kind) => kind === 'kms');
    context.report({
      node: site.node,
      messageId: 'missingBucketKey',
      data: { operation },
      suggest: onlyKms && site.input.kind === 'object' ? getInsertSuggestion(context, sse.propertyNode, members.bucketKeyMember) : [],
    });
  } else if (state === 'false' && flag.state === 'present') {
    context.report({
      node: site.node,
      messageId: 'bucketKeyDisabled',
      data: { member: members.bucketKeyMember, target: "this object, whatever the bucket's setting" },
      suggest: site.input.kind === 'object' ? getReplaceSuggestion(flag.propertyNode, members.bucketKeyMember) : [],
    });
  }
}

/** Each `ServerSideEncryptionConfiguration.Rules[]` entry of PutBucketEncryption, reported at the entry. */
function checkBucketDefault(context: Context, analysis: FileAnalysis, site: CallSite, reported: Set<TSESTree.Node>): void {
  const configuration = lookupProperty(site.input, S3_BUCKET_SSE.configurationMember);
  if (configuration.state !== 'present') return;
  const rules = lookupProperty(configuration.value, S3_BUCKET_SSE.rulesMember);
  if (rules.state !== 'present') return;
  for (const entry of getArrayElements(rules.value)) {
    if (entry.kind !== 'object' || !entry.node || reported.has(entry.node)) continue;
    const byDefault = lookupProperty(entry, S3_BUCKET_SSE.defaultMember);
    if (byDefault.state !== 'present') continue;
    const algorithm = lookupProperty(byDefault.value, S3_BUCKET_SSE.algorithmMember);
    if (algorithm.state !== 'present') continue;
    const kinds = getS3EncryptionKinds(algorithm.value, analysis.evaluator);
    if (!kinds?.includes('kms')) continue;
    const flag = lookupProperty(entry, S3_BUCKET_SSE.bucketKeyMember);
    const state = getBooleanFlag(flag);
    if (state === 'absent') {
      reported.add(entry.node);
      context.report({
        node: entry.node,
        messageId: 'missingBucketKeyInBucketDefault',
        suggest: kinds.every((kind) => kind === 'kms') ? getInsertSuggestion(context, byDefault.propertyNode, S3_BUCKET_SSE.bucketKeyMember) : [],
      });
    } else if (state === 'false' && flag.state === 'present') {
      reported.add(entry.node);
      context.report({
        node: entry.node,
        messageId: 'bucketKeyDisabled',
        data: { member: S3_BUCKET_SSE.bucketKeyMember, target: 'new objects in this bucket' },
        suggest: getReplaceSuggestion(flag.propertyNode, S3_BUCKET_SSE.bucketKeyMember),
      });
    }
  }
}

/** CDK `new s3.Bucket(scope, id, { encryption: KMS | KMS_MANAGED })`, or `encryptionKey` alone (which implies KMS). */
function checkCdkBucket(context: Context, analysis: FileAnalysis, site: CallSite): void {
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
  const state = getBooleanFlag(flag);
  if (state === 'absent') {
    context.report({
      node: site.node,
      messageId: 'missingBucketKeyOnCdkBucket',
      data: { encryption: description },
      suggest:
        site.input.kind === 'object' && kinds.every((kind) => kind === 'kms')
          ? getInsertSuggestion(context, anchor, CDK_BUCKET_SSE.bucketKeyMember)
          : [],
    });
  } else if (state === 'false' && flag.state === 'present') {
    context.report({
      node: site.node,
      messageId: 'bucketKeyDisabled',
      data: { member: CDK_BUCKET_SSE.bucketKeyMember, target: 'this bucket' },
      suggest: site.input.kind === 'object' ? getReplaceSuggestion(flag.propertyNode, CDK_BUCKET_SSE.bucketKeyMember) : [],
    });
  }
}

/**
 * True when the request's `Bucket` is known to be a directory bucket (S3 Express One Zone: names end in `--x-s3`),
 * where S3 Bucket Keys are always on and cannot be disabled (S3 API Reference, `BucketKeyEnabled`).
 */
function isDirectoryBucketRequest(input: StaticValue): boolean {
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

/**
 * Inserts `member: true` right after `property` (the setting that turns SSE-KMS on), on its own line with the same
 * indentation when the property starts a line, so an existing trailing comma stays valid.
 */
function getInsertSuggestion(context: Context, property: TSESTree.Property | undefined, member: string): Suggestions {
  if (!property) return [];
  const sourceCode = context.sourceCode;
  const lineStart = sourceCode.getIndexFromLoc({ line: property.loc.start.line, column: 0 });
  const before = sourceCode.text.slice(lineStart, property.range[0]);
  const text = /^\s*$/.test(before) ? `,\n${before}${member}: true` : `, ${member}: true`;
  return [{ messageId: 'addBucketKey', data: { member }, fix: (fixer) => fixer.insertTextAfter(property, text) }];
}

/** Replaces `member: false` (also a shorthand holding `false`) with `member: true`. */
function getReplaceSuggestion(property: TSESTree.Property | undefined, member: string): Suggestions {
  if (!property) return [];
  return [{ messageId: 'addBucketKey', data: { member }, fix: (fixer) => fixer.replaceText(property, `${member}: true`) }];
}
