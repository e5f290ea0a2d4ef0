/**
 * Statically known KMS request inputs that the service refuses. One concern: read a call site's input (already
 * evaluated three-valued by `values.ts`) against the limits of `catalog/kms-limits.ts`, and name each definite
 * problem. Unknown values give no problem: a finding needs every value it rests on to be known (or known absent).
 *
 * Sources (KMS API Reference): EnableKeyRotation (`RotationPeriodInDays` 90..2560; no asymmetric, HMAC, imported or
 * custom-key-store keys), RotateKeyOnDemand (no asymmetric, HMAC, custom-key-store or multi-Region imported keys),
 * ScheduleKeyDeletion (`PendingWindowInDays` 7..30), GenerateDataKey(+WithoutPlaintext) (exactly one of `KeySpec` /
 * `NumberOfBytes` 1..1024), Sign / Verify (`Message` ≤ 4096 bytes; a `DIGEST` as long as the algorithm's hash),
 * GenerateMac / VerifyMac (`Message` ≤ 4096 bytes), CreateKey (`KeyUsage` per `KeySpec`), CreateAlias / UpdateAlias
 * (`alias/` prefix, `alias/aws/` reserved). Every refusal is a `ValidationException`, except EnableKeyRotation /
 * RotateKeyOnDemand on a key that cannot rotate (`UnsupportedOperationException`) and a reserved alias
 * (`NotAuthorizedException`).
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import {
  ALIAS_PREFIX,
  DATA_KEY_NUMBER_OF_BYTES,
  DATA_KEY_SPECS,
  DEFAULT_KEY_SPEC,
  DIGEST_BYTES_BY_HASH,
  KEY_USAGES_BY_KEY_SPEC,
  MAX_MESSAGE_BYTES,
  NON_ROTATABLE_ORIGINS,
  PENDING_WINDOW_DAYS,
  RESERVED_ALIAS_PREFIX,
  ROTATION_PERIOD_DAYS,
  type InclusiveRange,
} from './catalog/kms-limits.js';
import type { CallSite, FileAnalysis, PropertyLookup, StaticValue } from './model.js';
import { getKnownStrings } from './roles.js';
import { getByteLength, getStaticKey, getStaticMemberName, lookupProperty, type ValueEvaluator } from './values.js';

/**
 * The kinds of refused input, one per message of `no-invalid-kms-input`:
 * - `outOfRange`: a number member outside its range (`RotationPeriodInDays`, `PendingWindowInDays`, `NumberOfBytes`);
 * - `dataKeyBothLengths` / `dataKeyNoLength`: GenerateDataKey* with both or neither of `KeySpec` and `NumberOfBytes`;
 * - `dataKeySpec`: a GenerateDataKey* `KeySpec` other than `AES_128` / `AES_256`;
 * - `digestLength`: a `DIGEST` message whose length is not the signing algorithm's hash length;
 * - `messageTooLong`: a Sign / Verify / GenerateMac / VerifyMac message over 4096 bytes;
 * - `keyUsageMissing` / `keyUsageInvalid`: a CreateKey `KeySpec` without `KeyUsage`, or with one it does not support;
 * - `rotationUnsupported`: EnableKeyRotation / RotateKeyOnDemand of a key created in this file that cannot rotate;
 * - `aliasPrefix` / `aliasReserved`: an alias name without `alias/`, or under `alias/aws/`.
 */
export type InputProblemKind =
  | 'outOfRange'
  | 'dataKeyBothLengths'
  | 'dataKeyNoLength'
  | 'dataKeySpec'
  | 'digestLength'
  | 'messageTooLong'
  | 'keyUsageMissing'
  | 'keyUsageInvalid'
  | 'rotationUnsupported'
  | 'aliasPrefix'
  | 'aliasReserved';

/**
 * One refused input. `node` is where a report lands (the call, per the project's convention); `data` holds the
 * message placeholders, all strings: always `operation`; per kind `member`, `value`, `min`, `max`, `bytes`,
 * `expected`, `algorithm`, `keySpec`, `keyUsage`, `allowed`, `reason`, `line`.
 */
export interface InputProblem {
  readonly kind: InputProblemKind;
  readonly site: CallSite;
  readonly node: TSESTree.Node;
  readonly data: Readonly<Record<string, string>>;
}

