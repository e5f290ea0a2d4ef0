/**
 * Runs the analysis on a code snippet through ESLint's `Linter` and returns what `getKmsModel` built, so analysis
 * tests see exactly what rules see. `typed: true` parses with type information against `fixtures/typed`.
 */
import path from 'node:path';
import { Linter } from 'eslint';
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
