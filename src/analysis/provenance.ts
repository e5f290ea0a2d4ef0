/**
 * Provenance: where a value comes from (DESIGN "Layout": `provenance.ts`).
 *
 * `getProvenance(node)` follows an expression back through `const` bindings, destructuring, parameters (to their call
 * sites in the same file, or to the framework that calls them), `await`, `.then(…)` callbacks, return values of
 * functions of the same file and lossless re-encodings (`Buffer.from`, `toString`, `TextEncoder#encode`, …) to its
 * {@link Origin}s: a file read, a stream, an HTTP request body, an S3 `GetObject` `Body`, a `fetch` response body,
 * `JSON.stringify` of a collection, a buffer grown in a loop, an environment variable, a KMS response member, random
 * bytes, a literal — or `parameter`/`unknown` when the analysis cannot see further.
 *
 * Several origins mean alternatives (`c ? a : b`, several call sites) or parts (`a + b`, a template literal;
 * `direct: false`). Rules ask questions such as "is any origin unbounded" ({@link isUnboundedOrigin}), "does it come
 * from `process.env`" ({@link isFromEnv}), "is it a string" ({@link Provenance.valueType}) or "is it the `Plaintext`
 * of a Decrypt response" ({@link isKmsResponseMember}).
 *
 * Length guards: {@link ProvenanceAnalysis.getGuardBounds} finds the comparisons of `x.length` / `x.byteLength` /
 * `Buffer.byteLength(x)` against a number that dominate a reference to `x` (an earlier `if (…) throw|return`, or an
 * enclosing `if`), and {@link ProvenanceAnalysis.getOriginBounds} collects them along an origin's path.
 *
 * Results are cached per file (a `WeakMap` keyed by the `Program` node) and per node, so rules share them.
 */
import { ASTUtils, type TSESLint, TSESTree, AST_NODE_TYPES as T } from '../util/ts-eslint.js';
import type * as ts from 'typescript';
import { getKmsModel } from './file-model.js';
import type { CallSite, FileAnalysis, StaticValue } from './model.js';
import { containsNode, getByteLength, getCalleeName, getStaticKey, getStaticMemberName, toStringValueIfString } from './values.js';
import { walk } from './ast/walk.js';
import { skipWrappers } from './ast/wrappers.js';
import { withImplicitRequire } from './call-sites.js';

const { ReferenceTracker } = ASTUtils;
const MAX_DEPTH = 32;

/**
 * The kinds of origin.
 * - `literal`: a value known statically (string/number literal, constant template, `Buffer.alloc(n)`,
 *   `Buffer.from("…")`); `byteLength` says its size.
 * - `random-bytes`: `crypto.randomBytes(n)`, `crypto.getRandomValues(new Uint8Array(n))`.
 * - `file-read`: `fs.readFile`/`readFileSync`/`fs.promises.readFile` (`fs`, `node:fs`, `fs/promises`), including the
 *   data parameter of a `readFile` callback.
 * - `stream`: `fs.createReadStream`, `node:stream/consumers` helpers, chunks read from a stream.
 * - `http-request`: the request object of an HTTP handler (express-style `(req, res) =>`, a fetch-style `request`,
 *   a Lambda handler's `event`); not data itself — its body is.
 * - `http-request-body`: `req.body`, `event.body` of a Lambda handler, `await request.text()/arrayBuffer()/json()`.
 * - `fetch-response` / `fetch-response-body`: the result of global `fetch(…)` and its `.text()/.arrayBuffer()/…`.
 * - `s3-response` / `s3-object-body`: the response of an S3 call in the model, and a `GetObject` `Body`
 *   (also after `transformToByteArray()` / `transformToString()`).
 * - `kms-response`: the response of a KMS call in the model (`member` names the member read, e.g. `Plaintext`).
 * - `serialized-collection`: `JSON.stringify` of an array of unknown length or of a record (string index signature).
 * - `loop-accumulation`: an array pushed to, or a string/buffer appended to, inside a loop or a `'data'` listener.
 * - `process-env` / `env-var`: `process.env` itself, and one of its variables.
 * - `parameter`: a function parameter whose callers are not visible; `unknown`: anything else.
 */
export type OriginKind =
  | 'literal'
  | 'random-bytes'
  | 'file-read'
  | 'stream'
  | 'http-request'
  | 'http-request-body'
  | 'fetch-response'
  | 'fetch-response-body'
  | 's3-response'
  | 's3-object-body'
  | 'kms-response'
  | 'serialized-collection'
  | 'loop-accumulation'
  | 'process-env'
  | 'env-var'
  | 'parameter'
  | 'unknown';

/** What a value is at run time, as far as known: a string, bytes (`Buffer`/`Uint8Array`/`ArrayBuffer`), something else. */
export type ValueType = 'string' | 'bytes' | 'other' | 'unknown';

/** An upper bound on a value's size that a length guard (or a slice) establishes. */
export interface SizeBound {
  /** The bound in bytes (string guards count UTF-16 units, taken as bytes); `undefined` when the limit is not known statically. */
  readonly bytes: number | undefined;
  /** The guard (`if` statement, conditional, call) or the slicing call. */
  readonly node: TSESTree.Node;
}

/** One place a value comes from. */
export interface Origin {
  readonly kind: OriginKind;
  /** The expression (or parameter) where the origin was recognised. */
  readonly node: TSESTree.Node;
  /** The type of the value at the queried expression (after re-encodings), as far as known. */
  readonly valueType: ValueType;
  /**
   * True when the queried value is the origin's data itself or a lossless re-encoding of it (`Buffer.from(x)`,
   * `x.toString()`); false when the data is mixed into a larger value (`a + b`, `JSON.stringify({ x })`).
   */
  readonly direct: boolean;
  /** Size in bytes when known (literals, `randomBytes(32)`). */
  readonly byteLength: number | undefined;
  /** A short name of the source API for messages: `readFileSync`, `GetObject Body`, `process.env.DB_PASSWORD`, … */
  readonly api: string | undefined;
  /** For `kms-response`, `s3-response`, `s3-object-body`: the SDK call site in the model. */
  readonly callSite: CallSite | undefined;
  /** For `kms-response`: the response member read (`Plaintext`, `CiphertextBlob`, …); `undefined` for the whole response. */
  readonly member: string | undefined;
  /** For `env-var`: the variable's name (`undefined` when computed and unknown). */
  readonly envName: string | undefined;
  /** A bound that the origin itself carries: a guard inside the accumulating loop, a `slice(0, n)`. */
  readonly sizeBound: SizeBound | undefined;
  /** The expressions the value flowed through, from the queried expression to the origin (both included). */
  readonly path: readonly TSESTree.Node[];
}

/** The answer for one expression. */
export interface Provenance {
  /** Alternatives and parts the value comes from; never empty. */
  readonly origins: readonly Origin[];
  /**
   * The value's type: from type information when available, otherwise agreed by all origins; else `unknown`.
   * Computed on first read (the type query can cost milliseconds for a call), so a caller that reads only `origins`
   * pays nothing for it.
   */
  readonly valueType: ValueType;
}

const UNBOUNDED_KINDS: ReadonlySet<OriginKind> = new Set([
  'file-read',
  'stream',
  'http-request-body',
  'fetch-response-body',
  's3-object-body',
  'serialized-collection',
  'loop-accumulation',
]);

/** True for origins whose size nothing in the code limits: file reads, streams, request/response/object bodies, … */
export function isUnboundedOrigin(origin: Origin): boolean {
  return UNBOUNDED_KINDS.has(origin.kind);
}

/** True when some origin of the value is an environment variable (`process.env.X`, `const { X } = process.env`). */
export function isFromEnv(provenance: Provenance): boolean {
  return provenance.origins.some((origin) => origin.kind === 'env-var');
}

/**
 * True when the value is (a lossless re-encoding of) member `member` of the response of a KMS `operation` on every
 * path — e.g. the `Plaintext` of a Decrypt result.
 */
export function isKmsResponseMember(provenance: Provenance, operation: string, member: string): boolean {
  return provenance.origins.every(
    (origin) => origin.kind === 'kms-response' && origin.direct && origin.member === member && origin.callSite?.operation === operation,
  );
}

/** A phrase naming an origin for messages ("a file read (readFileSync)", "an S3 GetObject Body", …). */
export function describeOrigin(origin: Origin): string {
  const api = origin.api ? ` (${origin.api})` : '';
  switch (origin.kind) {
    case 'file-read':
      return `a file read${api}`;
    case 'stream':
      return `a stream${api}`;
    case 'http-request-body':
      return `an HTTP request body${api}`;
    case 'fetch-response-body':
      return `a fetch response body${api}`;
    case 's3-object-body':
      return `an S3 GetObject Body${api}`;
    case 'serialized-collection':
      return `JSON.stringify of a collection of unknown size${api}`;
    case 'loop-accumulation':
      return `a buffer or string grown in a loop${api}`;
    case 'env-var':
      return `an environment variable${api}`;
    case 'kms-response':
      return `a KMS ${origin.callSite?.operation ?? ''} response${origin.member ? ` ${origin.member}` : ''}`;
    case 'random-bytes':
      return `random bytes${api}`;
    default:
      return origin.kind.replace('-', ' ');
  }
}

const cache = new WeakMap<TSESTree.Program, ProvenanceAnalysis>();

/** The provenance analysis of the file being linted, shared by all rules (built on first use). */
export function getProvenanceAnalysis(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): ProvenanceAnalysis {
  return getFileProvenance(getKmsModel(context));
}

/** The provenance analysis of a file's model, shared by all rules and facets (built on first use, cached per file). */
export function getFileProvenance(analysis: FileAnalysis): ProvenanceAnalysis {
  const ast = analysis.sourceCode.ast;
  let provenance = cache.get(ast);
  if (!provenance) cache.set(ast, (provenance = new ProvenanceAnalysis(analysis)));
  return provenance;
}

/** What a traced module export is. */
interface TracedSource {
  readonly kind: 'file-read' | 'stream' | 'random-bytes' | 'random-fill' | 'stream-consumer';
  readonly api: string;
  /** `fs.readFile(path, options?, callback)`: the result goes to the callback's second parameter. */
  readonly callback?: boolean;
}

type TraceMap = Record<string, Record<string | symbol, unknown>>;

function call(info: TracedSource): Record<symbol, TracedSource> {
  return { [ReferenceTracker.CALL]: info };
}

let sourceTraceMap: TraceMap | undefined;

