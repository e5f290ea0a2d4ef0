/**
 * The type-information layer: what the parser's services give the analysis, read without throwing.
 *
 * `ESLintUtils.getParserServices` throws for parsers without a program (espree, typescript-eslint without `project`),
 * so the analysis reads `sourceCode.parserServices` itself and answers `undefined` when there is no program. Every
 * analysis module that asks the checker gets it from here, which also lets a test count the typed queries a rule
 * causes (`setTypeQueryRecorder`, used by test/repo.test.ts to check `meta.docs.requiresTypeChecking`).
 */
import { requireTypeScript } from '../util/peers.js';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

/** Type information the analysis may use: the `ts.Program` of the parse, its checker and the ESTree → TS node map. */
export interface TypeServices {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly esTreeNodeToTSNodeMap: { get(node: TSESTree.Node): ts.Node | undefined };
}

let recorder: ((method: string) => void) | undefined;

/**
 * Installs (or, with `undefined`, removes) a callback that is told the name of every `ts.TypeChecker` method the
 * analysis calls on services handed out after this point. For tests only: with no recorder the checker is returned
 * as it is, so linting pays nothing.
 */
export function setTypeQueryRecorder(callback: ((method: string) => void) | undefined): void {
  recorder = callback;
}

/**
 * Type services of the current parse, or `undefined` when the file was parsed without type information.
 * typescript-eslint 6 and later give `program: null` then; typescript-eslint 5 gives a single-file program that
 * resolves no imports and says so with `hasFullTypeInformation: false`, which counts as no type information here
 * (asking it would make the typed paths answer from a program that knows nothing beyond the file).
 * Never throws.
 */
export function getTypeServices(sourceCode: Readonly<TSESLint.SourceCode>): TypeServices | undefined {
  const services = sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
  if ((services as { hasFullTypeInformation?: boolean }).hasFullTypeInformation === false) return undefined;
  const checker = services.program.getTypeChecker();
  return {
    program: services.program,
    checker: recorder ? recordingChecker(checker, recorder) : checker,
    esTreeNodeToTSNodeMap: services.esTreeNodeToTSNodeMap,
  };
}

