/**
 * eslint-plugin-aws-kms: rules that catch AWS KMS mistakes, and the configs that enable them.
 *
 * ```js
 * // eslint.config.js
 * import awsKms from 'eslint-plugin-aws-kms';
 * export default [awsKms.configs.recommended];
 * ```
 */
import type { TSESLint } from '@typescript-eslint/utils';
import { createFlatConfigs, createLegacyConfigs } from './configs/index.js';
import { rules } from './rules/index.js';

const meta = { name: 'eslint-plugin-aws-kms', version: '0.1.0', namespace: 'aws-kms' };

const plugin = {
  meta,
  rules,
  configs: {} as Record<string, TSESLint.FlatConfig.Config | TSESLint.ClassicConfig.Config>,
};

Object.assign(plugin.configs, createFlatConfigs(plugin as unknown as TSESLint.FlatConfig.Plugin), createLegacyConfigs());

/**
 * A config as the package's declarations type it: loosely, the way typescript-eslint types its own configs
 * (`CompatibleConfig` of the `typescript-eslint` package), so that one value is accepted both by ESLint's
 * `defineConfig` / `Linter.Config` and by typescript-eslint's `tseslint.config`. Their config types disagree (ESLint's
 * `languageOptions` has an index signature, `@typescript-eslint/utils`' has none), so a config typed as either one's
 * is rejected by the other in an `eslint.config.ts`. The value itself is a complete flat (or, for `legacy-*`, eslintrc)
 * config.
 */
export interface CompatibleConfig {
  name?: string;
  rules?: object;
}

/**
 * A rule as the declarations type it, for the same reason: assignable to ESLint's `RuleDefinition` and to
 * typescript-eslint's loose rule definition, so the plugin object fits `plugins: { 'aws-kms': awsKms }` in both.
 */
export interface CompatibleRule {
  meta?: object;
  // ESLint and typescript-eslint give `create` different context and listener types; `any` is what fits both.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  create(context: any): { [selector: string]: ((...args: any[]) => void) | undefined };
}

/**
 * The plugin object: `meta`, `rules`, and flat configs `recommended`, `recommended-type-checked`, `strict`,
 * `strict-type-checked`, `audit` (eslintrc: `legacy-recommended`, `legacy-strict`), typed with {@link CompatibleConfig}
 * and {@link CompatibleRule} so that an `eslint.config.ts` type-checks with `defineConfig` and `tseslint.config` alike.
 */
export interface AwsKmsPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, CompatibleRule>;
  configs: {
    recommended: CompatibleConfig;
    'recommended-type-checked': CompatibleConfig;
    strict: CompatibleConfig;
    'strict-type-checked': CompatibleConfig;
    audit: CompatibleConfig;
  } & Record<string, CompatibleConfig>;
}

const typedPlugin = plugin as unknown as AwsKmsPlugin;
export default typedPlugin;
/**
 * What `require('eslint-plugin-aws-kms')` returns on Node.js versions that can require ES modules (20.19+, 22.12+):
 * the plugin object itself, as CommonJS `eslint.config.js` files and ESLint 9's legacy eslintrc loader expect.
 */
export { typedPlugin as 'module.exports' };
export type {
  ArrayValue,
  BytesValue,
  CallSite,
  CallStyle,
  KmsModel,
  ObjectProperty,
  ObjectValue,
  PrimitiveValue,
  PropertyLookup,
  ResultBinding,
  Service,
  StaticValue,
  UnionValue,
  UnknownValue,
} from './analysis/index.js';
