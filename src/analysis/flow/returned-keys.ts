/**
 * Key flow across functions and modules (issue 8, "Key flow across functions and modules").
 *
 * The commonest real shape: a helper decrypts or generates a data key and *returns* it (`return Plaintext`, or
 * `return { plaintextKey: Plaintext, encryptedKey: CiphertextBlob }`); the caller uses it as a cipher key and must wipe
 * it. Inside the helper the `return` moves ownership (`key-material.ts`, leak `return`), so the helper is not judged;
 * this module finds the helper's callers and follows the bytes there, with the same classification and wipe coverage.
 *
 * - A *key-returning function* is a function whose every `return` of a key region hands back the bytes themselves or
 *   one static property of a returned object literal, where the region is not wiped, stored or lost track of in the
 *   helper (a helper that wipes — "use then wipe" — hands nothing back to judge).
 * - Callers in the same file are found through scope (any parse); callers of a helper in another file only with type
 *   information: the callee's symbol is resolved through the checker (imports followed to their declaration) and the
 *   declaring file is analysed untyped (`program-files.ts`). Without types a call into another file is unknown, and
 *   stays silent.
 *
 * Results are cached per file (and per program for the other files' helpers) and per set of extra wipe functions.
 */
import { requireTypeScript } from '../../util/peers.js';
import type * as TypeScript from 'typescript';
import { AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '../../util/ts-eslint.js';
import { walk } from '../ast/walk.js';
import { skipWrappers, skipWrappersUp } from '../ast/wrappers.js';
import { getKeyMaterial, trackReturnedKey, type KeyMaterialOperation, type KeyMaterialOptions, type KeyMember, type KeyUse, type TrackedKey } from '../key-material.js';
import type { FileAnalysis } from '../model.js';
import { getEnclosingFunction, type FunctionNode } from '../control.js';
import { getProgramFileAnalysis } from '../program-files.js';
import { isIndexedSourceFile } from '../program-index.js';
import { getStaticKey } from '../values.js';


/** A function that returns plaintext key bytes to its caller, who then owns them. */
export interface KeyReturningFunction {
  readonly node: FunctionNode;
  /** The name callers use: the declared name, the `const` it initialises, the method or property name. */
  readonly name: string | undefined;
  readonly operation: KeyMaterialOperation;
  readonly member: KeyMember;
  /** `undefined` when the function returns the bytes; else the property of the returned object literal that holds them. */
  readonly path: string | undefined;
}

/** The key bytes one call of a key-returning function hands the code of this file. */
export interface ReturnedKey extends TrackedKey {
  readonly call: TSESTree.CallExpression;
  /** The helper as called (`newDataKey`, `keys.unwrap`), for messages. */
  readonly helper: string;
  readonly operation: KeyMaterialOperation;
  readonly member: KeyMember;
  /** Whether the helper is declared in another file (found through the type checker). */
  readonly crossFile: boolean;
}

/** A file can return key bytes only if it reads a `Plaintext` / `PrivateKeyPlaintext` member of a data-key or decrypt response. */
const KEY_MEMBER_TEXT = 'Plaintext';
const KEY_OPERATION_TEXT = /datakey|decrypt/i;
const functionCache = new WeakMap<TSESTree.Program, Map<string, readonly KeyReturningFunction[]>>();
const returnedCache = new WeakMap<TSESTree.Program, Map<string, readonly ReturnedKey[]>>();
const programCache = new WeakMap<TypeScript.Program, Map<string, ProgramKeyFunctions>>();
let ts: typeof TypeScript | undefined;

/**
 * What a typed run knows of the program's key-returning functions: `names`, a superset of the names they can be called
 * by (every function-like declaration name of the files that may hold one, read from the program's own syntax trees),
 * and `inFile`, the key-returning functions of one such file by function end offset, computed on first use.
 */
interface ProgramKeyFunctions {
  readonly names: ReadonlySet<string>;
  inFile(file: TypeScript.SourceFile): ReadonlyMap<number, KeyReturningFunction>;
}

function getOptionsKey(options: KeyMaterialOptions): string {
  return [...new Set(options.wipeFunctions ?? [])].sort().join('\n');
}

/** The functions of the file that return plaintext key bytes (see the module comment), in source order. Cached per file. */
export function getKeyReturningFunctions(analysis: FileAnalysis, options: KeyMaterialOptions = {}): readonly KeyReturningFunction[] {
  return cachedPerFile(functionCache, analysis, options, findKeyReturningFunctions);
}

function findKeyReturningFunctions(analysis: FileAnalysis, options: KeyMaterialOptions): KeyReturningFunction[] {
  const result: KeyReturningFunction[] = [];
  for (const material of getKeyMaterial(analysis, options)) {
    // A helper that wipes any copy of the bytes hands back nothing the caller must wipe (or hands back zeros).
    if (material.regions.some((region) => region.uses.some((use) => use.kind === 'wipe'))) continue;
    for (const region of material.regions) {
      const returns = region.uses.filter((use) => use.kind === 'leak' && use.leak === 'return' && use.detail === 'return' && !use.via);
      if (returns.length === 0) continue;
      if (region.uses.some((use) => use.ownership !== 'kept' && !returns.includes(use))) continue;
      const paths = new Map<FunctionNode, string | undefined | null>();
      for (const use of returns) {
        const fn = use.node.type === T.ArrowFunctionExpression ? use.node : getEnclosingFunction(use.node);
        if (!fn) continue;
        const path = getReturnedPath(use);
        const previous = paths.get(fn);
        paths.set(fn, paths.has(fn) && previous !== path ? null : path);
      }
      for (const [fn, path] of paths) {
        if (path === null || result.some((entry) => entry.node === fn)) continue;
        result.push({ node: fn, name: getFunctionName(fn), operation: material.operation, member: material.member, path });
      }
    }
  }
  return result;
}

/**
 * The calls in this file of key-returning functions, with the key bytes followed in the calling code. Same-file
 * helpers through scope; helpers in other files of the program only with type information. Cached per file.
 */
export function getReturnedKeys(analysis: FileAnalysis, options: KeyMaterialOptions = {}): readonly ReturnedKey[] {
  return cachedPerFile(returnedCache, analysis, options, findReturnedKeys);
}

/** `compute(analysis, options)`, cached per file and per set of extra wipe functions in `cache`. */
function cachedPerFile<T>(
  cache: WeakMap<TSESTree.Program, Map<string, T>>,
  analysis: FileAnalysis,
  options: KeyMaterialOptions,
  compute: (analysis: FileAnalysis, options: KeyMaterialOptions) => T,
): T {
  const key = getOptionsKey(options);
  let perFile = cache.get(analysis.sourceCode.ast);
  if (!perFile) cache.set(analysis.sourceCode.ast, (perFile = new Map()));
  let found = perFile.get(key);
  if (found === undefined) perFile.set(key, (found = compute(analysis, options)));
  return found;
}

function findReturnedKeys(analysis: FileAnalysis, options: KeyMaterialOptions): ReturnedKey[] {
  const calls = new Map<TSESTree.CallExpression, { fn: KeyReturningFunction; crossFile: boolean }>();
  for (const fn of getKeyReturningFunctions(analysis, options)) {
    for (const call of getSameFileCalls(analysis.sourceCode, fn)) if (!calls.has(call)) calls.set(call, { fn, crossFile: false });
  }
  if (analysis.types) findTypedCalls(analysis, options, calls);
  const result: ReturnedKey[] = [];
  for (const [call, { fn, crossFile }] of calls) {
    const tracked = trackReturnedKey(analysis, call, fn.path, options);
    if (tracked.access !== 'read' || !tracked.key) continue;
    result.push({ ...tracked, call, helper: analysis.sourceCode.getText(call.callee), operation: fn.operation, member: fn.member, crossFile });
  }
  return result.sort((a, b) => a.call.range[0] - b.call.range[0]);
}

/** Calls `f(…)` of a function declared `function f` or `const f = …` in this file, found through its variable. */
function getSameFileCalls(sourceCode: Readonly<TSESLint.SourceCode>, fn: KeyReturningFunction): TSESTree.CallExpression[] {
  const scopeManager = sourceCode.scopeManager;
  if (!scopeManager || !fn.name) return [];
  const node = fn.node;
  let declared: readonly TSESLint.Scope.Variable[] = [];
  if (node.type === T.FunctionDeclaration && node.id) declared = scopeManager.getDeclaredVariables(node);
  else if (node.parent?.type === T.VariableDeclarator && node.parent.init === node && node.parent.parent?.type === T.VariableDeclaration && node.parent.parent.kind === 'const') {
    declared = scopeManager.getDeclaredVariables(node.parent);
  }
  const variable = declared.find((candidate) => candidate.name === fn.name);
  if (!variable || variable.defs.length !== 1) return [];
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    const parent = reference.identifier.parent;
    if (parent?.type === T.CallExpression && parent.callee === reference.identifier && !isInside(parent, node)) calls.push(parent);
  }
  return calls;
}

