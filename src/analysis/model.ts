/**
 * The types the rules see. The analysis layer builds a {@link KmsModel} once per linted file; rules filter it.
 *
 * Every answer the analysis gives is three-valued: a fact is *known*, definitely *absent*, or *unknown*. Rules report
 * only known and absent answers (an option may opt in to unknown ones).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { TypeServices } from './types.js';
import type { ValueEvaluator } from './values.js';

/** The AWS service (or library) a call site belongs to. */
export type Service = 'kms' | 's3' | 'encryption-sdk' | 'cdk-s3' | 'cdk-kms';

/**
 * How the call was written.
 * - `v3-command`: `client.send(new EncryptCommand(input))` (`@aws-sdk/client-*`).
 * - `v3-aggregated`: `new KMS(config).encrypt(input)` (the aggregated client of `@aws-sdk/client-*`).
 * - `v2`: `new AWS.KMS().encrypt(input)` (`aws-sdk`, `aws-sdk/clients/kms`), promise or callback.
 * - `lib-storage`: `new Upload({ client, params })` from `@aws-sdk/lib-storage` (operation `PutObject`).
 * - `encryption-sdk`: `encrypt(keyring, plaintext, { encryptionContext })` of `@aws-crypto/client-node` `buildClient()`.
 * - `cdk`: an AWS CDK construct such as `new s3.Bucket(scope, id, props)`.
 */
export type CallStyle = 'v3-command' | 'v3-aggregated' | 'v2' | 'lib-storage' | 'encryption-sdk' | 'cdk';

/** A statically evaluated JavaScript value. `node` is the expression the value was read from (after resolving names). */
export type StaticValue =
  | UnknownValue
  | PrimitiveValue
  | BytesValue
  | ObjectValue
  | ArrayValue
  | UnionValue;

/** Nothing is known about the value (a parameter with no visible call site, a function result, `await`, …). */
export interface UnknownValue {
  readonly kind: 'unknown';
  readonly node: TSESTree.Node | undefined;
}

/** A primitive whose value is known. For strings, `byteLength` is the UTF-8 length in bytes. */
export interface PrimitiveValue {
  readonly kind: 'primitive';
  readonly value: string | number | boolean | bigint | null | undefined;
  /** UTF-8 length in bytes when `value` is a string. */
  readonly byteLength: number | undefined;
  readonly node: TSESTree.Node | undefined;
}

/**
 * A byte sequence (`Buffer`, `Uint8Array`, `ArrayBuffer`) whose length may be known, e.g. `Buffer.alloc(8192)`,
 * `Buffer.from("€€", "utf8")`, `new TextEncoder().encode(s)`, `randomBytes(32)`.
 */
export interface BytesValue {
  readonly kind: 'bytes';
  /** Length in bytes, or `undefined` when only the type (bytes) is known. */
  readonly byteLength: number | undefined;
  readonly node: TSESTree.Node | undefined;
}

/** One property of an evaluated object literal. */
export interface ObjectProperty {
  readonly name: string;
  readonly value: StaticValue;
  /** The `Property` node (for reports on the key); `undefined` when the property came from a resolved spread. */
  readonly propertyNode: TSESTree.Property | undefined;
}

/** An object literal. `complete` is false when a spread or computed key could add properties we cannot see. */
export interface ObjectValue {
  readonly kind: 'object';
  readonly properties: readonly ObjectProperty[];
  readonly complete: boolean;
  readonly node: TSESTree.Node | undefined;
}

/** An array literal. `complete` is false when a spread of unknown length is involved. */
export interface ArrayValue {
  readonly kind: 'array';
  readonly elements: readonly StaticValue[];
  readonly complete: boolean;
  readonly node: TSESTree.Node | undefined;
}

/** The value is one of several alternatives (`c ? a : b`, `a || b`, a parameter with several call sites). */
export interface UnionValue {
  readonly kind: 'union';
  readonly options: readonly StaticValue[];
  readonly node: TSESTree.Node | undefined;
}

/**
 * A three-valued property lookup.
 * - `present`: the property is there on every path; `value` may itself be a union.
 * - `absent`: the property is missing (or `undefined`) on at least one path we can see — `paths` says whether on all
 *   (`all`) or only some (`some`).
 * - `unknown`: the object (or a spread into it) is not statically known.
 */
export type PropertyLookup =
  | { readonly state: 'present'; readonly value: StaticValue; readonly propertyNode: TSESTree.Property | undefined }
  | { readonly state: 'absent'; readonly paths: 'all' | 'some' }
  | { readonly state: 'unknown' };

/**
 * Where the response of an SDK call ends up.
 * - `expression`: the expression that evaluates to the response (the awaited `send(...)`/`.promise()` call, or the
 *   callback's data parameter), when one was found.
 * - `binding`: the pattern that receives it (`const res = …`, `const { Plaintext } = …`, a `.then(res => …)` parameter,
 *   the `(err, data)` callback's `data`), when there is one.
 */
export interface ResultBinding {
  readonly expression: TSESTree.Node | undefined;
  readonly binding: TSESTree.Identifier | TSESTree.ObjectPattern | TSESTree.ArrayPattern | undefined;
}

/**
 * One SDK call site: an operation of an AWS service invoked in this file.
 * (DESIGN "How data flows", step 5.)
 */
export interface CallSite {
  readonly service: Service;
  /** The API operation in AWS's spelling: `Encrypt`, `GenerateDataKey`, `PutObject`, `PutBucketEncryption`, `encrypt` (Encryption SDK), `Bucket`/`Key` (CDK). */
  readonly operation: string;
  readonly style: CallStyle;
  /** The node a report about the whole call should point at (`new EncryptCommand(…)`, `kms.encrypt(…)`, `new s3.Bucket(…)`). */
  readonly node: TSESTree.Node;
  /** The input (request parameters) expression, when there is one. */
  readonly inputNode: TSESTree.Node | undefined;
  /** The evaluated input object. */
  readonly input: StaticValue;
  /** Where the response goes (for KMS and S3 operations; `undefined` for constructs). */
  readonly result: ResultBinding;
  /** True when the site was recognised only through type information (the import is elsewhere). */
  readonly viaTypes: boolean;
  /**
   * True when the site was recognised by the shape of its request alone: a client the file receives from elsewhere
   * (a constructor parameter, a factory) called with an object that carries the operation's required members in AWS's
   * spelling (`kms.encrypt({ KeyId, Plaintext })`). See `call-sites.ts`, `addInferredByShape`.
   */
  readonly viaShape?: boolean;
  /**
   * True when the site is a call of a known generic wrapper that names the service and operation as strings
   * (`provider.request('KMS', 'encrypt', params)`, catalogue `KNOWN_WRAPPERS`).
   */
  readonly viaWrapper?: boolean;
}

/** The per-file model every rule reads. Built once per file by `getKmsModel(context)`. */
export interface KmsModel {
  readonly callSites: readonly CallSite[];
  /** True when the parser provided TypeScript type information for this file. */
  readonly hasTypeInformation: boolean;
}

/** The model plus the tools analysis facets and rules use to ask further questions about the same file. */
export interface FileAnalysis extends KmsModel {
  readonly evaluator: ValueEvaluator;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** Type information when the parser has it (`parserOptions.projectService` or `project`). */
  readonly types: TypeServices | undefined;
}
