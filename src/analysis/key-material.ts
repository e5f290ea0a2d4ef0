/**
 * Flow of plaintext key bytes (DESIGN "How data flows", step 6).
 *
 * Starting from the response of a KMS call that returns key material — GenerateDataKey `Plaintext`, GenerateDataKeyPair
 * `PrivateKeyPlaintext`, Decrypt `Plaintext` — the analysis follows the bytes through the places a value can travel in
 * one file: the response binding (`const res = …; res.Plaintext`, `const { Plaintext: key } = …`, `.then(({ Plaintext })
 * => …)`, the `(err, data)` callback of SDK v2), aliases (`const k = key`), TypeScript wrappers (`as`, `!`), views of the
 * same memory (`.subarray()`, `.buffer`, `Buffer.from(arrayBuffer)`, `new Uint8Array(k.buffer, …)`), copies
 * (`Buffer.from(k)`, `Uint8Array.from(k)`, `new Uint8Array(k)`: a copy is separate memory, tracked as its own
 * {@link KeyRegion}) and arguments of functions declared in the same file (followed into the parameter).
 *
 * Every place the bytes end up is recorded as a {@link KeyUse} with a kind: a wipe, a cipher-key use, a leak (log,
 * string, JSON, return, persist, store), a pass to a function, a copy, a harmless read, or unknown. Whether each region
 * is wiped on every path is decided here too (a `finally` wipe covering the uses, or a straight-line wipe with nothing
 * that can throw before it), so several rules share one answer. Results are cached per file (by the `Program` node) and
 * per set of extra wipe function names.
 *
 * Node's `Buffer` and `Uint8Array` semantics used here: `Buffer.from(buffer|typedArray)`, `Uint8Array.from(x)` and
 * `new Uint8Array(typedArray)` copy; `Buffer.from(arrayBuffer[, offset, length])`, `new Uint8Array(arrayBuffer, …)`,
 * `.subarray()` and `.buffer` share memory (Node.js `buffer` docs, "Buffer.from(arrayBuffer)"). `Buffer#slice` shares
 * memory while `Uint8Array#slice` copies; `.slice()` is treated as a view (the choice that never causes a report).
 */
import { AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '../util/ts-eslint.js';
import type { FileAnalysis } from './model.js';
import { walk } from './ast/walk.js';
import { isValueWrapper, skipWrappers, skipWrappersUp } from './ast/wrappers.js';

/** Key-material length checks read the value itself, not an awaited promise of it. */
const NO_AWAIT = { throughAwait: false } as const;
import { getResponseMembers } from './catalog/sdk.js';
import type { CallSite, ResultBinding } from './model.js';
import { containsNode, getCalleeName, getStaticKey, getStaticMemberName } from './values.js';

/** The KMS operations whose response carries plaintext key bytes, and the response member that holds them. */
export const KEY_MATERIAL_MEMBERS: Readonly<Record<KeyMaterialOperation, KeyMember>> = Object.fromEntries(
  (['GenerateDataKey', 'GenerateDataKeyPair', 'Decrypt'] as const).map((operation) => [
    operation,
    getResponseMembers('kms', operation, ['plaintext-key', 'plaintext'])[0]!.member as KeyMember,
  ]),
) as Record<KeyMaterialOperation, KeyMember>;

/** An operation whose response holds plaintext key bytes (a Decrypt result is key material only when used as a key). */
export type KeyMaterialOperation = 'GenerateDataKey' | 'GenerateDataKeyPair' | 'Decrypt';
/** The response member with the plaintext bytes (`Uint8Array` in SDK v3, `Buffer` in SDK v2). */
export type KeyMember = 'Plaintext' | 'PrivateKeyPlaintext';

/**
 * What happens to the bytes at a use.
 * - `wipe`: overwritten in place (`.fill(0)`, `crypto.randomFillSync(k)`, `sodium_memzero(k)`, a configured wipe
 *   function, a same-file helper that wipes its parameter on every path);
 * - `cipher-key`: used as a key (`createCipheriv`/`createDecipheriv` 2nd argument, `@noble/ciphers` `gcm(key, …)`,
 *   `crypto.subtle.importKey('raw', key, …)`, `createHmac`, `createSecretKey`, `createPrivateKey`, an Encryption SDK
 *   raw AES keyring or `setUnencryptedDataKey`, which take ownership);
 * - `leak`: see {@link LeakKind};
 * - `pass-to-function`: an argument of a function the analysis does not know (`resolved: false`) or of a function of
 *   this file whose parameter it followed (`resolved: true`; the uses inside are recorded with `via`);
 * - `copy`: the bytes are copied (`Buffer.from(k)`; `copy` is the new region when it is tracked, `undefined` for
 *   `Buffer.concat([k, …])`, `k.copy(target)`, `[...k]`);
 * - `read`: a use that neither keeps nor moves the bytes (`if (!k)`, `k.length`, `k.equals(x)`, `hash.update(k)`);
 * - `unknown`: anything the analysis cannot follow (thrown, destructured, the whole response passed on, …).
 */
export type KeyUseKind = 'wipe' | 'cipher-key' | 'leak' | 'pass-to-function' | 'copy' | 'read' | 'unknown';

/**
 * Where leaked bytes go.
 * - `log`: a logging call (`console.*`, `logger.info`, …) receives the bytes (or an object holding them);
 * - `string`: turned into an immutable string (`toString(…)`, `` `${k}` ``, `String(k)`, `k + ''`, `TextDecoder#decode`);
 * - `json`: serialised (`JSON.stringify`, `toJSON`) — also a string;
 * - `return`: returned from the function (or resolved from a `.then` callback): the caller owns the bytes now;
 * - `persist`: written or sent out of the process (an AWS SDK command input, `fs.writeFile*`, `stream.write`, `res.send`);
 * - `store`: stored on an object (`this.key = k`, `obj.k = k`, `{ key: k }` kept in a variable): ownership moves.
 */
export type LeakKind = 'log' | 'string' | 'json' | 'return' | 'persist' | 'store';

/** Whether the code that received the bytes still owns them after the use (and so must wipe them). */
export type Ownership = 'kept' | 'transferred' | 'unknown';

/** One use of the bytes of a region. */
export interface KeyUse {
  readonly kind: KeyUseKind;
  /** The expression that uses the bytes: the call (`k.fill(0)`, `createCipheriv(…)`), template literal, `return`, …. */
  readonly node: TSESTree.Node;
  /** The expression that denotes the bytes at this use (`k`, `res.Plaintext`, `k.buffer`). */
  readonly occurrence: TSESTree.Node;
  /** A short description for messages: `fill(0)`, `createCipheriv`, `toString('base64')`, `console.debug`, `return`. */
  readonly detail: string;
  /** For `leak` uses. */
  readonly leak?: LeakKind;
  /** For `string`/`json` leaks: where the string goes next, when visible (a log call, a return, a persistence call). */
  readonly sink?: 'log' | 'return' | 'persist';
  readonly ownership: Ownership;
  /** For `copy` uses whose result is tracked. */
  readonly copy?: KeyRegion;
  /** For `pass-to-function`: whether the callee is a function of this file whose parameter was followed. */
  readonly resolved?: boolean;
  /** Set when the use lies inside a same-file function the bytes were passed to: the call in the caller. */
  readonly via?: TSESTree.CallExpression | TSESTree.NewExpression;
}

/**
 * One piece of memory holding the key bytes: the response member itself (`original`) or a copy of it. Views and
 * aliases are the same region.
 */
export interface KeyRegion {
  readonly kind: 'original' | 'copy';
  readonly parent: KeyRegion | undefined;
  /**
   * Where a report about the region belongs: the `Plaintext` property of a destructuring, the declarator assigned from
   * `.Plaintext` (or from the copy), the first `.Plaintext` read, or the copying call.
   */
  readonly reportNode: TSESTree.Node;
  /** Every expression that denotes the region's bytes. */
  readonly occurrences: readonly TSESTree.Node[];
  /** Uses in source order (uses inside followed functions keep their own position; see `via`). */
  readonly uses: readonly KeyUse[];
  /** Copies made from this region. */
  readonly copies: readonly KeyRegion[];
  /** When the region has one simple name in the scope where it was received: `key`, `res.Plaintext`. */
  readonly name: string | undefined;
  /** The statement that receives the region (`const { Plaintext } = …`), when it is a declaration statement. */
  readonly declaration: TSESTree.VariableDeclaration | undefined;
  /** A use whose ownership is not `kept`: the bytes were returned, stored, handed to a library, or lost track of. */
  readonly ownershipMoves: boolean;
  /** The wipe that covers every path after the last use, if there is one. */
  readonly coveringWipe: KeyUse | undefined;
}

/** The key material of one call site. */
export interface KeyMaterial {
  readonly site: CallSite;
  readonly operation: KeyMaterialOperation;
  readonly member: KeyMember;
  /**
   * Whether the member is ever read: `read` (a region exists), `never` (the response is bound or discarded and the
   * member is not read), `unknown` (the whole response escapes: returned, passed on, not bound where we can see).
   */
  readonly access: 'read' | 'never' | 'unknown';
  /** The original region, when the member is read. */
  readonly key: KeyRegion | undefined;
  /** The original and every copy, depth first. */
  readonly regions: readonly KeyRegion[];
  /** Whether any region is used as a cipher key (what makes a Decrypt result key material). */
  readonly usedAsCipherKey: boolean;
}

/** Options of the analysis that change answers (rules pass their own; the cache keeps one answer per set). */
export interface KeyMaterialOptions {
  /** Extra callee names (`zero`, `utils.wipe`) that wipe their first argument. */
  readonly wipeFunctions?: readonly string[];
}

const cache = new WeakMap<TSESTree.Program, Map<string, readonly KeyMaterial[]>>();

/**
 * The key material of every GenerateDataKey, GenerateDataKeyPair and Decrypt call site of the file (KMS sites of the
 * model), in source order. Cached per file and options.
 */
export function getKeyMaterial(analysis: FileAnalysis, options: KeyMaterialOptions = {}): readonly KeyMaterial[] {
  const ast = analysis.sourceCode.ast;
  const wipeFunctions = [...new Set(options.wipeFunctions ?? [])].sort();
  const key = wipeFunctions.join('\n');
  let perFile = cache.get(ast);
  if (!perFile) cache.set(ast, (perFile = new Map()));
  const cached = perFile.get(key);
  if (cached) return cached;
  const tracker = getTracker(analysis, wipeFunctions);
  const result: KeyMaterial[] = [];
  for (const site of analysis.callSites) {
    if (site.service !== 'kms' || !Object.hasOwn(KEY_MATERIAL_MEMBERS, site.operation)) continue;
    result.push(tracker.track(site, site.operation as KeyMaterialOperation));
  }
  perFile.set(key, result);
  return result;
}

/** The key bytes one producer hands on: the regions, whether the bytes are read at all, whether any is a cipher key. */
export type TrackedKey = Pick<KeyMaterial, 'access' | 'key' | 'regions' | 'usedAsCipherKey'>;

const trackers = new WeakMap<TSESTree.Program, Map<string, KeyTracker>>();

function getTracker(analysis: FileAnalysis, wipeFunctions: readonly string[]): KeyTracker {
  const ast = analysis.sourceCode.ast;
  const key = wipeFunctions.join('\n');
  let perFile = trackers.get(ast);
  if (!perFile) trackers.set(ast, (perFile = new Map()));
  let tracker = perFile.get(key);
  if (!tracker) perFile.set(key, (tracker = new KeyTracker(analysis.sourceCode, new Set(wipeFunctions))));
  return tracker;
}

/**
 * Follows the key bytes that `call` — a call of a function that returns plaintext key bytes (see
 * `flow/returned-keys.ts`) — hands to the calling code: the call's value itself when `path` is undefined, else the
 * property `path` of the object it returns. The same classification of uses and the same wipe coverage as
 * {@link getKeyMaterial}; the caller owns the bytes, so they are judged where the caller last uses them.
 */
export function trackReturnedKey(analysis: FileAnalysis, call: TSESTree.CallExpression, path: string | undefined, options: KeyMaterialOptions = {}): TrackedKey {
  return getTracker(analysis, [...new Set(options.wipeFunctions ?? [])].sort()).trackCall(call, path);
}

/** Every use of a region and of its copies, in source order. */
export function getAllUses(material: Pick<KeyMaterial, 'regions'>): KeyUse[] {
  return material.regions.flatMap((region) => region.uses).sort((a, b) => a.node.range[0] - b.node.range[0]);
}

// ---------------------------------------------------------------------------------------------------------------------

/** Callees that wipe their first argument. */
const WIPE_FUNCTIONS = new Set(['randomFillSync', 'getRandomValues', 'sodium_memzero', 'memzero']);
/** Callee (last name segment) → index of the key argument, for key uses that leave the caller owning the bytes. */
const CIPHER_KEY_ARGUMENTS: ReadonlyMap<string, number> = new Map([
  ['createCipheriv', 1],
  ['createDecipheriv', 1],
  ['createHmac', 1],
  ['hkdf', 1],
  ['hkdfSync', 1],
  ['createSecretKey', 0],
  ['createPrivateKey', 0],
  ['importKey', 1],
  // @noble/ciphers and @noble/hashes
  ['gcm', 0],
  ['gcmsiv', 0],
  ['siv', 0],
  ['ctr', 0],
  ['cbc', 0],
  ['ecb', 0],
  ['cfb', 0],
  ['aeskw', 0],
  ['aeskwp', 0],
  ['chacha20poly1305', 0],
  ['xchacha20poly1305', 0],
  ['xsalsa20poly1305', 0],
  ['secretbox', 0],
  ['hmac', 1],
]);
/** Calls that take a key inside an options object (`createPrivateKey({ key, format: 'der', type: 'pkcs8' })`). */
const KEY_OBJECT_FUNCTIONS = new Set(['createPrivateKey', 'createSecretKey', 'sign', 'privateDecrypt', 'privateEncrypt']);
/** Encryption SDK methods that take ownership of the data key (the material zeroes it; material-management). */
const OWNING_METHODS = new Set(['setUnencryptedDataKey']);
const LOG_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly']);
const PERSIST_FUNCTIONS = new Set(['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync']);
const PERSIST_METHODS = new Set(['write', 'end', 'send']);
const READ_METHODS = new Set(['equals', 'compare', 'indexOf', 'lastIndexOf', 'includes', 'at', 'every', 'some', 'set', 'update']);
const TYPED_ARRAYS = new Set(['Uint8Array', 'Int8Array', 'Uint8ClampedArray', 'Buffer']);
const MAX_CALL_DEPTH = 4;

/** The bytes as a typed array, or the `ArrayBuffer` behind them (`k.buffer`): decides whether `Buffer.from` copies. */
type Shape = 'bytes' | 'arraybuffer';

interface MutableRegion {
  kind: 'original' | 'copy';
  parent: MutableRegion | undefined;
  reportNode: TSESTree.Node;
  /** Where the bytes are received: reports use `reportNode`; coverage scans start at `receiptOffset`. */
  receiptNode: TSESTree.Node;
  receiptOffset: number;
  occurrences: TSESTree.Node[];
  uses: KeyUse[];
  copies: MutableRegion[];
  name: string | undefined;
  declaration: TSESTree.VariableDeclaration | undefined;
  ownershipMoves: boolean;
  coveringWipe: KeyUse | undefined;
  /** Variables already followed (aliases), to stop on cycles. */
  seen: Set<TSESLint.Scope.Variable>;
}

class KeyTracker {
  /** Followed parameters: (function, index) → whether the function wipes that parameter on every path, and its uses. */
  private readonly parameterCache = new Map<string, { wipes: boolean; region: MutableRegion } | 'pending'>();

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly extraWipeFunctions: ReadonlySet<string>,
  ) {}

  track(site: CallSite, operation: KeyMaterialOperation): KeyMaterial {
    const member = KEY_MATERIAL_MEMBERS[operation];
    return { site, operation, member, ...this.trackMember(site.result, site.node, member) };
  }

  /**
   * The key bytes a call of a key-returning function hands its caller: the call's value itself (`path` undefined) or
   * the member `path` of the object it returns (`const { dataKey } = await newKey()`).
   */
  trackCall(call: TSESTree.CallExpression, path: string | undefined): TrackedKey {
    const holder = skipWrappersUp(call);
    const parent = holder.parent;
    if (path !== undefined) {
      const binding = parent?.type === T.VariableDeclarator && parent.init === holder && (parent.id.type === T.Identifier || parent.id.type === T.ObjectPattern) ? parent.id : undefined;
      return this.trackMember({ expression: call, binding }, call, path);
    }
    if (parent?.type === T.ExpressionStatement) return this.collect('never', undefined);
    const declarator = getAliasDeclarator(call);
    const region = this.newRegion('original', undefined, declarator ?? call);
    if (declarator?.id.type === T.Identifier) {
      region.name = declarator.id.name;
      region.declaration = declarator.parent as TSESTree.VariableDeclaration;
    }
    this.follow(region, call, 'bytes', 0);
    return this.collect('read', this.finish(region));
  }

  /** Follows `member` of a response (or returned object) that `result` describes; `node` is the producing call. */
  private trackMember(result: ResultBinding, node: TSESTree.Node, member: string): TrackedKey {
    const state: { access: KeyMaterial['access']; key: MutableRegion | undefined; escapes: TSESTree.Node[] } = { access: 'never', key: undefined, escapes: [] };
    const binding = result.binding;
    const addOccurrence = (occurrence: TSESTree.Node, reportNode: TSESTree.Node, name: string | undefined, declaration?: TSESTree.VariableDeclaration): void => {
      state.access = 'read';
      if (!state.key) {
        state.key = this.newRegion('original', undefined, reportNode);
        state.key.name = name;
        state.key.declaration = declaration;
      }
      this.follow(state.key, occurrence, 'bytes', 0);
    };
    if (binding) {
      this.trackResponse(binding, member, addOccurrence, (escape) => state.escapes.push(escape), 0);
    } else {
      const expression = result.expression;
      if (!expression) {
        state.escapes.push(node);
      } else {
        const holder = skipWrappersUp(expression);
        const parent = holder.parent;
        if (parent?.type === T.MemberExpression && parent.object === holder && getStaticMemberName(parent) === member) {
          addOccurrence(parent, parent, undefined);
        } else if (parent?.type !== T.ExpressionStatement) {
          state.escapes.push(holder);
        }
      }
    }
    // The whole response (with the key in it) went somewhere we cannot follow.
    for (const escape of state.escapes) {
      if (state.key) this.unknown(state.key, escape, escape, 'the response escapes');
      else state.access = 'unknown';
    }
    return this.collect(state.access, state.key ? this.finish(state.key) : undefined);
  }

  private collect(access: KeyMaterial['access'], key: KeyRegion | undefined): TrackedKey {
    const regions: KeyRegion[] = [];
    const collect = (region: KeyRegion): void => {
      if (regions.includes(region)) return;
      regions.push(region);
      region.copies.forEach(collect);
    };
    if (key) collect(key);
    return { access, key, regions, usedAsCipherKey: regions.some((region) => region.uses.some((use) => use.kind === 'cipher-key')) };
  }

  /** Finds reads of `member` on the response bound to `binding` (identifier, destructuring, callback parameter). */
  private trackResponse(
    binding: TSESTree.Identifier | TSESTree.ObjectPattern | TSESTree.ArrayPattern,
    member: string,
    addOccurrence: (occurrence: TSESTree.Node, reportNode: TSESTree.Node, name: string | undefined, declaration?: TSESTree.VariableDeclaration) => void,
    markUnknown: (node: TSESTree.Node) => void,
    depth: number,
  ): void {
    if (depth > MAX_CALL_DEPTH) {
      markUnknown(binding);
      return;
    }
    if (binding.type === T.ArrayPattern) {
      markUnknown(binding);
      return;
    }
    if (binding.type === T.ObjectPattern) {
      let explicit = false;
      for (const property of binding.properties) {
        if (property.type === T.RestElement) continue;
        const key = getStaticKey(property);
        if (key === undefined) {
          // `{ [name]: k }`: may be the key.
          markUnknown(property);
          continue;
        }
        if (key !== member) continue;
        explicit = true;
        const local = property.value.type === T.AssignmentPattern ? property.value.left : property.value;
        if (local.type !== T.Identifier) {
          markUnknown(property);
          continue;
        }
        const declaration = getDeclarationOf(binding);
        addOccurrence(local, property, local.name, declaration);
      }
      const rest = binding.properties.find((property) => property.type === T.RestElement);
      if (!explicit && rest) markUnknown(rest);
      return;
    }
    const variable = this.findVariable(binding);
    if (!variable) {
      markUnknown(binding);
      return;
    }
    const declaration = getDeclarationOf(binding);
    for (const reference of variable.references) {
      if (reference.init || reference.isWrite()) continue;
      const holder = skipWrappersUp(reference.identifier);
      const parent = holder.parent;
      if (!parent) continue;
      if (parent.type === T.MemberExpression && parent.object === holder) {
        const name = getStaticMemberName(parent);
        if (name === undefined) markUnknown(parent);
        else if (name === member) {
          const declarator = getAliasDeclarator(parent);
          const aliasName = declarator?.id.type === T.Identifier ? declarator.id.name : undefined;
          addOccurrence(
            parent,
            declarator ?? parent,
            aliasName ?? `${binding.name}.${member}`,
            declarator ? (declarator.parent as TSESTree.VariableDeclaration) : declaration,
          );
        }
        continue;
      }
      if (parent.type === T.VariableDeclarator && parent.init === holder) {
        if (parent.id.type === T.ObjectPattern || parent.id.type === T.Identifier) {
          this.trackResponse(parent.id, member, addOccurrence, markUnknown, depth + 1);
        } else {
          markUnknown(parent);
        }
        continue;
      }
      if (isReadContext(parent, holder)) continue;
      markUnknown(holder);
    }
  }

  private newRegion(kind: 'original' | 'copy', parent: MutableRegion | undefined, reportNode: TSESTree.Node): MutableRegion {
    return {
      kind,
      parent,
      reportNode,
      receiptNode: reportNode,
      receiptOffset: getReceiptOffset(reportNode),
      occurrences: [],
      uses: [],
      copies: [],
      name: undefined,
      declaration: undefined,
      ownershipMoves: false,
      coveringWipe: undefined,
      seen: new Set(),
    };
  }

  private finish(region: MutableRegion): KeyRegion {
    region.uses.sort((a, b) => (a.via ?? a.node).range[0] - (b.via ?? b.node).range[0]);
    region.ownershipMoves = region.uses.some((use) => use.ownership !== 'kept');
    region.coveringWipe = this.findCoveringWipe(region);
    for (const copy of region.copies) this.finish(copy);
    return region as unknown as KeyRegion;
  }

  private addUse(region: MutableRegion, use: KeyUse): void {
    region.uses.push(use);
  }

  /**
   * Follows one expression that denotes the region's bytes (or, with `shape: 'arraybuffer'`, its `ArrayBuffer`) to
   * where its value goes, recording uses, aliases, views and copies.
   */
  private follow(region: MutableRegion, start: TSESTree.Node, shape: Shape, depth: number): void {
    if (start.type === T.Identifier && isBindingIdentifier(start)) {
      this.followVariable(region, start, shape, depth);
      return;
    }
    region.occurrences.push(start);
    let current: TSESTree.Node = start;
    for (;;) {
      const parent: TSESTree.Node | undefined = current.parent;
      if (!parent) return;
      if (isValueWrapper(parent, current)) {
        current = parent;
        continue;
      }
      if (parent.type === T.LogicalExpression) {
        if (parent.operator === '&&' && parent.left === current) return this.read(region, parent, start, 'test');
        current = parent;
        continue;
      }
      if (parent.type === T.ConditionalExpression) {
        if (parent.test === current) return this.read(region, parent, start, 'test');
        current = parent;
        continue;
      }
      if (parent.type === T.SequenceExpression) {
        if (parent.expressions[parent.expressions.length - 1] === current) {
          current = parent;
          continue;
        }
        return this.read(region, parent, start, 'discarded');
      }
      this.classify(region, parent, current, start, shape, depth);
      return;
    }
  }

  private read(region: MutableRegion, node: TSESTree.Node, occurrence: TSESTree.Node, detail: string): void {
    this.addUse(region, { kind: 'read', node, occurrence, detail, ownership: 'kept' });
  }

  private unknown(region: MutableRegion, node: TSESTree.Node, occurrence: TSESTree.Node, detail: string): void {
    this.addUse(region, { kind: 'unknown', node, occurrence, detail, ownership: 'unknown' });
  }

  private leak(region: MutableRegion, node: TSESTree.Node, occurrence: TSESTree.Node, leak: LeakKind, detail: string): void {
    const transferred = leak === 'return' || leak === 'store';
    const sink = leak === 'string' || leak === 'json' ? getStringSink(node) : undefined;
    this.addUse(region, { kind: 'leak', leak, node, occurrence, detail, ownership: transferred ? 'transferred' : 'kept', ...(sink ? { sink } : {}) });
  }

  /** Variables: every read of an alias is an occurrence of the same bytes. */
  private followVariable(region: MutableRegion, identifier: TSESTree.Identifier, shape: Shape, depth: number): void {
    const variable = this.findVariable(identifier);
    if (!variable) return this.unknown(region, identifier, identifier, 'unresolved variable');
    if (region.seen.has(variable)) return;
    region.seen.add(variable);
    const writes = variable.references.filter((reference) => reference.isWrite());
    const isParameter = variable.defs.some((definition) => definition.type === 'Parameter');
    // A variable written more than once may hold other bytes at a later wipe: give up on it.
    if (writes.length > (isParameter ? 0 : 1)) return this.unknown(region, identifier, identifier, 'reassigned variable');
    for (const reference of variable.references) {
      if (reference.isWrite() || reference.init) continue;
      this.follow(region, reference.identifier, shape, depth);
    }
  }

  /** Decides what `parent` does with `child`, an expression that evaluates to the region's bytes. */
  private classify(region: MutableRegion, parent: TSESTree.Node, child: TSESTree.Node, occurrence: TSESTree.Node, shape: Shape, depth: number): void {
    switch (parent.type) {
      case T.MemberExpression:
        if (parent.object === child) return this.classifyMember(region, parent, occurrence, shape, depth);
        return this.read(region, parent, occurrence, 'computed key');
      case T.CallExpression:
      case T.NewExpression:
        if (parent.callee === child) return this.unknown(region, parent, occurrence, 'called');
        return this.classifyArgument(region, parent, parent.arguments.indexOf(child as TSESTree.CallExpressionArgument), occurrence, shape, depth);
      case T.Property:
        if (parent.value === child && parent.parent?.type === T.ObjectExpression) {
          return this.classifyContainer(region, parent.parent, occurrence, getStaticKey(parent), depth);
        }
        return this.unknown(region, parent, occurrence, 'property');
      case T.ArrayExpression:
        return this.classifyContainer(region, parent, occurrence, undefined, depth);
      case T.SpreadElement:
        if (parent.parent?.type === T.ArrayExpression) {
          return this.addUse(region, { kind: 'copy', node: parent.parent, occurrence, detail: 'array spread', ownership: 'kept' });
        }
        return this.unknown(region, parent, occurrence, 'spread');
      case T.TemplateLiteral:
        if (parent.parent?.type === T.TaggedTemplateExpression) return this.unknown(region, parent.parent, occurrence, 'tagged template');
        return this.leak(region, parent, occurrence, 'string', 'a template literal');
      case T.BinaryExpression:
        if (parent.operator === '+') return this.leak(region, parent, occurrence, 'string', 'string concatenation');
        return this.read(region, parent, occurrence, parent.operator);
      case T.UnaryExpression:
        return this.read(region, parent, occurrence, parent.operator);
      case T.IfStatement:
      case T.WhileStatement:
      case T.DoWhileStatement:
      case T.ForStatement:
      case T.SwitchStatement:
      case T.ExpressionStatement:
      case T.ForOfStatement:
      case T.ForInStatement:
        return this.read(region, parent, occurrence, 'test');
      case T.VariableDeclarator:
        if (parent.init === child && parent.id.type === T.Identifier) return this.followVariable(region, parent.id, shape, depth);
        return this.unknown(region, parent, occurrence, 'destructured');
      case T.AssignmentExpression:
        if (parent.right !== child || parent.operator !== '=') return this.unknown(region, parent, occurrence, 'assignment');
        if (parent.left.type === T.Identifier) return this.followVariable(region, parent.left, shape, depth);
        if (parent.left.type === T.MemberExpression) return this.leak(region, parent, occurrence, 'store', 'a property assignment');
        return this.unknown(region, parent, occurrence, 'destructured');
      case T.ReturnStatement:
        return this.leak(region, parent, occurrence, 'return', 'return');
      case T.ArrowFunctionExpression:
        if (parent.body === child) return this.leak(region, parent, occurrence, 'return', 'return');
        return this.unknown(region, parent, occurrence, 'arrow');
      case T.YieldExpression:
        return this.leak(region, parent, occurrence, 'return', 'yield');
      default:
        return this.unknown(region, parent, occurrence, parent.type);
    }
  }

  private classifyMember(region: MutableRegion, member: TSESTree.MemberExpression, occurrence: TSESTree.Node, shape: Shape, depth: number): void {
    const name = getStaticMemberName(member);
    if (member.computed && (name === undefined || /^\d+$/.test(name))) return this.read(region, member, occurrence, 'index');
    if (name === undefined) return this.unknown(region, member, occurrence, 'member');
    const call = getCallOfMember(member);
    if (!call) {
      if (name === 'buffer') return this.follow(region, member, 'arraybuffer', depth);
      if (name === 'length' || name === 'byteLength' || name === 'byteOffset' || name === 'BYTES_PER_ELEMENT') return this.read(region, member, occurrence, name);
      return this.unknown(region, member, occurrence, `.${name}`);
    }
    switch (name) {
      case 'fill':
        if (isZeroFill(call)) {
          return this.addUse(region, { kind: 'wipe', node: call, occurrence, detail: `fill(${call.arguments.map((argument) => this.text(argument)).join(', ')})`, ownership: 'kept' });
        }
        return this.read(region, call, occurrence, 'fill');
      case 'toString':
      case 'toLocaleString':
      case 'join':
        return this.leak(region, call, occurrence, 'string', `${name}(${call.arguments.map((argument) => this.text(argument)).join(', ')})`);
      case 'toJSON':
        return this.leak(region, call, occurrence, 'json', 'toJSON()');
      case 'subarray':
      case 'slice':
        return this.follow(region, call, shape, depth);
      case 'copy':
        return this.addUse(region, { kind: 'copy', node: call, occurrence, detail: 'copy()', ownership: 'kept' });
      default:
        if (READ_METHODS.has(name) || name.startsWith('read')) return this.read(region, call, occurrence, name);
        return this.unknown(region, call, occurrence, `.${name}()`);
    }
  }

  private classifyArgument(
    region: MutableRegion,
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    index: number,
    occurrence: TSESTree.Node,
    shape: Shape,
    depth: number,
  ): void {
    const fullName = getCalleeName(call.callee);
    const name = getLastName(call.callee);
    if (call.type === T.NewExpression) {
      if (name && TYPED_ARRAYS.has(name) && index === 0) return this.copyOrView(region, call, occurrence, shape, `new ${name}()`, depth);
      if (name?.startsWith('Raw') && name.includes('Keyring')) {
        return this.addUse(region, { kind: 'cipher-key', node: call, occurrence, detail: `new ${name}()`, ownership: 'transferred' });
      }
      if (name?.endsWith('Command')) return this.leak(region, call, occurrence, 'persist', `new ${name}()`);
      return this.passToFunction(region, call, index, occurrence, depth);
    }
    if (index === 0 && ((fullName && this.extraWipeFunctions.has(fullName)) || (name && WIPE_FUNCTIONS.has(name)))) {
      return this.addUse(region, { kind: 'wipe', node: call, occurrence, detail: `${fullName ?? name}()`, ownership: 'kept' });
    }
    if (index === 0 && (fullName === 'Buffer.from' || fullName === 'Uint8Array.from' || fullName === 'Buffer.copyBytesFrom')) {
      return this.copyOrView(region, call, occurrence, fullName === 'Buffer.copyBytesFrom' ? 'bytes' : shape, `${fullName}()`, depth);
    }
    if (fullName === 'String' || fullName === 'btoa' || name === 'decode') return this.leak(region, call, occurrence, 'string', `${fullName ?? name}()`);
    if (fullName === 'JSON.stringify') return this.leak(region, call, occurrence, 'json', 'JSON.stringify()');
    if (name && CIPHER_KEY_ARGUMENTS.get(name) === index) {
      return this.addUse(region, { kind: 'cipher-key', node: call, occurrence, detail: `${name}()`, ownership: 'kept' });
    }
    if (name && OWNING_METHODS.has(name) && index === 0) {
      return this.addUse(region, { kind: 'cipher-key', node: call, occurrence, detail: `${name}()`, ownership: 'transferred' });
    }
    if (isLogCall(call.callee)) return this.leak(region, call, occurrence, 'log', fullName ?? 'a logging call');
    if (name && (PERSIST_FUNCTIONS.has(name) || (call.callee.type === T.MemberExpression && PERSIST_METHODS.has(name)))) {
      return this.leak(region, call, occurrence, 'persist', `${fullName ?? name}()`);
    }
    if (fullName === 'Buffer.concat' || fullName === 'Buffer.compare' || name === 'timingSafeEqual' || name === 'update') {
      return fullName === 'Buffer.concat'
        ? this.addUse(region, { kind: 'copy', node: call, occurrence, detail: 'Buffer.concat()', ownership: 'kept' })
        : this.read(region, call, occurrence, `${fullName ?? name}()`);
    }
    return this.passToFunction(region, call, index, occurrence, depth);
  }

  /** `Buffer.from(x)`, `Uint8Array.from(x)`, `new Uint8Array(x)`: a view of an `ArrayBuffer`, a copy of bytes. */
  private copyOrView(region: MutableRegion, call: TSESTree.CallExpression | TSESTree.NewExpression, occurrence: TSESTree.Node, shape: Shape, detail: string, depth: number): void {
    if (shape === 'arraybuffer') {
      this.follow(region, call, 'bytes', depth);
      return;
    }
    const declarator = getAliasDeclarator(call);
    const copy = this.newRegion('copy', region, declarator ?? call);
    copy.receiptNode = call;
    copy.receiptOffset = call.range[1];
    if (declarator?.id.type === T.Identifier) {
      copy.name = declarator.id.name;
      copy.declaration = declarator.parent as TSESTree.VariableDeclaration;
    }
    region.copies.push(copy);
    this.addUse(region, { kind: 'copy', node: call, occurrence, detail, ownership: 'kept', copy: copy as unknown as KeyRegion });
    this.follow(copy, call, 'bytes', depth);
  }

  /** An object or array literal that holds the bytes: what happens to the literal decides the use. */
  private classifyContainer(region: MutableRegion, container: TSESTree.ObjectExpression | TSESTree.ArrayExpression, occurrence: TSESTree.Node, property: string | undefined, depth: number): void {
    let current: TSESTree.Node = container;
    for (;;) {
      const parent: TSESTree.Node | undefined = current.parent;
      if (!parent) return this.unknown(region, container, occurrence, 'container');
      if (isValueWrapper(parent, current)) {
        current = parent;
        continue;
      }
      if (parent.type === T.Property && parent.value === current && parent.parent?.type === T.ObjectExpression) {
        current = parent.parent;
        continue;
      }
      if (parent.type === T.ArrayExpression) {
        current = parent;
        continue;
      }
      if (parent.type === T.CallExpression && parent.callee !== current) {
        const fullName = getCalleeName(parent.callee);
        const name = getLastName(parent.callee);
        if (fullName === 'JSON.stringify') return this.leak(region, parent, occurrence, 'json', 'JSON.stringify()');
        if (isLogCall(parent.callee)) return this.leak(region, parent, occurrence, 'log', fullName ?? 'a logging call');
        if (fullName === 'Buffer.concat' && container.type === T.ArrayExpression && current === container) {
          return this.addUse(region, { kind: 'copy', node: parent, occurrence, detail: 'Buffer.concat()', ownership: 'kept' });
        }
        if (name && KEY_OBJECT_FUNCTIONS.has(name) && property === 'key') {
          return this.addUse(region, { kind: 'cipher-key', node: parent, occurrence, detail: `${name}()`, ownership: 'kept' });
        }
        if (name && (PERSIST_FUNCTIONS.has(name) || (parent.callee.type === T.MemberExpression && PERSIST_METHODS.has(name)))) {
          return this.leak(region, parent, occurrence, 'persist', `${fullName ?? name}()`);
        }
        return this.addUse(region, { kind: 'pass-to-function', node: parent, occurrence, detail: `${fullName ?? name ?? 'a function'}()`, ownership: 'unknown', resolved: false });
      }
      if (parent.type === T.NewExpression && parent.callee !== current) {
        const name = getLastName(parent.callee);
        if (name?.startsWith('Raw') && name.includes('Keyring')) {
          return this.addUse(region, { kind: 'cipher-key', node: parent, occurrence, detail: `new ${name}()`, ownership: 'transferred' });
        }
        if (name?.endsWith('Command')) return this.leak(region, parent, occurrence, 'persist', `new ${name}()`);
        return this.addUse(region, { kind: 'pass-to-function', node: parent, occurrence, detail: `new ${name ?? 'a class'}()`, ownership: 'unknown', resolved: false });
      }
      if (parent.type === T.ReturnStatement || (parent.type === T.ArrowFunctionExpression && parent.body === current)) {
        return this.leak(region, parent, occurrence, 'return', 'return');
      }
      if (parent.type === T.VariableDeclarator || parent.type === T.AssignmentExpression || parent.type === T.PropertyDefinition) {
        return this.leak(region, parent, occurrence, 'store', 'an object');
      }
      return this.unknown(region, parent, occurrence, 'container');
    }
  }

  /**
   * An argument of a call: followed into the parameter when the callee is a function of this file; a function that
   * wipes the parameter on every path makes the call a wipe.
   */
  private passToFunction(region: MutableRegion, call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, occurrence: TSESTree.Node, depth: number): void {
    const detail = `${getCalleeName(call.callee) ?? getLastName(call.callee) ?? 'a function'}()`;
    const callee = call.type === T.CallExpression ? this.resolveFunction(call.callee) : undefined;
    const param = callee && index >= 0 && !call.arguments.slice(0, index + 1).some((argument) => argument.type === T.SpreadElement) ? callee.params[index] : undefined;
    const local = param?.type === T.AssignmentPattern ? param.left : param;
    if (!callee || !local || local.type !== T.Identifier || depth >= MAX_CALL_DEPTH) {
      return this.addUse(region, { kind: 'pass-to-function', node: call, occurrence, detail, ownership: 'unknown', resolved: false });
    }
    const key = `${callee.range[0]}:${index}`;
    let summary = this.parameterCache.get(key);
    if (summary === 'pending') {
      // Recursion: the function passes the key to itself; nothing more to learn.
      return this.addUse(region, { kind: 'pass-to-function', node: call, occurrence, detail, ownership: 'kept', resolved: true });
    }
    if (!summary) {
      this.parameterCache.set(key, 'pending');
      const inner = this.newRegion('original', undefined, local);
      inner.receiptNode = callee.body;
      inner.receiptOffset = callee.body.type === T.BlockStatement ? callee.body.range[0] + 1 : callee.body.range[0];
      this.follow(inner, local, 'bytes', depth + 1);
      this.finish(inner);
      summary = { wipes: inner.coveringWipe !== undefined && !inner.ownershipMoves, region: inner };
      this.parameterCache.set(key, summary);
    }
    if (summary.wipes) {
      this.addUse(region, { kind: 'wipe', node: call, occurrence, detail, ownership: 'kept' });
    } else {
      this.addUse(region, { kind: 'pass-to-function', node: call, occurrence, detail, ownership: 'kept', resolved: true });
    }
    for (const use of summary.region.uses) {
      if (use.kind === 'wipe' && !summary.wipes) continue;
      if (use.kind === 'wipe') continue;
      this.addUse(region, { ...use, via: call });
    }
    for (const copy of summary.region.copies) if (!region.copies.includes(copy)) region.copies.push(copy);
  }

  /** The function a callee names when it is declared in this file (`function f`, `const f = (…) => …`). */
  private resolveFunction(callee: TSESTree.Node): TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | undefined {
    if (callee.type !== T.Identifier) return undefined;
    const variable = this.findVariable(callee);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (!definition) return undefined;
    if (definition.type === 'FunctionName' && definition.node.type === T.FunctionDeclaration) return definition.node;
    if (definition.type === 'Variable') {
      const declarator = definition.node as TSESTree.VariableDeclarator;
      if (declarator.parent?.type === T.VariableDeclaration && declarator.parent.kind !== 'const') return undefined;
      const init = declarator.init;
      if (init?.type === T.FunctionExpression || init?.type === T.ArrowFunctionExpression) return init;
    }
    return undefined;
  }

  // ---- coverage ------------------------------------------------------------------------------------------------------

  /**
   * The wipe that covers every path after the region's last use:
   * - a wipe in a `finally` whose `try` contains every use that needs the key (cipher-key uses, passes to functions,
   *   persistence, unknown uses); reads and string conversions outside it do not matter here;
   * - or a straight-line wipe: a statement of the block that also holds the receipt, after every such use, with no
   *   call, `new`, `await`, `throw`, `return`, `break`, `continue` or `yield` between the receipt and the wipe (except
   *   copies of this region and exits guarded by `if (!key)`), since any of those could leave the function first.
   */
  private findCoveringWipe(region: MutableRegion): KeyUse | undefined {
    const needing = region.uses.filter(needsKey);
    for (const wipe of region.uses) {
      if (wipe.kind !== 'wipe' || wipe.via) continue;
      if (this.isCoveredByFinally(wipe, needing) || this.isCoveredStraightLine(region, wipe, needing)) return wipe;
    }
    return undefined;
  }

  private isCoveredByFinally(wipe: KeyUse, needing: readonly KeyUse[]): boolean {
    let child: TSESTree.Node = wipe.node;
    let node: TSESTree.Node | undefined = wipe.node.parent;
    while (node) {
      if (isFunction(node)) return false;
      if (node.type === T.TryStatement && node.finalizer === child) {
        const tryStatement = node;
        return needing.every((use) => {
          const anchor = use.via ?? use.node;
          return (
            containsNode(tryStatement.block, anchor) ||
            (tryStatement.handler !== null && containsNode(tryStatement.handler, anchor)) ||
            (containsNode(tryStatement.finalizer!, anchor) && anchor.range[1] <= wipe.node.range[0])
          );
        });
      }
      child = node;
      node = node.parent;
    }
    return false;
  }

  private isCoveredStraightLine(region: MutableRegion, wipe: KeyUse, needing: readonly KeyUse[]): boolean {
    const statement = getUnconditionalStatement(wipe.node, region.occurrences);
    const block = statement?.parent;
    if (!statement || !block || !hasStatementList(block)) return false;
    const body = block.body as TSESTree.Node[];
    const receiptStatement = body.find((candidate) => containsNode(candidate, region.receiptNode) || (candidate.range[0] <= region.receiptOffset && region.receiptOffset <= candidate.range[1]));
    const startIndex = receiptStatement ? body.indexOf(receiptStatement) : isFunctionBody(block) && region.receiptOffset <= block.range[0] + 1 ? 0 : -1;
    const endIndex = body.indexOf(statement);
    if (startIndex < 0 || endIndex < startIndex) return false;
    if (needing.some((use) => (use.via ?? use.node).range[1] > wipe.node.range[0] && use !== wipe)) return false;
    const start = region.receiptOffset;
    const end = wipe.node.range[0];
    const copies = new Set(region.uses.filter((use) => use.kind === 'copy' || use.kind === 'wipe').map((use) => use.node));
    const occurrences = new Set(region.occurrences);
    let blocked = false;
    for (let index = startIndex; index <= endIndex && !blocked; index++) {
      visitExecuted(body[index]!, (node) => {
        if (blocked) return false;
        if (node.range[1] <= start || node.range[0] >= end) return false;
        if (node.type === T.IfStatement && isAbsenceTest(node.test, occurrences)) {
          // `if (!key) throw …`: leaving there leaves no key to wipe.
          if (node.alternate) visitExecuted(node.alternate, (inner) => this.blocks(inner, start, end, copies, () => (blocked = true)));
          return false;
        }
        return this.blocks(node, start, end, copies, () => (blocked = true));
      });
    }
    return !blocked;
  }

  /** Marks `node` as blocking when it may leave the block between `start` and `end`; returns whether to descend. */
  private blocks(node: TSESTree.Node, start: number, end: number, allowed: ReadonlySet<TSESTree.Node>, block: () => void): boolean {
    if (node.range[1] <= start || node.range[0] >= end) return false;
    switch (node.type) {
      case T.CallExpression:
      case T.NewExpression:
      case T.AwaitExpression:
      case T.TaggedTemplateExpression:
      case T.YieldExpression:
        if (!allowed.has(node) && node.range[1] <= end) block();
        return true;
      case T.ThrowStatement:
      case T.ReturnStatement:
      case T.BreakStatement:
      case T.ContinueStatement:
        block();
        return false;
      default:
        return true;
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------------------

  private findVariable(identifier: TSESTree.Identifier): TSESLint.Scope.Variable | undefined {
    let scope: TSESLint.Scope.Scope | null = this.sourceCode.getScope(identifier);
    while (scope) {
      const variable = scope.set.get(identifier.name);
      if (variable) return variable;
      scope = scope.upper;
    }
    return undefined;
  }

  private text(node: TSESTree.Node): string {
    return this.sourceCode.getText(node);
  }
}

/** Uses that need the key alive, so a covering wipe must come after them. */
function needsKey(use: KeyUse): boolean {
  return use.kind === 'cipher-key' || use.kind === 'pass-to-function' || use.kind === 'unknown' || (use.kind === 'leak' && use.leak === 'persist');
}

/** `k.fill(0)`, `k.fill(0x00)`, `k.fill()`, `k.fill(0, 0)`. */
function isZeroFill(call: TSESTree.CallExpression): boolean {
  const first = call.arguments[0];
  if (!first) return true;
  return first.type === T.Literal && (first.value === 0 || first.value === 0n);
}

function getLastName(callee: TSESTree.Node): string | undefined {
  if (callee.type === T.Identifier) return callee.name;
  if (callee.type === T.MemberExpression) return getStaticMemberName(callee);
  return undefined;
}

/** `console.*`, `logger.info`, `this.log.debug`, `log.warn`, `log(…)` when named like a logger. */
function isLogCall(callee: TSESTree.Node): boolean {
  if (callee.type !== T.MemberExpression) return false;
  const method = getStaticMemberName(callee);
  if (method === undefined) return false;
  const objectName = getLastName(callee.object) ?? (callee.object.type === T.ThisExpression ? 'this' : undefined);
  if (objectName === 'console') return true;
  return LOG_METHODS.has(method) && objectName !== undefined && /log/i.test(objectName);
}

/** The call whose callee is `member` (`k.fill(0)` for the member `k.fill`), through `?.`. */
function getCallOfMember(member: TSESTree.MemberExpression): TSESTree.CallExpression | undefined {
  const parent = member.parent;
  return parent?.type === T.CallExpression && parent.callee === member ? parent : undefined;
}



/** Harmless reads of a response object: `if (!res)`, `res == null`, `typeof res`. */
function isReadContext(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case T.IfStatement:
      return parent.test === child;
    case T.UnaryExpression:
      return true;
    case T.BinaryExpression:
      return parent.operator !== '+';
    case T.LogicalExpression:
      return parent.left === child && parent.parent?.type !== T.VariableDeclarator;
    case T.ExpressionStatement:
      return true;
    default:
      return false;
  }
}

/** The declarator `const k = <expression>` when `expression` (through wrappers) initialises a simple variable. */
function getAliasDeclarator(expression: TSESTree.Node): TSESTree.VariableDeclarator | undefined {
  const holder = skipWrappersUp(expression);
  const parent = holder.parent;
  return parent?.type === T.VariableDeclarator && parent.init === holder && parent.id.type === T.Identifier ? parent : undefined;
}

/** The declaration statement a binding pattern belongs to (`const { Plaintext } = …`). */
function getDeclarationOf(pattern: TSESTree.Node): TSESTree.VariableDeclaration | undefined {
  const declarator = pattern.parent;
  if (declarator?.type !== T.VariableDeclarator || declarator.id !== pattern) return undefined;
  return declarator.parent?.type === T.VariableDeclaration ? declarator.parent : undefined;
}

/** True for an identifier that declares a variable (a declarator id, a destructured local, a parameter). */
function isBindingIdentifier(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === T.VariableDeclarator) return parent.id === identifier;
  if (parent.type === T.Property) return parent.value === identifier && parent.parent?.type === T.ObjectPattern;
  if (parent.type === T.AssignmentPattern) return parent.left === identifier;
  if (isFunction(parent)) return parent.params.includes(identifier);
  return false;
}