/** Typed: calls whose callee's symbol is declared as a key-returning function anywhere in the program. */
function findTypedCalls(analysis: FileAnalysis, options: KeyMaterialOptions, calls: Map<TSESTree.CallExpression, { fn: KeyReturningFunction; crossFile: boolean }>): void {
  const types = analysis.types!;
  const index = getProgramKeyFunctions(types.program, options);
  if (index.names.size === 0) return;
  const current = types.esTreeNodeToTSNodeMap.get(analysis.sourceCode.ast)?.getSourceFile().fileName;
  walk(analysis.sourceCode.ast, analysis.sourceCode.visitorKeys, (node) => {
    if (node.type !== T.CallExpression || calls.has(node)) return;
    const callee = skipWrappers(node.callee, { throughAwait: false });
    const nameNode = callee.type === T.Identifier ? callee : callee.type === T.MemberExpression && !callee.computed ? callee.property : undefined;
    if (!nameNode || nameNode.type !== T.Identifier || !index.names.has(nameNode.name)) return;
    const target = resolveDeclaration(types.checker, types.esTreeNodeToTSNodeMap.get(nameNode), index);
    if (!target) return;
    // A helper of this file reached through the checker (a method, an object property); a call inside it is recursion.
    if (target.file === current && isInside(node, target.fn.node)) return;
    calls.set(node, { fn: target.fn, crossFile: target.file !== current });
  });
}

