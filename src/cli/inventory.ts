/**
 * The key inventory of an audit: every KMS key or alias the code names, the operations used with it, the encryption
 * context key sets seen with it (the de facto "context schema" of that key) and the files where it appears.
 *
 * The data is collected through ESLint itself: the internal records rule (`records.ts`) summarises each relevant call
 * site of a file into a plain, serialisable {@link CallSiteRecord} ({@link summariseCallSite}) and carries the records
 * to the CLI as lint data; {@link buildInventory} turns the records of a run (or of merged shards) into the inventory.
 */
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import {
  type CallSite,
  type CdkKey,
  type FileAnalysis,
  getKmsModel,
  getOperationSpec,
  getResolvedGroups,
  lookupProperty,
  type Service,
  type StaticValue,
  toStringValueIfString,
  type TypeServices,
} from '../analysis/index.js';
import { getCallAlgorithm, takesNoEncryptionContext } from './algorithms.js';

/** Shown instead of a key id that is not statically known (an environment variable, a parameter, a keyring, …). */
export const UNKNOWN_KEY = '(unknown key)';
/** Context label: the operation is called without an encryption context. */
export const NO_CONTEXT = '(none)';
/** Context label: an encryption context is passed but its keys are not statically known. */
export const UNKNOWN_CONTEXT = '(unknown)';
/** Context label: the operation's algorithm (RSA or SM2 encryption) takes no encryption context. */
export const CONTEXT_NOT_SUPPORTED = '(not supported by the algorithm)';

/**
 * One encryption-context key set, e.g. `{documentId, tenantId}` (key names sorted), `{tenantId, …}` (more keys may be
 * added by a spread we cannot see), `{}` (empty), `(none)` or `(unknown)`.
 */
export interface ContextKeySet {
  readonly label: string;
  /** The key names, sorted; `null` for `(none)` and `(unknown)`. */
  readonly keys: readonly string[] | null;
}

/** How one call site names a key: one per key member (ReEncrypt has two: source and destination). */
export interface KeyReference {
  /** The input member naming the key (`KeyId`, `DestinationKeyId`, `SSEKMSKeyId`, …); `null` when the API has none (Encryption SDK). */
  readonly member: string | null;
  /** The key ids or aliases it is known to hold (several for `cond ? 'alias/a' : 'alias/b'`); empty when not known. */
  readonly keyIds: readonly string[];
  /** Source text of the key expression when its value is not known (e.g. `process.env.KMS_KEY_ID`); `null` otherwise. */
  readonly keyExpression: string | null;
  /** The input member carrying the encryption context that goes with this key; `null` when the operation takes none. */
  readonly contextMember: string | null;
  /** The context key sets seen on this member; `null` when the operation takes no encryption context. */
  readonly contextKeySets: readonly ContextKeySet[] | null;
  /**
   * The KMS algorithm of this side (`SYMMETRIC_DEFAULT`, `RSAES_OAEP_SHA_256`, `ECDSA_SHA_256`, …) when statically
   * known, KMS's default included; absent otherwise (see `algorithms.ts`).
   */
  readonly algorithm?: string;
}

/** A plain, serialisable summary of one SDK call site that involves a KMS key. */
export interface CallSiteRecord {
  /** Absolute path of the file. */
  readonly file: string;
  /** 1-based line and column of the call. */
  readonly line: number;
  readonly column: number;
  readonly service: Service;
  /** The API operation in AWS's spelling (`Encrypt`, `PutObject`, `encrypt` for the Encryption SDK, `Bucket` for CDK). */
  readonly operation: string;
  readonly style: CallSite['style'];
  /** True when the site was recognised only through type information. */
  readonly viaTypes: boolean;
  /** The key references of the call; empty for a CDK key construct, which defines a key rather than naming one. */
  readonly keys: readonly KeyReference[];
  /** For a CDK key construct (`new kms.Key(…)`, `new kms.CfnKey(…)`): what the code says about the key it defines. */
  readonly cdkKey?: CdkKeyDefinition;
}

