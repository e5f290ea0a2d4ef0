/**
 * AES-GCM misuse in the file's cipher uses (`flow/ciphers.ts`): IVs that repeat or can be predicted, and
 * authentication tags that are never produced, kept, length-checked or verified. A GCM IV must never repeat under one
 * key, and 96-bit IVs are the specified length (NIST SP 800-38D §8, https://csrc.nist.gov/pubs/sp/800/38/d/final);
 * Node checks the tag in `decipher.final()` and accepts tags from 4 bytes unless `authTagLength` is given (Node.js
 * `crypto` docs, https://nodejs.org/api/crypto.html#deciphersetauthtagbuffer-encoding). The problem kinds are the
 * messageIds of `aes-gcm-iv` and `aes-gcm-auth-tag`.
 */
import { ASTUtils, type TSESTree } from '../util/ts-eslint.js';
import { walk } from './ast/walk.js';
import { getEnclosingFunction } from './control.js';
import { getCipherUses, getControl, getFlow } from './facets.js';
import type { CipherUse } from './flow/ciphers.js';
import type { FlowUse, FlowUseKind } from './flow/tracker.js';
import type { FileAnalysis } from './model.js';
import { containsNode } from './values.js';

/** Options of {@link getIvProblems}. */
export interface IvProblemOptions {
  /** Whether a statically known IV length outside `allowedIvLengths` is a problem. */
  readonly checkIvLength: boolean;
  /** IV lengths in bytes that are accepted. */
  readonly allowedIvLengths: readonly number[];
  /** Functions that build a deterministic IV from a per-message counter under a per-key invocation bound. */
  readonly deterministicIvFunctions: readonly string[];
}

/** What is wrong with an IV. */
export type IvProblemKind = 'constantIv' | 'weakRandomIv' | 'counterIv' | 'moduleIv' | 'reusedIv' | 'reusedIvInLoop' | 'randomIvOnDecrypt' | 'passwordDerivedIv' | 'ivLength';

/** What is wrong with an authentication tag or the calls around it. */
export type AuthTagProblemKind =
  | 'missingAuthTag'
  | 'authTagAfterFinal'
  | 'authTagAfterUpdate'
  | 'missingFinal'
  | 'finalNotOnEveryPath'
  | 'unboundedTagLength'
  | 'tagNotRead'
  | 'tagDiscarded'
  | 'shortTagLength';

/** One problem: its kind, where to report, and the message's placeholders. */
export interface CipherProblem<Kind extends string> {
  readonly kind: Kind;
  readonly node: TSESTree.Node;
  readonly data?: Readonly<Record<string, string>>;
}

/**
 * The file's IV problems, at most one per cipher use, in source order: `createCipher` (password-derived IV, unless
 * ECB); then for GCM a fresh random IV on decryption; a constant, weak-random or (outside a deterministic IV function)
 * counter origin; a module-level IV; an IV variable used twice with the same key in one function, or made outside a
 * loop that encrypts with a key declared outside it; a known length not allowed.
 */
export function getIvProblems(analysis: FileAnalysis, options: IvProblemOptions): CipherProblem<IvProblemKind>[] {
  const uses = getCipherUses(analysis, { deterministicIvFunctions: options.deterministicIvFunctions });
  if (uses.length === 0) return [];
  const control = getControl(analysis);
  const sourceCode = analysis.sourceCode;
  const deterministic = new Set(options.deterministicIvFunctions);
  const allowed = new Set(options.allowedIvLengths);
  const problems: CipherProblem<IvProblemKind>[] = [];
  const seen = new Map<string, CipherUse>();
  for (const use of uses) {
    if (use.call.info.api === 'createCipher') {
      if (!/ecb/i.test(use.algorithm ?? '')) problems.push({ kind: 'passwordDerivedIv', node: use.call.node });
      continue;
    }
    if (use.mode !== 'gcm' || !use.iv) continue;
    const node = use.iv;
    if (use.direction === 'decrypt') {
      // The same variable used to encrypt first (a self-test) is the message's IV, not a fresh one.
      const encrypted = use.ivVariable !== undefined && uses.some((other) => other.direction === 'encrypt' && other.ivVariable === use.ivVariable);
      if (use.ivOrigin.kind === 'csprng' && !use.ivIsModuleBinding && !encrypted) problems.push({ kind: 'randomIvOnDecrypt', node });
      continue;
    }
    const origin = getOriginProblem(use, deterministic);
    if (origin) {
      problems.push({ kind: origin, node, data: { origin: use.ivOrigin.detail } });
      continue;
    }
    if (use.direction !== 'encrypt') continue;
    const name = sourceCode.getText(node);
    if (use.ivIsModuleBinding) {
      problems.push({ kind: 'moduleIv', node, data: { name } });
      continue;
    }
    if (use.ivVariable && use.key) {
      const key = `${use.ivVariable.name}#${getScopeId(use.ivVariable.scope.block)}#${sourceCode.getText(use.key)}`;
      const first = seen.get(key);
      if (first && getEnclosingFunction(first.call.node) === getEnclosingFunction(use.call.node)) {
        problems.push({ kind: 'reusedIv', node, data: { name, line: String(first.call.node.loc.start.line) } });
        continue;
      }
      seen.set(key, use);
      const iteration = control.getIteration(use.call.node);
      const declaration = use.ivVariable.defs[0]?.node;
      if (iteration && iteration.bound !== 1 && declaration && !containsNode(iteration.node, declaration) && isDeclaredOutside(analysis, use.key, iteration.node)) {
        problems.push({ kind: 'reusedIvInLoop', node, data: { name } });
        continue;
      }
    }
    if (options.checkIvLength && use.ivLength !== undefined && !allowed.has(use.ivLength)) problems.push({ kind: 'ivLength', node, data: { length: String(use.ivLength) } });
  }
  return problems;
}