/**
 * Where execution holding the bytes starts: after the declarator whose pattern or initialiser receives them, at the
 * start of the function whose parameter receives them, otherwise at the node itself.
 */
function getReceiptOffset(node: TSESTree.Node): number {
  if (node.type === T.VariableDeclarator) return node.range[1];
  let current = node;
  while (
    current.parent &&
    (current.parent.type === T.Property ||
      current.parent.type === T.ObjectPattern ||
      current.parent.type === T.ArrayPattern ||
      current.parent.type === T.AssignmentPattern ||
      current.parent.type === T.RestElement)
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  if (parent?.type === T.VariableDeclarator && parent.id === current) return parent.range[1];
  if (parent && isFunction(parent) && parent.params.includes(current as TSESTree.Parameter)) {
    return parent.body.type === T.BlockStatement ? parent.body.range[0] + 1 : parent.body.range[0];
  }
  return node.range[0];
}

function isFunction(node: TSESTree.Node): node is TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression {
  return node.type === T.FunctionDeclaration || node.type === T.FunctionExpression || node.type === T.ArrowFunctionExpression;
}

function isFunctionBody(block: TSESTree.Node): boolean {
  return block.type === T.BlockStatement && block.parent !== undefined && isFunction(block.parent) && block.parent.body === block;
}

function hasStatementList(node: TSESTree.Node): node is TSESTree.BlockStatement | TSESTree.Program | TSESTree.StaticBlock {
  return node.type === T.BlockStatement || node.type === T.Program || node.type === T.StaticBlock;
}

/**
 * The statement that runs the wipe on every path through it: the wipe's expression statement, or an `if (key)` /
 * `key && …` guard around it (a missing key needs no wipe). `undefined` when the wipe is conditional on anything else.
 */
function getUnconditionalStatement(wipe: TSESTree.Node, occurrences: readonly TSESTree.Node[]): TSESTree.Node | undefined {
  const isKey = (node: TSESTree.Node): boolean => occurrences.includes(skipWrappers(node, NO_AWAIT));
  let current: TSESTree.Node = wipe;
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return undefined;
    if (parent.type === T.ChainExpression || parent.type === T.AwaitExpression || parent.type === T.TSNonNullExpression) {
      current = parent;
      continue;
    }
    if (parent.type === T.LogicalExpression && parent.operator === '&&' && parent.right === current && isKey(parent.left)) {
      current = parent;
      continue;
    }
    if (parent.type === T.ExpressionStatement) {
      current = parent;
      const above = parent.parent;
      if (above?.type === T.IfStatement && above.consequent === parent && !above.alternate && isKey(above.test)) return above;
      if (above?.type === T.BlockStatement && above.body.length === 1 && above.parent?.type === T.IfStatement && above.parent.consequent === above && !above.parent.alternate && isKey(above.parent.test)) {
        return above.parent;
      }
      return parent;
    }
    return undefined;
  }
}