/**
 * A KMS key defined by an AWS CDK construct, definite facts only (aws-cdk-lib `aws-kms` `KeyProps`; CloudFormation
 * `AWS::KMS::Key`): `enableKeyRotation` defaults to false, and for `kms.Key` a `rotationPeriod` alone turns rotation
 * on; `keySpec` defaults to `SYMMETRIC_DEFAULT`.
 */
export interface CdkKeyDefinition {
  readonly construct: 'Key' | 'CfnKey';
  /** The construct id (the second argument) when it is a static string; `null` otherwise. */
  readonly id: string | null;
  /** Automatic rotation: `on`, `off` (also when not asked for: the default), `unknown` when the code does not tell. */
  readonly rotation: 'on' | 'off' | 'unknown';
  /** The rotation period in days when the code gives a known one; `null` otherwise (KMS's default is 365). */
  readonly rotationPeriodDays: number | null;
  /** The key spec when known (`SYMMETRIC_DEFAULT` when none is given on any path); `null` when not known. */
  readonly keySpec: string | null;
}

/** SDK packages whose types the type-based checks need (a client received from another file, cross-file contexts). */
export const SDK_MODULES: readonly string[] = ['@aws-sdk/client-kms', '@aws-sdk/client-s3', 'aws-sdk'];

/**
 * The {@link SDK_MODULES} a file imports (`import … from`, `export … from`, `import x = require(…)`, and a top-level
 * `require(…)` in a JavaScript file) whose module the file's TypeScript program cannot resolve: the type checker has no
 * symbol for the module specifier, so the SDK's classes are error types and type-based recognition is lost.
 * Only the top-level statements are read (imports are top-level; no walk of the whole file).
 * @param program the file's AST
 * @param file absolute path of the file
 * @param types the file's type services
 */
export function findUnresolvedSdkImports(
  program: TSESTree.Program,
  file: string,
  types: TypeServices,
): Array<{ module: string; directory: string }> {
  const specifiers: TSESTree.StringLiteral[] = [];
  const isJavaScript = /\.[mc]?jsx?$/u.test(file);
  for (const statement of program.body) {
    switch (statement.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
        specifiers.push(statement.source);
        break;
      case 'ExportNamedDeclaration':
        if (statement.source) specifiers.push(statement.source);
        break;
      case 'TSImportEqualsDeclaration':
        if (statement.moduleReference.type === 'TSExternalModuleReference' && statement.moduleReference.expression.type === 'Literal') {
          const literal = statement.moduleReference.expression;
          if (typeof literal.value === 'string') specifiers.push(literal as TSESTree.StringLiteral);
        }
        break;
      case 'VariableDeclaration':
        if (isJavaScript) for (const declarator of statement.declarations) pushRequireSpecifier(declarator.init, specifiers);
        break;
      default:
        break;
    }
  }
  const found: Array<{ module: string; directory: string }> = [];
  for (const specifier of specifiers) {
    if (!SDK_MODULES.includes(specifier.value) || found.some((item) => item.module === specifier.value)) continue;
    const tsNode = types.esTreeNodeToTSNodeMap.get(specifier);
    if (!tsNode || types.checker.getSymbolAtLocation(tsNode)) continue;
    const configFile = types.program.getCompilerOptions().configFilePath;
    found.push({ module: specifier.value, directory: typeof configFile === 'string' ? path.dirname(configFile) : path.dirname(file) });
  }
  return found;
}