/** The number members with a range, per operation. */
const RANGES: Readonly<Record<string, readonly (readonly [string, InclusiveRange])[]>> = {
  EnableKeyRotation: [['RotationPeriodInDays', ROTATION_PERIOD_DAYS]],
  ScheduleKeyDeletion: [['PendingWindowInDays', PENDING_WINDOW_DAYS]],
  GenerateDataKey: [['NumberOfBytes', DATA_KEY_NUMBER_OF_BYTES]],
  GenerateDataKeyWithoutPlaintext: [['NumberOfBytes', DATA_KEY_NUMBER_OF_BYTES]],
};
const DATA_KEY_OPERATIONS: ReadonlySet<string> = new Set(['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext']);
const SIGNING_OPERATIONS: ReadonlySet<string> = new Set(['Sign', 'Verify']);
const MAC_OPERATIONS: ReadonlySet<string> = new Set(['GenerateMac', 'VerifyMac']);
const ROTATION_OPERATIONS: ReadonlySet<string> = new Set(['EnableKeyRotation', 'RotateKeyOnDemand']);
const ALIAS_OPERATIONS: ReadonlySet<string> = new Set(['CreateAlias', 'UpdateAlias']);
/** The CreateKey response members that name the new key (`KeyMetadata.KeyId`, `KeyMetadata.Arn`). */
const CREATED_KEY_MEMBERS: ReadonlySet<string> = new Set(['KeyId', 'Arn']);
/** Ed25519 "pure" signing hashes the message itself: it takes only `RAW` (CreateKey API Reference), so no digest length applies. */
const RAW_ONLY_ALGORITHMS: ReadonlySet<string> = new Set(['ED25519_SHA_512']);

const cache = new WeakMap<FileAnalysis, readonly InputProblem[]>();

/**
 * Every definite input problem of the file's KMS call sites, in source order (cached per file). Never throws.
 * @param analysis the file's model (`getKmsModel(context)`).
 */
export function getInputProblems(analysis: FileAnalysis): readonly InputProblem[] {
  const cached = cache.get(analysis);
  if (cached) return cached;
  const sites = analysis.callSites.filter((site) => site.service === 'kms');
  const creates = sites.filter((site) => site.operation === 'CreateKey');
  const problems: InputProblem[] = [];
  for (const site of sites) {
    const add = (kind: InputProblemKind, data: Record<string, string>): void => {
      problems.push({ kind, site, node: site.node, data: { operation: site.operation, ...data } });
    };
    for (const [member, range] of RANGES[site.operation] ?? []) {
      for (const value of getKnownNumbers(lookupProperty(site.input, member)) ?? []) {
        if (value < range.min || value > range.max) add('outOfRange', { member, value: String(value), min: String(range.min), max: String(range.max) });
      }
    }
    if (DATA_KEY_OPERATIONS.has(site.operation)) checkDataKeyLength(site, add);
    if (SIGNING_OPERATIONS.has(site.operation)) checkSigningMessage(site, add);
    if (MAC_OPERATIONS.has(site.operation)) checkMessageSize(site, add);
    if (site.operation === 'CreateKey') checkKeyUsage(site, add);
    if (ROTATION_OPERATIONS.has(site.operation)) checkRotatable(site, creates, analysis.evaluator, add);
    if (ALIAS_OPERATIONS.has(site.operation)) {
      for (const name of getKnownStrings(presentValue(lookupProperty(site.input, 'AliasName')) ?? { kind: 'unknown', node: undefined }) ?? []) {
        if (!name.startsWith(ALIAS_PREFIX)) add('aliasPrefix', { value: name });
        else if (name.startsWith(RESERVED_ALIAS_PREFIX)) add('aliasReserved', { value: name });
      }
    }
  }
  cache.set(analysis, problems);
  return problems;
}

type Add = (kind: InputProblemKind, data: Record<string, string>) => void;

function checkDataKeyLength(site: CallSite, add: Add): void {
  const keySpec = lookupProperty(site.input, 'KeySpec');
  const numberOfBytes = lookupProperty(site.input, 'NumberOfBytes');
  if (keySpec.state === 'present' && numberOfBytes.state === 'present') add('dataKeyBothLengths', {});
  else if (isAbsentEverywhere(keySpec) && isAbsentEverywhere(numberOfBytes)) add('dataKeyNoLength', {});
  const specs = getKnownStrings(presentValue(keySpec) ?? { kind: 'unknown', node: undefined });
  for (const spec of specs ?? []) if (!DATA_KEY_SPECS.has(spec)) add('dataKeySpec', { value: spec, allowed: [...DATA_KEY_SPECS].join(', ') });
}

