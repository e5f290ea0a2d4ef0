/**
 * The type-information layer: what the parser's services give the analysis, read without throwing.
 *
 * `ESLintUtils.getParserServices` throws for parsers without a program (espree, typescript-eslint without `project`),
 * so the analysis reads `sourceCode.parserServices` itself and answers `undefined` when there is no program. Every
 * analysis module that asks the checker gets it from here, which also lets a test count the typed queries a rule
 * causes (`setTypeQueryRecorder`, used by test/repo.test.ts to check `meta.docs.requiresTypeChecking`).
 */
import { createRequire } from 'node:module';
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
  return (tsModule ??= createRequire(import.meta.url)('typescript') as typeof ts);
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
    const declaration = symbol.valueDeclaration;
    if (!declaration || symbol.declarations?.length !== 1 || !typescript.isVariableDeclaration(declaration)) return undefined;
    if (declaration.type || !declaration.initializer || !typescript.isIdentifier(declaration.name)) return undefined;
    if (!(typescript.getCombinedNodeFlags(declaration) & typescript.NodeFlags.Const)) return undefined;
    const initializer = declaration.initializer;
    if (!typescript.isNewExpression(initializer) || !typescript.isIdentifier(initializer.expression)) return undefined;
    const constructed = resolveAlias(typescript, checker, checker.getSymbolAtLocation(initializer.expression));
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

function resolveAlias(typescript: typeof ts, checker: ts.TypeChecker, symbol: ts.Symbol | undefined): ts.Symbol | undefined {
  return symbol && symbol.flags & typescript.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}