/** Adds the string argument of `require('…')`, `require('…').X` or `new (require('…').X)()` to `into`. */
function pushRequireSpecifier(node: TSESTree.Node | null | undefined, into: TSESTree.StringLiteral[]): void {
  let current = node;
  while (current && (current.type === 'MemberExpression' || current.type === 'NewExpression' || current.type === 'AwaitExpression')) {
    current = current.type === 'MemberExpression' ? current.object : current.type === 'NewExpression' ? current.callee : current.argument;
  }
  if (
    current?.type === 'CallExpression' &&
    current.callee.type === 'Identifier' &&
    current.callee.name === 'require' &&
    current.arguments[0]?.type === 'Literal' &&
    typeof current.arguments[0].value === 'string'
  ) {
    into.push(current.arguments[0] as TSESTree.StringLiteral);
  }
}

/**
 * Summarises a call site for the inventory, or returns `undefined` when it involves no KMS key: KMS operations that
 * take a key id or an encryption context (not `GenerateRandom`/`CreateKey`), every Encryption SDK call, S3 uploads
 * that name `SSEKMSKeyId` or ask for `ServerSideEncryption: 'aws:kms'`/`'aws:kms:dsse'`, and CDK buckets with an
 * `encryptionKey`.
 *
 * A key id is known when the value analysis knows the string (a literal, a `const` in the file, `cond ? 'a' : 'b'`)
 * or, with type information, when the expression's type is a string literal or a union of them (a `const` imported
 * from a config module has the type `'alias/documents'`).
 * @param site the call site from the file's model
 * @param file absolute path of the file
 * @param analysis the file's analysis (source text for key expressions that are not static, type information)
 */
export function summariseCallSite(
  site: CallSite,
  file: string,
  analysis: Pick<FileAnalysis, 'sourceCode' | 'types'>,
): CallSiteRecord | undefined {
  if (!isKeyRelevant(site)) return undefined;
  // One reference per resolved catalogue group: ReEncrypt's source and destination each pair a key with its context.
  const groups = getResolvedGroups(site);
  const keys: KeyReference[] = (groups.length > 0 ? groups : [undefined]).map((group) => {
    const member = group?.key.member ?? null;
    const contextMember = group?.contextMember ?? null;
    const key =
      group?.key.state === 'known'
        ? { keyIds: group.key.keys.map((identity) => identity.text), keyExpression: null }
        : member === null
          ? { keyIds: [], keyExpression: null }
          : getKeyIds(site.input, member, analysis);
    const algorithm = getCallAlgorithm(site, group);
    const contextKeySets =
      contextMember === null ? null : takesNoEncryptionContext(algorithm) ? [{ label: CONTEXT_NOT_SUPPORTED, keys: null }] : getContextKeySets(site.input, contextMember);
    return {
      member,
      keyIds: key.keyIds,
      keyExpression: key.keyExpression,
      contextMember,
      contextKeySets,
      ...(algorithm === undefined ? {} : { algorithm }),
    };
  });
  const start = site.node.loc.start;
  return {
    file,
    line: start.line,
    column: start.column + 1,
    service: site.service,
    operation: site.operation,
    style: site.style,
    viaTypes: site.viaTypes,
    keys,
  };
}

/**
 * Summarises a CDK key construct for the inventory (see {@link CdkKeyDefinition}): a record with no key references
 * and the construct's id, rotation and key spec, at the line of its `new`.
 * @param key the construct as the analysis reads it (`getCdkKeys`)
 * @param file absolute path of the file
 * @param analysis the file's analysis (its value evaluator reads the construct id)
 */
