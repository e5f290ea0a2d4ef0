/**
 * The repository self-checks of test/repo.test.ts as functions, so the test can show each of them failing on a
 * synthetic bad input before trusting it on the real tree.
 */
import path from 'node:path';
import ts from 'typescript';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';

/** One source file: its absolute path and its text. */
export interface SourceFile {
  readonly file: string;
  readonly text: string;
}

/** The import specifiers of a file (static, `import type`, re-exports, dynamic `import()`), as TypeScript sees them. */
export function getImportSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((entry) => entry.fileName);
}

/** Where a relative specifier points, as a `.ts` path (`./x.js` → `x.ts`, `./dir` → `dir/index.ts`). */
function resolveRelative(from: string, specifier: string): string {
  const target = path.resolve(path.dirname(from), specifier);
  if (/\.(js|ts|mjs|cjs)$/.test(target)) return target.replace(/\.(js|mjs|cjs)$/, '.ts');
  return path.extname(target) ? target : path.join(target, 'index.ts');
}

/**
 * The layering rule of STYLE "One door": code outside `src/analysis` reaches the analysis only through its facade
 * (`src/analysis/index.ts`), rules import nothing relative but the facade and `src/util/*`, and no analysis module
 * imports the facade. Returns one line per offending import (`file → specifier: reason`); empty when the tree obeys.
 */
export function findLayeringViolations(srcDir: string, files: readonly SourceFile[]): string[] {
  const analysisDir = path.join(srcDir, 'analysis');
  const facade = path.join(analysisDir, 'index.ts');
  const rulesDir = path.join(srcDir, 'rules');
  const utilDir = path.join(srcDir, 'util');
  const inside = (dir: string, file: string) => file.startsWith(dir + path.sep);
  const problems: string[] = [];
  for (const { file, text } of files) {
    const relative = path.relative(srcDir, file);
    for (const specifier of getImportSpecifiers(text)) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveRelative(file, specifier);
      if (inside(analysisDir, file)) {
        if (file !== facade && target === facade) problems.push(`${relative} → ${specifier}: an analysis module imports the facade`);
      } else if (inside(analysisDir, target) && target !== facade) {
        problems.push(`${relative} → ${specifier}: reaches behind the analysis facade`);
      } else if (inside(rulesDir, file) && path.basename(file) !== 'index.ts' && target !== facade && !inside(utilDir, target)) {
        problems.push(`${relative} → ${specifier}: a rule imports something other than the facade and src/util`);
      }
    }
  }
  return problems;
}

/** Packages whose required `typescript` peer would make npm install TypeScript into every JavaScript project. */
const TYPESCRIPT_BOUND_PACKAGES = ['@typescript-eslint/utils', '@typescript-eslint/parser', '@typescript-eslint/typescript-estree', 'typescript'];

/**
 * Runtime imports of packages that need TypeScript (STYLE "Optional peers … loaded lazily"): type-only imports are
 * erased from the build and allowed; `src/util/ts-eslint.ts` supplies the runtime pieces, and `typescript` itself is
 * loaded lazily with `createRequire`. Returns one line per offending import; empty when the tree obeys.
 */
export function findTypeScriptBoundImports(srcDir: string, files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  for (const { file, text } of files) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    for (const statement of source.statements) {
      let specifier: string | undefined;
      let typeOnly = false;
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
        specifier = statement.moduleSpecifier.text;
        const clause = statement.importClause;
        typeOnly =
          clause !== undefined &&
          (clause.isTypeOnly ||
            (clause.name === undefined &&
              clause.namedBindings !== undefined &&
              ts.isNamedImports(clause.namedBindings) &&
              clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        specifier = statement.moduleSpecifier.text;
        typeOnly = statement.isTypeOnly;
      }
      if (specifier !== undefined && !typeOnly && TYPESCRIPT_BOUND_PACKAGES.includes(specifier)) {
        problems.push(`${path.relative(srcDir, file)} → ${specifier}: a runtime import of a package that needs TypeScript`);
      }
    }
  }
  return problems;
}

/** What linting some typed code with one rule showed. */
export interface TypeUse {
  /** `ts.TypeChecker` calls the analysis made while the rule linted the typed sources. */
  readonly typedQueries: number;
  /** The error linting the same sources without type information threw, if any. */
  readonly untypedError: string | undefined;
}

/**
 * Lints `sources` with `rule` alone, once with type information (`projectService` rooted at `tsconfigRootDir`) while
 * `countTypedQueries` counts checker calls, and once with the TypeScript parser and no program.
 */
export function measureTypeUse(
  rule: TSESLint.RuleModule<string, readonly unknown[]>,
  sources: readonly SourceFile[],
  tsconfigRootDir: string,
  countTypedQueries: (run: () => void) => number,
): TypeUse {
  const config = (parserOptions: Record<string, unknown>): Linter.Config[] => [
    {
      files: ['**/*.ts', '**/*.js'],
      languageOptions: { parser: tsParser as Linter.Parser, parserOptions: { ecmaVersion: 2024, sourceType: 'module', ...parserOptions } },
      plugins: { probe: { rules: { rule: rule as never } } },
      rules: { 'probe/rule': 'error' },
    },
  ];
  const linter = new Linter({ configType: 'flat' });
  const typedQueries = countTypedQueries(() => {
    for (const source of sources) linter.verify(source.text, config({ projectService: true, tsconfigRootDir }), { filename: source.file });
  });
  let untypedError: string | undefined;
  try {
    for (const source of sources) linter.verify(source.text, config({}), { filename: source.file });
  } catch (error) {
    untypedError = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  return { typedQueries, untypedError };
}

/**
 * What `meta.docs.requiresTypeChecking` promises, against what linting showed: a rule that claims to need type
 * information must ask typed questions on typed code; a rule that claims not to must lint untyped code without
 * failing. Returns the broken promises (empty when the claim is true).
 */
export function checkTypeCheckingClaim(requiresTypeChecking: boolean, use: TypeUse): string[] {
  if (requiresTypeChecking && use.typedQueries === 0) return ['requiresTypeChecking is true, but linting typed code asked the type checker nothing'];
  if (!requiresTypeChecking && use.untypedError !== undefined) return [`requiresTypeChecking is false, but linting without type information fails: ${use.untypedError}`];
  return [];
}