function checkSigningMessage(site: CallSite, add: Add): void {
  const messageType = lookupProperty(site.input, 'MessageType');
  const types = isAbsentEverywhere(messageType) ? ['RAW'] : getKnownStrings(presentValue(messageType) ?? { kind: 'unknown', node: undefined });
  if (types?.length !== 1) return;
  if (types[0] === 'RAW') {
    checkMessageSize(site, add);
    return;
  }
  if (types[0] !== 'DIGEST') return;
  const bytes = getMessageBytes(site);
  const algorithms = getKnownStrings(presentValue(lookupProperty(site.input, 'SigningAlgorithm')) ?? { kind: 'unknown', node: undefined });
  if (bytes === undefined || !algorithms || algorithms.length === 0) return;
  const expected = algorithms.map(getDigestBytes);
  if (expected.some((length) => length === undefined || length === bytes)) return;
  add('digestLength', { bytes: String(bytes), algorithm: algorithms.join(' or '), expected: [...new Set(expected)].join(' or ') });
}

function checkMessageSize(site: CallSite, add: Add): void {
  const bytes = getMessageBytes(site);
  if (bytes !== undefined && bytes > MAX_MESSAGE_BYTES) add('messageTooLong', { bytes: String(bytes), max: String(MAX_MESSAGE_BYTES) });
}

function checkKeyUsage(site: CallSite, add: Add): void {
  const spec = getKeySpec(site);
  if (spec === undefined || !Object.hasOwn(KEY_USAGES_BY_KEY_SPEC, spec)) return;
  const allowed = KEY_USAGES_BY_KEY_SPEC[spec]!;
  const usage = lookupProperty(site.input, 'KeyUsage');
  if (isAbsentEverywhere(usage)) {
    if (spec !== DEFAULT_KEY_SPEC) add('keyUsageMissing', { keySpec: spec, allowed: allowed.join(' or ') });
    return;
  }
  for (const value of getKnownStrings(presentValue(usage) ?? { kind: 'unknown', node: undefined }) ?? []) {
    if (!allowed.includes(value)) add('keyUsageInvalid', { keySpec: spec, keyUsage: value, allowed: allowed.join(' or ') });
  }
}

/** The CreateKey key spec when known: `KeySpec`, else the deprecated `CustomerMasterKeySpec`, else `SYMMETRIC_DEFAULT`. */
function getKeySpec(site: CallSite): string | undefined {
  for (const member of ['KeySpec', 'CustomerMasterKeySpec']) {
    const lookup = lookupProperty(site.input, member);
    if (isAbsentEverywhere(lookup)) continue;
    const specs = getKnownStrings(presentValue(lookup) ?? { kind: 'unknown', node: undefined });
    return specs?.length === 1 ? specs[0] : undefined;
  }
  return DEFAULT_KEY_SPEC;
}

function checkRotatable(site: CallSite, creates: readonly CallSite[], evaluator: ValueEvaluator, add: Add): void {
  if (creates.length === 0) return;
  const keyId = lookupProperty(site.input, 'KeyId');
  const expression = keyId.state === 'present' ? keyId.propertyNode?.value : undefined;
  if (!expression) return;
  const origin = traceResponsePath(expression, creates, evaluator, 0);
  if (!origin || origin.path.length !== 2 || origin.path[0] !== 'KeyMetadata' || !CREATED_KEY_MEMBERS.has(origin.path[1]!)) return;
  const reason = getRotationRefusal(origin.site, site.operation);
  if (reason) add('rotationUnsupported', { reason, line: String(origin.site.node.loc.start.line) });
}

/** Why the key CreateKey `create` makes cannot be rotated by `operation`, when that is known. */
function getRotationRefusal(create: CallSite, operation: string): string | undefined {
  const spec = getKeySpec(create);
  if (spec !== undefined && spec !== DEFAULT_KEY_SPEC && Object.hasOwn(KEY_USAGES_BY_KEY_SPEC, spec)) {
    return `its key spec is ${spec} (${spec.startsWith('HMAC_') ? 'an HMAC key' : 'an asymmetric key'}); only symmetric encryption keys rotate`;
  }
  const origins = getKnownStrings(presentValue(lookupProperty(create.input, 'Origin')) ?? { kind: 'unknown', node: undefined });
  if (origins?.length !== 1 || !NON_ROTATABLE_ORIGINS.has(origins[0]!)) return undefined;
  const origin = origins[0]!;
  if (origin === 'EXTERNAL' && operation === 'RotateKeyOnDemand') {
    const multiRegion = lookupProperty(create.input, 'MultiRegion');
    if (!(multiRegion.state === 'present' && multiRegion.value.kind === 'primitive' && multiRegion.value.value === true)) return undefined;
    return 'it is a multi-Region key with imported key material (Origin: EXTERNAL)';
  }
  return origin === 'EXTERNAL' ? 'its key material is imported (Origin: EXTERNAL)' : `it is in a custom key store (Origin: ${origin})`;
}

/** A response member path (`['KeyMetadata', 'KeyId']`) read from the response of one of `sites`. */
interface ResponsePath {
  readonly site: CallSite;
  readonly path: readonly string[];
}

