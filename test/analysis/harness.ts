/**
 * Shared helpers of the analysis tests:
 * - `analyse` runs the analysis on a code snippet through ESLint's `Linter` and returns what `getKmsModel` built, so
 *   analysis tests see exactly what rules see; mode `'typed'` parses with type information against `fixtures/typed`.
 * - `createVirtualProgram` builds a `ts.Program` from in-memory files, for the tests of the program-wide analysis.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import ts from 'typescript';
import * as tsParser from '@typescript-eslint/parser';
import * as espree from 'espree';
import type { TSESLint } from '@typescript-eslint/utils';
import { getKmsModel, type FileAnalysis } from '../../src/analysis/index.js';
import { typedFixturesDir } from '../rule-tester.js';

export type ParseMode = 'js' | 'ts' | 'typed';

/**
 * Lints `code` with a probe rule and hands the file's analysis to `inspect` (inside the rule, while the AST is live).
 * @throws Error when the code does not parse.
 */
export function analyse<T>(code: string, mode: ParseMode, inspect: (analysis: FileAnalysis) => T): T {
  let result: T | undefined;
  let ran = false;
  const probe: TSESLint.RuleModule<'none'> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { none: 'none' }, schema: [] },
    create(context) {
      return {
        'Program:exit'() {
          result = inspect(getKmsModel(context));
          ran = true;
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat' });
  const languageOptions =
    mode === 'js'
      ? { parser: espree, parserOptions: { ecmaVersion: 2024, sourceType: 'module' } }
      : mode === 'ts'
        ? { parser: tsParser, parserOptions: { ecmaVersion: 2024, sourceType: 'module' } }
        : { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: typedFixturesDir } };
  const filename = path.join(typedFixturesDir, mode === 'js' ? 'file.js' : 'file.ts');
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.js', '**/*.ts'],
        languageOptions: languageOptions as Linter.LanguageOptions,
        plugins: { probe: { rules: { probe: probe as never } } },
        rules: { 'probe/probe': 'error' },
      },
    ],
    { filename },
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  if (!ran) throw new Error('probe rule did not run');
  return result as T;
}

/**
 * This folder (test/analysis, forward slashes): where `createVirtualProgram` places its files, so that
 * `@aws-sdk/client-kms`, `@aws-sdk/client-s3`, `aws-sdk` and `@aws-crypto/client-node` resolve from the repository's
 * node_modules.
 */
export const virtualFilesDir = path.dirname(fileURLToPath(import.meta.url)).replaceAll('\\', '/');

/** The compiler options of every virtual program (Node 16+ module resolution, strict, JavaScript allowed). */
const virtualProgramOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowJs: true,
  esModuleInterop: true,
  types: ['node'],
};
const baseHost = ts.createCompilerHost(virtualProgramOptions, true);
/** Library files (lib.d.ts, the SDK's typings) parsed once and shared by every program of a test file. */
const libraryFiles = new Map<string, ts.SourceFile | undefined>();

/**
 * Builds a program whose root files are `files` (name → text, names relative to {@link virtualFilesDir}); every other
 * file is read from disk. Library files are parsed once per test file and shared by all its programs.
 * @param files the virtual files, which become the program's root names in this order
 * @param hidden a path fragment: files and directories whose path contains it do not exist for this program (to make
 *   a package unresolvable); virtual files are never hidden
 * @param compilerOptions options laid over the default ones (`paths`, `baseUrl`, …)
 */
export function createVirtualProgram(files: Readonly<Record<string, string>>, hidden?: string, compilerOptions: ts.CompilerOptions = {}): ts.Program {
  const virtual = new Map(Object.entries(files).map(([name, text]) => [`${virtualFilesDir}/${name}`, text]));
  const isHidden = (name: string): boolean => hidden !== undefined && name.replaceAll('\\', '/').includes(hidden);
  const host: ts.CompilerHost = {
    ...baseHost,
    fileExists: (name) => virtual.has(name.replaceAll('\\', '/')) || (!isHidden(name) && baseHost.fileExists(name)),
    readFile: (name) => virtual.get(name.replaceAll('\\', '/')) ?? (isHidden(name) ? undefined : baseHost.readFile(name)),
    directoryExists: (name) => !isHidden(name) && (baseHost.directoryExists?.(name) ?? true),
    getSourceFile: (name, languageVersion, onError) => {
      const text = virtual.get(name.replaceAll('\\', '/'));
      if (text !== undefined) return ts.createSourceFile(name, text, languageVersion, true);
      if (isHidden(name)) return undefined;
      if (!libraryFiles.has(name)) libraryFiles.set(name, baseHost.getSourceFile(name, languageVersion, onError));
      return libraryFiles.get(name);
    },
  };
  return ts.createProgram([...virtual.keys()], { ...virtualProgramOptions, ...compilerOptions }, host);
}
