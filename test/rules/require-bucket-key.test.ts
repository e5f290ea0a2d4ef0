import rule from '../../src/rules/require-bucket-key.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

const V3 = "import { S3Client, PutObjectCommand, CopyObjectCommand, CreateMultipartUploadCommand, PutBucketEncryptionCommand } from '@aws-sdk/client-s3';\nconst client = new S3Client({});\n";
const CDK = "import * as s3 from 'aws-cdk-lib/aws-s3';\n";
const UPLOAD = "import { S3Client } from '@aws-sdk/client-s3';\nimport { Upload } from '@aws-sdk/lib-storage';\nconst client = new S3Client({});\n";

/** `code` with `text` inserted right after the (unique) `anchor`. */
function insertAfter(code: string, anchor: string, text: string): string {
  if (code.split(anchor).length !== 2) throw new Error(`anchor ${anchor} is not unique in the test code`);
  return code.replace(anchor, `${anchor}${text}`);
}

/** `code` with the (unique) `from` replaced by `to`. */
function replaceOnce(code: string, from: string, to: string): string {
  if (code.split(from).length !== 2) throw new Error(`${from} is not unique in the test code`);
  return code.replace(from, to);
}

const putInline = `${V3}await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms' }));`;
const putMultiline = `${V3}export async function put(body) {
  await client.send(
    new PutObjectCommand({
      Bucket: 'docs',
      Key: 'a.txt',
      Body: body,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/docs',
    }),
  );
}`;
const copyDisabled = `${V3}await client.send(new CopyObjectCommand({ Bucket: 'b', Key: 'k', CopySource: 'src/k', ServerSideEncryption: 'aws:kms', BucketKeyEnabled: false }));`;
const aggregatedMultipart = "import { S3 } from '@aws-sdk/client-s3';\nconst s3 = new S3({ region: 'eu-west-1' });\nexport const start = (key) => s3.createMultipartUpload({ Bucket: 'b', Key: key, ServerSideEncryption: 'aws:kms' });";
const v2Put = "const AWS = require('aws-sdk');\nconst s3 = new AWS.S3();\nmodule.exports = (body) => s3.putObject({ Bucket: 'b', Key: 'k', Body: body, ServerSideEncryption: 'aws:kms' }).promise();";
const v2Upload = "const S3 = require('aws-sdk/clients/s3');\nconst s3 = new S3();\nconst params = { Bucket: 'b', Key: 'k', Body: stream, ServerSideEncryption: 'aws:kms' };\ns3.upload(params, (err, data) => {});";
const libStorage = `${UPLOAD}export async function archive(body) {
  const upload = new Upload({
    client,
    params: { Bucket: 'archive', Key: 'a.tgz', Body: body, ServerSideEncryption: 'aws:kms' },
  });
  return upload.done();
}`;
const bucketDefault = `${V3}await client.send(
  new PutBucketEncryptionCommand({
    Bucket: 'archive',
    ServerSideEncryptionConfiguration: {
      Rules: [
        {
          ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:eu-west-1:111122223333:key/k' },
        },
      ],
    },
  }),
);`;
const bucketDefaultTwoRules = `${V3}const good = { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true };
const off = { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: false };
await client.send(new PutBucketEncryptionCommand({ Bucket: 'b', ServerSideEncryptionConfiguration: { Rules: [good, off] } }));`;
const cdkKms = `${CDK}export class Stack { constructor(scope) {
    this.bucket = new s3.Bucket(scope, 'Docs', {
      encryption: s3.BucketEncryption.KMS,
      enforceSSL: true,
    });
} }`;
const cdkRenamed = "import { Bucket, BucketEncryption as Enc } from 'aws-cdk-lib/aws-s3';\nnew Bucket(scope, 'Logs', { encryption: Enc.KMS_MANAGED });";
const cdkKeyOnly = `${CDK}new s3.Bucket(scope, 'Keyed', { encryptionKey: key, versioned: true });`;
const cdkDisabled = "const { aws_s3: s3 } = require('aws-cdk-lib');\nnew s3.Bucket(scope, 'B', { encryption: s3.BucketEncryption.KMS, bucketKeyEnabled: false });";
const sdkEnum = "import { S3Client, PutObjectCommand, ServerSideEncryption } from '@aws-sdk/client-s3';\nconst client = new S3Client({});\nawait client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', ServerSideEncryption: ServerSideEncryption.aws_kms }));";
const viaParameter = `${V3}async function put(key, sse) { await client.send(new PutObjectCommand({ Bucket: 'b', Key: key, ServerSideEncryption: sse })); }\nawait put('a', 'aws:kms');\nawait put('b', 'aws:kms');`;
const conditional = `${V3}export async function put(key, sensitive) {\n  await client.send(new PutObjectCommand({ Bucket: 'b', Key: key, ServerSideEncryption: sensitive ? 'aws:kms' : 'AES256' }));\n}`;

