/**
 * The cipher uses of a file, resolved for the AES-GCM rules: each traced `createCipheriv`/`createDecipheriv`/
 * `createCipher`, WebCrypto `subtle.encrypt`/`decrypt` and `@noble/ciphers` `gcm(…)` call with its mode (from the
 * algorithm name through `const`s, config objects and template literals: `aes-${bits}-gcm`), direction, IV and where
 * the IV comes from (a literal, a fixed buffer, a non-CSPRNG, a CSPRNG, a module-level binding, a counter, the
 * input), IV byte length, WebCrypto `tagLength` and the `authTagLength` decipher option.
 *
 * Facts: KMS-FACTS "Node / library fact"; NIST SP 800-38D §8 (IV uniqueness; 96-bit IVs; deterministic construction
 * with an invocation bound); Node.js `crypto` docs (`createCipheriv` options `authTagLength`).
 */
import { AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '../../util/ts-eslint.js';
import type { ValueEvaluator } from '../values.js';
import { getByteLength, getCalleeName, getStaticMemberName, lookupProperty, toStringValueIfString } from '../values.js';
import type { CipherLibrary } from '../catalog/crypto-sinks.js';
import { FlowTracker, skipWrappersDown, visit, type CryptoCall } from './tracker.js';

/**
 * Where an IV comes from.
 * - `constant`: the same bytes every time (a literal, `Buffer.alloc(n)`, `new Uint8Array(n)`, bytes of a fixed
 *   string or of an environment variable, a hash of a fixed string);
 * - `weak-random`: derived from `Math.random()`, `Date.now()`, `performance.now()` or `new Date()`;
 * - `csprng`: a fresh CSPRNG value (`randomBytes(n)`, `crypto.getRandomValues(…)`, noble `randomBytes(n)`);
 * - `counter`: a buffer written with a per-message counter (`iv.writeUInt32BE(seq++, 8)`);
 * - `deterministic`: the result of a function named in the caller's `deterministicIvFunctions`;
 * - `unknown`: anything else (a parameter, the stored envelope, a function the analysis cannot see).
 */
export type IvOriginKind = 'constant' | 'weak-random' | 'csprng' | 'counter' | 'deterministic' | 'unknown';

export interface IvOrigin {
  readonly kind: IvOriginKind;
  /** A phrase for messages: `a string literal`, `Buffer.alloc(12) (all zeros)`, `Math.random()`. */
  readonly detail: string;
  /** The expression the origin was read from. */
  readonly node: TSESTree.Node | undefined;
}

/** One cipher call. */
export interface CipherUse {
  readonly call: CryptoCall;
  readonly library: CipherLibrary;
  /** `gcm` when the algorithm is known to be AES-GCM; `other` for another known mode; `unknown` otherwise. */
  readonly mode: 'gcm' | 'other' | 'unknown';
  /** The algorithm name when known (`aes-256-gcm`, `AES-GCM`). */
  readonly algorithm: string | undefined;
  /** For noble, decided by the `.encrypt`/`.decrypt` called on the result (`unknown` when not visible). */
  readonly direction: 'encrypt' | 'decrypt' | 'unknown';
  readonly key: TSESTree.Node | undefined;
  readonly iv: TSESTree.Node | undefined;
  readonly ivOrigin: IvOrigin;
  /** The variable the IV argument reads, when it is one (for reuse checks). */
  readonly ivVariable: TSESLint.Scope.Variable | undefined;
  /** True when that variable is declared at module scope and never written or mutated after its declaration. */
  readonly ivIsModuleBinding: boolean;
  /** The IV length in bytes when statically known. */
  readonly ivLength: number | undefined;
  /** WebCrypto `tagLength` in bits: the given value when known, 128 when absent, `undefined` when unknown. */
  readonly tagLengthBits: number | undefined;
  /** node:crypto decipher/cipher options: whether `authTagLength` is given. */
  readonly authTagLength: 'set' | 'absent' | 'unknown';
}

/** Options of {@link getCipherUses}. */
export interface CipherUseOptions {
  /** Function names (last segment or dotted) whose results are deterministic IVs with an invocation bound. */
  readonly deterministicIvFunctions?: readonly string[];
}

const WEAK_RANDOM = new Set(['Math.random', 'Date.now', 'performance.now']);
const MUTATING_METHODS = new Set(['fill', 'set', 'copyWithin', 'reverse', 'sort', 'swap16', 'swap32', 'swap64']);

/**
 * The cipher uses of the file in source order. `flow` supplies the traced calls; `evaluator` the static values.
 * Never throws.
 */
export function getCipherUses(flow: FlowTracker, evaluator: ValueEvaluator, sourceCode: Readonly<TSESLint.SourceCode>, options: CipherUseOptions = {}): CipherUse[] {
  const resolver = new IvResolver(flow, evaluator, sourceCode, new Set(options.deterministicIvFunctions ?? []));
  const uses: CipherUse[] = [];
  for (const call of flow.getCryptoCalls().values()) {
    try {
      const use = resolver.describe(call);
      if (use) uses.push(use);
    } catch {
      // Odd code: no answer for this call.
    }
  }
  return uses;
}

class IvResolver {
  constructor(
    private readonly flow: FlowTracker,
    private readonly evaluator: ValueEvaluator,
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly deterministic: ReadonlySet<string>,
  ) {}

  describe(call: CryptoCall): CipherUse | undefined {
    const api = call.info.api;
    if (!['createCipheriv', 'createDecipheriv', 'createCipher', 'createDecipher', 'subtle.encrypt', 'subtle.decrypt', 'noble.gcm'].includes(api)) return undefined;
    const { mode, algorithm } = this.getMode(call);
    const direction =
      api === 'createCipheriv' || api === 'createCipher' || api === 'subtle.encrypt' ? 'encrypt' : api === 'noble.gcm' ? this.getNobleDirection(call.node) : 'decrypt';
    const iv = this.flow.getRoleArgument(call, 'cipher-iv');
    const key = this.flow.getRoleArgument(call, 'cipher-key');
    const ivVariable = iv ? this.getVariable(iv) : undefined;
    // Module scope: ESM `module`, script `global`, or CommonJS's function scope around the whole program.
    const atModuleScope = ivVariable !== undefined && ivVariable.scope.block.type === T.Program;
    const ivIsModuleBinding = atModuleScope && getFunctionOf(call.node) !== undefined && this.isUnchangedBinding(ivVariable);
    return {
      call,
      library: call.info.library,
      mode,
      algorithm,
      direction,
      key,
      iv,
      ivOrigin: iv ? this.getOrigin(iv, 0) : { kind: api === 'createCipher' || api === 'createDecipher' ? 'constant' : 'unknown', detail: 'derived from the password', node: undefined },
      ivVariable,
      ivIsModuleBinding,
      ivLength: iv ? this.getLength(iv) : undefined,
      tagLengthBits: api.startsWith('subtle.') ? this.getTagLength(call) : undefined,
      authTagLength: api === 'createCipheriv' || api === 'createDecipheriv' ? this.getAuthTagLength(call) : 'unknown',
    };
  }

  /** `aes-256-gcm`, `id-aes256-GCM`, `{ name: 'AES-GCM' }`, `aes-${bits}-gcm`; noble `gcm` is GCM by name. */
  private getMode(call: CryptoCall): { mode: CipherUse['mode']; algorithm: string | undefined } {
    if (call.info.api === 'noble.gcm') return { mode: 'gcm', algorithm: 'gcm' };
    const argument = call.node.arguments[0];
    if (!argument || argument.type === T.SpreadElement) return { mode: 'unknown', algorithm: undefined };
    if (call.info.api.startsWith('subtle.')) {
      const value = this.evaluator.evaluate(argument);
      const name = value.kind === 'primitive' ? toStringValueIfString(value) : (() => {
        const lookup = lookupProperty(value, 'name');
        return lookup.state === 'present' ? toStringValueIfString(lookup.value) : undefined;
      })();
      if (name === undefined) return { mode: 'unknown', algorithm: undefined };
      return { mode: name.toUpperCase() === 'AES-GCM' ? 'gcm' : 'other', algorithm: name };
    }
    const text = toStringValueIfString(this.evaluator.evaluate(argument));
    if (text !== undefined) return { mode: /gcm$/i.test(text) ? 'gcm' : 'other', algorithm: text };
    const suffix = this.getTemplateSuffix(argument, 0);
    if (suffix !== undefined && /gcm$/i.test(suffix)) return { mode: 'gcm', algorithm: undefined };
    return { mode: 'unknown', algorithm: undefined };
  }

  /** The fixed tail of a template literal (`aes-${bits}-gcm` → `-gcm`), also through a `const`. */
  private getTemplateSuffix(node: TSESTree.Node, depth: number): string | undefined {
    const inner = skipWrappersDown(node);
    if (inner.type === T.TemplateLiteral) return inner.quasis.at(-1)?.value.cooked ?? undefined;
    if (inner.type === T.Identifier && depth < 4) {
      const init = this.getSingleInit(inner);
      return init ? this.getTemplateSuffix(init, depth + 1) : undefined;
    }
    return undefined;
  }

  private getNobleDirection(call: TSESTree.Node): CipherUse['direction'] {
    const flow = this.flow.track(call, { followCopies: false });
    const methods = new Set(flow.uses.filter((use) => use.kind === 'method').map((use) => use.method));
    if (methods.has('encrypt') && !methods.has('decrypt')) return 'encrypt';
    if (methods.has('decrypt') && !methods.has('encrypt')) return 'decrypt';
    return 'unknown';
  }

  private getTagLength(call: CryptoCall): number | undefined {
    const argument = call.node.arguments[0];
    if (!argument || argument.type === T.SpreadElement) return undefined;
    const lookup = lookupProperty(this.evaluator.evaluate(argument), 'tagLength');
    if (lookup.state === 'absent' && lookup.paths === 'all') return 128;
    if (lookup.state === 'present' && lookup.value.kind === 'primitive' && typeof lookup.value.value === 'number') return lookup.value.value;
    return undefined;
  }

  private getAuthTagLength(call: CryptoCall): CipherUse['authTagLength'] {
    const options = call.node.arguments[3];
    if (!options) return 'absent';
    if (options.type === T.SpreadElement) return 'unknown';
    const lookup = lookupProperty(this.evaluator.evaluate(options), 'authTagLength');
    if (lookup.state === 'present') return 'set';
    return lookup.state === 'absent' && lookup.paths === 'all' ? 'absent' : 'unknown';
  }

  private getLength(iv: TSESTree.Node): number | undefined {
    const inner = skipWrappersDown(iv);
    const random = inner.type === T.CallExpression ? this.flow.getCryptoCall(inner) : undefined;
    if (random?.info.api === 'getRandomValues' && inner.type === T.CallExpression && inner.arguments[0]) return this.getLength(inner.arguments[0]);
    if (random?.info.api === 'noble.randomBytes' && inner.type === T.CallExpression) {
      const size = inner.arguments[0] ? this.evaluator.evaluate(inner.arguments[0]) : undefined;
      return size?.kind === 'primitive' && typeof size.value === 'number' ? size.value : size === undefined ? 32 : undefined;
    }
    if (inner.type === T.Identifier) {
      const init = this.getSingleInit(inner);
      if (init && init !== inner) return this.getLength(init);
    }
    return getByteLength(this.evaluator.evaluate(iv));
  }

  /** Where the IV bytes come from (see {@link IvOriginKind}). */
  getOrigin(node: TSESTree.Node, depth: number): IvOrigin {
    const inner = skipWrappersDown(node);
    const unknown: IvOrigin = { kind: 'unknown', detail: 'not known', node: inner };
    if (depth > 6) return unknown;
    switch (inner.type) {
      case T.Literal:
        return { kind: 'constant', detail: typeof inner.value === 'string' ? 'a string literal' : 'a literal', node: inner };
      case T.TemplateLiteral:
        return inner.expressions.length === 0 ? { kind: 'constant', detail: 'a string literal', node: inner } : this.fromParts(inner, inner.expressions, depth);
      case T.ArrayExpression:
        return inner.elements.every((element) => element?.type === T.Literal) ? { kind: 'constant', detail: 'an array literal', node: inner } : this.fromParts(inner, inner.elements.filter((e): e is TSESTree.Expression => !!e && e.type !== T.SpreadElement), depth);
      case T.Identifier: {
        const variable = this.getVariable(inner);
        if (!variable) return unknown;
        if (variable.defs.some((definition) => definition.type === 'Parameter')) return { kind: 'unknown', detail: 'a parameter', node: inner };
        const init = this.getSingleInit(inner);
        if (!init) return unknown;
        const counter = this.getCounterWrite(variable);
        if (counter) return { kind: 'counter', detail: counter, node: inner };
        if (this.isMutated(variable)) return unknown;
        return this.getOrigin(init, depth + 1);
      }
      case T.MemberExpression: {
        const name = getCalleeName(inner);
        if (name?.startsWith('process.env.') || (inner.object.type === T.MemberExpression && getCalleeName(inner.object) === 'process.env')) {
          return { kind: 'constant', detail: 'an environment variable (the same for every message)', node: inner };
        }
        return unknown;
      }
      case T.NewExpression: {
        const name = getCalleeName(inner.callee);
        if (name === 'Uint8Array' || name === 'Buffer') {
          const first = inner.arguments[0];
          if (!first || first.type === T.SpreadElement) return unknown;
          const value = this.evaluator.evaluate(first);
          if (value.kind === 'primitive' && typeof value.value === 'number') return { kind: 'constant', detail: `new ${name}(${value.value}) (all zeros)`, node: inner };
          const part = this.getOrigin(first, depth + 1);
          return part.kind === 'constant' ? { kind: 'constant', detail: part.detail, node: inner } : part.kind === 'weak-random' ? part : unknown;
        }
        return unknown;
      }
      case T.CallExpression:
        return this.fromCall(inner, depth);
      default:
        return this.containsWeakRandom(inner) ? { kind: 'weak-random', detail: this.containsWeakRandom(inner)!, node: inner } : unknown;
    }
  }

  private fromCall(call: TSESTree.CallExpression, depth: number): IvOrigin {
    const unknown: IvOrigin = { kind: 'unknown', detail: 'not known', node: call };
    const traced = this.flow.getCryptoCall(call);
    if (traced?.info.csprng && !traced.info.wipesFirstArgument) return { kind: 'csprng', detail: `${getCalleeName(call.callee) ?? traced.info.api}()`, node: call };
    if (traced?.info.api === 'getRandomValues' || traced?.info.api === 'randomFillSync') return { kind: 'csprng', detail: `${getCalleeName(call.callee) ?? traced.info.api}()`, node: call };
    const name = getCalleeName(call.callee);
    const last = call.callee.type === T.MemberExpression ? getStaticMemberName(call.callee) : call.callee.type === T.Identifier ? call.callee.name : undefined;
    if ((name && this.deterministic.has(name)) || (last && this.deterministic.has(last))) return { kind: 'deterministic', detail: `${name ?? last}()`, node: call };
    if (name && WEAK_RANDOM.has(name)) return { kind: 'weak-random', detail: `${name}()`, node: call };
    if (name === 'Buffer.alloc') {
      const size = call.arguments[0] ? this.evaluator.evaluate(call.arguments[0]) : undefined;
      const fill = call.arguments[1];
      if (!fill || fill.type === T.Literal) return { kind: 'constant', detail: `Buffer.alloc(${size?.kind === 'primitive' ? String(size.value) : 'n'})${fill ? '' : ' (all zeros)'}`, node: call };
      return this.getOrigin(fill, depth + 1).kind === 'constant' ? { kind: 'constant', detail: 'Buffer.alloc with a fixed fill', node: call } : unknown;
    }
    if (name === 'Buffer.from' || name === 'Uint8Array.from' || name === 'Uint8Array.of' || last === 'encode') {
      const first = call.arguments[0];
      if (name === 'Uint8Array.of') return call.arguments.every((argument) => argument.type === T.Literal) ? { kind: 'constant', detail: 'Uint8Array.of literals', node: call } : unknown;
      if (!first || first.type === T.SpreadElement) return unknown;
      const part = this.getOrigin(first, depth + 1);
      if (part.kind === 'constant') return { kind: 'constant', detail: part.detail === 'a string literal' ? 'derived from a fixed string' : part.detail, node: call };
      if (part.kind === 'weak-random' || part.kind === 'csprng') return part;
      return this.containsWeakRandom(first) ? { kind: 'weak-random', detail: this.containsWeakRandom(first)!, node: call } : unknown;
    }
    // `x.subarray(…)`, `x.slice(…)`, `createHash(…).update(c).digest()`: the origin of the receiver chain.
    if (call.callee.type === T.MemberExpression && (last === 'subarray' || last === 'slice' || last === 'digest' || last === 'update' || last === 'toString')) {
      const receiver = call.callee.object;
      if (last === 'update') {
        const data = call.arguments[0];
        const part = data && data.type !== T.SpreadElement ? this.getOrigin(data, depth + 1) : unknown;
        const hash = skipWrappersDown(receiver);
        const isHash = hash.type === T.CallExpression && (getCalleeName(hash.callee) ?? '').endsWith('createHash');
        if (isHash && part.kind === 'constant') return { kind: 'constant', detail: 'a hash of a fixed string', node: call };
        if (isHash && part.kind === 'weak-random') return part;
        return unknown;
      }
      const origin = this.getOrigin(receiver, depth + 1);
      return origin.kind === 'constant' || origin.kind === 'weak-random' || origin.kind === 'csprng' ? origin : unknown;
    }
    if (name === 'String' || name === 'Number' || name === 'BigInt') {
      const weak = this.containsWeakRandom(call);
      return weak ? { kind: 'weak-random', detail: weak, node: call } : unknown;
    }
    const weak = this.containsWeakRandom(call);
    if (weak && !this.containsCsprng(call)) return { kind: 'weak-random', detail: weak, node: call };
    return unknown;
  }

  private fromParts(node: TSESTree.Node, parts: readonly TSESTree.Node[], depth: number): IvOrigin {
    const origins = parts.map((part) => this.getOrigin(part, depth + 1));
    if (origins.every((origin) => origin.kind === 'constant')) return { kind: 'constant', detail: 'built from fixed values', node };
    const weak = this.containsWeakRandom(node);
    if (weak && !this.containsCsprng(node)) return { kind: 'weak-random', detail: weak, node };
    return { kind: 'unknown', detail: 'not known', node };
  }

  /** `Math.random()` / `Date.now()` / `performance.now()` / `new Date()` inside `node`, as a phrase. */
  private containsWeakRandom(node: TSESTree.Node): string | undefined {
    let found: string | undefined;
    visit(node, (inner) => {
      if (found) return;
      if (inner.type === T.CallExpression) {
        const name = getCalleeName(inner.callee);
        if (name && WEAK_RANDOM.has(name)) found = `${name}()`;
      }
      if (inner.type === T.NewExpression && inner.callee.type === T.Identifier && inner.callee.name === 'Date') found = 'new Date()';
    });
    return found;
  }

  private containsCsprng(node: TSESTree.Node): boolean {
    let found = false;
    visit(node, (inner) => {
      if (inner.type === T.CallExpression && this.flow.getCryptoCall(inner)?.info.csprng) found = true;
    });
    return found;
  }

  /** `iv.writeUInt32BE(seq++, 8)` or a write of an incremented binding: the counter's phrase. */
  private getCounterWrite(variable: TSESLint.Scope.Variable): string | undefined {
    for (const reference of variable.references) {
      const member = reference.identifier.parent;
      if (member?.type !== T.MemberExpression || member.object !== reference.identifier) continue;
      const method = getStaticMemberName(member);
      const call = member.parent;
      if (!method?.startsWith('write') || call?.type !== T.CallExpression || call.callee !== member) continue;
      const value = call.arguments[0];
      if (!value) continue;
      if (value.type === T.UpdateExpression) return `a counter (${this.sourceCode.getText(value)})`;
      if (value.type === T.Identifier || value.type === T.MemberExpression) {
        const text = this.sourceCode.getText(value);
        let incremented = false;
        visit(this.sourceCode.ast, (node) => {
          if (incremented) return;
          if (node.type === T.UpdateExpression && this.sourceCode.getText(node.argument) === text) incremented = true;
          if (node.type === T.AssignmentExpression && (node.operator === '+=' || node.operator === '-=') && this.sourceCode.getText(node.left) === text) incremented = true;
        });
        if (incremented) return `a counter (${text})`;
      }
    }
    return undefined;
  }

  /**
   * True when the bytes of the binding may change after it is made: a reassignment, an index write, a mutating method
   * (`fill`, `set`, `write*`), a refill (`randomFillSync(iv)`), or a use the forward flow cannot follow (an unknown
   * function, a store, a return) — followed into same-file functions.
   */
  private isMutated(variable: TSESLint.Scope.Variable): boolean {
    for (const reference of variable.references) {
      if (reference.init) continue;
      if (reference.isWrite()) return true;
      const parent = reference.identifier.parent;
      if (parent?.type === T.MemberExpression && parent.object === reference.identifier) {
        const above = parent.parent;
        if ((above?.type === T.AssignmentExpression && above.left === parent) || above?.type === T.UpdateExpression) return true;
        if (getStaticMemberName(parent) === 'buffer') return true; // a view made through the ArrayBuffer may be written
      }
    }
    const name = variable.defs[0]?.name;
    if (!name || name.type !== T.Identifier) return true;
    const flow = this.flow.track(name, { followCopies: false });
    return flow.uses.some((use) => {
      if (use.memory === 'copy') return false;
      switch (use.kind) {
        case 'wipe':
        case 'unknown':
        case 'store':
        case 'return':
          return true;
        case 'method':
          return use.method !== undefined && (MUTATING_METHODS.has(use.method) || use.method.startsWith('write'));
        case 'argument':
          return use.resolved === false;
        default:
          return false;
      }
    });
  }

  /** A module-level binding that is never written and whose bytes never change. */
  private isUnchangedBinding(variable: TSESLint.Scope.Variable): boolean {
    if (variable.defs.length !== 1 || variable.defs[0]!.type !== 'Variable') return false;
    if (this.getCounterWrite(variable)) return false;
    return !this.isMutated(variable);
  }

  private getVariable(node: TSESTree.Node): TSESLint.Scope.Variable | undefined {
    const inner = skipWrappersDown(node);
    if (inner.type !== T.Identifier) return undefined;
    let scope: TSESLint.Scope.Scope | null = this.sourceCode.getScope(inner);
    while (scope) {
      const variable = scope.set.get(inner.name);
      if (variable) return variable;
      scope = scope.upper;
    }
    return undefined;
  }

  /** The initialiser of a single-definition, never-reassigned variable. */
  private getSingleInit(identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
    const variable = this.getVariable(identifier);
    if (!variable || variable.defs.length !== 1) return undefined;
    const definition = variable.defs[0]!;
    if (definition.type !== 'Variable') return undefined;
    const declarator = definition.node as TSESTree.VariableDeclarator;
    if (declarator.id.type !== T.Identifier || !declarator.init) return undefined;
    if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
    return declarator.init;
  }
}

function getFunctionOf(node: TSESTree.Node): TSESTree.Node | undefined {
  let current = node.parent;
  while (current) {
    if (current.type === T.FunctionDeclaration || current.type === T.FunctionExpression || current.type === T.ArrowFunctionExpression) return current;
    current = current.parent;
  }
  return undefined;
}