export function summariseCdkKey(key: CdkKey, file: string, analysis: Pick<FileAnalysis, 'evaluator'>): CallSiteRecord {
  const node = key.site.node;
  const idArgument = node.type === 'NewExpression' ? node.arguments[1] : undefined;
  const id = idArgument && idArgument.type !== 'SpreadElement' ? toStringValueIfString(analysis.evaluator.evaluate(idArgument)) : undefined;
  const periodGiven = key.rotationPeriodDays.state !== 'absent';
  // `CfnKey` with a period and no flag: CloudFormation does not say what that means, so it stays unknown.
  const rotation = key.rotation === 'true' ? 'on' : key.rotation === 'false' || (key.rotation === 'absent' && !periodGiven) ? 'off' : 'unknown';
  const start = node.loc.start;
  return {
    file,
    line: start.line,
    column: start.column + 1,
    service: key.site.service,
    operation: key.site.operation,
    style: key.site.style,
    viaTypes: key.site.viaTypes,
    keys: [],
    cdkKey: {
      construct: key.construct,
      id: id ?? null,
      rotation,
      rotationPeriodDays: rotation === 'on' && key.rotationPeriodDays.state === 'known' ? key.rotationPeriodDays.value : null,
      keySpec: key.keySpec.state === 'known' ? key.keySpec.value : key.keySpec.state === 'absent' ? SYMMETRIC_KEY_SPEC : null,
    },
  };
}

/** The key spec of a CDK key construct that gives none (`KeyProps.keySpec`, `AWS::KMS::Key` `KeySpec`). */
const SYMMETRIC_KEY_SPEC = 'SYMMETRIC_DEFAULT';

function isKeyRelevant(site: CallSite): boolean {
  const spec = getOperationSpec(site.service, site.operation);
  const groups = spec?.groups ?? [];
  const hasKeyMember = (input: StaticValue) => groups.some((group) => group.keyMember !== undefined && lookupProperty(input, group.keyMember).state === 'present');
  switch (site.service) {
    case 'kms':
      return groups.some((group) => group.keyMember !== undefined || group.contextMember !== undefined);
    case 'encryption-sdk':
      return true;
    case 's3': {
      if (!spec?.sse) return false;
      if (hasKeyMember(site.input)) return true;
      const sse = lookupProperty(site.input, spec.sse.algorithmMember);
      const mode = sse.state === 'present' ? toStringValueIfString(sse.value) : undefined;
      return mode !== undefined && mode.startsWith('aws:kms');
    }
    case 'cdk-s3':
      return hasKeyMember(site.input);
    default:
      return false;
  }
}

function getKeyIds(
  input: StaticValue,
  member: string,
  analysis: Pick<FileAnalysis, 'sourceCode' | 'types'>,
): { keyIds: string[]; keyExpression: string | null } {
  const lookup = lookupProperty(input, member);
  if (lookup.state !== 'present') return { keyIds: [], keyExpression: null };
  const known = getKnownStrings(lookup.value);
  if (known) return { keyIds: known, keyExpression: null };
  const node: TSESTree.Node | undefined = lookup.propertyNode?.value ?? lookup.value.node;
  if (!node) return { keyIds: [], keyExpression: null };
  const typed = analysis.types ? getStringLiteralsOfType(analysis.types, node) : undefined;
  if (typed) return { keyIds: typed, keyExpression: null };
  return { keyIds: [], keyExpression: shorten(analysis.sourceCode.getText(node)) };
}

/** The values of a string literal type or a union of string literal types; `undefined` for any other type. */
function getStringLiteralsOfType(types: TypeServices, node: TSESTree.Node): string[] | undefined {
  const tsNode = types.esTreeNodeToTSNodeMap.get(node);
  if (!tsNode) return undefined;
  const type = types.checker.getTypeAtLocation(tsNode);
  const parts = type.isUnion() ? type.types : [type];
  const values: string[] = [];
  for (const part of parts) {
    if (!part.isStringLiteral()) return undefined;
    if (!values.includes(part.value)) values.push(part.value);
  }
  return values.length > 0 ? values : undefined;
}

/** The string values of a known string or a union of known strings; `undefined` when any alternative is unknown. */
function getKnownStrings(value: StaticValue): string[] | undefined {
  const options = value.kind === 'union' ? value.options : [value];
  const strings: string[] = [];
  for (const option of options) {
    const text = toStringValueIfString(option);
    if (text === undefined) return undefined;
    if (!strings.includes(text)) strings.push(text);
  }
  return strings;
}