plainJsTester.run('require-bucket-key (plain JS)', rule, {
  valid: [
    // The bucket key is on.
    `${V3}await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', ServerSideEncryption: 'aws:kms', BucketKeyEnabled: true }));`,
    // SSE-S3: no KMS calls, nothing to save.
    `${V3}await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', ServerSideEncryption: 'AES256' }));`,
    // DSSE-KMS: S3 Bucket Keys are not supported for it.
    `${V3}await client.send(new CopyObjectCommand({ Bucket: 'b', Key: 'k', CopySource: 's/k', ServerSideEncryption: 'aws:kms:dsse' }));`,
    // No encryption parameters: the bucket default applies.
    `${V3}await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));`,
    // The algorithm comes from a parameter nobody in this file passes: unknown.
    `${V3}export async function put(sse) { await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', ServerSideEncryption: sse })); }`,
    // An unknown spread may carry BucketKeyEnabled.
    `${V3}export async function put(extra) { await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', ServerSideEncryption: 'aws:kms', ...extra })); }`,
    // The flag itself is not known.
    `${V3}export async function put(useKey) { await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', ServerSideEncryption: 'aws:kms', BucketKeyEnabled: useKey })); }`,
    // Object-level checks switched off: the bucket is trusted to have Bucket Keys on.
    { code: putInline, options: [{ checkObjectLevel: false }] },
    { code: copyDisabled, options: [{ checkObjectLevel: false }] },
    // Bucket defaults: AES256, DSSE-KMS, and aws:kms with the key on.
    `${V3}await client.send(new PutBucketEncryptionCommand({ Bucket: 'b', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }, { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms:dsse' } }, { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true }] } }));`,
    // lib-storage Upload whose params are not visible.
    `${UPLOAD}export const up = (params) => new Upload({ client, params }).done();`,
    // CDK: S3-managed, DSSE with a key, KMS with the bucket key, and no props at all.
    `${CDK}new s3.Bucket(scope, 'A', { encryption: s3.BucketEncryption.S3_MANAGED });`,
    `${CDK}new s3.Bucket(scope, 'B', { encryption: s3.BucketEncryption.DSSE, encryptionKey: key });`,
    `${CDK}new s3.Bucket(scope, 'C', { encryption: s3.BucketEncryption.KMS, bucketKeyEnabled: true });`,
    `${CDK}new s3.Bucket(scope, 'D');`,
    // CDK: an encryption setting that is not statically known.
    `${CDK}export const make = (scope, encryption) => new s3.Bucket(scope, 'E', { encryption, encryptionKey: key });`,
    // Not the AWS SDK: a local object with a putObject method, and a local Bucket class.
    "const store = { putObject() {} };\nstore.putObject({ Bucket: 'b', Key: 'k', ServerSideEncryption: 'aws:kms' });",
    "class Bucket { constructor(a, b, c) {} }\nnew Bucket(this, 'X', { encryption: 'KMS' });",
    // A directory bucket (S3 Express One Zone) always uses Bucket Keys.
    `${V3}await client.send(new PutObjectCommand({ Bucket: 'logs--euw1-az1--x-s3', Key: 'k', ServerSideEncryption: 'aws:kms' }));`,
    // v2 upload with the key on.
    "const AWS = require('aws-sdk');\nnew AWS.S3().upload({ Bucket: 'b', Key: 'k', Body: body, ServerSideEncryption: 'aws:kms', BucketKeyEnabled: true }).promise();",
  ],
  invalid: [
    {
      code: putInline,
      errors: [
        {
          messageId: 'missingBucketKey',
          line: 3,
          data: { operation: 'PutObject' },
          suggestions: [{ messageId: 'addBucketKey', data: { member: 'BucketKeyEnabled' }, output: insertAfter(putInline, "ServerSideEncryption: 'aws:kms'", ', BucketKeyEnabled: true') }],
        },
      ],
    },
    {
      // Multi-line request: the suggestion adds a line with the same indentation; the existing trailing comma stays.
      code: putMultiline,
      errors: [
        {
          messageId: 'missingBucketKey',
          line: 5,
          suggestions: [
            {
              messageId: 'addBucketKey',
              output: insertAfter(putMultiline, "ServerSideEncryption: 'aws:kms'", ',\n      BucketKeyEnabled: true'),
            },
          ],
        },
      ],
    },
    {
      // An explicit false turns the bucket key off for this object even in a bucket that has it on.
      code: copyDisabled,
      errors: [
        {
          messageId: 'bucketKeyDisabled',
          line: 3,
          data: { member: 'BucketKeyEnabled', target: "this object, whatever the bucket's setting" },
          suggestions: [{ messageId: 'addBucketKey', output: replaceOnce(copyDisabled, 'BucketKeyEnabled: false', 'BucketKeyEnabled: true') }],
        },
      ],
    },
    {
      // v3 aggregated client.
      code: aggregatedMultipart,
      errors: [
        {
          messageId: 'missingBucketKey',
          line: 3,
          data: { operation: 'CreateMultipartUpload' },
          suggestions: [{ messageId: 'addBucketKey', output: insertAfter(aggregatedMultipart, "ServerSideEncryption: 'aws:kms'", ', BucketKeyEnabled: true') }],
        },
      ],
    },
    {
      // SDK v2 with .promise().
      code: v2Put,
      errors: [{ messageId: 'missingBucketKey', line: 3, suggestions: [{ messageId: 'addBucketKey', output: insertAfter(v2Put, "ServerSideEncryption: 'aws:kms'", ', BucketKeyEnabled: true') }] }],
    },
    {
      // SDK v2 ManagedUpload (`upload` takes PutObject params); the params come from a const.
      code: v2Upload,
      errors: [
        {
          messageId: 'missingBucketKey',
          line: 4,
          data: { operation: 'PutObject' },
          suggestions: [{ messageId: 'addBucketKey', output: insertAfter(v2Upload, "ServerSideEncryption: 'aws:kms'", ', BucketKeyEnabled: true') }],
        },
      ],
    },
    {
      // @aws-sdk/lib-storage: reported on the `new Upload(` line.
      code: libStorage,
      errors: [
        {
          messageId: 'missingBucketKey',
          line: 5,
          data: { operation: 'lib-storage Upload (PutObject)' },
          suggestions: [{ messageId: 'addBucketKey', output: insertAfter(libStorage, "ServerSideEncryption: 'aws:kms'", ', BucketKeyEnabled: true') }],
        },
      ],
    },
    {
      // PutBucketEncryption: reported at the rule entry.
      code: bucketDefault,
      errors: [
        {
          messageId: 'missingBucketKeyInBucketDefault',
          line: 8,
          suggestions: [
            {
              messageId: 'addBucketKey',
              output: insertAfter(bucketDefault, "KMSMasterKeyID: 'arn:aws:kms:eu-west-1:111122223333:key/k' }", ',\n          BucketKeyEnabled: true'),
            },
          ],
        },
      ],
    },
    {
      // Only the entry that turns the key off is reported (at its const).
      code: bucketDefaultTwoRules,
      errors: [
        {
          messageId: 'bucketKeyDisabled',
          line: 4,
          data: { member: 'BucketKeyEnabled', target: 'new objects in this bucket' },
          suggestions: [{ messageId: 'addBucketKey', output: replaceOnce(bucketDefaultTwoRules, 'BucketKeyEnabled: false', 'BucketKeyEnabled: true') }],
        },
      ],
    },
    {
      // CDK Bucket with BucketEncryption.KMS: reported on the `new s3.Bucket(` line.
      code: cdkKms,
      errors: [
        {
          messageId: 'missingBucketKeyOnCdkBucket',
          line: 3,
          suggestions: [
            { messageId: 'addBucketKey', data: { member: 'bucketKeyEnabled' }, output: insertAfter(cdkKms, 's3.BucketEncryption.KMS', ',\n      bucketKeyEnabled: true') },
          ],
        },
      ],
    },
    {
      // CDK: renamed import of BucketEncryption, KMS_MANAGED (the aws/s3 key).
      code: cdkRenamed,
      errors: [{ messageId: 'missingBucketKeyOnCdkBucket', line: 2, suggestions: [{ messageId: 'addBucketKey', output: insertAfter(cdkRenamed, 'Enc.KMS_MANAGED', ', bucketKeyEnabled: true') }] }],
    },
    {
      // CDK: encryptionKey alone makes the bucket SSE-KMS.
      code: cdkKeyOnly,
      errors: [
        {
          messageId: 'missingBucketKeyOnCdkBucket',
          line: 2,
          data: { encryption: 'implied by encryptionKey' },
          suggestions: [{ messageId: 'addBucketKey', output: insertAfter(cdkKeyOnly, 'encryptionKey: key', ', bucketKeyEnabled: true') }],
        },
      ],
    },
    {
      // CDK through aws-cdk-lib's aws_s3 member (CommonJS), key explicitly off.
      code: cdkDisabled,
      errors: [
        {
          messageId: 'bucketKeyDisabled',
          line: 2,
          data: { member: 'bucketKeyEnabled', target: 'this bucket' },
          suggestions: [{ messageId: 'addBucketKey', output: replaceOnce(cdkDisabled, 'bucketKeyEnabled: false', 'bucketKeyEnabled: true') }],
        },
      ],
    },
    {
      // The v3 enum object of @aws-sdk/client-s3.
      code: sdkEnum,
      errors: [{ messageId: 'missingBucketKey', line: 3, suggestions: [{ messageId: 'addBucketKey', output: insertAfter(sdkEnum, 'ServerSideEncryption.aws_kms', ', BucketKeyEnabled: true') }] }],
    },
    {
      // The algorithm arrives through a parameter whose every call site in this file passes aws:kms.
      code: viaParameter,
      errors: [{ messageId: 'missingBucketKey', line: 3, suggestions: [{ messageId: 'addBucketKey', output: insertAfter(viaParameter, 'ServerSideEncryption: sse', ', BucketKeyEnabled: true') }] }],
    },
    {
      // SSE-KMS on one branch: reported, but no suggestion (the flag would also go to the AES256 requests).
      code: conditional,
      errors: [{ messageId: 'missingBucketKey', line: 4, suggestions: [] }],
    },
  ],
});

