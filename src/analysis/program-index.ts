/**
 * The program-wide index: every KMS call site of a `TypeScript.Program` that carries an encryption context, built once per
 * program (DESIGN "How data flows", step 8) and shared by every file and rule that asks.
 *
 * It walks the TypeScript AST of each source file of the program that is neither a declaration file nor inside
 * `node_modules`, and recognises requests by type, through the checker:
 * - `new XCommand(input)` whose class is declared in `@aws-sdk/client-kms`;
 * - `client.method(input)` on a receiver typed as the aggregated v3 `KMS` client or the v2 `KMS` client;
 * - `encrypt(keyring, plaintext, { encryptionContext })` / `encryptStream(keyring, { encryptionContext })` whose
 *   signature is declared in an `@aws-crypto/*` package (the AWS Encryption SDK for JavaScript).
 * The request object is read when it is an object literal, or a `const` initialised with one (also an imported const);
 * spreads of such consts are merged; anything else makes the answer unknown. Key ids are known when they are string
 * literals, or consts initialised with one (template literals of known parts included).
 *
 * This module only runs with type information; `typescript` is the parser's own dependency there.
 */
import { requireTypeScript } from '../util/peers.js';
import type * as TypeScript from 'typescript';
import {
  type ContextEntry,
  type ContextMemberSpec,
  type ContextSite,
  type ContextValueInfo,
  type KeyForm,
  type SourcePlace,
  getContextMemberSpecs,
  getFileContextSites,
} from './context-sites.js';
import type { FileAnalysis } from './model.js';
import { CONTEXT_OPERATIONS, getEncryptionSdkPositions, getOperationsByMethod, isAsymmetricEncryptionAlgorithm, toMethodName } from './catalog/sdk.js';
import { isCandidateSource } from './gate.js';
import { type NamedImport, getClassOrTypeSymbol, getNamedImport, getOwnPackageFile } from './types.js';

/** One KMS request found in the program (any operation), with its top-level members that are known strings. */
export interface IndexedCall {
  readonly service: 'kms' | 'encryption-sdk';
  readonly operation: string;
  /** The `new XCommand(…)` or method call. */
  readonly place: SourcePlace;
  /** Request members whose value is a statically known string (`KeyId`, `EncryptionAlgorithm`, …). */
  readonly strings: ReadonlyMap<string, string>;
}

/** All KMS requests and encryption-context sites of one program. */
export interface ProgramIndex {
  readonly program: TypeScript.Program;
  /** File names (as the program spells them) that were indexed. */
  readonly files: ReadonlySet<string>;
  readonly calls: readonly IndexedCall[];
  readonly contextSites: readonly ContextSite[];
}

/** The `typescript` module, loaded on the first index build, so untyped linting does not pay for loading it. */
let ts: typeof TypeScript;

const cache = new WeakMap<TypeScript.Program, ProgramIndex>();
let buildCount = 0;

/** The index of `program`, built on first use and cached for the program's lifetime (WeakMap keyed by the Program). */
export function getProgramIndex(program: TypeScript.Program): ProgramIndex {
  const cached = cache.get(program);
  if (cached) return cached;
  buildCount++;
  const index = buildProgramIndex(program);
  cache.set(program, index);
  return index;
}

/**
 * Builds the index of `program` without the cache (use {@link getProgramIndex}).
 * @param options `fromImports: false` asks the checker about every class reference, including plain named imports of
 *   `@aws-sdk/*` packages that the index otherwise answers from the import (the parity tests compare both indexes)
 */
export function buildProgramIndex(program: TypeScript.Program, { fromImports = true }: { fromImports?: boolean } = {}): ProgramIndex {
  ts ??= requireTypeScript();
  return new IndexBuilder(program, fromImports).build();
}

/** How many indexes have been built in this process (for tests that check the index is built once per program). */
export function getProgramIndexBuildCount(): number {
  return buildCount;
}

/** True for files the index reads: program sources, not declaration files, not dependencies, not JSON. */
export function isIndexedSourceFile(program: TypeScript.Program, file: TypeScript.SourceFile): boolean {
  if (file.isDeclarationFile) return false;
  if (program.isSourceFileFromExternalLibrary(file)) return false;
  if (/[\\/]node_modules[\\/]/.test(file.fileName)) return false;
  return /\.[cm]?[jt]sx?$/.test(file.fileName);
}

