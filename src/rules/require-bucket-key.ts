import { getBucketKeyProblems, getKmsModel, type BucketKeyLevel } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';
import { getInsertTrueMemberFix, getReplaceWithTrueMemberFix } from '../util/fixes.js';

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

/** What a `false` flag turns Bucket Keys off for, per level. */
const DISABLED_TARGET: Readonly<Record<BucketKeyLevel, string>> = {
  object: "this object, whatever the bucket's setting",
  'bucket-default': 'new objects in this bucket',
  'cdk-bucket': 'this bucket',
};

/** The messageId of an absent flag, per level. */
const MISSING_MESSAGE = { object: 'missingBucketKey', 'bucket-default': 'missingBucketKeyInBucketDefault', 'cdk-bucket': 'missingBucketKeyOnCdkBucket' } as const;

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
    const problemOptions = { checkObjectLevel: options.checkObjectLevel !== false };
    return {
      'Program:exit'() {
        for (const problem of getBucketKeyProblems(getKmsModel(context), problemOptions)) {
          const { edit, member } = problem;
          const fix = edit && (edit.kind === 'insert-after' ? getInsertTrueMemberFix(context.sourceCode, edit.property, member) : getReplaceWithTrueMemberFix(edit.property, member));
          const suggest = fix ? [{ messageId: 'addBucketKey' as const, data: { member }, fix }] : [];
          if (problem.kind === 'disabled') {
            context.report({ node: problem.node, messageId: 'bucketKeyDisabled', data: { member, target: DISABLED_TARGET[problem.level] }, suggest });
          } else {
            context.report({ node: problem.node, messageId: MISSING_MESSAGE[problem.level], data: { operation: problem.description, encryption: problem.description }, suggest });
          }
        }
      },
    };
  },
});