const tsPut = `${V3}const input = { Bucket: 'b', Key: 'k', ServerSideEncryption: 'aws:kms' } as const;\nawait client.send(new PutObjectCommand(input));`;
const tsClass = "import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nexport class Store {\n  private readonly s3 = new S3Client({});\n  async put(key: string, body: Uint8Array): Promise<void> {\n    await this.s3.send(new PutObjectCommand({ Bucket: 'b', Key: key, Body: body, ServerSideEncryption: 'aws:kms' satisfies string }));\n  }\n}";
const tsCdk = "import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';\nimport type { Construct } from 'constructs';\nexport function make(scope: Construct): Bucket {\n  return new Bucket(scope, 'Docs', { encryption: BucketEncryption.KMS as BucketEncryption });\n}";

tsTester.run('require-bucket-key (TypeScript syntax)', rule, {
  valid: [
    `${V3}const input = { Bucket: 'b', Key: 'k', ServerSideEncryption: 'aws:kms', BucketKeyEnabled: true } as const;\nawait client.send(new PutObjectCommand(input));`,
    `${V3}export async function put(sse: 'aws:kms' | 'AES256'): Promise<void> { await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', ServerSideEncryption: sse })); }`,
    "import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';\nnew Bucket(scope, 'Docs', { encryption: BucketEncryption.DSSE_MANAGED } satisfies object);",
  ],
  invalid: [
    {
      code: tsPut,
      errors: [{ messageId: 'missingBucketKey', line: 4, suggestions: [{ messageId: 'addBucketKey', output: insertAfter(tsPut, "ServerSideEncryption: 'aws:kms'", ', BucketKeyEnabled: true') }] }],
    },
    {
      code: tsClass,
      errors: [{ messageId: 'missingBucketKey', line: 5, suggestions: [{ messageId: 'addBucketKey', output: insertAfter(tsClass, "ServerSideEncryption: 'aws:kms' satisfies string", ', BucketKeyEnabled: true') }] }],
    },
    {
      code: tsCdk,
      errors: [{ messageId: 'missingBucketKeyOnCdkBucket', line: 4, suggestions: [{ messageId: 'addBucketKey', output: insertAfter(tsCdk, 'BucketEncryption.KMS as BucketEncryption', ', bucketKeyEnabled: true') }] }],
    },
  ],
});

