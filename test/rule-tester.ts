/**
 * RuleTesters for the three levels a rule is tested at (STYLE "Tests"):
 * - `plainJsTester`: plain JavaScript through ESLint's default parser, espree (no TypeScript syntax, no types);
 * - `tsTester`: TypeScript syntax through @typescript-eslint/parser, untyped;
 * - `typedTester`: TypeScript with type information (`projectService`, `fixtures/typed/tsconfig.json`).
 * Typed cases use the file names `file.ts` / `other.ts` / `file.js`, which exist (empty) in `fixtures/typed`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as tsParser from '@typescript-eslint/parser';
import * as espree from 'espree';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** Absolute path of `fixtures/typed`. */
export const typedFixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/typed');

/** Plain JavaScript, ESLint's own parser (espree), ESM. */
export const plainJsTester = new RuleTester({
  languageOptions: { parser: espree, parserOptions: { ecmaVersion: 2024, sourceType: 'module' } },
  defaultFilenames: { ts: 'file.ts', tsx: 'file.tsx' },
});

/** TypeScript syntax without type information. */
export const tsTester = new RuleTester({
  languageOptions: { parser: tsParser, parserOptions: { ecmaVersion: 2024, sourceType: 'module' } },
});

/** TypeScript with type information; test cases should set `filename: typedFile('file.ts')` implicitly (the default). */
export const typedTester = new RuleTester({
  languageOptions: {
    parser: tsParser,
    parserOptions: {
      projectService: true,
      tsconfigRootDir: typedFixturesDir,
    },
  },
  defaultFilenames: { ts: 'file.ts', tsx: 'file.tsx' },
});

/**
 * The 1-based column of `needle` on line `line` (1-based) of `code`, for the `column` of an expected error.
 * @throws Error when `needle` is not on that line (a test written against the wrong line fails loudly)
 */
export function columnOf(code: string, line: number, needle: string): number {
  const index = code.split('\n')[line - 1]!.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" is not on line ${line}`);
  return index + 1;
}
