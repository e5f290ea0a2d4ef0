/**
 * Configs derived from rule metadata (never a hand-kept list):
 * - `recommended`: rules with `docs.recommended`, at that severity; works without type information and, for
 *   JavaScript, without TypeScript installed.
 * - `recommended-type-checked`: the same rules with `@typescript-eslint/parser` for every file. Like typescript-eslint's
 *   own type-checked configs it sets no `parserOptions`: the user turns type information on once, with
 *   `projectService: true` or their existing `project`, and the two never conflict.
 * - `strict` / `strict-type-checked`: every rule as an error.
 * - `audit`: every rule, recommended severities, others as warnings — what `kms-audit` runs by default.
 */
import { fileURLToPath } from 'node:url';
import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from '../rules/index.js';
import { typedParser, untypedParser } from './parser.js';

type Severity = 'error' | 'warn';
type RulesRecord = Record<string, Severity>;

function deriveRules(pick: (recommended: Severity | undefined) => Severity | undefined): RulesRecord {
  const record: RulesRecord = {};
  for (const [name, rule] of Object.entries(rules)) {
    const severity = pick(rule.meta.docs?.recommended);
    if (severity) record[`aws-kms/${name}`] = severity;
  }
  return record;
}

/** Rule severities of each config, keyed by config name. */
export const configRules = {
  recommended: deriveRules((recommended) => recommended),
  strict: deriveRules(() => 'error'),
  audit: deriveRules((recommended) => recommended ?? 'warn'),
} as const;

/** Files the flat configs apply to. */
export const SOURCE_FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

/**
 * Builds the flat configs for a plugin object (the plugin registers itself under `aws-kms`).
 * @param plugin the plugin object to register
 */
export function createFlatConfigs(plugin: TSESLint.FlatConfig.Plugin): Record<string, TSESLint.FlatConfig.Config> {
  const base = (name: string, rulesRecord: RulesRecord): TSESLint.FlatConfig.Config => ({
    name: `aws-kms/${name}`,
    files: SOURCE_FILES,
    plugins: { 'aws-kms': plugin },
    languageOptions: { parser: untypedParser as TSESLint.FlatConfig.Parser },
    rules: rulesRecord,
  });
  const typed = (config: TSESLint.FlatConfig.Config, name: string): TSESLint.FlatConfig.Config => ({
    ...config,
    name: `aws-kms/${name}`,
    languageOptions: { parser: typedParser as TSESLint.FlatConfig.Parser },
  });
  const recommended = base('recommended', configRules.recommended);
  const strict = base('strict', configRules.strict);
  const audit = base('audit', configRules.audit);
  return {
    recommended,
    'recommended-type-checked': typed(recommended, 'recommended-type-checked'),
    strict,
    'strict-type-checked': typed(strict, 'strict-type-checked'),
    audit,
  };
}

/** Absolute path of the module eslintrc loads as the legacy configs' parser (`./legacy-parser.ts`, built). */
const LEGACY_PARSER = fileURLToPath(new URL('./legacy-parser.js', import.meta.url));

/**
 * Legacy (eslintrc) configs for ESLint 8.57 and 9 users still on `.eslintrc`:
 * `"extends": ["plugin:aws-kms/legacy-recommended"]`. They set the flat configs' untyped parser (by path, as eslintrc
 * wants), ESM syntax and the latest ECMAScript version, with CommonJS for `.cjs`; the `overrides` also make eslintrc
 * lint `.mjs`, `.cjs`, `.jsx` and TypeScript files, which it otherwise skips unless `--ext` names them.
 */
export function createLegacyConfigs(): Record<string, TSESLint.ClassicConfig.Config> {
  const legacy = (rulesRecord: RulesRecord): TSESLint.ClassicConfig.Config => ({
    plugins: ['aws-kms'],
    parser: LEGACY_PARSER,
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    rules: rulesRecord,
    overrides: [
      { files: ['*.mjs', '*.jsx', '*.ts', '*.mts', '*.cts', '*.tsx'] },
      { files: ['*.cjs'], parserOptions: { sourceType: 'script', ecmaFeatures: { globalReturn: true } } },
    ],
  });
  return {
    'legacy-recommended': legacy(configRules.recommended),
    'legacy-strict': legacy(configRules.strict),
  };
}