const MAX_DEPTH = 16;
const KMS_V3_MODULE = '/@aws-sdk/client-kms/';
const KMS_V2_DECLARATION = '/aws-sdk/clients/kms.d.ts';
const KMS_V3_PACKAGE = '@aws-sdk/client-kms';
const CONTEXT_METHODS: ReadonlyMap<string, string> = new Map([...CONTEXT_OPERATIONS].map((operation) => [toMethodName(operation), operation]));
const CONTEXT_COMMANDS: ReadonlyMap<string, string> = new Map([...CONTEXT_OPERATIONS].map((operation) => [`${operation}Command`, operation]));
/** The classes the index looks for: the context operations' commands and the aggregated v3 client (also the v2 client's name). */
const INDEXED_CLASSES: ReadonlySet<string> = new Set([...CONTEXT_COMMANDS.keys(), 'KMS']);
/** The Encryption SDK methods that take an `encryptionContext` option (catalogue groups with a context member). */
const ENCRYPTION_SDK_CONTEXT_METHODS: ReadonlySet<string> = new Set(
  ['encrypt', 'encryptStream', 'decrypt', 'decryptStream', 'decryptUnsignedMessageStream'].filter((method) => getContextMemberSpecs('encryption-sdk', method).length > 0),
);

/** A property of an object literal read statically: its name and where its value comes from. */
interface PropertyDraft {
  readonly name: string;
  readonly property: TypeScript.ObjectLiteralElementLike;
  /** The value expression (for a shorthand property, its name identifier). */
  readonly value: TypeScript.Expression;
}

/** A statically read object literal: its properties by name (later ones win) and whether that is all of them. */
interface ObjectDraft {
  /** The literal, or `undefined` for an options argument that is not there at all. */
  readonly node: TypeScript.ObjectLiteralExpression | undefined;
  readonly properties: ReadonlyMap<string, PropertyDraft>;
  readonly complete: boolean;
}

type MemberLookup =
  | { readonly state: 'present'; readonly property: PropertyDraft }
  | { readonly state: 'absent' }
  | { readonly state: 'unknown' };

class IndexBuilder {
  private readonly checker: TypeScript.TypeChecker;
  private readonly calls: IndexedCall[] = [];
  private readonly sites: ContextSite[] = [];
  private readonly files = new Set<string>();

  constructor(
    private readonly program: TypeScript.Program,
    private readonly fromImports: boolean,
  ) {
    this.checker = program.getTypeChecker();
  }