/** Module exports that produce data (DATA, Node.js API docs: `fs`, `crypto`, `stream/consumers`). */
function getSourceTraceMap(): TraceMap {
  if (sourceTraceMap) return sourceTraceMap;
  const map: TraceMap = {};
  const fsExports = {
    readFileSync: call({ kind: 'file-read', api: 'readFileSync' }),
    readFile: call({ kind: 'file-read', api: 'readFile', callback: true }),
    createReadStream: call({ kind: 'stream', api: 'createReadStream' }),
    promises: { readFile: call({ kind: 'file-read', api: 'fs.promises.readFile' }) },
  };
  for (const module of ['fs', 'node:fs']) map[module] = fsExports;
  for (const module of ['fs/promises', 'node:fs/promises']) map[module] = { readFile: call({ kind: 'file-read', api: 'readFile' }) };
  const cryptoExports = {
    randomBytes: call({ kind: 'random-bytes', api: 'randomBytes' }),
    getRandomValues: call({ kind: 'random-fill', api: 'getRandomValues' }),
    webcrypto: { getRandomValues: call({ kind: 'random-fill', api: 'getRandomValues' }) },
  };
  for (const module of ['crypto', 'node:crypto']) map[module] = cryptoExports;
  const consumers: Record<string, unknown> = {};
  for (const name of ['buffer', 'text', 'json', 'arrayBuffer', 'blob']) consumers[name] = call({ kind: 'stream-consumer', api: `stream/consumers ${name}` });
  for (const module of ['stream/consumers', 'node:stream/consumers']) map[module] = consumers;
  sourceTraceMap = map;
  return map;
}