function resolveDeclaration(
  checker: TypeScript.TypeChecker,
  tsNode: TypeScript.Node | undefined,
  index: ProgramKeyFunctions,
): { fn: KeyReturningFunction; file: string } | undefined {
  if (!tsNode || !ts) return undefined;
  let symbol = checker.getSymbolAtLocation(tsNode);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  for (const declaration of symbol?.declarations ?? []) {
    const fn = getFunctionLike(declaration);
    if (!fn) continue;
    const file = declaration.getSourceFile();
    const found = index.inFile(file).get(fn.end);
    if (found) return { fn: found, file: file.fileName };
  }
  return undefined;
}

/** The function a declaration declares: `function f`, a method, `const f = () => …`, `f: function () {}` (not a `let`). */
function getFunctionLike(declaration: TypeScript.Declaration): TypeScript.Node | undefined {
  const api = ts!;
  if ((api.isFunctionDeclaration(declaration) || api.isMethodDeclaration(declaration)) && declaration.body) return declaration;
  // A `let`/`var` may hold another function by the time it is called.
  if (api.isVariableDeclaration(declaration) && !(api.getCombinedNodeFlags(declaration) & api.NodeFlags.Const)) return undefined;
  if (api.isVariableDeclaration(declaration) || api.isPropertyAssignment(declaration) || api.isPropertyDeclaration(declaration)) {
    let initializer = declaration.initializer;
    while (initializer && api.isParenthesizedExpression(initializer)) initializer = initializer.expression;
    if (initializer && (api.isArrowFunction(initializer) || api.isFunctionExpression(initializer))) return initializer;
  }
  return undefined;
}

/**
 * The key-returning functions of the program's source files that may hold one (the text names a data key or a
 * decrypt). Names come from the program's own syntax trees (no parse); a file is parsed and analysed
 * (`program-files.ts`) only when a call in a linted file resolves to a function declared in it, so a typed run pays
 * for the files its calls reach, not for every KMS file of the program. Built once per program and options.
 */