/** `!key`, `key == null`, `key === undefined`, `!key.length` — a test that is true when there is no key. */
function isAbsenceTest(test: TSESTree.Expression, occurrences: ReadonlySet<TSESTree.Node>): boolean {
  if (test.type === T.UnaryExpression && test.operator === '!') {
    const argument = skipWrappers(test.argument, NO_AWAIT);
    if (occurrences.has(argument)) return true;
    return argument.type === T.MemberExpression && occurrences.has(skipWrappers(argument.object, NO_AWAIT)) && getStaticMemberName(argument) === 'length';
  }
  if (test.type === T.BinaryExpression && (test.operator === '==' || test.operator === '===')) {
    const [key, other] = occurrences.has(skipWrappers(test.left, NO_AWAIT)) ? [test.left, test.right] : [test.right, test.left];
    if (!occurrences.has(skipWrappers(key, NO_AWAIT))) return false;
    return (other.type === T.Literal && other.value === null) || (other.type === T.Identifier && other.name === 'undefined');
  }
  if (test.type === T.LogicalExpression && test.operator === '||') {
    return isAbsenceTest(test.left, occurrences) || isAbsenceTest(test.right, occurrences);
  }
  return false;
}


/** Visits the nodes that run as part of `root` (not the bodies of nested functions or classes). */
function visitExecuted(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean): void {
  walk(root, undefined, visit, { skipNestedFunctions: true, skipClassBodies: true, skipTypeAnnotations: true });
}

