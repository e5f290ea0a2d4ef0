/**
 * Configs derived from rule metadata (never a hand-kept list):
 * - `recommended`: rules with `docs.recommended`, at that severity; works without type information.
 * - `recommended-type-checked`: the same, plus parser options that turn on type information (`projectService`).
 * - `strict`: every rule as an error.
 * - `audit`: every rule, recommended severities, others as warnings — what `kms-audit` runs by default.
 */
import type { TSESLint } from '@typescript-eslint/utils';
import * as tsParser from '@typescript-eslint/parser';
import { rules } from '../rules/index.js';

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
    languageOptions: { parser: tsParser as TSESLint.FlatConfig.Parser },
    rules: rulesRecord,
  });
  const typed = (config: TSESLint.FlatConfig.Config, name: string): TSESLint.FlatConfig.Config => ({
    ...config,
    name: `aws-kms/${name}`,
    languageOptions: { ...config.languageOptions, parserOptions: { projectService: true } },
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

/**
 * Legacy (eslintrc) configs for ESLint 9 users still on `.eslintrc`: `"extends": ["plugin:aws-kms/legacy-recommended"]`.
 * Like the flat configs they set `@typescript-eslint/parser` (which parses plain JavaScript too), ESM syntax and the
 * latest ECMAScript version; the eslintrc loader resolves the parser by name from the user's project.
 */
export function createLegacyConfigs(): Record<string, TSESLint.ClassicConfig.Config> {
  const legacy = (rulesRecord: RulesRecord): TSESLint.ClassicConfig.Config => ({
    plugins: ['aws-kms'],
    parser: '@typescript-eslint/parser',
    parserOptions: { ecmaVersion: 'latest', sourceType: 'module' },
    rules: rulesRecord,
  });
  return {
    'legacy-recommended': legacy(configRules.recommended),
    'legacy-strict': legacy(configRules.strict),
  };
}