/** The problem an IV's origin alone makes: constant, weak random, or a counter outside a deterministic IV function. */
function getOriginProblem(use: CipherUse, deterministic: ReadonlySet<string>): IvProblemKind | undefined {
  const kind = use.ivOrigin.kind;
  if (kind === 'constant') return 'constantIv';
  if (kind === 'weak-random') return 'weakRandomIv';
  if (kind === 'counter' && !isInsideNamedFunction(use.call.node, deterministic)) return 'counterIv';
  return undefined;
}

const scopeIds = new WeakMap<object, number>();
let nextScopeId = 1;

/** A number that identifies a scope's block within this process (the reuse check keys IV variables by it). */
function getScopeId(block: object): number {
  let id = scopeIds.get(block);
  if (id === undefined) scopeIds.set(block, (id = nextScopeId++));
  return id;
}

/** True when `node` is inside a function declaration, a function bound to a variable, or a method named in `names`. */
function isInsideNamedFunction(node: TSESTree.Node, names: ReadonlySet<string>): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' && current.id && names.has(current.id.name)) return true;
    if ((current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') && current.parent?.type === 'VariableDeclarator' && current.parent.id.type === 'Identifier' && names.has(current.parent.id.name)) return true;
    if (current.type === 'MethodDefinition' && current.key.type === 'Identifier' && names.has(current.key.name)) return true;
  }
  return false;
}

/** True when the key expression is a binding declared outside `loop` (a parameter or an outer variable). */
function isDeclaredOutside(analysis: FileAnalysis, key: TSESTree.Node, loop: TSESTree.Node): boolean {
  if (key.type !== 'Identifier') return false;
  const variable = ASTUtils.findVariable(analysis.sourceCode.getScope(key), key);
  return variable !== null && variable.defs.length > 0 && variable.defs.every((definition) => !containsNode(loop, definition.node));
}

/** Options of {@link getAuthTagProblems}. */
export interface AuthTagProblemOptions {
  /** Smallest WebCrypto `tagLength` (bits) accepted. */
  readonly minimumTagLength: number;
  /** Whether `setAuthTag()` after `update()` is a problem. */
  readonly checkAuthTagOrder: boolean;
}

/** Uses that keep or hand on a tag (anything but a plain read). */
const KEEPS: readonly FlowUseKind[] = ['return', 'store', 'persist', 'network', 'argument', 'log', 'string', 'kms', 'throw', 'method', 'unknown', 'cipher-data', 'auth-tag'];
/** Methods that mean the cipher is used as a stream (its `final` runs through the stream machinery). */
const STREAM_METHODS = new Set(['on', 'once', 'write', 'end', 'pipe', 'destroy']);

/**
 * The file's authentication-tag problems of GCM cipher uses, in source order: a short WebCrypto `tagLength`; for a
 * node:crypto decipher, no `setAuthTag()`, one after `final()` (or, when asked, after `update()`), `update()` with no
 * `final()` or a `final()` not on every path, an untrusted tag with no `authTagLength` and no length check; for a
 * cipher, a `final()` whose tag is never read, or a tag that is read and dropped. A cipher returned, stored or handed
 * to unknown code is left out (the caller may finish the job).
 */
