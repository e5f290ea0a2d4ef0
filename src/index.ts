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

/** The plugin object: `meta`, `rules`, and flat configs `recommended`, `recommended-type-checked`, `strict`, `strict-type-checked`, `audit` (legacy: `legacy-recommended`, `legacy-strict`). */
const typedPlugin = plugin as typeof plugin & {
  configs: {
    recommended: TSESLint.FlatConfig.Config;
    'recommended-type-checked': TSESLint.FlatConfig.Config;
    strict: TSESLint.FlatConfig.Config;
    'strict-type-checked': TSESLint.FlatConfig.Config;
    audit: TSESLint.FlatConfig.Config;
  } & Record<string, TSESLint.FlatConfig.Config | TSESLint.ClassicConfig.Config>;
};
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