/** Response members that are byte blobs (KMS API Reference, response syntax of each operation). */
const KMS_BLOB_MEMBERS = new Set(['Plaintext', 'CiphertextBlob', 'PublicKey', 'PrivateKeyPlaintext', 'PrivateKeyCiphertextBlob', 'Signature', 'Mac', 'CiphertextForRecipient']);
/** Type names of HTTP request objects whose `body` is the request body (express, fastify, Next.js, Lambda events). */
const REQUEST_TYPE_NAMES = new Set(['Request', 'FastifyRequest', 'NextRequest', 'NextApiRequest']);
const LAMBDA_EVENT_TYPE_NAMES = new Set([
  'APIGatewayProxyEvent',
  'APIGatewayProxyEventV2',
  'APIGatewayProxyEventV2WithJWTAuthorizer',
  'APIGatewayEvent',
  'ALBEvent',
  'LambdaFunctionURLEvent',
]);
const BODY_METHODS: Readonly<Record<string, ValueType>> = { text: 'string', json: 'other', arrayBuffer: 'bytes', bytes: 'bytes', blob: 'other', formData: 'other' };
const STRING_METHODS = new Set(['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'normalize', 'replace', 'replaceAll', 'padStart', 'padEnd']);
const SLICE_METHODS = new Set(['slice', 'subarray', 'substring']);
const LENGTH_PROPERTIES = new Set(['length', 'byteLength', 'size']);
const ASSERT_CALLEES = new Set(['assert', 'assert.ok', 'assert.strict', 'assert.strict.ok', 'strict.ok', 'invariant', 'ok', 'strict']);
const COMPARISON_OPERATORS = new Set(['<', '<=', '>', '>=', '===', '!==', '==', '!=']);
/** `fs` functions whose result's `size` is the size of the file named by their first argument. */
const STAT_FUNCTIONS = new Set(['stat', 'statSync', 'lstat', 'lstatSync', 'fstat', 'fstatSync']);
/** How deep guards are followed into helper functions of the file (`assertSmall(x)` calling `checkLength(x)`). */
const MAX_HELPER_DEPTH = 4;

/**
 * How a measured expression relates to the guarded value: `same` (the value, a `const` of it or a length-preserving
 * re-encoding), `derived` (from the same source by a step that may change the length), or unrelated (`undefined`).
 */
type Match = 'same' | 'derived' | undefined;
type Matcher = (node: TSESTree.Node) => Match;

/** Where a KMS/S3 response is bound: the site and the member path inside the response. */
interface ResultRef {
  readonly site: CallSite;
  readonly members: readonly string[];
}

/** Per-file provenance and length-guard analysis. Never throws on odd code: what it cannot follow is `unknown`. */
export class ProvenanceAnalysis {
  private readonly originCache = new Map<TSESTree.Node, Origin[]>();
  private readonly inProgress = new Set<TSESTree.Node>();
  private tracedCalls: Map<TSESTree.Node, TracedSource> | undefined;
  private resultBindings: Map<TSESTree.Identifier, ResultRef> | undefined;
  private resultExpressions: Map<TSESTree.Node, CallSite> | undefined;
  private readonly helperBounds = new Map<TSESTree.FunctionLike, Map<string, number | undefined | null>>();

  constructor(private readonly file: FileAnalysis) {}

  /** Where the value of `node` comes from. */
  getProvenance(node: TSESTree.Node): Provenance {
    const origins = this.resolve(node, 0);
    // `valueType` asks the type checker (a call's overload resolution can take milliseconds): only when it is read.
    let valueType: ValueType | undefined;
    const typeOf = (): ValueType => (valueType ??= this.getTypeOfNode(node) ?? agreedValueType(origins));
    return {
      origins,
      get valueType(): ValueType {
        return typeOf();
      },
    };
  }

  /**
   * The length guards that dominate `reference` (an identifier or a member chain such as `req.body`): an earlier
   * `if (len(x) > N) throw|return|break|continue`, an `assert(len(x) <= N)` (`assert.ok`, `invariant`), a call of a
   * function of this file that checks its parameter's length (`assertSmall(x)`), or an enclosing
   * `if (len(x) <= N) { … }` / the `else` of `if (len(x) > N)`, where `len(x)` is `x.length`, `x.byteLength`,
   * `x.size`, `Buffer.byteLength(x)` or a `const` holding one of them. `x` may also be a value derived from the same
   * source (`const bytes = Buffer.from(text)` guards `Buffer.from(text)`); a derivation that may change the length
   * (`trim()`, `slice()`, a `base64` re-encoding) and a check on `x` that cannot be evaluated give a bound of
   * unknown size (`bytes: undefined`).
   */
  getGuardBounds(reference: TSESTree.Node): SizeBound[] {
    const target = skipWrappers(reference);
    if (target.type !== T.Identifier && target.type !== T.MemberExpression) return [];
    return this.collectGuards(reference, this.derivationMatcher(target));
  }

  /**
   * The bounds that hold for an origin: its own (`sizeBound`), the guards on every reference along its path and, for a
   * file read or file stream, a guard on the size of the same path (`if (statSync(p).size > N) throw`).
   */
  getOriginBounds(origin: Origin): SizeBound[] {
    const bounds = origin.sizeBound ? [origin.sizeBound] : [];
    for (const node of origin.path) bounds.push(...this.getGuardBounds(node));
    const traced = this.getTracedCalls();
    for (const node of origin.path) {
      if (node.type !== T.CallExpression) continue;
      const kind = traced.get(node)?.kind;
      const file = node.arguments[0];
      if ((kind !== 'file-read' && kind !== 'stream') || !file || file.type === T.SpreadElement) continue;
      const matches: Matcher = (candidate) => (this.isStatOf(candidate, file) ? 'same' : undefined);
      for (const reference of origin.path) bounds.push(...this.collectGuards(reference, matches));
    }
    // One bound per guard (several references along the path may see the same one): the tightest.
    const byNode = new Map<TSESTree.Node, SizeBound>();
    for (const bound of bounds) {
      const seen = byNode.get(bound.node);
      if (!seen || (pickBound(seen.bytes, bound.bytes) === bound.bytes && bound.bytes !== seen.bytes)) byNode.set(bound.node, bound);
    }
    return [...byNode.values()];
  }

  /** The guards that dominate `reference` for the values `matches` accepts (see {@link getGuardBounds}). */
  private collectGuards(reference: TSESTree.Node, matches: Matcher): SizeBound[] {
    const bounds: SizeBound[] = [];
    let child: TSESTree.Node = reference;
    for (let parent = reference.parent; parent; child = parent, parent = parent.parent) {
      if (parent.type === T.IfStatement || parent.type === T.ConditionalExpression) {
        const bytes =
          child === parent.consequent
            ? this.getBoundWhen(parent.test, true, matches)
            : child === parent.alternate
              ? this.getBoundWhen(parent.test, false, matches)
              : null;
        if (bytes !== null) bounds.push({ bytes, node: parent });
      } else if (parent.type === T.LogicalExpression && child === parent.right && (parent.operator === '&&' || parent.operator === '||')) {
        const bytes = this.getBoundWhen(parent.left, parent.operator === '&&', matches);
        if (bytes !== null) bounds.push({ bytes, node: parent });
      } else if (parent.type === T.BlockStatement || parent.type === T.Program || parent.type === T.StaticBlock || parent.type === T.SwitchCase) {
        const body: readonly TSESTree.Node[] = parent.type === T.SwitchCase ? parent.consequent : parent.body;
        const index = body.indexOf(child);
        for (let statementIndex = 0; statementIndex < index; statementIndex++) {
          const bytes = this.getStatementGuard(body[statementIndex]!, matches);
          if (bytes !== null) bounds.push({ bytes, node: body[statementIndex]! });
        }
      }
    }
    return bounds;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Resolution

  private resolve(node: TSESTree.Node, depth: number): Origin[] {
    const cached = this.originCache.get(node);
    if (cached) return cached;
    if (depth > MAX_DEPTH || this.inProgress.has(node)) return [makeOrigin('unknown', node)];
    this.inProgress.add(node);
    let origins: Origin[];
    try {
      origins = this.resolveUncached(node, depth + 1);
    } finally {
      this.inProgress.delete(node);
    }
    if (origins.length === 0) origins = [makeOrigin('unknown', node)];
    const withPath = origins.map((origin) => (origin.path[0] === node ? origin : { ...origin, path: [node, ...origin.path] }));
    this.originCache.set(node, withPath);
    return withPath;
  }

  private resolveUncached(node: TSESTree.Node, depth: number): Origin[] {
    const site = this.getResultExpressions().get(node);
    if (site) return [this.responseOrigin(site, node, [])];
    switch (node.type) {
      case T.TSAsExpression:
      case T.TSNonNullExpression:
      case T.TSSatisfiesExpression:
      case T.TSTypeAssertion:
      case T.TSInstantiationExpression:
      case T.ChainExpression:
        return this.resolve(node.expression, depth);
      case T.AwaitExpression:
        return this.resolve(node.argument, depth);
      case T.SequenceExpression:
        return node.expressions.length > 0 ? this.resolve(node.expressions[node.expressions.length - 1]!, depth) : [];
      case T.AssignmentExpression:
        return node.operator === '=' ? this.resolve(node.right, depth) : [makeOrigin('unknown', node)];
      case T.Literal:
      case T.TemplateLiteral:
      case T.BinaryExpression: {
        const known = this.getKnownOrigin(node);
        if (known) return [known];
        if (node.type === T.TemplateLiteral) return mapOrigins(node.expressions.flatMap((part) => this.resolve(part, depth)), { direct: false, valueType: 'string' });
        if (node.type === T.BinaryExpression && node.operator === '+') {
          const parts = [...this.resolve(node.left, depth), ...this.resolve(node.right, depth)];
          return mapOrigins(parts, { direct: false, valueType: parts.some((part) => part.valueType === 'string') ? 'string' : 'unknown' });
        }
        return [makeOrigin('unknown', node)];
      }
      case T.ConditionalExpression:
        return [...this.resolve(node.consequent, depth), ...this.resolve(node.alternate, depth)];
      case T.ObjectExpression:
      case T.ArrayExpression: {
        // The parts of a literal: `{ ...req.body, at }` carries the body, `[process.env.A]` the variable.
        const parts: TSESTree.Node[] = [];
        for (const member of node.type === T.ObjectExpression ? node.properties : node.elements) {
          if (!member) continue;
          if (member.type === T.SpreadElement) parts.push(member.argument);
          else if (member.type === T.Property) parts.push(member.value);
          else parts.push(member);
        }
        if (parts.length === 0) return [makeOrigin('literal', node, { valueType: 'other' })];
        return mapOrigins(parts.flatMap((part) => this.resolve(part, depth)), { direct: false, valueType: 'other', byteLength: undefined });
      }
      case T.LogicalExpression:
        return [...this.resolve(node.left, depth), ...this.resolve(node.right, depth)];
      case T.Identifier:
        return this.resolveIdentifier(node, depth);
      case T.MemberExpression:
        return this.resolveMember(node, depth);
      case T.CallExpression:
        return this.resolveCall(node, depth);
      case T.NewExpression:
        return this.resolveNew(node, depth);
      default:
        return [makeOrigin('unknown', node)];
    }
  }

  /** A literal origin when the evaluator knows the value (a primitive or bytes of known length). */
  private getKnownOrigin(node: TSESTree.Node): Origin | undefined {
    const value = this.file.evaluator.evaluate(node);
    if (value.kind === 'primitive') {
      return makeOrigin('literal', node, { valueType: typeof value.value === 'string' ? 'string' : 'other', byteLength: value.byteLength });
    }
    if (value.kind === 'bytes' && value.byteLength !== undefined) return makeOrigin('literal', node, { valueType: 'bytes', byteLength: value.byteLength });
    return undefined;
  }

  private resolveIdentifier(node: TSESTree.Identifier, depth: number): Origin[] {
    const variable = this.findVariable(node);
    if (!variable || variable.defs.length === 0) {
      if (node.name === 'undefined') return [makeOrigin('literal', node, { valueType: 'other' })];
      return [makeOrigin('unknown', node)];
    }
    if (variable.defs.length !== 1) return [makeOrigin('unknown', node)];
    const definition = variable.defs[0]!;
    const nameNode = definition.name as TSESTree.Identifier;
    const resultRef = this.getResultBindings().get(nameNode);
    if (resultRef) return [this.responseOrigin(resultRef.site, node, resultRef.members)];
    const accumulation = this.getLoopAccumulation(variable);
    if (accumulation) return [accumulation];
    if (definition.type === 'Variable') {
      const declarator = definition.node as TSESTree.VariableDeclarator;
      if (declarator.parent?.parent?.type === T.ForOfStatement && declarator.parent.parent.left === declarator.parent) {
        return this.resolveIteration(declarator.parent.parent, node, depth);
      }
      const writes = variable.references.filter((reference) => reference.isWrite() && !reference.init);
      let source: TSESTree.Node | null | undefined = declarator.init;
      if (writes.length > 0) {
        // `let x; … x = value;` once: that value. Anything else is flow-sensitive and left unknown.
        const write = writes[0]!;
        const assignment = write.identifier.parent;
        if (writes.length !== 1 || declarator.init || assignment?.type !== T.AssignmentExpression || assignment.operator !== '=' || assignment.left !== write.identifier) {
          return [makeOrigin('unknown', node)];
        }
        source = assignment.right;
      }
      if (!source) return [makeOrigin('literal', node, { valueType: 'other' })];
      if (declarator.id === nameNode || writes.length > 0) return this.resolve(source, depth);
      return this.resolvePatternMember(declarator.id, nameNode, source, depth);
    }
    if (definition.type === 'Parameter') return this.resolveParameter(nameNode, definition.node as TSESTree.Node, depth);
    if (definition.type === 'FunctionName' || definition.type === 'ClassName') return [makeOrigin('unknown', node, { valueType: 'other' })];
    return [makeOrigin('unknown', node)];
  }

  /** `for (const chunk of source)`: chunks of a stream or of a request are themselves stream / body data. */
  private resolveIteration(loop: TSESTree.ForOfStatement, node: TSESTree.Node, depth: number): Origin[] {
    return this.resolve(loop.right, depth).map((origin) => {
      if (origin.kind === 'stream' || origin.kind === 'file-read') return { ...origin, kind: 'stream' as const, node, direct: false, valueType: 'unknown' as const };
      if (origin.kind === 'http-request' || origin.kind === 'http-request-body') return { ...origin, kind: 'http-request-body' as const, node, direct: false, valueType: 'unknown' as const };
      if (origin.kind === 's3-object-body' || origin.kind === 'fetch-response-body') return { ...origin, node, direct: false, valueType: 'unknown' as const };
      return makeOrigin('unknown', node);
    });
  }

  /** The value bound to `target` inside `pattern` when `pattern` is destructured from `source`. */
  private resolvePatternMember(pattern: TSESTree.Node, target: TSESTree.Identifier, source: TSESTree.Node, depth: number): Origin[] {
    let origins = this.resolve(source, depth);
    let current: TSESTree.Node = pattern;
    for (let guard = 0; guard < MAX_DEPTH; guard++) {
      if (current === target) return origins;
      if (current.type === T.AssignmentPattern) {
        const fallback = this.resolve(current.right, depth);
        origins = [...origins, ...fallback];
        current = current.left;
        continue;
      }
      if (current.type !== T.ObjectPattern) return [makeOrigin('unknown', target)];
      const property = current.properties.find((candidate) => containsNode(candidate, target));
      if (!property || property.type === T.RestElement) return [makeOrigin('unknown', target)];
      const key = getStaticKey(property, (expression) => this.file.evaluator.evaluate(expression));
      if (key === undefined) return [makeOrigin('unknown', target)];
      origins = this.getMemberOrigins(origins, key, target);
      current = property.value;
    }
    return [makeOrigin('unknown', target)];
  }

  private resolveParameter(name: TSESTree.Identifier, fn: TSESTree.Node, depth: number): Origin[] {
    if (fn.type !== T.FunctionDeclaration && fn.type !== T.FunctionExpression && fn.type !== T.ArrowFunctionExpression) {
      return [makeOrigin('parameter', name)];
    }
    const index = fn.params.findIndex((param) => containsNode(param, name));
    const param = fn.params[index];
    if (!param) return [makeOrigin('parameter', name)];
    const direct = param === name || (param.type === T.AssignmentPattern && param.left === name);
    const holder = fn.parent;
    // fs.readFile(path, (err, data) => …)
    if (holder?.type === T.CallExpression && holder.arguments[holder.arguments.length - 1] === fn && index === 1 && direct) {
      const traced = this.getTracedCalls().get(holder);
      if (traced?.kind === 'file-read' && traced.callback) {
        return [makeOrigin('file-read', name, { api: traced.api, valueType: holder.arguments.length > 2 ? 'unknown' : 'bytes' })];
      }
    }
    if (holder?.type === T.CallExpression && holder.callee.type === T.MemberExpression && index === 0 && direct) {
      const method = getStaticMemberName(holder.callee);
      // promise.then((value) => …)
      if (method === 'then' && holder.arguments[0] === fn) return this.resolve(holder.callee.object, depth);
      // stream.on('data', (chunk) => …)
      if ((method === 'on' || method === 'once' || method === 'addListener') && holder.arguments[1] === fn && toStringValueIfString(this.file.evaluator.evaluate(holder.arguments[0])) === 'data') {
        return mapOrigins(this.resolveIteration(syntheticForOf(holder.callee.object), name, depth), { node: name });
      }
    }
    if (direct) {
      const http = this.getHttpParameterKind(fn, index, name);
      if (http) return [makeOrigin('http-request', name, { api: http, valueType: 'other' })];
    }
    const methodCalls = this.findThisMethodCalls(fn);
    // A method's callers outside the class are not visible unless it is private: they stay a `parameter` origin.
    const calls = methodCalls?.calls ?? this.findDirectCalls(fn);
    if (!calls || calls.length === 0) return [makeOrigin('parameter', name)];
    const origins: Origin[] = methodCalls && !methodCalls.private ? [makeOrigin('parameter', name)] : [];
    for (const callNode of calls) {
      if (callNode.arguments.slice(0, index + 1).some((argument) => argument.type === T.SpreadElement)) return [makeOrigin('parameter', name)];
      const argument = callNode.arguments[index];
      if (!argument) {
        origins.push(makeOrigin('literal', callNode, { valueType: 'other' }));
      } else if (direct) {
        origins.push(...this.resolve(argument, depth));
      } else {
        origins.push(...this.resolvePatternMember(param, name, argument, depth));
      }
    }
    return origins;
  }

  /** `express`/`fetch` for an HTTP handler's request parameter, `lambda` for a Lambda handler's event; else undefined. */
  private getHttpParameterKind(fn: TSESTree.FunctionLike, index: number, name: TSESTree.Identifier): string | undefined {
    if (index !== 0) return undefined;
    const typeName = getAnnotationTypeName(name) ?? this.getTypeSymbolName(name);
    if (typeName && LAMBDA_EVENT_TYPE_NAMES.has(typeName)) return 'lambda';
    if (typeName && REQUEST_TYPE_NAMES.has(typeName)) return fn.params.length >= 2 ? 'express' : 'fetch';
    const second = fn.params[1];
    const secondName = second?.type === T.Identifier ? second.name : undefined;
    if ((name.name === 'req' || name.name === 'request') && secondName && ['res', 'response', 'reply'].includes(secondName)) return 'express';
    if (name.name === 'req' || name.name === 'request') return 'fetch';
    if (name.name === 'event' && isLambdaHandler(fn)) return 'lambda';
    return undefined;
  }

  private resolveMember(node: TSESTree.MemberExpression, depth: number): Origin[] {
    const key = node.computed ? toStringValueIfString(this.file.evaluator.evaluate(node.property)) : getStaticMemberName(node);
    if (this.isProcessEnv(node)) return [makeOrigin('process-env', node, { valueType: 'other', api: 'process.env' })];
    if (key !== undefined && this.isProcessEnv(node.object)) {
      return [makeOrigin('env-var', node, { valueType: 'string', envName: key, api: `process.env.${key}` })];
    }
    if (node.computed && key === undefined && this.isProcessEnv(node.object)) return [makeOrigin('env-var', node, { valueType: 'string', api: 'process.env' })];
    if (key === undefined) return [makeOrigin('unknown', node)];
    const objectOrigins = this.resolve(node.object, depth);
    if (objectOrigins.every((origin) => origin.kind === 'unknown' || origin.kind === 'parameter' || origin.kind === 'literal')) {
      // A member of an object literal the evaluator can read (`const cfg = { body: readFileSync(p) }; cfg.body`).
      const value = this.file.evaluator.evaluate(node);
      const from = value.node;
      if (from && from !== node && !containsNode(from, node) && value.kind !== 'union') return this.resolve(from, depth);
      return [this.getKnownOrigin(node) ?? makeOrigin('unknown', node)];
    }
    return this.getMemberOrigins(objectOrigins, key, node);
  }

  /** The origins of `object[key]` given the origins of `object`. */
  private getMemberOrigins(objectOrigins: readonly Origin[], key: string, node: TSESTree.Node): Origin[] {
    return objectOrigins.map((origin): Origin => {
      switch (origin.kind) {
        case 'process-env':
          return makeOrigin('env-var', node, { valueType: 'string', envName: key, api: `process.env.${key}` });
        case 'kms-response':
          if (origin.member !== undefined) return makeOrigin('unknown', node);
          return { ...origin, node, member: key, valueType: KMS_BLOB_MEMBERS.has(key) ? 'bytes' : 'other' };
        case 's3-response':
          if (key === 'Body' && origin.callSite?.operation === 'GetObject') return { ...origin, kind: 's3-object-body', node, api: 'GetObject Body', valueType: 'other' };
          return makeOrigin('unknown', node);
        case 'http-request':
          if (key === 'body' && origin.api !== 'fetch') return { ...origin, kind: 'http-request-body', node, api: origin.api === 'lambda' ? 'event.body' : 'req.body', valueType: origin.api === 'lambda' ? 'string' : 'unknown' };
          if (key === 'rawBody') return { ...origin, kind: 'http-request-body', node, api: 'req.rawBody', valueType: 'unknown' };
          return makeOrigin('unknown', node);
        case 'fetch-response':
          if (key === 'body') return { ...origin, kind: 'fetch-response-body', node, api: 'fetch().body', valueType: 'other' };
          return makeOrigin('unknown', node);
        case 'http-request-body':
          // A field of a parsed body is as attacker-sized as the body.
          return { ...origin, node, direct: false, valueType: 'unknown' };
        default:
          if (key === 'buffer' && (origin.valueType === 'bytes' || isUnboundedOrigin(origin))) return { ...origin, node, valueType: 'bytes' };
          return makeOrigin('unknown', node);
      }
    });
  }

  private resolveCall(node: TSESTree.CallExpression, depth: number): Origin[] {
    const argumentNode = (index: number): TSESTree.Expression | undefined => {
      const argument = node.arguments[index];
      return argument && argument.type !== T.SpreadElement ? argument : undefined;
    };
    const traced = this.getTracedCalls().get(node);
    if (traced) return [this.tracedOrigin(traced, node)];
    const callee = node.callee;
    const name = getCalleeName(callee);
    const first = argumentNode(0);
    if (name && this.isGlobalName(callee)) {
      switch (name) {
        case 'fetch':
          return [makeOrigin('fetch-response', node, { api: 'fetch', valueType: 'other' })];
        case 'JSON.stringify':
          return first ? this.resolveStringify(node, first, depth) : [makeOrigin('literal', node, { valueType: 'other' })];
        case 'JSON.parse':
          return first ? mapOrigins(this.resolve(first, depth), { direct: false, valueType: 'unknown' }) : [makeOrigin('unknown', node)];
        case 'Buffer.from':
        case 'Buffer.copyBytesFrom':
        case 'Uint8Array.from':
          return this.resolveReencoding(node, first, argumentNode(1), 'bytes', depth);
        case 'String':
          return this.resolveReencoding(node, first, undefined, 'string', depth);
        case 'Buffer.concat':
          return this.resolveConcat(node, first, depth);
        case 'crypto.getRandomValues':
          return [this.randomFillOrigin(node, 'crypto.getRandomValues')];
        default:
          break;
      }
    }
    const known = this.getKnownOrigin(node);
    if (known) return [known];
    if (callee.type === T.MemberExpression) {
      const method = getStaticMemberName(callee);
      if (method === undefined) return [makeOrigin('unknown', node)];
      const receiver = callee.object;
      if (method === 'encode' && receiver.type === T.NewExpression && getCalleeName(receiver.callee) === 'TextEncoder') {
        return this.resolveReencoding(node, first, undefined, 'bytes', depth);
      }
      if (method === 'decode' && receiver.type === T.NewExpression && getCalleeName(receiver.callee) === 'TextDecoder') {
        return this.resolveReencoding(node, first, undefined, 'string', depth);
      }
      if (method === 'toString' || method === 'toJSON') return this.resolveReencoding(node, receiver, first, method === 'toString' ? 'string' : 'other', depth);
      if (STRING_METHODS.has(method)) return mapOrigins(this.resolve(receiver, depth), { valueType: 'string', byteLength: undefined });
      if (SLICE_METHODS.has(method)) return this.resolveSlice(node, receiver, depth);
      if (method === 'join') {
        return mapOrigins(this.resolve(receiver, depth), (origin) => ({ direct: origin.kind === 'loop-accumulation', valueType: 'string', byteLength: undefined }));
      }
      if (method === 'transformToByteArray' || method === 'transformToString' || method === 'transformToWebStream') {
        const type: ValueType = method === 'transformToByteArray' ? 'bytes' : method === 'transformToString' ? 'string' : 'other';
        return this.resolve(receiver, depth).map((origin) =>
          origin.kind === 's3-object-body' ? { ...origin, node, api: `GetObject Body.${method}()`, valueType: type } : { ...origin, node, valueType: type },
        );
      }
      if (Object.hasOwn(BODY_METHODS, method)) {
        const type = BODY_METHODS[method]!;
        return this.resolve(receiver, depth).map((origin): Origin => {
          if (origin.kind === 'fetch-response') return { ...origin, kind: 'fetch-response-body', node, api: `fetch().${method}()`, valueType: type };
          if (origin.kind === 'http-request') return { ...origin, kind: 'http-request-body', node, api: `request.${method}()`, valueType: type };
          return makeOrigin('unknown', node);
        });
      }
      if (method === 'read' || method === 'toArray') {
        return this.resolve(receiver, depth).map((origin) => (origin.kind === 'stream' ? { ...origin, node, direct: false, valueType: 'unknown' as const } : makeOrigin('unknown', node)));
      }
      if (method === 'promise') return this.resolve(receiver, depth);
      return [makeOrigin('unknown', node)];
    }
    if (callee.type === T.Identifier) return this.resolveReturnValue(callee, node, depth);
    return [makeOrigin('unknown', node)];
  }

  private resolveNew(node: TSESTree.NewExpression, depth: number): Origin[] {
    const name = getCalleeName(node.callee);
    const first = node.arguments[0] && node.arguments[0].type !== T.SpreadElement ? node.arguments[0] : undefined;
    if ((name === 'Uint8Array' || name === 'Buffer') && this.isGlobalName(node.callee)) {
      const known = this.getKnownOrigin(node);
      if (known) return [known];
      return this.resolveReencoding(node, first, undefined, 'bytes', depth);
    }
    return [makeOrigin('unknown', node, { valueType: 'other' })];
  }

  /** `Buffer.from(x, enc)`, `x.toString(enc)`, `new TextEncoder().encode(x)`: x's origins with a new value type. */
  private resolveReencoding(node: TSESTree.Node, source: TSESTree.Node | undefined, encoding: TSESTree.Node | undefined, type: ValueType, depth: number): Origin[] {
    const known = this.getKnownOrigin(node);
    if (known) return [known];
    if (!source) return [makeOrigin('unknown', node, { valueType: type })];
    const encodingName = encoding ? toStringValueIfString(this.file.evaluator.evaluate(encoding)) : 'utf8';
    const preservesLength = encodingName === 'utf8' || encodingName === 'utf-8';
    return mapOrigins(this.resolve(source, depth), (origin) => ({ valueType: type, byteLength: preservesLength ? origin.byteLength : undefined }));
  }

  /** `Buffer.concat(list)`: a list literal mixes its parts; a list grown in a loop is a loop accumulation. */
  private resolveConcat(node: TSESTree.CallExpression, list: TSESTree.Node | undefined, depth: number): Origin[] {
    if (!list) return [makeOrigin('unknown', node)];
    if (list.type !== T.ArrayExpression) {
      // Checked before the evaluator, which sees `const chunks = []` as empty even after `chunks.push(…)`.
      const origins = this.resolve(list, depth);
      if (origins.some((origin) => origin.kind === 'loop-accumulation')) {
        return mapOrigins(origins, (origin) => ({ valueType: 'bytes', byteLength: undefined, direct: origin.kind === 'loop-accumulation' }));
      }
    }
    const known = this.getKnownOrigin(node);
    if (known) return [known];
    if (list.type === T.ArrayExpression) {
      const parts = list.elements.filter((element): element is TSESTree.Expression => !!element && element.type !== T.SpreadElement);
      const spreads = list.elements.filter((element): element is TSESTree.SpreadElement => element?.type === T.SpreadElement);
      const origins = [...parts, ...spreads.map((spread) => spread.argument)].flatMap((part) => this.resolve(part, depth));
      return mapOrigins(origins, { direct: list.elements.length === 1 && parts.length === 1, valueType: 'bytes', byteLength: undefined });
    }
    return mapOrigins(this.resolve(list, depth), (origin) => ({ valueType: 'bytes', byteLength: undefined, direct: origin.kind === 'loop-accumulation' }));
  }

  /** `JSON.stringify(x)`: a collection of unknown size (by type, a spread array literal, or unbounded data) or x's origins. */
  private resolveStringify(node: TSESTree.CallExpression, argument: TSESTree.Node, depth: number): Origin[] {
    const known = this.getKnownOrigin(node);
    if (known) return [known];
    const collection = makeOrigin('serialized-collection', node, { api: 'JSON.stringify', valueType: 'string' });
    if (this.isCollectionType(argument)) return [collection];
    const inner = skipWrappers(argument);
    if (inner.type === T.ArrayExpression && inner.elements.some((element) => element?.type === T.SpreadElement)) return [collection];
    if (this.isMappedUnknownArray(inner)) return [collection];
    const origins = this.resolve(argument, depth);
    // A collection grown in a loop is a collection of unknown size; other unbounded data stays what it is (a body, a file).
    const grown = origins.find((origin) => origin.kind === 'loop-accumulation');
    if (grown) return [{ ...collection, path: [node, ...grown.path], sizeBound: grown.sizeBound }];
    return mapOrigins(origins, { direct: false, valueType: 'string', byteLength: undefined });
  }

  /** `x.slice(a, b)` / `subarray` / `substring`: x's origins, bounded by `b - a` when both are known. */
  private resolveSlice(node: TSESTree.CallExpression, receiver: TSESTree.Node, depth: number): Origin[] {
    const known = this.getKnownOrigin(node);
    if (known) return [known];
    const origins = this.resolve(receiver, depth);
    const [startNode, endNode] = node.arguments;
    if (!endNode || endNode.type === T.SpreadElement) return mapOrigins(origins, { direct: false, byteLength: undefined });
    const start = startNode && startNode.type !== T.SpreadElement ? getNumber(this.file.evaluator.evaluate(startNode)) : 0;
    const end = getNumber(this.file.evaluator.evaluate(endNode));
    const bytes = start !== undefined && end !== undefined && end >= 0 && start >= 0 ? Math.max(0, end - start) : undefined;
    return mapOrigins(origins, { direct: false, byteLength: undefined, sizeBound: { bytes, node } });
  }

  /** The return values of a function of this file called by name. */
  private resolveReturnValue(callee: TSESTree.Identifier, node: TSESTree.CallExpression, depth: number): Origin[] {
    const fn = this.getLocalFunction(callee);
    if (!fn?.body) return [makeOrigin('unknown', node)];
    if (fn.body.type !== T.BlockStatement) return this.resolve(fn.body, depth);
    const returns: TSESTree.Node[] = [];
    collectReturns(fn.body, returns);
    if (returns.length === 0) return [makeOrigin('literal', node, { valueType: 'other' })];
    return returns.flatMap((argument) => this.resolve(argument, depth));
  }

  private tracedOrigin(traced: TracedSource, node: TSESTree.CallExpression): Origin {
    switch (traced.kind) {
      case 'file-read': {
        if (traced.callback) {
          const last = node.arguments[node.arguments.length - 1];
          if (last && (last.type === T.ArrowFunctionExpression || last.type === T.FunctionExpression)) return makeOrigin('literal', node, { valueType: 'other' });
        }
        return makeOrigin('file-read', node, { api: traced.api, valueType: this.getReadEncodingType(node.arguments[1]) });
      }
      case 'stream':
        return makeOrigin('stream', node, { api: traced.api, valueType: 'other' });
      case 'stream-consumer':
        return makeOrigin('stream', node, { api: traced.api, valueType: traced.api.endsWith('text') ? 'string' : traced.api.endsWith('json') ? 'other' : 'bytes' });
      case 'random-bytes': {
        const size = node.arguments[0] && node.arguments[0].type !== T.SpreadElement ? getNumber(this.file.evaluator.evaluate(node.arguments[0])) : undefined;
        if (node.arguments.length > 1) return makeOrigin('literal', node, { valueType: 'other' });
        return makeOrigin('random-bytes', node, { api: traced.api, valueType: 'bytes', byteLength: size });
      }
      case 'random-fill':
        return this.randomFillOrigin(node, traced.api);
    }
  }

  private randomFillOrigin(node: TSESTree.CallExpression, api: string): Origin {
    const target = node.arguments[0] && node.arguments[0].type !== T.SpreadElement ? this.file.evaluator.evaluate(node.arguments[0]) : undefined;
    return makeOrigin('random-bytes', node, { api, valueType: 'bytes', byteLength: target ? getByteLength(target) : undefined });
  }

  /** `readFileSync(p)` → bytes; `readFileSync(p, 'utf8')` / `{ encoding: 'utf8' }` → string; unknown options → unknown. */
  private getReadEncodingType(options: TSESTree.Node | undefined): ValueType {
    if (!options || options.type === T.SpreadElement || options.type === T.ArrowFunctionExpression || options.type === T.FunctionExpression) return 'bytes';
    const value = this.file.evaluator.evaluate(options);
    if (value.kind === 'primitive') return typeof value.value === 'string' ? 'string' : value.value == null ? 'bytes' : 'unknown';
    if (value.kind === 'object') {
      const encoding = value.properties.find((property) => property.name === 'encoding');
      if (!encoding) return value.complete ? 'bytes' : 'unknown';
      const text = toStringValueIfString(encoding.value);
      if (text !== undefined) return 'string';
      return encoding.value.kind === 'primitive' && encoding.value.value == null ? 'bytes' : 'unknown';
    }
    return 'unknown';
  }

  /** The origin of an SDK response (or one of its members) for a site of the model. */
  private responseOrigin(site: CallSite, node: TSESTree.Node, members: readonly string[]): Origin {
    const kind: OriginKind = site.service === 'kms' ? 'kms-response' : site.service === 's3' ? 's3-response' : 'unknown';
    let origin = makeOrigin(kind, node, { callSite: kind === 'unknown' ? undefined : site, api: `${site.operation} response`, valueType: 'other' });
    for (const member of members) origin = this.getMemberOrigins([origin], member, node)[0]!;
    return origin;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Loop accumulation

  /**
   * A variable grown inside a loop it is declared outside of: `chunks.push(x)`, `s += x`, `buf = Buffer.concat([buf, x])`,
   * `arr[i] = x`; loops are `for`/`for-in`/`for-of`/`for-await`/`while`/`do`, a `'data'` listener and a `forEach`
   * callback. Loops over a literal array, or `for (…; i < literal; …)`, have a known count and do not count.
   */
  private getLoopAccumulation(variable: TSESLint.Scope.Variable): Origin | undefined {
    const declaration = variable.defs[0]?.node as TSESTree.Node | undefined;
    if (!declaration || variable.defs[0]?.type !== 'Variable') return undefined;
    for (const reference of variable.references) {
      if (reference.init) continue;
      const identifier = reference.identifier as TSESTree.Identifier;
      const growth = getGrowth(identifier, variable);
      if (!growth) continue;
      const loop = getEnclosingLoop(identifier, declaration, (candidate) => this.isDataListener(candidate));
      if (!loop) continue;
      const sizeBound = this.getInLoopGuard(loop, variable);
      const holder = loop.parent;
      const where =
        holder?.type === T.CallExpression && holder.callee.type === T.MemberExpression
          ? getStaticMemberName(holder.callee) === 'forEach'
            ? 'in a forEach callback'
            : "in a 'data' listener"
          : 'in a loop';
      return makeOrigin('loop-accumulation', identifier, {
        api: growth === 'push' ? `${identifier.name}.push() ${where}` : `${identifier.name} appended ${where}`,
        valueType: growth === 'push' ? 'other' : 'unknown',
        sizeBound,
      });
    }
    return undefined;
  }

  private isDataListener(fn: TSESTree.Node): boolean {
    const holder = fn.parent;
    if (holder?.type !== T.CallExpression || holder.callee.type !== T.MemberExpression) return false;
    const method = getStaticMemberName(holder.callee);
    if (method === 'forEach') return holder.arguments[0] === fn && skipWrappers(holder.callee.object).type !== T.ArrayExpression;
    if (method !== 'on' && method !== 'once' && method !== 'addListener') return false;
    return holder.arguments[1] === fn && toStringValueIfString(this.file.evaluator.evaluate(holder.arguments[0])) === 'data';
  }

  /** An exit guard inside the loop on the accumulated value or on a counter grown in the same loop. */
  private getInLoopGuard(loop: TSESTree.Node, variable: TSESLint.Scope.Variable): SizeBound | undefined {
    const counters = new Set<TSESLint.Scope.Variable>([variable]);
    walkWithinFunction(loop, (node) => {
      if (node.type === T.AssignmentExpression && node.operator === '+=' && node.left.type === T.Identifier) {
        const counter = this.findVariable(node.left);
        if (counter) counters.add(counter);
      }
    });
    const matches: Matcher = (candidate) => {
      const inner = skipWrappers(candidate);
      if (inner.type !== T.Identifier) return undefined;
      const found = this.findVariable(inner);
      return found && counters.has(found) ? 'same' : undefined;
    };
    let bound: SizeBound | undefined;
    walkWithinFunction(loop, (node) => {
      if (bound || node.type !== T.IfStatement || !alwaysExits(node.consequent)) return;
      const bytes = this.getBoundWhen(node.test, false, matches, true);
      if (bytes !== null) bound = { bytes, node };
    });
    return bound;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Guards

  /** The bound an earlier statement establishes for what follows it; `null` when it establishes none. */
  private getStatementGuard(statement: TSESTree.Node, matches: Matcher, plain = false, depth = 0): number | undefined | null {
    if (statement.type === T.IfStatement) {
      const consequentExits = this.alwaysExits(statement.consequent);
      const alternateExits = !!statement.alternate && this.alwaysExits(statement.alternate);
      if (consequentExits) {
        const bytes = this.getBoundWhen(statement.test, false, matches, plain, depth);
        if (bytes !== null) return bytes;
      }
      if (alternateExits) return this.getBoundWhen(statement.test, true, matches, plain, depth);
      if (consequentExits) return null;
      // A check that may leave (`if (len(x) > N) { if (strict) throw … }`): its effect is not known, so not a definite miss.
      const mayExit = this.mayExit(statement.consequent) || (!!statement.alternate && this.mayExit(statement.alternate));
      return mayExit && this.mentionsMeasure(statement.test, matches, plain, depth) ? undefined : null;
    }
    if (statement.type === T.ExpressionStatement) {
      const expression = skipWrappers(statement.expression);
      if (expression.type === T.CallExpression) return this.getCallGuard(expression, matches, plain, depth);
    }
    return null;
  }

  /** `assert(cond)` / `assert.ok` / `invariant`, or a call of a function of this file that checks an argument's length. */
  private getCallGuard(call: TSESTree.CallExpression, matches: Matcher, plain: boolean, depth: number): number | undefined | null {
    const name = getCalleeName(call.callee);
    const condition = call.arguments[0];
    if (name && ASSERT_CALLEES.has(name)) {
      return condition && condition.type !== T.SpreadElement ? this.getBoundWhen(condition, true, matches, plain, depth) : null;
    }
    if (call.callee.type !== T.Identifier || depth > MAX_HELPER_DEPTH) return null;
    const fn = this.getLocalFunction(call.callee);
    if (!fn) return null;
    let bound: number | undefined | null = null;
    for (let index = 0; index < call.arguments.length; index++) {
      const argument = call.arguments[index]!;
      if (argument.type === T.SpreadElement) break;
      // `check(x)` checks the parameter's length; `check(x.length)` compares the parameter itself.
      const direct = plain ? matches(skipWrappers(argument)) : undefined;
      const asValue = direct ?? (plain ? undefined : matches(skipWrappers(argument)));
      const asMeasure = asValue ? undefined : this.measureOf(argument, matches, false);
      const match = asValue ?? asMeasure;
      if (!match) continue;
      const bytes = this.getHelperBound(fn, index, plain || asMeasure !== undefined, depth + 1);
      if (bytes === null) continue;
      bound = pickBound(bound, match === 'derived' ? undefined : bytes);
    }
    return bound;
  }

  /**
   * The bound a call of `fn` establishes for its parameter `index`: the guards among its top-level statements, or, when
   * its body compares the parameter's length in a way that cannot be evaluated, a bound of unknown size.
   */
  private getHelperBound(fn: TSESTree.FunctionLike, index: number, plain: boolean, depth: number): number | undefined | null {
    let parameter = fn.params[index];
    if (parameter?.type === T.AssignmentPattern) parameter = parameter.left;
    if (parameter?.type !== T.Identifier || !fn.body) return null;
    const key = `${index}:${plain}`;
    let cache = this.helperBounds.get(fn);
    if (!cache) this.helperBounds.set(fn, (cache = new Map()));
    if (cache.has(key)) return cache.get(key)!;
    cache.set(key, null); // recursion: no bound
    const matches = this.derivationMatcher(parameter);
    let bound: number | undefined | null = null;
    if (fn.body.type === T.BlockStatement) {
      for (const statement of fn.body.body) bound = pickBound(bound, this.getStatementGuard(statement, matches, plain, depth));
    } else if (skipWrappers(fn.body).type === T.CallExpression) {
      bound = this.getCallGuard(skipWrappers(fn.body) as TSESTree.CallExpression, matches, plain, depth);
    }
    if (bound === null && this.hasComparisonOf(fn.body, matches, plain, depth)) bound = undefined;
    cache.set(key, bound);
    return bound;
  }

  /** True when `root` (not nested functions) compares a measure of a value `matches` accepts (`b.length > 4096`). */
  private hasComparisonOf(root: TSESTree.Node, matches: Matcher, plain: boolean, depth: number): boolean {
    let found = false;
    walkWithinFunction(root, (node) => {
      if (found || node.type !== T.BinaryExpression || !COMPARISON_OPERATORS.has(node.operator) || node.left.type === T.PrivateIdentifier) return;
      found = this.mentionsMeasure(node.left, matches, plain, depth) || this.mentionsMeasure(node.right, matches, plain, depth);
    });
    return found;
  }

  /**
   * The size bound that holds when `test` evaluates to `outcome`, for a value `matches` accepts; `null` when the test
   * says nothing about its size, `undefined` when it bounds it by a number not known statically or when it checks the
   * size in a way this analysis cannot evaluate (`if (len(x) > N && !force) throw`, `if (!isSmall(x)) throw`).
   * @param plain also accept the matched value itself compared to a number (a byte counter), not only its length
   */
  private getBoundWhen(test: TSESTree.Node, outcome: boolean, matches: Matcher, plain = false, depth = 0): number | undefined | null {
    const node = skipWrappers(test);
    if (node.type === T.UnaryExpression && node.operator === '!') return this.getBoundWhen(node.argument, !outcome, matches, plain, depth);
    const unknownIfMentioned = (): undefined | null => (this.mentionsMeasure(node, matches, plain, depth) ? undefined : null);
    if (node.type === T.LogicalExpression) {
      // `a && b` true: both hold; `a || b` false: both fail. Otherwise nothing is known about either side alone.
      if ((node.operator === '&&' && outcome) || (node.operator === '||' && !outcome)) {
        return pickBound(this.getBoundWhen(node.left, outcome, matches, plain, depth), this.getBoundWhen(node.right, outcome, matches, plain, depth));
      }
      return unknownIfMentioned();
    }
    if (node.type !== T.BinaryExpression || node.left.type === T.PrivateIdentifier) return unknownIfMentioned();
    let operator: string = node.operator;
    let limitNode: TSESTree.Node;
    let match = this.measureOf(node.left, matches, plain);
    if (match) {
      limitNode = node.right;
    } else {
      match = this.measureOf(node.right, matches, plain);
      if (!match) return unknownIfMentioned();
      limitNode = node.left;
      operator = FLIPPED[operator] ?? operator;
    }
    const limit = match === 'derived' ? undefined : this.getNumberOf(limitNode);
    const effective = outcome ? operator : NEGATED[operator];
    switch (effective) {
      case '<=':
      case '===':
      case '==':
        return limit;
      case '<':
        return limit === undefined ? undefined : limit - 1;
      default:
        return null;
    }
  }

  /**
   * True when `root` contains a measure of a value `matches` accepts, or passes such a value to a function of this
   * file that compares its parameter's length.
   */
  private mentionsMeasure(root: TSESTree.Node, matches: Matcher, plain: boolean, depth: number): boolean {
    let found = false;
    walkWithinFunction(root, (node) => {
      if (found) return;
      if (this.measureOf(node, matches, plain)) {
        found = true;
      } else if (node.type === T.CallExpression && node.callee.type === T.Identifier && depth <= MAX_HELPER_DEPTH) {
        const fn = this.getLocalFunction(node.callee);
        if (!fn) return;
        node.arguments.forEach((argument, index) => {
          if (found || argument.type === T.SpreadElement) return;
          const asValue = matches(skipWrappers(argument));
          const asMeasure = asValue ? undefined : this.measureOf(argument, matches, false);
          if (!asValue && !asMeasure) return;
          let parameter = fn.params[index];
          if (parameter?.type === T.AssignmentPattern) parameter = parameter.left;
          if (parameter?.type === T.Identifier && fn.body) found = this.hasComparisonOf(fn.body, this.derivationMatcher(parameter), plain || !!asMeasure, depth + 1);
        });
      }
    });
    return found;
  }

  /**
   * Whether `node` measures a value `matches` accepts: `x.length`, `x.byteLength`, `x.size`, `Buffer.byteLength(x)`
   * (`x` may be derived: `Buffer.from(x).length`), a `const` holding one (`const n = x.length`, `const { size } = x`);
   * with `plain`, `x` itself.
   */
  private measureOf(node: TSESTree.Node, matches: Matcher, plain: boolean, depth = 0): Match {
    const inner = skipWrappers(node);
    if (plain) {
      const match = matches(inner);
      if (match) return match;
    }
    let measured: TSESTree.Node | undefined;
    if (inner.type === T.MemberExpression && LENGTH_PROPERTIES.has(getStaticMemberName(inner) ?? '')) measured = inner.object;
    else if (inner.type === T.CallExpression && getCalleeName(inner.callee) === 'Buffer.byteLength') measured = inner.arguments[0];
    else if (inner.type === T.Identifier && depth < 4) {
      const declarator = this.getConstDeclarator(inner);
      if (!declarator?.init) return undefined;
      if (declarator.id.type === T.Identifier) return this.measureOf(declarator.init, matches, false, depth + 1);
      if (declarator.id.type === T.ObjectPattern) {
        // `const { size } = await stat(p)`, `const { length: n } = buf`
        for (const candidate of declarator.id.properties) {
          if (candidate.type !== T.Property) continue;
          const value = candidate.value.type === T.AssignmentPattern ? candidate.value.left : candidate.value;
          if (value.type !== T.Identifier || value.name !== inner.name) continue;
          const key = getStaticKey(candidate);
          if (key !== undefined && LENGTH_PROPERTIES.has(key)) measured = declarator.init;
        }
      }
    }
    if (!measured || measured.type === T.SpreadElement) return undefined;
    return matches(skipWrappers(measured));
  }

  /**
   * A matcher for `target` and the values derived from the same source: it follows `const` bindings and conversions
   * (`Buffer.from`, `toString`, `TextEncoder#encode`, `String`, `trim`, `slice`, `JSON.stringify`, …) from both sides
   * and answers `same` when they meet through length-preserving steps only, `derived` when they meet otherwise.
   */
  private derivationMatcher(target: TSESTree.Node): Matcher {
    const targetChain = this.getDerivationChain(target);
    return (candidate) => {
      let result: Match;
      for (const step of this.getDerivationChain(candidate)) {
        for (const targetStep of targetChain) {
          if (!this.isSameReference(step.node, targetStep.node)) continue;
          if (step.exact && targetStep.exact) return 'same';
          result = 'derived';
        }
      }
      return result;
    };
  }

  /** `node`, then what it is a `const` of or a conversion of, and so on; `exact` while every step keeps the length. */
  private getDerivationChain(node: TSESTree.Node): Array<{ node: TSESTree.Node; exact: boolean }> {
    const chain: Array<{ node: TSESTree.Node; exact: boolean }> = [];
    let current: TSESTree.Node | undefined = node;
    let exact = true;
    for (let step = 0; current && step < 8; step++) {
      current = skipWrappers(current);
      chain.push({ node: current, exact });
      const next = this.getDerivationStep(current);
      if (!next) break;
      exact &&= next.exact;
      current = next.source;
    }
    return chain;
  }

  private getDerivationStep(node: TSESTree.Node): { source: TSESTree.Node; exact: boolean } | undefined {
    if (node.type === T.Identifier) {
      const declarator = this.getConstDeclarator(node);
      return declarator?.init && declarator.id.type === T.Identifier ? { source: declarator.init, exact: true } : undefined;
    }
    if (node.type !== T.CallExpression) return undefined;
    const argument = (index: number): TSESTree.Node | undefined => {
      const found = node.arguments[index];
      return found && found.type !== T.SpreadElement ? found : undefined;
    };
    const isUtf8 = (encoding: TSESTree.Node | undefined): boolean => {
      if (!encoding) return true;
      const name = toStringValueIfString(this.file.evaluator.evaluate(encoding));
      return name === 'utf8' || name === 'utf-8';
    };
    const first = argument(0);
    const name = getCalleeName(node.callee);
    switch (name) {
      case 'Buffer.from':
      case 'Buffer.copyBytesFrom':
      case 'Uint8Array.from':
        return first ? { source: first, exact: node.arguments.length === 1 || (name === 'Buffer.from' && node.arguments.length === 2 && isUtf8(argument(1))) } : undefined;
      case 'String':
        return first ? { source: first, exact: true } : undefined;
      case 'JSON.stringify':
      case 'JSON.parse':
        return first ? { source: first, exact: false } : undefined;
      default:
        break;
    }
    if (node.callee.type !== T.MemberExpression) return undefined;
    const method = getStaticMemberName(node.callee);
    const receiver = node.callee.object;
    if ((method === 'encode' || method === 'decode') && receiver.type === T.NewExpression) {
      const constructor = getCalleeName(receiver.callee);
      if ((constructor === 'TextEncoder' || constructor === 'TextDecoder') && first) return { source: first, exact: true };
    }
    if (method === 'toString') return { source: receiver, exact: node.arguments.length === 0 || isUtf8(first) };
    if (method !== undefined && (STRING_METHODS.has(method) || SLICE_METHODS.has(method))) return { source: receiver, exact: false };
    return undefined;
  }

  /** The declarator of a variable bound once and never reassigned (`const x = …`, or a `let` never written again). */
  private getConstDeclarator(identifier: TSESTree.Identifier): TSESTree.VariableDeclarator | undefined {
    const variable = this.findVariable(identifier);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== 'Variable') return undefined;
    if (variable!.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
    const declarator = definition.node as TSESTree.VariableDeclarator;
    return declarator.parent?.parent?.type === T.ForOfStatement || declarator.parent?.parent?.type === T.ForInStatement ? undefined : declarator;
  }

  /**
   * True when `node` is (a `const` holding) the result of `stat(file)` / `statSync` / `lstat` / `lstatSync` /
   * `fstat(fd)` / `fstatSync` on the same path expression or the same literal path as `file`.
   */
  private isStatOf(node: TSESTree.Node, file: TSESTree.Node, depth = 0): boolean {
    const inner = skipWrappers(node);
    if (inner.type === T.Identifier && depth < 4) {
      const declarator = this.getConstDeclarator(inner);
      return !!declarator?.init && declarator.id.type === T.Identifier && this.isStatOf(declarator.init, file, depth + 1);
    }
    if (inner.type !== T.CallExpression) return false;
    const callee = inner.callee;
    const method = callee.type === T.Identifier ? callee.name : callee.type === T.MemberExpression ? getStaticMemberName(callee) : undefined;
    if (!method || !STAT_FUNCTIONS.has(method)) return false;
    const path = inner.arguments[0];
    if (!path || path.type === T.SpreadElement) return false;
    if (this.isSameReference(path, file)) return true;
    const left = toStringValueIfString(this.file.evaluator.evaluate(path));
    return left !== undefined && left === toStringValueIfString(this.file.evaluator.evaluate(file));
  }

  /** The function of this file a callee names (a declaration, or a `const` bound to a function expression). */
  private getLocalFunction(callee: TSESTree.Identifier): TSESTree.FunctionLike | undefined {
    const variable = this.findVariable(callee);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    let fn: TSESTree.Node | null | undefined;
    if (definition?.type === 'FunctionName') fn = definition.node as TSESTree.Node;
    else if (definition?.type === 'Variable' && variable!.references.every((reference) => !reference.isWrite() || reference.init)) fn = (definition.node as TSESTree.VariableDeclarator).init;
    return fn && (fn.type === T.FunctionDeclaration || fn.type === T.FunctionExpression || fn.type === T.ArrowFunctionExpression) ? fn : undefined;
  }

  /** {@link alwaysExits}, plus a call of a function of this file whose body always throws (`tooLarge()`), and `ctx.throw(…)`. */
  private alwaysExits(statement: TSESTree.Node): boolean {
    if (alwaysExits(statement)) return true;
    if (statement.type === T.BlockStatement) return statement.body.some((inner) => this.alwaysExits(inner));
    if (statement.type !== T.ExpressionStatement) return false;
    const call = skipWrappers(statement.expression);
    if (call.type !== T.CallExpression) return false;
    const name = getCalleeName(call.callee);
    if (name && (name.endsWith('.throw') || name === 'assert.fail' || name === 'fail')) return true;
    if (call.callee.type !== T.Identifier) return false;
    const fn = this.getLocalFunction(call.callee);
    return fn?.body?.type === T.BlockStatement && fn.body.body.some((inner) => inner.type === T.ThrowStatement);
  }

  /** True when some path through `statement` may leave (a `throw`, `return`, `break`, `continue` anywhere in it). */
  private mayExit(statement: TSESTree.Node): boolean {
    let found = false;
    walkWithinFunction(statement, (node) => {
      if (found) return;
      if (node.type === T.ThrowStatement || node.type === T.ReturnStatement || node.type === T.BreakStatement || node.type === T.ContinueStatement) found = true;
      else if (node.type === T.ExpressionStatement && this.alwaysExits(node)) found = true;
    });
    return found;
  }

  /** A number the evaluator knows, or (with types) a number literal type such as an imported `const LIMIT = 4096`. */
  private getNumberOf(node: TSESTree.Node, depth = 0): number | undefined {
    if (depth > 8) return undefined;
    const evaluated = this.file.evaluator.evaluate(node);
    const value = getNumber(evaluated);
    if (value !== undefined) return value;
    const inner = skipWrappers(node);
    // The evaluator folds only `+`; limits are often written `4 * 1024`.
    if (inner.type === T.BinaryExpression && ['*', '+', '-', '/', '**'].includes(inner.operator) && inner.left.type !== T.PrivateIdentifier) {
      const left = this.getNumberOf(inner.left, depth + 1);
      const right = this.getNumberOf(inner.right, depth + 1);
      if (left !== undefined && right !== undefined) return foldArithmetic(inner.operator, left, right);
    } else if (evaluated.node && evaluated.node !== node && evaluated.node !== inner) {
      // A const bound to such an expression.
      return this.getNumberOf(evaluated.node, depth + 1);
    }
    const type = this.getType(node);
    return type?.isNumberLiteral() ? type.value : undefined;
  }

  private isSameReference(a: TSESTree.Node, b: TSESTree.Node): boolean {
    const left = skipWrappers(a);
    const right = skipWrappers(b);
    if (left.type === T.Identifier && right.type === T.Identifier) {
      if (left.name !== right.name) return false;
      const leftVariable = this.findVariable(left);
      const rightVariable = this.findVariable(right);
      return leftVariable === rightVariable;
    }
    if (left.type === T.ThisExpression && right.type === T.ThisExpression) return true;
    if (left.type === T.MemberExpression && right.type === T.MemberExpression) {
      const leftKey = left.computed ? toStringValueIfString(this.file.evaluator.evaluate(left.property)) : getStaticMemberName(left);
      const rightKey = right.computed ? toStringValueIfString(this.file.evaluator.evaluate(right.property)) : getStaticMemberName(right);
      return leftKey !== undefined && leftKey === rightKey && this.isSameReference(left.object, right.object);
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Types

  /** The value type from type information, when it is definite. */
  private getTypeOfNode(node: TSESTree.Node): ValueType | undefined {
    const type = this.getType(node);
    if (!type || !this.file.types) return undefined;
    const checker = this.file.types.checker;
    const parts = (type.isUnion() ? type.types : [type]).filter((part) => part !== checker.getUndefinedType() && part !== checker.getNullType());
    if (parts.length === 0) return undefined;
    if (parts.every((part) => part === checker.getStringType() || part.isStringLiteral())) return 'string';
    const bytesNames = new Set(['Uint8Array', 'Buffer', 'ArrayBuffer', 'SharedArrayBuffer']);
    if (parts.every((part) => bytesNames.has(part.getSymbol()?.getName() ?? ''))) return 'bytes';
    return undefined;
  }

  /** With types: an array, a tuple with a rest element, or an object with a string index signature (every non-nullish part). */
  /**
   * `items.map(f)` / `filter` / `flatMap` / `slice()` of an array whose length is not statically known (a parameter, a
   * call result): a new array as long as the unknown one. `['a', 'b'].map(f)` is not (the evaluator knows the list).
   */
  private isMappedUnknownArray(node: TSESTree.Node): boolean {
    if (node.type !== T.CallExpression || node.callee.type !== T.MemberExpression) return false;
    const method = getStaticMemberName(node.callee);
    if (method !== 'map' && method !== 'filter' && method !== 'flatMap') return false;
    const receiver = this.file.evaluator.evaluate(node.callee.object);
    if (receiver.kind === 'array') return !receiver.complete;
    if (receiver.kind !== 'unknown') return false;
    // An unknown receiver counts only when it is a parameter, or typed as an array.
    const origins = this.resolve(node.callee.object, 0);
    return origins.every((origin) => origin.kind === 'parameter' || origin.kind === 'loop-accumulation') || this.isCollectionType(node.callee.object);
  }

  private isCollectionType(node: TSESTree.Node): boolean {
    const type = this.getType(node);
    if (!type || !this.file.types) return false;
    const checker = this.file.types.checker;
    const parts = (type.isUnion() ? type.types : [type]).filter((part) => part !== checker.getUndefinedType() && part !== checker.getNullType());
    if (parts.length === 0) return false;
    return parts.every((part) => {
      if (checker.isTupleType(part)) {
        const target = (part as ts.TypeReference).target as ts.TupleType | undefined;
        return !!target?.hasRestElement;
      }
      if (checker.isArrayType(part)) return true;
      return part.getStringIndexType() !== undefined;
    });
  }

  private getType(node: TSESTree.Node): ts.Type | undefined {
    const types = this.file.types;
    if (!types) return undefined;
    const tsNode = types.esTreeNodeToTSNodeMap.get(node);
    if (!tsNode) return undefined;
    return types.checker.getTypeAtLocation(tsNode);
  }

  private getTypeSymbolName(node: TSESTree.Node): string | undefined {
    const type = this.getType(node);
    return (type?.aliasSymbol ?? type?.getSymbol())?.getName();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Indexes built once per file

  private getTracedCalls(): Map<TSESTree.Node, TracedSource> {
    if (this.tracedCalls) return this.tracedCalls;
    const map = new Map<TSESTree.Node, TracedSource>();
    const globalScope = this.file.sourceCode.scopeManager?.globalScope;
    if (globalScope) {
      const tracker = new ReferenceTracker(withImplicitRequire(globalScope as TSESLint.Scope.Scope), { mode: 'legacy' });
      const traceMap = getSourceTraceMap() as Parameters<typeof tracker.iterateEsmReferences>[0];
      for (const reference of [...tracker.iterateEsmReferences(traceMap), ...tracker.iterateCjsReferences(traceMap)]) {
        map.set(reference.node, reference.info as TracedSource);
      }
    }
    this.tracedCalls = map;
    return map;
  }

  private getResultBindings(): Map<TSESTree.Identifier, ResultRef> {
    if (this.resultBindings) return this.resultBindings;
    const map = new Map<TSESTree.Identifier, ResultRef>();
    for (const site of this.file.callSites) {
      const binding = site.result.binding;
      if (binding) collectPatternBindings(binding, [], (identifier, members) => map.set(identifier, { site, members }));
    }
    this.resultBindings = map;
    return map;
  }

  private getResultExpressions(): Map<TSESTree.Node, CallSite> {
    if (this.resultExpressions) return this.resultExpressions;
    const map = new Map<TSESTree.Node, CallSite>();
    for (const site of this.file.callSites) {
      const expression = site.result.expression;
      if (expression && expression.type !== T.Identifier && !map.has(expression)) map.set(expression, site);
    }
    this.resultExpressions = map;
    return map;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Scope helpers

  private findVariable(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | null {
    return this.file.evaluator.findVariable(identifier);
  }

  /** True when the root identifier of a dotted callee is a global not shadowed in this file. */
  private isGlobalName(callee: TSESTree.Node): boolean {
    let root = callee;
    while (root.type === T.MemberExpression) root = root.object;
    if (root.type !== T.Identifier) return false;
    const variable = this.findVariable(root);
    return !variable || variable.defs.length === 0;
  }

  /** `process.env` of the global `process` (or of `node:process`). */
  private isProcessEnv(node: TSESTree.Node): boolean {
    const inner = skipWrappers(node);
    if (inner.type === T.Identifier) {
      // `import { env } from 'node:process'`
      const variable = this.findVariable(inner);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type === 'ImportBinding' && definition.node.type === T.ImportSpecifier) {
        const imported = definition.node.imported;
        const importedName = imported.type === T.Identifier ? imported.name : String(imported.value);
        const module = (definition.parent as TSESTree.ImportDeclaration | null)?.source.value;
        return importedName === 'env' && (module === 'process' || module === 'node:process');
      }
      return false;
    }
    if (inner.type !== T.MemberExpression || getStaticMemberName(inner) !== 'env' || inner.object.type !== T.Identifier || inner.object.name !== 'process') return false;
    const variable = this.findVariable(inner.object);
    if (!variable || variable.defs.length === 0) return true;
    const definition = variable.defs[0]!;
    if (definition.type === 'ImportBinding') {
      const module = (definition.parent as TSESTree.ImportDeclaration | null)?.source.value;
      return module === 'process' || module === 'node:process';
    }
    return false;
  }

  /**
   * For a method of a class (`seal(data) { … }`), its calls through `this.seal(…)` inside the same class, and whether
   * the method is private (`#seal`, TypeScript `private`), i.e. has no other callers. `undefined` when `fn` is not a
   * method, is static, or `this.seal` is used other than as a direct call (passed as a value).
   */
  private findThisMethodCalls(fn: TSESTree.FunctionLike): { calls: TSESTree.CallExpression[]; private: boolean } | undefined {
    const method = fn.parent;
    if (method?.type !== T.MethodDefinition || method.value !== fn || method.static || method.computed || method.kind !== 'method') return undefined;
    const name = method.key.type === T.Identifier ? method.key.name : method.key.type === T.PrivateIdentifier ? `#${method.key.name}` : undefined;
    const body = method.parent;
    if (!name || body?.type !== T.ClassBody) return undefined;
    const calls: TSESTree.CallExpression[] = [];
    let escapes = false;
    walk(body, this.file.sourceCode.visitorKeys, (node) => {
      if (escapes || node.type !== T.MemberExpression || node.object.type !== T.ThisExpression || getStaticMemberName(node) !== name) return;
      // `this` inside a nested non-arrow function is another object: those uses do not count either way.
      if (getThisOwner(node) !== getThisOwner(fn.body ?? fn)) return;
      if (node.parent?.type === T.CallExpression && node.parent.callee === node) calls.push(node.parent);
      else escapes = true;
    });
    if (escapes) return undefined;
    return { calls, private: method.key.type === T.PrivateIdentifier || method.accessibility === 'private' };
  }

  /** The calls of `fn` by name in this file; `undefined` when it escapes (exported, passed as a value). */
  private findDirectCalls(fn: TSESTree.FunctionLike): TSESTree.CallExpression[] | undefined {
    let nameNode: TSESTree.Identifier | undefined;
    if (fn.type === T.FunctionDeclaration && fn.id) {
      if (fn.parent?.type === T.ExportNamedDeclaration || fn.parent?.type === T.ExportDefaultDeclaration) return undefined;
      nameNode = fn.id;
    } else if (fn.parent?.type === T.VariableDeclarator && fn.parent.id.type === T.Identifier && fn.parent.init === fn) {
      if (fn.parent.parent?.parent?.type === T.ExportNamedDeclaration) return undefined;
      nameNode = fn.parent.id;
    }
    if (!nameNode) return undefined;
    const variable = this.findVariable(nameNode);
    if (!variable) return undefined;
    const calls: TSESTree.CallExpression[] = [];
    for (const reference of variable.references) {
      if (reference.init) continue;
      const parent = reference.identifier.parent;
      if (parent?.type !== T.CallExpression || parent.callee !== reference.identifier) return undefined;
      calls.push(parent);
    }
    return calls;
  }
}

// -----------------------------------------------------------------------------------------------------------------
// Helpers

/** The class body whose instance `this` refers to at `node` (arrow functions keep the outer `this`); else undefined. */
function getThisOwner(node: TSESTree.Node): TSESTree.Node | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === T.FunctionExpression || current.type === T.FunctionDeclaration) {
      return current.parent?.type === T.MethodDefinition || current.parent?.type === T.PropertyDefinition ? current.parent.parent : undefined;
    }
    if (current.type === T.PropertyDefinition) return current.parent;
    current = current.parent;
  }
  return undefined;
}

function makeOrigin(kind: OriginKind, node: TSESTree.Node, fields: Partial<Omit<Origin, 'kind' | 'node'>> = {}): Origin {
  return {
    kind,
    node,
    valueType: fields.valueType ?? 'unknown',
    direct: fields.direct ?? true,
    byteLength: fields.byteLength,
    api: fields.api,
    callSite: fields.callSite,
    member: fields.member,
    envName: fields.envName,
    sizeBound: fields.sizeBound,
    path: fields.path ?? [],
  };
}

function mapOrigins(origins: readonly Origin[], change: Partial<Origin> | ((origin: Origin) => Partial<Origin>)): Origin[] {
  return origins.map((origin) => {
    const fields = typeof change === 'function' ? change(origin) : change;
    return {
      ...origin,
      ...fields,
      direct: origin.direct && (fields.direct ?? true),
      sizeBound: fields.sizeBound ?? origin.sizeBound,
    };
  });
}

function foldArithmetic(operator: string, left: number, right: number): number | undefined {
  switch (operator) {
    case '*':
      return left * right;
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '/':
      return right === 0 ? undefined : left / right;
    case '**':
      return left ** right;
    default:
      return undefined;
  }
}

function agreedValueType(origins: readonly Origin[]): ValueType {
  const types = new Set(origins.map((origin) => origin.valueType));
  return types.size === 1 ? [...types][0]! : 'unknown';
}

function getNumber(value: StaticValue): number | undefined {
  return value.kind === 'primitive' && typeof value.value === 'number' ? value.value : undefined;
}

/** Picks the tighter of two bounds (`null` = none, `undefined` = a bound of unknown size). */
function pickBound(a: number | undefined | null, b: number | undefined | null): number | undefined | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

const FLIPPED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const NEGATED: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '===': '!==', '!==': '===', '==': '!=', '!=': '==' };


/** True when control never continues after `statement` (throw, return, break, continue, `process.exit()`). */
function alwaysExits(statement: TSESTree.Node): boolean {
  switch (statement.type) {
    case T.ThrowStatement:
    case T.ReturnStatement:
    case T.BreakStatement:
    case T.ContinueStatement:
      return true;
    case T.BlockStatement:
      return statement.body.some(alwaysExits);
    case T.IfStatement:
      return !!statement.alternate && alwaysExits(statement.consequent) && alwaysExits(statement.alternate);
    case T.ExpressionStatement:
      return statement.expression.type === T.CallExpression && getCalleeName(statement.expression.callee) === 'process.exit';
    default:
      return false;
  }
}

/** How `identifier` (a reference to `variable`) grows the variable, if it does. */
function getGrowth(identifier: TSESTree.Identifier, variable: TSESLint.Scope.Variable): 'push' | 'append' | undefined {
  const parent = identifier.parent;
  if (!parent) return undefined;
  if (parent.type === T.MemberExpression && parent.object === identifier) {
    const method = getStaticMemberName(parent);
    if ((method === 'push' || method === 'unshift') && parent.parent?.type === T.CallExpression && parent.parent.callee === parent) return 'push';
    if (parent.computed && parent.parent?.type === T.AssignmentExpression && parent.parent.left === parent) return 'push';
    return undefined;
  }
  if (parent.type === T.AssignmentExpression && parent.left === identifier) {
    if (parent.operator === '+=') return 'append';
    if (parent.operator === '=') {
      let selfReference = false;
      walkWithinFunction(parent.right, (node) => {
        if (node.type === T.Identifier && node.name === identifier.name && variable.references.some((reference) => reference.identifier === node)) selfReference = true;
      });
      if (selfReference) return 'append';
    }
  }
  return undefined;
}

/** The loop (or loop-like callback) around `node` that does not also contain `declaration`; counted loops excluded. */
function getEnclosingLoop(node: TSESTree.Node, declaration: TSESTree.Node, isLoopCallback: (fn: TSESTree.Node) => boolean): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (containsNode(current, declaration)) return undefined;
    switch (current.type) {
      case T.ForOfStatement:
      case T.ForInStatement:
        if (skipWrappers(current.right).type === T.ArrayExpression || skipWrappers(current.right).type === T.ObjectExpression) continue;
        return current;
      case T.ForStatement:
        if (isCountedFor(current)) continue;
        return current;
      case T.WhileStatement:
      case T.DoWhileStatement:
        return current;
      case T.FunctionExpression:
      case T.ArrowFunctionExpression:
        if (isLoopCallback(current)) return current;
        break;
      default:
        break;
    }
  }
  return undefined;
}

function isCountedFor(loop: TSESTree.ForStatement): boolean {
  const test = loop.test;
  if (test?.type !== T.BinaryExpression || (test.operator !== '<' && test.operator !== '<=')) return false;
  return test.right.type === T.Literal && typeof test.right.value === 'number';
}

/** Visits `root` and its descendants, not entering nested functions (other than `root` itself). */
function walkWithinFunction(root: TSESTree.Node, visit: (node: TSESTree.Node) => void): void {
  walk(root, undefined, visit, { skipNestedFunctions: true });
}

/** The `return` arguments of a function body (not of nested functions). */
function collectReturns(body: TSESTree.Node, into: TSESTree.Node[]): void {
  walkWithinFunction(body, (node) => {
    if (node.type === T.ReturnStatement && node.argument) into.push(node.argument);
  });
}

/** Calls `add` for each identifier bound by a result pattern with its member path (`{ Body }` → ['Body']). */
function collectPatternBindings(pattern: TSESTree.Node, members: readonly string[], add: (identifier: TSESTree.Identifier, members: readonly string[]) => void): void {
  if (pattern.type === T.Identifier) {
    add(pattern, members);
  } else if (pattern.type === T.AssignmentPattern) {
    collectPatternBindings(pattern.left, members, add);
  } else if (pattern.type === T.ObjectPattern) {
    for (const property of pattern.properties) {
      if (property.type === T.RestElement) continue;
      const key = getStaticKey(property);
      if (key !== undefined) collectPatternBindings(property.value, [...members, key], add);
    }
  }
}

/** A stand-in `for (… of source)` node so a `'data'` listener's chunk resolves like a loop over the stream. */
function syntheticForOf(source: TSESTree.Expression): TSESTree.ForOfStatement {
  return { type: T.ForOfStatement, right: source } as unknown as TSESTree.ForOfStatement;
}

/** The type name written in a parameter's annotation (`req: Request`, `event: lambda.APIGatewayProxyEvent`). */
function getAnnotationTypeName(name: TSESTree.Identifier): string | undefined {
  const annotation = name.typeAnnotation?.typeAnnotation;
  if (annotation?.type !== T.TSTypeReference) return undefined;
  const typeName = annotation.typeName;
  if (typeName.type === T.Identifier) return typeName.name;
  if (typeName.type === T.TSQualifiedName) return typeName.right.name;
  return undefined;
}

/**
 * A Lambda handler: a function named `handler` (or `…Handler`), or assigned to `exports.handler` /
 * `module.exports.handler`.
 */
function isLambdaHandler(fn: TSESTree.FunctionLike): boolean {
  const isHandlerName = (name: string): boolean => /^(?:handler|\w*Handler)$/.test(name);
  if (fn.type === T.FunctionDeclaration) return !!fn.id && isHandlerName(fn.id.name);
  let holder: TSESTree.Node | undefined = fn.parent;
  // middy(handler) / wrap(async (event) => …)
  if (holder?.type === T.CallExpression) holder = holder.parent;
  if (holder?.type === T.VariableDeclarator && holder.id.type === T.Identifier) return isHandlerName(holder.id.name);
  if (holder?.type === T.AssignmentExpression && holder.left.type === T.MemberExpression) {
    const name = getStaticMemberName(holder.left);
    return !!name && isHandlerName(name);
  }
  if (holder?.type === T.Property && !holder.computed && holder.key.type === T.Identifier) return isHandlerName(holder.key.name);
  return false;
}