  build(): ProgramIndex {
    for (const file of this.program.getSourceFiles()) {
      if (!isIndexedSourceFile(this.program, file)) continue;
      this.files.add(file.fileName);
      // The cost gate (gate.ts): a file that names nothing the analysis recognises has no site to index.
      if (!isCandidateSource(file, file.text)) continue;
      const visit = (node: TypeScript.Node): void => {
        if (ts.isNewExpression(node)) this.visitNew(node);
        else if (ts.isCallExpression(node)) this.visitCall(node);
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
    return { program: this.program, files: this.files, calls: this.calls, contextSites: this.sites };
  }

  private visitNew(node: TypeScript.NewExpression): void {
    // The type of the constructor expression (`typeof EncryptCommand`) names the class without resolving the call.
    const declaration = this.getTypeDeclaration(node.expression);
    if (!declaration || !declaration.file.includes(KMS_V3_MODULE)) return;
    const operation = CONTEXT_COMMANDS.get(declaration.name);
    if (!operation) return;
    this.addKmsRequest(node, operation, node.arguments?.[0]);
  }

  private visitCall(node: TypeScript.CallExpression): void {
    const callee = node.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (name === undefined) return;
    const operation = CONTEXT_METHODS.get(name);
    if (operation && ts.isPropertyAccessExpression(callee)) {
      const receiver = this.getTypeDeclaration(callee.expression);
      const isKms =
        receiver?.name === 'KMS' && (receiver.file.includes(KMS_V3_MODULE) || receiver.file.endsWith(KMS_V2_DECLARATION));
      if (isKms) {
        this.addKmsRequest(node, operation, node.arguments[0]);
        return;
      }
    }
    if (ENCRYPTION_SDK_CONTEXT_METHODS.has(name) && this.isEncryptionSdkCall(node)) {
      const options = node.arguments[getEncryptionSdkPositions(name)?.optionsIndex ?? 2];
      this.addEncryptionSdkRequest(node, name, options);
    }
  }

  private isEncryptionSdkCall(node: TypeScript.CallExpression): boolean {
    let declaration: TypeScript.Declaration | undefined;
    try {
      declaration = this.checker.getResolvedSignature(node)?.getDeclaration();
    } catch {
      return false;
    }
    return declaration !== undefined && /[\\/]@aws-crypto[\\/]/.test(declaration.getSourceFile().fileName);
  }

  /** The name and declaring file of the class/interface of `node`'s type. */
  private getTypeDeclaration(node: TypeScript.Node): { name: string; file: string } | undefined {
    const imported = this.fromImports ? getNamedImport(this.checker, node) : undefined;
    const answer = imported ? getImportedIndexClass(this.checker, imported) : 'ask';
    if (answer !== 'ask') return answer;
    // A class name or a `const x = new C()` is answered from declarations, without type-checking the construction.
    const symbol = getClassOrTypeSymbol(this.checker, node);
    const declaration = symbol?.getDeclarations()?.[0];
    if (!symbol || !declaration) return undefined;
    return { name: symbol.getName(), file: declaration.getSourceFile().fileName.replaceAll('\\', '/') };
  }

  private addKmsRequest(call: TypeScript.Expression, operation: string, inputNode: TypeScript.Expression | undefined): void {
    const input = inputNode ? this.readObject(inputNode, 0) : undefined;
    this.calls.push({ service: 'kms', operation, place: this.toPlace(call), strings: this.getKnownStrings(input) });
    for (const spec of getContextMemberSpecs('kms', operation)) {
      const site = this.buildKmsSite(call, operation, spec, input);
      if (site) this.sites.push(site);
    }
  }

  private addEncryptionSdkRequest(call: TypeScript.CallExpression, method: string, optionsNode: TypeScript.Expression | undefined): void {
    const options = optionsNode ? this.readObject(optionsNode, 0) : undefined;
    this.calls.push({ service: 'encryption-sdk', operation: method, place: this.toPlace(call), strings: this.getKnownStrings(options) });
    // No options argument at all: definitely no context.
    const absent: ObjectDraft | undefined = optionsNode ? options : { node: undefined, properties: new Map(), complete: true };
    for (const spec of getContextMemberSpecs('encryption-sdk', method)) this.sites.push(this.buildSite(call, 'encryption-sdk', method, spec, absent, undefined));
  }

  private buildKmsSite(call: TypeScript.Expression, operation: string, spec: ContextMemberSpec, input: ObjectDraft | undefined): ContextSite | undefined {
    let algorithmUnknown = false;
    if (spec.algorithmMember && input) {
      const algorithm = lookupMember(input, spec.algorithmMember, this);
      if (algorithm.state === 'present') {
        const name = this.evaluateString(algorithm.property.value, 0);
        if (name !== undefined && isAsymmetricEncryptionAlgorithm(name)) return undefined;
        algorithmUnknown = name === undefined;
      } else if (algorithm.state === 'unknown') {
        algorithmUnknown = true;
      }
    }
    let keyId: string | undefined;
    if (spec.keyIdMember && input) {
      const lookup = lookupMember(input, spec.keyIdMember, this);
      if (lookup.state === 'present') keyId = this.evaluateString(lookup.property.value, 0);
    }
    const site = this.buildSite(call, 'kms', operation, spec, input, keyId);
    return algorithmUnknown ? { ...site, complete: false } : site;
  }

  private buildSite(
    call: TypeScript.Expression,
    service: 'kms' | 'encryption-sdk',
    operation: string,
    spec: ContextMemberSpec,
    input: ObjectDraft | undefined,
    keyId: string | undefined,
  ): ContextSite {
    const base = { service, operation, member: spec.member, side: spec.side, keyId };
    const callPlace = this.toPlace(call);
    if (!input) return { ...base, entries: [], complete: false, place: callPlace };
    const lookup = lookupMember(input, spec.member, this);
    if (lookup.state === 'unknown') return { ...base, entries: [], complete: false, place: callPlace };
    if (lookup.state === 'absent') return { ...base, entries: [], complete: true, place: callPlace };
    const property = lookup.property.property;
    const place = property.getSourceFile() === call.getSourceFile() ? this.toPlace(property) : callPlace;
    const resolved = this.resolve(lookup.property.value, 0);
    if (resolved === 'undefined' || resolved.kind === ts.SyntaxKind.NullKeyword) {
      return { ...base, entries: [], complete: true, place };
    }
    const context = ts.isObjectLiteralExpression(resolved) ? this.readObject(resolved, 0) : undefined;
    if (!context) return { ...base, entries: [], complete: false, place };
    let complete = context.complete;
    const entries: ContextEntry[] = [];
    for (const draft of context.properties.values()) {
      const value = this.getValueInfo(draft.value);
      if (value === 'absent') {
        complete = false;
        continue;
      }
      if (value.kind === 'non-string') complete = false;
      entries.push(this.toEntry(draft, value));
    }
    return { ...base, entries, complete, place };
  }

  private toEntry(draft: PropertyDraft, value: ContextValueInfo): ContextEntry {
    const property = draft.property;
    let keyForm: KeyForm = 'other';
    let quote: string | undefined;
    let keyNode: TypeScript.Node = property;
    if (ts.isShorthandPropertyAssignment(property)) {
      keyForm = 'shorthand';
    } else if (property.name) {
      keyNode = property.name;
      if (ts.isIdentifier(property.name)) keyForm = 'identifier';
      else if (ts.isComputedPropertyName(property.name)) keyForm = 'computed';
      else if (ts.isStringLiteral(property.name)) {
        keyForm = 'string';
        quote = property.name.getText().charAt(0);
      }
    }
    return {
      name: draft.name,
      key: this.toPlace(keyNode),
      keyForm,
      quote,
      value,
      valuePlace: this.toPlace(ts.isShorthandPropertyAssignment(property) ? property : draft.value),
    };
  }

  /** Reads an object literal (through consts and wrappers); `undefined` when the expression is not one. */
  readObject(expression: TypeScript.Expression, depth: number): ObjectDraft | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = this.resolve(expression, depth);
    if (node === 'undefined' || !ts.isObjectLiteralExpression(node)) return undefined;
    const properties = new Map<string, PropertyDraft>();
    let complete = true;
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        // `...undefined` and `...null` add nothing.
        const spread = this.resolve(property.expression, depth + 1);
        if (spread === 'undefined' || spread.kind === ts.SyntaxKind.NullKeyword) continue;
        const inner = this.readObject(property.expression, depth + 1);
        if (!inner) {
          complete = false;
          continue;
        }
        for (const [name, draft] of inner.properties) properties.set(name, draft);
        complete &&= inner.complete;
        continue;
      }
      if (ts.isShorthandPropertyAssignment(property)) {
        properties.set(property.name.text, { name: property.name.text, property, value: property.name });
        continue;
      }
      const name = property.name ? this.getPropertyName(property.name, depth) : undefined;
      if (name === undefined || !ts.isPropertyAssignment(property)) {
        // Computed keys we cannot evaluate, methods and accessors: the key set is not known.
        complete = false;
        continue;
      }
      properties.set(name, { name, property, value: property.initializer });
    }
    return { node, properties, complete };
  }

  private getPropertyName(name: TypeScript.PropertyName, depth: number): string | undefined {
    if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
    if (ts.isNumericLiteral(name)) return String(Number(name.text));
    if (ts.isComputedPropertyName(name)) return this.evaluateString(name.expression, depth + 1);
    return undefined;
  }

  /** The string an expression evaluates to, when statically known. */
  evaluateString(expression: TypeScript.Expression, depth: number): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = this.resolve(expression, depth);
    if (node === 'undefined') return undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) {
      let text = node.head.text;
      for (const span of node.templateSpans) {
        const part = this.evaluateString(span.expression, depth + 1);
        if (part === undefined) return undefined;
        text += part + span.literal.text;
      }
      return text;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const left = this.evaluateString(node.left, depth + 1);
      const right = left === undefined ? undefined : this.evaluateString(node.right, depth + 1);
      return left !== undefined && right !== undefined ? left + right : undefined;
    }
    return undefined;
  }

  /** What is known about a context value: a string, a non-string, or `'absent'` (it is `undefined`). */
  private getValueInfo(expression: TypeScript.Expression): ContextValueInfo | 'absent' {
    const node = this.resolve(expression, 0);
    if (node === 'undefined') return 'absent';
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      return { kind: 'string', value: this.evaluateString(node, 0) };
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'String') {
      return { kind: 'string', value: undefined };
    }
    if (ts.isNumericLiteral(node)) return { kind: 'non-string', type: 'number' };
    if (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand)) return { kind: 'non-string', type: 'number' };
    if (ts.isBigIntLiteral(node)) return { kind: 'non-string', type: 'bigint' };
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'non-string', type: 'boolean' };
    if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: 'non-string', type: 'null' };
    if (ts.isObjectLiteralExpression(node)) return { kind: 'non-string', type: 'object' };
    if (ts.isArrayLiteralExpression(node)) return { kind: 'non-string', type: 'array' };
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return { kind: 'non-string', type: 'function' };
    return { kind: 'unknown' };
  }

  /**
   * Follows wrappers (parentheses, `as`, `satisfies`, `!`, `<T>x`) and `const` identifiers (also imported ones and
   * shorthand properties) to the expression that produces the value. `'undefined'` for the global `undefined`.
   */
  resolve(expression: TypeScript.Expression, depth: number): TypeScript.Expression | 'undefined' {
    let node = skipWrappers(expression);
    for (let step = depth; step <= MAX_DEPTH && ts.isIdentifier(node); step++) {
      const symbol = this.getValueSymbol(node);
      // The global `undefined` has a symbol without declarations.
      if (node.text === 'undefined' && !symbol?.declarations?.length) return 'undefined';
      if (!symbol) return node;
      const initializer = getConstInitializer(symbol);
      if (!initializer) return node;
      node = skipWrappers(initializer);
    }
    return node;
  }

  private getValueSymbol(identifier: TypeScript.Identifier): TypeScript.Symbol | undefined {
    let symbol: TypeScript.Symbol | undefined;
    try {
      const parent = identifier.parent;
      symbol =
        parent && ts.isShorthandPropertyAssignment(parent) && parent.name === identifier
          ? this.checker.getShorthandAssignmentValueSymbol(parent)
          : this.checker.getSymbolAtLocation(identifier);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    } catch {
      return undefined;
    }
    return symbol;
  }

  private getKnownStrings(input: ObjectDraft | undefined): ReadonlyMap<string, string> {
    const strings = new Map<string, string>();
    for (const [name, draft] of input?.properties ?? []) {
      const value = this.evaluateString(draft.value, 0);
      if (value !== undefined) strings.set(name, value);
    }
    return strings;
  }

  private toPlace(node: TypeScript.Node): SourcePlace {
    const file = node.getSourceFile();
    const start = node.getStart(file);
    return { file: file.fileName, line: file.getLineAndCharacterOfPosition(start).line + 1, range: [start, node.end] };
  }
}

