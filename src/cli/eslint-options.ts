/**
 * The ESLint options of one kms-audit lint group, built from a plain, cloneable {@link LintGroupSpec}.
 *
 * ESLint's worker threads (`concurrency`, ESLint >= 9.34) cannot receive options that hold functions (plugins,
 * parsers): they load them from an "options module" instead (`ESLint.fromOptionsModule(url)`, which each worker
 * imports again). This file is that module: imported with `?spec=<base64url JSON>` its default export is the options
 * of that spec, so the main thread and every worker build identical options. Without a `spec` parameter it only
 * exports {@link buildESLintOptions} (what single-threaded runs call directly).
 */
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { typedParser as tsParser } from '../configs/parser.js';
import plugin from '../index.js';
import { SOURCE_FILES } from '../configs/index.js';
import recordsPlugin, { RECORDS_PLUGIN_NAME, RECORDS_RULE_ID } from './records.js';

/** Everything that distinguishes one lint group. JSON only. */
export interface LintGroupSpec {
  /** ESLint's base directory (`cwd`). */
  readonly cwd: string;
  /** A flat config file to use instead of the plugin's `audit` config (absolute path); `null` for the audit config. */
  readonly configFile: string | null;
  /** The tsconfig giving this group type information (audit config only); `null` for untyped linting. */
  readonly tsconfig: string | null;
  /** Global ignore patterns added after the config's own (to lint files named on the command line). */
  readonly ignorePatterns: readonly string[];
  /** The cache file of this group; `null` when `--cache` is off. */
  readonly cacheFile: string | null;
  /**
   * Where ESLint looks for a cache file to delete when the cache is off (it deletes `cacheLocation` then): a path in
   * kms-audit's own cache directory that is never created, so no user file (`.eslintcache`) is ever removed.
   */
  readonly unusedCacheFile: string;
  /** ESLint's `concurrency` option. */
  readonly concurrency: 'off' | 'auto' | number;
}

/** The config block that turns on the records rule for every source file. */
export const RECORDS_BLOCK: Linter.Config = {
  name: 'kms-audit/records',
  files: SOURCE_FILES,
  plugins: { [RECORDS_PLUGIN_NAME]: recordsPlugin as unknown as ESLint.Plugin },
  rules: { [RECORDS_RULE_ID]: 'warn' },
};

/**
 * The ESLint options of a lint group.
 * @param spec the group
 */
export function buildESLintOptions(spec: LintGroupSpec): ESLint.Options {
  const base: ESLint.Options = {
    cwd: spec.cwd,
    // Paths are files we listed ourselves; never treat them as globs, never warn about ignored ones.
    globInputPaths: false,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
    cache: spec.cacheFile !== null,
    cacheLocation: spec.cacheFile ?? spec.unusedCacheFile,
    // Content hashes, not modification times: a CI checkout gives every file a new mtime.
    cacheStrategy: 'content',
    // Only when asked for: ESLint before 9.34 rejects the option as unknown.
    ...(spec.concurrency === 'off' ? {} : { concurrency: spec.concurrency }),
    ...(spec.ignorePatterns.length > 0 ? { ignorePatterns: [...spec.ignorePatterns] } : {}),
  };
  if (spec.configFile !== null) {
    return { ...base, overrideConfigFile: spec.configFile, overrideConfig: [RECORDS_BLOCK] };
  }
  const typed: Linter.Config[] = spec.tsconfig
    ? [
        {
          name: 'kms-audit/typed',
          files: SOURCE_FILES,
          languageOptions: {
            parser: tsParser as unknown as Linter.Parser,
            parserOptions: { project: spec.tsconfig, tsconfigRootDir: path.dirname(spec.tsconfig) },
          },
        },
      ]
    : [];
  // Disable comments for rules this config does not load would otherwise be reported as unused.
  const linterOptions: Linter.Config = { name: 'kms-audit/linter-options', linterOptions: { reportUnusedDisableDirectives: 'off' } };
  return {
    ...base,
    overrideConfigFile: true,
    overrideConfig: [plugin.configs.audit as unknown as Linter.Config, ...typed, RECORDS_BLOCK, linterOptions],
  };
}

/**
 * The URL of this module with `spec` attached, for `ESLint.fromOptionsModule`.
 * @param moduleUrl the URL of the compiled `eslint-options.js`
 * @param spec the group
 */
export function toOptionsModuleUrl(moduleUrl: URL, spec: LintGroupSpec): URL {
  const url = new URL(moduleUrl.href);
  url.search = new URLSearchParams({ spec: Buffer.from(JSON.stringify(spec)).toString('base64url') }).toString();
  return url;
}

function readSpec(): LintGroupSpec | undefined {
  const encoded = new URL(import.meta.url).searchParams.get('spec');
  return encoded ? (JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as LintGroupSpec) : undefined;
}

const spec = readSpec();

/** With `?spec=…`: the options of that group (what ESLint's options-module loader reads); otherwise `undefined`. */
export default spec ? buildESLintOptions(spec) : undefined;