/**
 * The encryption-context key sets a call passes in `member`, one per path we can tell apart.
 * @param input the evaluated input of the call
 * @param member the input member that carries the context (`EncryptionContext`, `encryptionContext`, …)
 */
export function getContextKeySets(input: StaticValue, member: string): ContextKeySet[] {
  const lookup = lookupProperty(input, member);
  switch (lookup.state) {
    case 'present':
      return getValueKeySets(lookup.value);
    case 'absent':
      if (lookup.paths === 'all') return [{ label: NO_CONTEXT, keys: null }];
      if (input.kind === 'union') return dedupe(input.options.flatMap((option) => getContextKeySets(option, member)));
      if (input.kind === 'object') {
        const property = [...input.properties].reverse().find((candidate) => candidate.name === member);
        if (property) return getValueKeySets(property.value);
      }
      return [{ label: NO_CONTEXT, keys: null }, { label: UNKNOWN_CONTEXT, keys: null }];
    default:
      return [{ label: UNKNOWN_CONTEXT, keys: null }];
  }
}

function getValueKeySets(value: StaticValue): ContextKeySet[] {
  switch (value.kind) {
    case 'object': {
      const names = [
        ...new Set(
          value.properties
            .filter((property) => !(property.value.kind === 'primitive' && property.value.value === undefined))
            .map((property) => property.name),
        ),
      ].sort();
      if (!value.complete && names.length === 0) return [{ label: UNKNOWN_CONTEXT, keys: null }];
      const shown = value.complete ? names : [...names, '…'];
      return [{ label: `{${shown.join(', ')}}`, keys: names }];
    }
    case 'primitive':
      return value.value === null || value.value === undefined ? [{ label: NO_CONTEXT, keys: null }] : [{ label: UNKNOWN_CONTEXT, keys: null }];
    case 'union':
      return dedupe(value.options.flatMap(getValueKeySets));
    default:
      return [{ label: UNKNOWN_CONTEXT, keys: null }];
  }
}