/**
 * What the index's class lookup (the name and declaring file of the class `node`'s type names) would find for a class
 * bound by a plain named import (`getNamedImport`), answered from the import where the AWS SDK's own packages make
 * that certain, or `'ask'` (ask the checker):
 * - a class the index looks for (a context operation's command, `KMS`), imported from `@aws-sdk/client-kms` that
 *   resolves into that package: the package declares it under that name in its own files (every v3 release of
 *   `@aws-sdk/client-kms`, `dist-types/commands/*.d.ts`, `dist-types/KMS.d.ts`);
 * - any other name from an `@aws-sdk/*` package: `undefined` (not a class the index looks for: the packages re-export
 *   no KMS class under another name), whatever the package resolves to.
 * Everything else is `'ask'`: such a class imported from another package or a relative module (a re-export), or from
 * `@aws-sdk/client-kms` when it does not resolve into that package (not installed, or mapped by `paths`).
 * @param checker the program's type checker
 * @param imported the named import that binds the class reference
 */
export function getImportedIndexClass(checker: TypeScript.TypeChecker, imported: NamedImport): { name: string; file: string } | undefined | 'ask' {
  if (!INDEXED_CLASSES.has(imported.name)) return imported.module.startsWith('@aws-sdk/') ? undefined : 'ask';
  if (imported.module !== KMS_V3_PACKAGE) return 'ask';
  const file = getOwnPackageFile(checker, imported);
  return file ? { name: imported.name, file } : 'ask';
}

