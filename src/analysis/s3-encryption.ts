/**
 * What an S3 request or bucket configuration asks for in server-side encryption, read from evaluated values.
 *
 * Values are strings (`'aws:kms'`), the v3 SDK's enum object (`ServerSideEncryption.aws_kms` of `@aws-sdk/client-s3`)
 * or the AWS CDK enum (`s3.BucketEncryption.KMS` of `aws-cdk-lib/aws-s3`). The enums are read by name, because their
 * modules may be absent (CDK apps are often linted without `aws-cdk-lib` installed) and the evaluator does not follow
 * imports. These are pure functions of the file's evaluated values; they keep no per-file state, so nothing is cached.
 *
 * Sources: S3 API Reference `PutObject` (`x-amz-server-side-encryption`: `AES256 | aws:kms | aws:kms:dsse`; v3 adds
 * `aws:fsx`, `aws:backup`), `@aws-sdk/client-s3` `dist-types/models/enums.d.ts` (`ServerSideEncryption`), and the
 * aws-cdk-lib `aws_s3.BucketEncryption` enum (`UNENCRYPTED`, `KMS_MANAGED`, `S3_MANAGED`, `KMS`, `DSSE_MANAGED`, `DSSE`,
 * whose runtime values are the member names).
 */
import { type TSESLint, type TSESTree, AST_NODE_TYPES as T } from '../util/ts-eslint.js';
import type { PropertyLookup, StaticValue } from './model.js';
import { getStaticMemberName, toStringValueIfString, type ValueEvaluator } from './values.js';

/**
 * The kind of server-side encryption a setting selects.
 * - `kms`: SSE-KMS (`aws:kms`; CDK `KMS`, `KMS_MANAGED`) — S3 Bucket Keys apply.
 * - `dsse`: DSSE-KMS (`aws:kms:dsse`; CDK `DSSE`, `DSSE_MANAGED`) — S3 Bucket Keys are not supported.
 * - `other`: anything else that is known (`AES256`, `aws:fsx`, CDK `S3_MANAGED`, …).
 */
export type EncryptionKind = 'kms' | 'dsse' | 'other';

/** Members of the v3 `ServerSideEncryption` enum object and the strings they stand for. */
const SDK_ENUM_MEMBERS: Readonly<Record<string, string>> = {
  AES256: 'AES256',
  aws_kms: 'aws:kms',
  aws_kms_dsse: 'aws:kms:dsse',
  aws_fsx: 'aws:fsx',
  aws_backup: 'aws:backup',
};

/** The CDK `BucketEncryption` members (their runtime values equal their names). */
const CDK_ENCRYPTION: Readonly<Record<string, EncryptionKind>> = {
  KMS: 'kms',
  KMS_MANAGED: 'kms',
  DSSE: 'dsse',
  DSSE_MANAGED: 'dsse',
  S3_MANAGED: 'other',
  UNENCRYPTED: 'other',
};

/** Classifies an S3 API algorithm string (`ServerSideEncryption`, `SSEAlgorithm`). */
export function getS3AlgorithmKind(algorithm: string): EncryptionKind {
  if (algorithm === 'aws:kms') return 'kms';
  if (algorithm === 'aws:kms:dsse') return 'dsse';
  return 'other';
}

/**
 * The encryption kinds an S3 API value (`ServerSideEncryption` of PutObject/CopyObject/CreateMultipartUpload, or
 * `SSEAlgorithm` of a PutBucketEncryption rule) takes, one per path; `undefined` when any path is not known.
 */
export function getS3EncryptionKinds(value: StaticValue, evaluator: ValueEvaluator): EncryptionKind[] | undefined {
  return mapOptions(value, (option) => {
    const text = toStringValueIfString(option) ?? getEnumString(option, evaluator, 'ServerSideEncryption', SDK_ENUM_MEMBERS);
    return text === undefined ? undefined : getS3AlgorithmKind(text);
  });
}

/**
 * The encryption kinds a CDK `BucketProps.encryption` value takes, one per path (`s3.BucketEncryption.KMS`,
 * an imported `BucketEncryption.KMS`, or the string `'KMS'`); `undefined` when any path is not known.
 */