function dedupe(sets: readonly ContextKeySet[]): ContextKeySet[] {
  const seen = new Map<string, ContextKeySet>();
  for (const set of sets) if (!seen.has(set.label)) seen.set(set.label, set);
  return [...seen.values()];
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/** One operation used with a key, e.g. `Encrypt` ×3. Non-KMS services are prefixed (`s3:PutObject`). */
export interface InventoryOperation {
  readonly operation: string;
  readonly count: number;
}

/**
 * One encryption-context key set seen with a key, how often, and with which operations. A call that may pass one of
 * several contexts (`cond ? { a } : undefined`, a parameter whose callers pass different contexts) counts once, under
 * one entry for its alternatives: the label joins theirs with ` | ` (`{a} | (none)`), `keys` is `null` and
 * `alternatives` lists them; so for each operation the context counts add up to its count.
 */
export interface InventoryContextKeySet extends ContextKeySet {
  readonly count: number;
  readonly operations: readonly string[];
  /** The key sets one call may pass, in label order (key sets first); absent when the call passes one. */
  readonly alternatives?: readonly ContextKeySet[];
}

/** The places a key appears in one file. */
export interface InventoryFile {
  /** Path relative to the report root, `/`-separated. */
  readonly file: string;
  readonly lines: readonly number[];
}

/** One key of the inventory. */
export interface InventoryEntry {
  /**
   * The key id, key ARN, alias name or alias ARN as written, or `(unknown key)`; for a key defined by a CDK construct,
   * its construct id and class (`DocumentsKey (CDK kms.Key)`), one entry per construct (two may share an id).
   */
  readonly key: string;
  /** How many call sites use it. */
  readonly callSites: number;
  readonly operations: readonly InventoryOperation[];
  /** Context key sets, most frequent first; empty when no operation used with the key takes a context. */
  readonly encryptionContextKeySets: readonly InventoryContextKeySet[];
  readonly files: readonly InventoryFile[];
  /** For `(unknown key)`: the distinct source expressions that name the key (`process.env.KMS_KEY_ID`, …). */
  readonly keyExpressions: readonly string[];
  /** The KMS algorithms used with the key (statically known ones only), by name; empty when none is known. */
  readonly algorithms: readonly InventoryAlgorithm[];
  /** For a key defined by a CDK construct: its construct id, rotation and key spec (the place is in `files`). */
  readonly cdkKey?: CdkKeyDefinition;
}

/** The inventory label of a CDK key construct: `DocumentsKey (CDK kms.Key)`, `(id not static) (CDK kms.CfnKey)`. */
export function getCdkKeyLabel(definition: CdkKeyDefinition): string {
  return `${definition.id ?? '(id not static)'} (CDK kms.${definition.construct})`;
}

/** One KMS algorithm used with a key: how often, with which operations, where. */
export interface InventoryAlgorithm {
  /** KMS's name: `SYMMETRIC_DEFAULT`, `RSAES_OAEP_SHA_256`, `ECDSA_SHA_256`, `HMAC_SHA_256`, … */
  readonly algorithm: string;
  readonly count: number;
  readonly operations: readonly string[];
  readonly files: readonly InventoryFile[];
}

/**
 * Builds the inventory from call-site records: one entry per key (known keys sorted by name, `(unknown key)` last).
 * @param records the call-site records of the run
 * @param display turns an absolute path into the path shown in the report
 */
export function buildInventory(records: readonly CallSiteRecord[], display: (file: string) => string): InventoryEntry[] {
  interface Accumulator {
    /** The call sites using the key, with the operation labels already counted for each. */
    sites: Map<CallSiteRecord, Set<string>>;
    operations: Map<string, number>;
    contexts: Map<string, { set: CallContext; count: number; operations: Set<string> }>;
    files: Map<string, Set<number>>;
    expressions: Set<string>;
    algorithms: Map<string, { count: number; operations: Set<string>; files: Map<string, Set<number>> }>;
  }
  const byKey = new Map<string, Accumulator>();
  const definitions: InventoryEntry[] = [];
  for (const record of records) {
    if (record.cdkKey) {
      definitions.push({
        key: getCdkKeyLabel(record.cdkKey),
        callSites: 1,
        operations: [{ operation: getOperationLabel(record.service, record.operation), count: 1 }],
        encryptionContextKeySets: [],
        files: [{ file: display(record.file), lines: [record.line] }],
        keyExpressions: [],
        algorithms: [],
        cdkKey: record.cdkKey,
      });
      continue;
    }
    const sideCount = record.keys.length;
    for (const reference of record.keys) {
      const operation = getOperationLabel(record.service, record.operation, sideCount > 1 ? reference.member : null);
      const keyIds = reference.keyIds.length > 0 ? reference.keyIds : [UNKNOWN_KEY];
      for (const key of keyIds) {
        let entry = byKey.get(key);
        if (!entry) {
          entry = { sites: new Map(), operations: new Map(), contexts: new Map(), files: new Map(), expressions: new Set(), algorithms: new Map() };
          byKey.set(key, entry);
        }
        // Count each operation (side) of a call once per key, even when `cond ? 'a' : 'a'`-like values repeat it.
        const counted = entry.sites.get(record) ?? new Set<string>();
        if (!counted.has(operation)) {
          counted.add(operation);
          entry.sites.set(record, counted);
          entry.operations.set(operation, (entry.operations.get(operation) ?? 0) + 1);
        }
        const set = reference.contextKeySets ? getCallContext(reference.contextKeySets) : undefined;
        if (set) {
          const context = entry.contexts.get(set.label) ?? { set, count: 0, operations: new Set<string>() };
          context.count++;
          context.operations.add(operation);
          entry.contexts.set(set.label, context);
        }
        const file = display(record.file);
        const lines = entry.files.get(file) ?? new Set<number>();
        lines.add(record.line);
        entry.files.set(file, lines);
        if (reference.keyExpression) entry.expressions.add(reference.keyExpression);
        if (reference.algorithm !== undefined) {
          const use = entry.algorithms.get(reference.algorithm) ?? { count: 0, operations: new Set<string>(), files: new Map<string, Set<number>>() };
          use.count++;
          use.operations.add(operation);
          use.files.set(file, (use.files.get(file) ?? new Set<number>()).add(record.line));
          entry.algorithms.set(reference.algorithm, use);
        }
      }
    }
  }
  const keys = [...byKey.keys()];
  const named = keys.map((key) => {
    const entry = byKey.get(key)!;
    return {
      key,
      callSites: entry.sites.size,
      operations: [...entry.operations.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([operation, count]) => ({ operation, count })),
      encryptionContextKeySets: [...entry.contexts.values()]
        .sort((a, b) => b.count - a.count || a.set.label.localeCompare(b.set.label))
        .map(({ set, count, operations }) => ({ label: set.label, keys: set.keys, count, operations: [...operations].sort(), ...(set.alternatives ? { alternatives: set.alternatives } : {}) })),
      files: sortFiles(entry.files),
      keyExpressions: [...entry.expressions].sort(),
      algorithms: [...entry.algorithms.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([algorithm, use]) => ({ algorithm, count: use.count, operations: [...use.operations].sort(), files: sortFiles(use.files) })),
    };
  });
  const place = (entry: InventoryEntry): string => `${entry.files[0]?.file ?? ''}:${String(entry.files[0]?.lines[0] ?? 0).padStart(9, '0')}`;
  return [...named, ...definitions].sort((a, b) =>
    a.key === UNKNOWN_KEY ? 1 : b.key === UNKNOWN_KEY ? -1 : a.key.localeCompare(b.key) || place(a).localeCompare(place(b)),
  );
}

/** What one key reference contributes to the context key sets: its one set, or one entry for its alternatives. */
type CallContext = ContextKeySet & { readonly alternatives?: readonly ContextKeySet[] };

/** The one context entry of a call: its key set, or its alternatives joined (`{a} | (none)`); `undefined` for none. */
function getCallContext(sets: readonly ContextKeySet[]): CallContext | undefined {
  const distinct = dedupe(sets);
  if (distinct.length <= 1) return distinct[0];
  const alternatives = distinct.sort((a, b) => Number(a.keys === null) - Number(b.keys === null) || a.label.localeCompare(b.label));
  return { label: alternatives.map((set) => set.label).join(' | '), keys: null, alternatives };
}

function sortFiles(files: ReadonlyMap<string, ReadonlySet<number>>): InventoryFile[] {
  return [...files.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([file, lines]) => ({ file, lines: [...lines].sort((a, b) => a - b) }));
}

/** Operation labels per key member for operations that name two keys (ReEncrypt: `kms:ReEncryptFrom`/`kms:ReEncryptTo`). */
const SIDE_LABELS: Readonly<Record<string, string>> = { SourceKeyId: 'source', DestinationKeyId: 'destination' };

/**
 * The operation as shown in the inventory: KMS operations by their API name (`Encrypt`), others prefixed with their
 * service (`s3:PutObject`, `encryption-sdk:encrypt`, `cdk-s3:Bucket`). For an operation that names two keys, `member`
 * tells the side: `ReEncrypt source` (`SourceKeyId`, needs `kms:ReEncryptFrom`) and `ReEncrypt destination`
 * (`DestinationKeyId`, needs `kms:ReEncryptTo`), so each side's operation count matches its context key-set counts.
 * @param service the service of the call
 * @param operation the API operation
 * @param member the key member, only when the operation names more than one key; `null` otherwise
 */
export function getOperationLabel(service: Service, operation: string, member: string | null = null): string {
  const base = service === 'kms' ? operation : `${service}:${operation}`;
  if (member === null) return base;
  return `${base} ${SIDE_LABELS[member] ?? member}`;
}