/** Looks a member up in a read object: present, absent (not there, or `undefined`), or unknown (a spread hides it). */
function lookupMember(object: ObjectDraft, name: string, builder: IndexBuilder): MemberLookup {
  const property = object.properties.get(name);
  if (property) {
    if (builder.resolve(property.value, 0) === 'undefined') return object.complete ? { state: 'absent' } : { state: 'unknown' };
    return { state: 'present', property };
  }
  return object.complete ? { state: 'absent' } : { state: 'unknown' };
}

function skipWrappers(expression: TypeScript.Expression): TypeScript.Expression {
  let node = expression;
  for (;;) {
    if (
      ts.isParenthesizedExpression(node) ||
      ts.isAsExpression(node) ||
      ts.isSatisfiesExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isTypeAssertionExpression(node)
    ) {
      node = node.expression;
    } else {
      return node;
    }
  }
}

/** The initializer of a `const x = …` declaration (not a destructuring); `undefined` otherwise. */
function getConstInitializer(symbol: TypeScript.Symbol): TypeScript.Expression | undefined {
  const declaration = symbol.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration)) return undefined;
  if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return undefined;
  if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  return declaration.initializer;
}

/** The encryption-context sites a file is compared against, and the name the current file has among them. */
export interface ContextSiteScope {
  readonly sites: readonly ContextSite[];
  readonly file: string;
}