const MAX_TRACE = 12;

/**
 * Follows `expression` back to the response of one of `sites`: member reads (`res.KeyMetadata.KeyId`, optional
 * chains), TypeScript wrappers, never-reassigned variables (plain or destructured, `const { KeyMetadata } = await …`)
 * and the response binding itself. `undefined` when the expression is anything else.
 */
function traceResponsePath(expression: TSESTree.Node, sites: readonly CallSite[], evaluator: ValueEvaluator, depth: number): ResponsePath | undefined {
  if (depth > MAX_TRACE) return undefined;
  const next = (node: TSESTree.Node): ResponsePath | undefined => traceResponsePath(node, sites, evaluator, depth + 1);
  switch (expression.type) {
    case T.TSNonNullExpression:
    case T.TSAsExpression:
    case T.TSSatisfiesExpression:
    case T.ChainExpression:
      return next(expression.expression);
    case T.AwaitExpression: {
      const site = sites.find((candidate) => candidate.result.expression === expression || candidate.result.expression === expression.argument);
      return site ? { site, path: [] } : undefined;
    }
    case T.MemberExpression: {
      const name = getStaticMemberName(expression);
      const base = name === undefined ? undefined : next(expression.object);
      return base && name !== undefined ? { site: base.site, path: [...base.path, name] } : undefined;
    }
    case T.Identifier: {
      const variable = evaluator.findVariable(expression);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (!variable || !definition || variable.references.some((reference) => reference.isWrite() && reference.init !== true)) return undefined;
      for (const site of sites) {
        const binding = site.result.binding;
        const inner = binding ? getPatternPath(binding, definition.name) : undefined;
        if (inner) return { site, path: inner };
      }
      if (definition.type !== 'Variable') return undefined;
      const declarator = definition.node as TSESTree.VariableDeclarator;
      const inner = getPatternPath(declarator.id, definition.name);
      if (!declarator.init || !inner) return undefined;
      const base = next(declarator.init);
      return base ? { site: base.site, path: [...base.path, ...inner] } : undefined;
    }
    default: {
      const site = sites.find((candidate) => candidate.result.expression === expression);
      return site ? { site, path: [] } : undefined;
    }
  }
}

/** The property path from a binding pattern to `name` inside it (`[]` for the pattern itself); `undefined` if absent. */
function getPatternPath(pattern: TSESTree.Node, name: TSESTree.Node): string[] | undefined {
  if (pattern === name) return [];
  if (pattern.type === T.AssignmentPattern) return getPatternPath(pattern.left, name);
  if (pattern.type !== T.ObjectPattern) return undefined;
  for (const property of pattern.properties) {
    if (property.type !== T.Property) continue;
    const key = getStaticKey(property);
    const inner = key === undefined ? undefined : getPatternPath(property.value, name);
    if (inner && key !== undefined) return [key, ...inner];
  }
  return undefined;
}

/** The byte length of the site's `Message` when it is known. */
function getMessageBytes(site: CallSite): number | undefined {
  const value = presentValue(lookupProperty(site.input, 'Message'));
  if (!value) return undefined;
  const options = value.kind === 'union' ? value.options : [value];
  const lengths = new Set(options.map(getByteLength));
  return lengths.size === 1 ? [...lengths][0] : undefined;
}

/** The digest length a signing algorithm expects (`ECDSA_SHA_384` → 48), when its name ends in a known hash. */
function getDigestBytes(algorithm: string): number | undefined {
  if (RAW_ONLY_ALGORITHMS.has(algorithm)) return undefined;
  const hash = /(SHA_\d{3})$/.exec(algorithm)?.[1];
  return hash !== undefined && Object.hasOwn(DIGEST_BYTES_BY_HASH, hash) ? DIGEST_BYTES_BY_HASH[hash] : undefined;
}

/** The known numbers a present member may hold (every option of a union), or `undefined` when any is not a number. */
function getKnownNumbers(lookup: PropertyLookup): number[] | undefined {
  const value = presentValue(lookup);
  if (!value) return undefined;
  const numbers: number[] = [];
  for (const option of value.kind === 'union' ? value.options : [value]) {
    if (option.kind !== 'primitive' || typeof option.value !== 'number') return undefined;
    if (!numbers.includes(option.value)) numbers.push(option.value);
  }
  return numbers;
}

function presentValue(lookup: PropertyLookup): StaticValue | undefined {
  return lookup.state === 'present' ? lookup.value : undefined;
}

function isAbsentEverywhere(lookup: PropertyLookup): boolean {
  return lookup.state === 'absent' && lookup.paths === 'all';
}