const typedAggregated = "import type { S3 } from '@aws-sdk/client-s3';\nexport async function put(s3: S3, body: Uint8Array) {\n  return s3.putObject({ Bucket: 'b', Key: 'k', Body: body, ServerSideEncryption: 'aws:kms' });\n}";
const typedV2Upload = "import type { S3 } from 'aws-sdk';\nexport class Archive {\n  constructor(private readonly s3: S3) {}\n  save(body: Buffer) { return this.s3.upload({ Bucket: 'b', Key: 'k', Body: body, ServerSideEncryption: 'aws:kms', BucketKeyEnabled: false }).promise(); }\n}";

typedTester.run('require-bucket-key (typed)', rule, {
  valid: [
    // A client received as a parameter, with the key on.
    "import type { S3 } from '@aws-sdk/client-s3';\nexport const put = (s3: S3) => s3.putObject({ Bucket: 'b', Key: 'k', ServerSideEncryption: 'aws:kms', BucketKeyEnabled: true });",
    // A look-alike class with the same method names.
    "class Store { putObject(input: { ServerSideEncryption: string }) { return input; } }\nexport const s = new Store().putObject({ ServerSideEncryption: 'aws:kms' });",
    // A typed client whose request is not visible.
    "import type { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nexport const send = (client: S3Client, command: PutObjectCommand) => client.send(command);",
  ],
  invalid: [
    {
      // The aggregated v3 client is found only through its type.
      code: typedAggregated,
      errors: [{ messageId: 'missingBucketKey', line: 3, suggestions: [{ messageId: 'addBucketKey', output: insertAfter(typedAggregated, "ServerSideEncryption: 'aws:kms'", ', BucketKeyEnabled: true') }] }],
    },
    {
      // An injected SDK v2 client's ManagedUpload, with the key explicitly off.
      code: typedV2Upload,
      errors: [{ messageId: 'bucketKeyDisabled', line: 4, suggestions: [{ messageId: 'addBucketKey', output: replaceOnce(typedV2Upload, 'BucketKeyEnabled: false', 'BucketKeyEnabled: true') }] }],
    },
    {
      code: `${V3}export async function copy(c: typeof client) { await c.send(new CopyObjectCommand({ Bucket: 'b', Key: 'k', CopySource: 's/k', ServerSideEncryption: 'aws:kms' })); }`,
      errors: [
        {
          messageId: 'missingBucketKey',
          line: 3,
          data: { operation: 'CopyObject' },
          suggestions: [
            {
              messageId: 'addBucketKey',
              output: `${V3}export async function copy(c: typeof client) { await c.send(new CopyObjectCommand({ Bucket: 'b', Key: 'k', CopySource: 's/k', ServerSideEncryption: 'aws:kms', BucketKeyEnabled: true })); }`,
            },
          ],
        },
      ],
    },
  ],
});