/** Where a string made from key bytes goes next: a logging call, a `return`, a persistence call. */
function getStringSink(node: TSESTree.Node): KeyUse['sink'] {
  let current: TSESTree.Node = node;
  for (let steps = 0; steps < 8; steps++) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return undefined;
    if (parent.type === T.CallExpression && parent.callee !== current) {
      if (isLogCall(parent.callee)) return 'log';
      const name = getLastName(parent.callee);
      if (name && (PERSIST_FUNCTIONS.has(name) || (parent.callee.type === T.MemberExpression && PERSIST_METHODS.has(name)))) return 'persist';
      return undefined;
    }
    if (parent.type === T.NewExpression && parent.callee !== current) return getLastName(parent.callee)?.endsWith('Command') ? 'persist' : undefined;
    if (parent.type === T.ReturnStatement || (parent.type === T.ArrowFunctionExpression && parent.body === current)) return 'return';
    if (
      parent.type === T.TemplateLiteral ||
      parent.type === T.BinaryExpression ||
      parent.type === T.ArrayExpression ||
      parent.type === T.ObjectExpression ||
      (parent.type === T.Property && parent.value === current) ||
      isValueWrapper(parent, current)
    ) {
      current = parent;
      continue;
    }
    return undefined;
  }
  return undefined;
}