/**
 * With type information, the whole program (when this file is part of the indexed program, with the text being
 * linted); otherwise this file alone.
 */
export function getContextSiteScope(analysis: FileAnalysis, filename: string): ContextSiteScope {
  const indexed = getIndexedFile(analysis);
  if (indexed) return { sites: indexed.index.contextSites, file: indexed.file };
  return { sites: getFileContextSites(analysis, filename), file: filename };
}

/** The program's KMS requests and the name the current file has among their places. */
export interface ProgramCallScope {
  readonly calls: readonly IndexedCall[];
  readonly file: string;
}

/**
 * With type information, every Encrypt / Decrypt / GenerateDataKey* / ReEncrypt request of the program (and the
 * Encryption SDK calls), when this file is part of the indexed program with the text being linted; `undefined`
 * without type information or for a file outside the program (the caller then compares within the file alone).
 */
export function getProgramCallScope(analysis: FileAnalysis): ProgramCallScope | undefined {
  const indexed = getIndexedFile(analysis);
  return indexed ? { calls: indexed.index.calls, file: indexed.file } : undefined;
}

/** The program index and this file's name in it, when the linted text is the program's version of the file. */
function getIndexedFile(analysis: FileAnalysis): { index: ProgramIndex; file: string } | undefined {
  const types = analysis.types;
  if (!types) return undefined;
  const tsFile = types.esTreeNodeToTSNodeMap.get(analysis.sourceCode.ast);
  const fileName = tsFile && 'fileName' in tsFile ? (tsFile as { fileName: string }).fileName : undefined;
  const text = tsFile && 'text' in tsFile ? (tsFile as { text: string }).text : undefined;
  if (fileName === undefined || text !== analysis.sourceCode.text) return undefined;
  const index = getProgramIndex(types.program);
  if (!index.files.has(fileName) || types.program.getSourceFile(fileName) !== tsFile) return undefined;
  return { index, file: fileName };
}