export function getAuthTagProblems(analysis: FileAnalysis, options: AuthTagProblemOptions): CipherProblem<AuthTagProblemKind>[] {
  const uses = getCipherUses(analysis);
  if (uses.length === 0) return [];
  const flow = getFlow(analysis);
  const control = getControl(analysis);
  const sourceCode = analysis.sourceCode;
  const problems: CipherProblem<AuthTagProblemKind>[] = [];
  const report = (kind: AuthTagProblemKind, node: TSESTree.Node, data?: Record<string, string>): void => void problems.push({ kind, node, data });
  for (const use of uses) {
    if (use.mode !== 'gcm') continue;
    const api = use.call.info.api;
    if (api === 'subtle.encrypt' || api === 'subtle.decrypt') {
      const minimum = options.minimumTagLength;
      if (use.tagLengthBits !== undefined && use.tagLengthBits < minimum) report('shortTagLength', use.call.node.arguments[0]!, { length: String(use.tagLengthBits), minimum: String(minimum) });
      continue;
    }
    if (api !== 'createCipheriv' && api !== 'createDecipheriv') continue;
    const cipher = flow.track(use.call.node, { followCopies: false });
    const piped = (entry: FlowUse): boolean => entry.kind === 'argument' && (entry.api?.api === 'pipeline' || entry.detail === 'pipe()');
    if (cipher.uses.some((entry) => entry.kind === 'return' || entry.kind === 'store' || entry.kind === 'unknown' || (entry.kind === 'argument' && entry.resolved === false && !piped(entry)))) continue;
    const methods = (name: string): FlowUse[] => cipher.uses.filter((entry) => entry.kind === 'method' && entry.method === name);
    const streamed = cipher.uses.some((entry) => piped(entry) || (entry.kind === 'method' && STREAM_METHODS.has(entry.method ?? '')));
    if (api === 'createDecipheriv') checkDecipher(use, methods, streamed);
    else checkCipher(methods, streamed);
  }
  return problems;

  function checkDecipher(use: CipherUse, methods: (name: string) => FlowUse[], streamed: boolean): void {
    const setTag = methods('setAuthTag');
    const updates = methods('update');
    const finals = methods('final');
    if (setTag.length === 0) report('missingAuthTag', use.call.node);
    else if (finals.length > 0 && setTag.every((entry) => entry.node.range[0] > finals.at(-1)!.node.range[0])) report('authTagAfterFinal', setTag[0]!.node);
    else if (options.checkAuthTagOrder && updates.length > 0 && setTag.every((entry) => entry.node.range[0] > updates[0]!.node.range[0])) report('authTagAfterUpdate', setTag[0]!.node);
    if (!streamed && updates.length > 0) {
      if (finals.length === 0) report('missingFinal', updates[0]!.node);
      else if (finals.length === 1 && control.isCoveredOnEveryPath(finals[0]!.node, { after: updates.map((entry) => entry.node), exceptions: false }) === 'no') report('finalNotOnEveryPath', finals[0]!.node);
    }
    if (use.authTagLength !== 'absent') return;
    for (const entry of setTag) {
      const tag = (entry.node as TSESTree.CallExpression).arguments[0];
      if (tag && isUntrusted(tag) && !hasLengthCheck(tag, entry.node) && !hasCallerLengthCheck(tag, entry)) report('unboundedTagLength', tag);
    }
  }

  function checkCipher(methods: (name: string) => FlowUse[], streamed: boolean): void {
    const getTag = methods('getAuthTag');
    if (getTag.length === 0) {
      const final = methods('final')[0];
      if (final && !streamed) report('tagNotRead', final.node);
      return;
    }
    for (const entry of getTag) {
      if (flow.flowsTo(entry.node, KEEPS, { followCopies: true }).answer === 'no') report('tagDiscarded', entry.node);
    }
  }

  /** A tag that is not this function's own `getAuthTag()` result or a literal: it came from outside. */
  function isUntrusted(tag: TSESTree.Node): boolean {
    let node: TSESTree.Node = tag;
    for (let steps = 0; steps < 4 && node.type === 'Identifier'; steps++) {
      const init = getInit(node);
      if (!init) break;
      node = init;
    }
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier' && node.callee.property.name === 'getAuthTag') return false;
    return node.type !== 'Literal';
  }

  /** The initializer of the single `const`/`let`/`var` declaration of an identifier, when it has one. */
  function getInit(identifier: TSESTree.Identifier): TSESTree.Node | undefined {
    const scope = sourceCode.getScope(identifier);
    for (let current: typeof scope | null = scope; current; current = current.upper) {
      const variable = current.set.get(identifier.name);
      if (!variable) continue;
      const definition = variable.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type !== 'Variable') return undefined;
      const declarator = definition.node as TSESTree.VariableDeclarator;
      return declarator.id.type === 'Identifier' ? (declarator.init ?? undefined) : undefined;
    }
    return undefined;
  }

  /** In a same-file helper that got the tag as a parameter: a length check of the argument in the caller. */
  function hasCallerLengthCheck(tag: TSESTree.Node, entry: FlowUse): boolean {
    const call = entry.via.at(-1);
    const fn = getEnclosingFunction(entry.node);
    if (!call || !fn || tag.type !== 'Identifier') return false;
    const index = (fn.params as TSESTree.Node[]).findIndex((param) => param.type === 'Identifier' && param.name === tag.name);
    const argument = index >= 0 ? call.arguments[index] : undefined;
    return argument !== undefined && hasLengthCheck(argument, call);
  }

  /** A `tag.length` / `tag.byteLength` comparison (or assertion) before `setAuthTag(tag)` in the same function. */
  function hasLengthCheck(tag: TSESTree.Node, setAuthTag: TSESTree.Node): boolean {
    const text = sourceCode.getText(tag);
    let found = false;
    walk(getEnclosingFunction(setAuthTag) ?? sourceCode.ast, sourceCode.visitorKeys, (node) => {
      if (found || node.range[0] >= setAuthTag.range[0]) return false;
      if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && (node.property.name === 'length' || node.property.name === 'byteLength') && sourceCode.getText(node.object) === text) {
        const parent = node.parent;
        if (parent?.type === 'BinaryExpression' || parent?.type === 'CallExpression') found = true;
      }
      return true;
    });
    return found;
  }
}