function getProgramKeyFunctions(program: TypeScript.Program, options: KeyMaterialOptions): ProgramKeyFunctions {
  const key = getOptionsKey(options);
  let perProgram = programCache.get(program);
  if (!perProgram) programCache.set(program, (perProgram = new Map()));
  const cached = perProgram.get(key);
  if (cached) return cached;
  ts ??= requireTypeScript();
  const mayHoldKeys = (file: TypeScript.SourceFile): boolean =>
    isIndexedSourceFile(program, file) && file.text.includes(KEY_MEMBER_TEXT) && KEY_OPERATION_TEXT.test(file.text);
  const names = new Set<string>();
  for (const file of program.getSourceFiles()) if (mayHoldKeys(file)) collectDeclarationNames(ts, file, names);
  const byFile = new WeakMap<TypeScript.SourceFile, ReadonlyMap<number, KeyReturningFunction>>();
  const none: ReadonlyMap<number, KeyReturningFunction> = new Map();
  const inFile = (file: TypeScript.SourceFile): ReadonlyMap<number, KeyReturningFunction> => {
    let found = byFile.get(file);
    if (!found) byFile.set(file, (found = mayHoldKeys(file) ? findFileKeyFunctions(file, options) : none));
    return found;
  };
  const result: ProgramKeyFunctions = { names, inFile };
  perProgram.set(key, result);
  return result;
}

/** The key-returning functions of one program file by function end offset (the same in the TypeScript and ESTree trees). */
function findFileKeyFunctions(file: TypeScript.SourceFile, options: KeyMaterialOptions): ReadonlyMap<number, KeyReturningFunction> {
  const byEnd = new Map<number, KeyReturningFunction>();
  const analysis = getProgramFileAnalysis(file);
  if (!analysis) return byEnd;
  const ambiguous = new Set<number>();
  for (const fn of getKeyReturningFunctions(analysis, options)) {
    const end = fn.node.range[1];
    if (byEnd.has(end)) ambiguous.add(end);
    byEnd.set(end, fn);
  }
  // Nested functions that end at the same offset (`() => () => key`) cannot be told apart: neither counts.
  for (const end of ambiguous) byEnd.delete(end);
  return byEnd;
}

/**
 * Adds to `names` the name of every declaration in `file` that can name a function (function, method, variable,
 * property): a superset of the names `getFunctionName` gives the file's key-returning functions.
 */
function collectDeclarationNames(api: typeof TypeScript, file: TypeScript.SourceFile, names: Set<string>): void {
  const visit = (node: TypeScript.Node): void => {
    if (
      api.isFunctionDeclaration(node) ||
      api.isMethodDeclaration(node) ||
      api.isVariableDeclaration(node) ||
      api.isPropertyAssignment(node) ||
      api.isPropertyDeclaration(node)
    ) {
      const name = node.name;
      if (name && (api.isIdentifier(name) || api.isStringLiteral(name))) names.add(name.text);
    }
    api.forEachChild(node, visit);
  };
  visit(file);
}

// ---- helpers ---------------------------------------------------------------------------------------------------------

/**
 * The property of the returned object literal that holds the bytes (`return { dataKey: Plaintext }` → `dataKey`),
 * `undefined` when the bytes themselves are returned, `null` when the shape is not one we follow.
 */
function getReturnedPath(use: KeyUse): string | undefined | null {
  const returned = use.node.type === T.ReturnStatement ? use.node.argument : use.node.type === T.ArrowFunctionExpression ? use.node.body : undefined;
  if (!returned) return null;
  const value = skipWrappers(returned);
  if (value.type === T.ArrayExpression) return null;
  if (value.type !== T.ObjectExpression) return undefined;
  const holder = skipWrappersUp(use.occurrence);
  const property = holder.parent;
  if (property?.type !== T.Property || property.value !== holder || property.parent !== value) return null;
  return getStaticKey(property) ?? null;
}


/** The name callers use for `fn`, when it has one. */
function getFunctionName(fn: FunctionNode): string | undefined {
  if (fn.type === T.FunctionDeclaration) return fn.id?.name;
  const parent = fn.parent;
  if (parent?.type === T.VariableDeclarator && parent.init === fn && parent.id.type === T.Identifier) return parent.id.name;
  if ((parent?.type === T.MethodDefinition || parent?.type === T.Property || parent?.type === T.PropertyDefinition) && parent.value === fn) {
    return parent.computed ? undefined : parent.key.type === T.Identifier ? parent.key.name : getStaticMemberNameOfKey(parent.key);
  }
  return undefined;
}

function getStaticMemberNameOfKey(key: TSESTree.Node): string | undefined {
  return key.type === T.Literal && typeof key.value === 'string' ? key.value : undefined;
}

/** Whether `node` lies inside `container` (a call of a helper inside the helper itself is recursion, not a caller). */
function isInside(node: TSESTree.Node, container: TSESTree.Node | undefined): boolean {
  if (!container) return false;
  return container.range[0] <= node.range[0] && node.range[1] <= container.range[1];
}