function recordingChecker(checker: ts.TypeChecker, record: (method: string) => void): ts.TypeChecker {
  return new Proxy(checker, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        record(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** The `typescript` module, loaded on first use (only with type information, where it is the parser's dependency). */
let tsModule: typeof ts | undefined;

function loadTypeScript(): typeof ts {
  return (tsModule ??= requireTypeScript());
}

/**
 * The class that the static type of `node` names, read from declarations alone: the symbol that
 * `checker.getTypeAtLocation(node).getSymbol()` gives, for the two forms where no call or initializer has to be
 * type-checked to know it —
 * - a name bound to a class (`EncryptCommand`, also through imports and re-exports): its type is `typeof C`, whose
 *   symbol is the class;
 * - a name bound by `const x = new C(…)` without a type annotation, `C` a class: its type is an instance of `C`.
 * Asking the checker for the type of such a `const` resolves the constructor call, and the first such question
 * about an AWS SDK client instantiates its whole configuration type (hundreds of milliseconds, TypeScript 5.9). The
 * one case where the two answers could differ — the reference narrowed to a subclass of `C` by `instanceof` or a
 * type predicate — gives `C` here.
 * @param checker the program's type checker
 * @param node a TypeScript expression node of that program
 * @returns the class symbol, or `undefined` when `node` is of another form (ask the checker then); never throws
 */
export function getDeclaredClassSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  try {
    const typescript = loadTypeScript();
    const expression = typescript.skipPartiallyEmittedExpressions(node);
    if (!typescript.isIdentifier(expression)) return undefined;
    const symbol = resolveAlias(typescript, checker, checker.getSymbolAtLocation(expression));
    if (!symbol) return undefined;
    if (symbol.flags & typescript.SymbolFlags.Class) return symbol;
    const callee = getConstNewCallee(typescript, symbol);
    if (!callee) return undefined;
    const constructed = resolveAlias(typescript, checker, checker.getSymbolAtLocation(callee));
    return constructed && constructed.flags & typescript.SymbolFlags.Class ? constructed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The symbol of the class or type that `node`'s static type names: from declarations when `getDeclaredClassSymbol`
 * can answer (no call is type-checked), else from `checker.getTypeAtLocation(node)` (its symbol or alias symbol).
 * @returns the symbol, or `undefined` when the type has none; never throws
 */
export function getClassOrTypeSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  const declared = getDeclaredClassSymbol(checker, node);
  if (declared) return declared;
  try {
    const type = checker.getTypeAtLocation(node);
    return type.getSymbol() ?? type.aliasSymbol;
  } catch {
    return undefined;
  }
}

/** A class reference bound by a plain named import, read from the import declaration without following it. */
export interface NamedImport {
  /** The module specifier as written: `'@aws-sdk/client-kms'`. */
  readonly module: string;
  /** The imported name, which is also the local name (a renamed import is not answered). */
  readonly name: string;
  /** The import declaration's module specifier, for {@link getResolvedModuleFile}. */
  readonly specifier: ts.StringLiteral;
}

/**
 * The named import a class reference comes from, found by scope lookup alone, so the import is not followed into its
 * module. Following it is what `getSymbolAtLocation` does for an import alias (to learn whether the target is a
 * value) and, for the first name of an AWS SDK package, it builds the package's export table through its `export *`
 * chains (tens of milliseconds per package, TypeScript 5.9). Two forms are answered, the same two as
 * {@link getDeclaredClassSymbol}:
 * - an identifier bound by `import { C } from 'module'`;
 * - an identifier bound by `const x = new C(…)` (no type annotation, one declaration), `C` bound so.
 * The name is looked up with `checker.resolveName(…, Value | Alias)`: the same scopes, in the same order, as the
 * checker's own lookup of a value, except that an import is taken as found without asking what it imports.
 * Everything else gives `undefined`, and the caller asks the checker: a renamed import (`import { C as D }`), a
 * type-only import, a default or namespace import (`import * as kms from …`), `import C = require(…)`, a local
 * binding (`const C = EncryptCommand`, a parameter, a class), a property access, a re-export through a local module
 * (its specifier is relative; the caller decides which modules it trusts).
 *
 * What the module exports under that name is not checked here: a caller that answers from `module` and `name` must
 * restrict itself to modules whose exports it knows (the AWS SDK's own packages, whose classes keep their names) and
 * check with {@link getOwnPackageFile} that the module resolves into that package.
 * @param checker the program's type checker
 * @param node a TypeScript expression node of that program
 * @returns the import, or `undefined` for any other form; never throws
 */
export function getNamedImport(checker: ts.TypeChecker, node: ts.Node): NamedImport | undefined {
  try {
    const typescript = loadTypeScript();
    const expression = typescript.skipPartiallyEmittedExpressions(node);
    if (!typescript.isIdentifier(expression)) return undefined;
    const symbol = lookUpValueOrAlias(typescript, checker, expression);
    if (!symbol) return undefined;
    if (symbol.flags & typescript.SymbolFlags.Alias) return toNamedImport(typescript, symbol);
    const callee = getConstNewCallee(typescript, symbol);
    if (!callee) return undefined;
    const constructed = lookUpValueOrAlias(typescript, checker, callee);
    return constructed && constructed.flags & typescript.SymbolFlags.Alias ? toNamedImport(typescript, constructed) : undefined;
  } catch {
    return undefined;
  }
}

const resolvedModuleFiles = new WeakMap<ts.StringLiteral, string | null>();

/**
 * The file (forward slashes) that an import's module specifier resolves to in the program, `undefined` when it does
 * not resolve; remembered per specifier node. Resolution is the program's own (its module resolution cache), not the
 * module's export table.
 * @param checker the program's type checker
 * @param specifier the module specifier of an import declaration ({@link NamedImport.specifier})
 * @returns the resolved file name, or `undefined`; never throws
 */
export function getResolvedModuleFile(checker: ts.TypeChecker, specifier: ts.StringLiteral): string | undefined {
  let file = resolvedModuleFiles.get(specifier);
  if (file === undefined) {
    try {
      const declaration = checker.getSymbolAtLocation(specifier)?.declarations?.[0];
      file = declaration ? declaration.getSourceFile().fileName.replaceAll('\\', '/') : null;
    } catch {
      file = null;
    }
    resolvedModuleFiles.set(specifier, file);
  }
  return file ?? undefined;
}

/**
 * The file a named import's module resolves to ({@link getResolvedModuleFile}), when it lies inside that package's
 * own directory (its path contains `/<module>/`, as `…/node_modules/@aws-sdk/client-kms/dist-types/index.d.ts` does
 * for `@aws-sdk/client-kms`). This is how a caller that answers from {@link NamedImport.module} and
 * {@link NamedImport.name} checks that the package is the installed package itself, and not a module that `paths`
 * or a local stub stands in for it.
 * @param checker the program's type checker
 * @param imported a named import whose module is a bare package name (a relative specifier never matches)
 * @returns the resolved file name (forward slashes), or `undefined` when the module does not resolve or resolves
 *   elsewhere; never throws
 */
export function getOwnPackageFile(checker: ts.TypeChecker, imported: NamedImport): string | undefined {
  const file = getResolvedModuleFile(checker, imported.specifier);
  return file?.includes(`/${imported.module}/`) ? file : undefined;
}

/**
 * The callee `C` of a symbol bound by `const x = new C(…)`, the form whose class {@link getDeclaredClassSymbol} and
 * {@link getNamedImport} read from declarations: the symbol has one declaration, a `const` variable declaration
 * whose name is an identifier (not a destructuring pattern), with no type annotation (the annotation, not `C`, would
 * be its type), initialised by a `new` expression whose callee is an identifier. What `C` is bound to is the
 * caller's question (a class for the one, a named import for the other).
 * @returns the callee identifier, or `undefined` when the symbol is bound in any other way
 */
function getConstNewCallee(typescript: typeof ts, symbol: ts.Symbol): ts.Identifier | undefined {
  const declaration = symbol.valueDeclaration;
  if (!declaration || symbol.declarations?.length !== 1 || !typescript.isVariableDeclaration(declaration)) return undefined;
  if (declaration.type || !declaration.initializer || !typescript.isIdentifier(declaration.name)) return undefined;
  if (!(typescript.getCombinedNodeFlags(declaration) & typescript.NodeFlags.Const)) return undefined;
  const initializer = declaration.initializer;
  if (!typescript.isNewExpression(initializer) || !typescript.isIdentifier(initializer.expression)) return undefined;
  return initializer.expression;
}

function lookUpValueOrAlias(typescript: typeof ts, checker: ts.TypeChecker, identifier: ts.Identifier): ts.Symbol | undefined {
  return checker.resolveName(identifier.text, identifier, typescript.SymbolFlags.Value | typescript.SymbolFlags.Alias, false);
}

function toNamedImport(typescript: typeof ts, alias: ts.Symbol): NamedImport | undefined {
  const declaration = alias.declarations?.length === 1 ? alias.declarations[0] : undefined;
  if (!declaration || !typescript.isImportSpecifier(declaration) || declaration.propertyName || declaration.isTypeOnly) return undefined;
  const clause = declaration.parent.parent;
  const importDeclaration = clause.parent;
  if (clause.isTypeOnly || !typescript.isImportDeclaration(importDeclaration) || !typescript.isStringLiteral(importDeclaration.moduleSpecifier)) return undefined;
  return { module: importDeclaration.moduleSpecifier.text, name: declaration.name.text, specifier: importDeclaration.moduleSpecifier };
}

function resolveAlias(typescript: typeof ts, checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Symbol | undefined {
  return symbol && symbol.flags & typescript.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}