export function getCdkEncryptionKinds(value: StaticValue, evaluator: ValueEvaluator): EncryptionKind[] | undefined {
  return mapOptions(value, (option) => {
    const name = toStringValueIfString(option) ?? getEnumString(option, evaluator, 'BucketEncryption', undefined);
    return name === undefined || !Object.hasOwn(CDK_ENCRYPTION, name) ? undefined : CDK_ENCRYPTION[name];
  });
}

/**
 * A boolean request flag (`BucketKeyEnabled`, `bucketKeyEnabled`), three-valued plus absence:
 * `true`/`false` when it is that literal boolean on every path, `absent` when it is missing (or `undefined`) on every
 * path, `unknown` otherwise (not statically known, mixed across paths, or not a boolean).
 */
export function getBooleanFlag(lookup: PropertyLookup): 'true' | 'false' | 'absent' | 'unknown' {
  if (lookup.state === 'absent') return lookup.paths === 'all' ? 'absent' : 'unknown';
  if (lookup.state === 'unknown') return 'unknown';
  const values = mapOptions(lookup.value, (option) =>
    option.kind === 'primitive' && typeof option.value === 'boolean' ? option.value : undefined,
  );
  if (!values) return 'unknown';
  if (values.every((value) => value)) return 'true';
  if (values.every((value) => !value)) return 'false';
  return 'unknown';
}

/** Applies `classify` to each path of `value`; `undefined` when any path gives `undefined`. */
function mapOptions<R>(value: StaticValue, classify: (option: StaticValue) => R | undefined): R[] | undefined {
  const options = value.kind === 'union' ? value.options : [value];
  const results: R[] = [];
  for (const option of options) {
    const result = classify(option);
    if (result === undefined) return undefined;
    results.push(result);
  }
  return results;
}

/**
 * Reads `<enum>.<member>` when the evaluator gave up on it: `X.<enum>.<member>` for any `X` (a namespace import, a
 * `require`d module, `aws_s3` of `aws-cdk-lib`), or `<local>.<member>` where `<local>` is an imported binding whose
 * imported name is `<enum>` (renames allowed). With `members`, returns the mapped string; otherwise the member name.
 */
function getEnumString(
  option: StaticValue,
  evaluator: ValueEvaluator,
  enumName: string,
  members: Readonly<Record<string, string>> | undefined,
): string | undefined {
  const node = option.kind === 'unknown' ? option.node : undefined;
  if (node?.type !== T.MemberExpression) return undefined;
  const member = getStaticMemberName(node);
  if (member === undefined) return undefined;
  const object = node.object;
  const isEnum =
    (object.type === T.MemberExpression && getStaticMemberName(object) === enumName) ||
    (object.type === T.Identifier && getImportedName(object, evaluator) === enumName);
  if (!isEnum) return undefined;
  if (!members) return member;
  return Object.hasOwn(members, member) ? members[member] : undefined;
}

/**
 * The exported name an identifier was imported as: `import { A as b }` → `A`, and
 * `const { A: b } = require('m')` → `A`. `undefined` for anything else (locals, namespace imports, parameters).
 */
export function getImportedName(identifier: TSESTree.Identifier, evaluator: ValueEvaluator): string | undefined {
  const variable = evaluator.findVariable(identifier);
  const definition = variable?.defs.length === 1 ? (variable.defs[0] as TSESLint.Scope.Definition) : undefined;
  if (!definition) return undefined;
  if (definition.type === 'ImportBinding') {
    const specifier = definition.node;
    if (specifier.type !== T.ImportSpecifier) return undefined;
    return specifier.imported.type === T.Identifier ? specifier.imported.name : String(specifier.imported.value);
  }
  if (definition.type === 'Variable') {
    const declarator = definition.node as TSESTree.VariableDeclarator;
    if (declarator.id.type !== T.ObjectPattern || !isRequireCall(declarator.init)) return undefined;
    for (const property of declarator.id.properties) {
      if (property.type !== T.Property || property.computed || property.key.type !== T.Identifier) continue;
      const local = property.value.type === T.AssignmentPattern ? property.value.left : property.value;
      if (local === definition.name) return property.key.name;
    }
  }
  return undefined;
}

function isRequireCall(node: TSESTree.Node | null | undefined): boolean {
  return (
    node?.type === T.CallExpression &&
    node.callee.type === T.Identifier &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === T.Literal &&
    typeof node.arguments[0].value === 'string'
  );
}
