/**
 * Table-driven tests of `getBucketKeyProblems` (`bucket-keys.ts`). Problems are written
 * `kind:level:member:description:edit@line` in call-site order ('none' when there are none).
 */
import { describe, expect, it } from 'vitest';
import { getBucketKeyProblems } from '../../src/analysis/index.js';
import { analyse, type ParseMode } from './harness.js';

const V3 = "import { S3Client, PutObjectCommand, PutBucketEncryptionCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\n";
const UPLOAD = "import { S3Client } from '@aws-sdk/client-s3';\nimport { Upload } from '@aws-sdk/lib-storage';\nconst client = new S3Client({});\n";
const CDK = "import * as s3 from 'aws-cdk-lib/aws-s3';\n";

type Row = { name: string; code: string; expected: string; mode?: ParseMode; checkObjectLevel?: boolean };

const rows: Row[] = [
  { name: 'PutObject with SSE-KMS and no flag', code: `${V3}export const f = (b) => s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: b, ServerSideEncryption: 'aws:kms' }));`, expected: 'missing:object:BucketKeyEnabled:PutObject:insert-after@3' },
  { name: 'PutObject with the flag false', code: `${V3}export const f = (b) => s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: b, ServerSideEncryption: 'aws:kms', BucketKeyEnabled: false }));`, expected: 'disabled:object:BucketKeyEnabled:PutObject:replace@3' },
  { name: 'PutObject with the flag true', code: `${V3}export const f = (b) => s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: b, ServerSideEncryption: 'aws:kms', BucketKeyEnabled: true }));`, expected: 'none' },
  { name: 'SSE-S3 needs no bucket key', code: `${V3}export const f = (b) => s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: b, ServerSideEncryption: 'AES256' }));`, expected: 'none' },
  { name: 'KMS on one path only: no insertion', code: `${V3}export const f = (b, kms) => s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: b, ServerSideEncryption: kms ? 'aws:kms' : 'AES256' }));`, expected: 'missing:object:BucketKeyEnabled:PutObject:-@3' },
  { name: 'a directory bucket always has Bucket Keys', code: `${V3}export const f = (b) => s3.send(new PutObjectCommand({ Bucket: 'logs--use1-az4--x-s3', Key: 'k', Body: b, ServerSideEncryption: 'aws:kms' }));`, expected: 'none' },
  { name: 'object level when it is not checked', checkObjectLevel: false, code: `${V3}export const f = (b) => s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: b, ServerSideEncryption: 'aws:kms' }));`, expected: 'none' },
  { name: 'lib-storage Upload params', code: `${UPLOAD}export const f = (b) => new Upload({ client, params: { Bucket: 'b', Key: 'k', Body: b, ServerSideEncryption: 'aws:kms' } }).done();`, expected: 'missing:object:BucketKeyEnabled:lib-storage Upload (PutObject):insert-after@4' },
  {
    name: 'a PutBucketEncryption rule, placed at the rule',
    code: `${V3}export const f = () => s3.send(new PutBucketEncryptionCommand({ Bucket: 'b', ServerSideEncryptionConfiguration: { Rules: [\n  { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } },\n] } }));`,
    expected: 'missing:bucket-default:BucketKeyEnabled:PutBucketEncryption:insert-after@4',
  },
  { name: 'a CDK bucket with a KMS key and no flag', code: `${CDK}export const make = (scope, key) => new s3.Bucket(scope, 'B', { encryptionKey: key });`, expected: 'missing:cdk-bucket:bucketKeyEnabled:implied by encryptionKey:insert-after@2' },
  { name: 'a CDK bucket with the flag false (TypeScript)', mode: 'ts', code: `${CDK}export const make = (scope: never) => new s3.Bucket(scope, 'B', { encryption: s3.BucketEncryption.KMS, bucketKeyEnabled: false });`, expected: 'disabled:cdk-bucket:bucketKeyEnabled:BucketEncryption.KMS or KMS_MANAGED:replace@2' },
];

describe('getBucketKeyProblems', () => {
  for (const row of rows) {
    it(`${row.name} (${row.mode ?? 'js'})`, () => {
      const found = analyse(row.code, row.mode ?? 'js', (analysis) =>
        getBucketKeyProblems(analysis, { checkObjectLevel: row.checkObjectLevel ?? true }).map(
          (p) => `${p.kind}:${p.level}:${p.member}:${p.description}:${p.edit?.kind ?? '-'}@${p.node.loc.start.line}`,
        ),
      );
      expect(found.join(' | ') || 'none').toBe(row.expected);
    });
  }
});
