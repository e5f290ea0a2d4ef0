import type { ESLintUtils, TSESLint } from '@typescript-eslint/utils';
import { getGateKey, isCandidateSource } from '../analysis/index.js';

/** Extra `meta.docs` fields of this plugin's rules. */
export interface KmsRuleDocs {
  /** A short description, shown in the README table. */
  description: string;
  /** Whether the rule is in the `recommended` config, and at which severity. */
  recommended?: 'error' | 'warn';
  /** True when the rule cannot work without type information. */
  requiresTypeChecking?: boolean;
  /** True when type information makes the rule see more (it still works without). */
  benefitsFromTypeChecking?: boolean;
}

type CreateRule = ReturnType<typeof ESLintUtils.RuleCreator<KmsRuleDocs>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `override` into `base` key by key, recursing where both sides are plain objects (arrays are replaced). */
function mergeOptionObjects(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeOptionObjects(current, value) : value;
  }
  return merged;
}

/**
 * The options a rule's `create` receives: each user option merged over its default (objects deeply, anything else
 * replaced), the defaults where the user gave none — the semantics of typescript-eslint's `RuleCreator`.
 */
function withDefaults(defaults: readonly unknown[], given: readonly unknown[]): unknown[] {
  const options = structuredClone([...defaults]);
  given.forEach((option, index) => {
    const fallback = options[index];
    options[index] = isPlainObject(fallback) && isPlainObject(option) ? mergeOptionObjects(fallback, option) : option;
  });
  return options;
}

/**
 * Whether the file can hold anything a rule of this plugin looks for: the analysis' cost gate over the file's text,
 * asked once per file for all rules and the program index (DESIGN "How data flows", step 2).
 */
function isCandidateFile(sourceCode: Readonly<TSESLint.SourceCode>, filename: string): boolean {
  return isCandidateSource(getGateKey(sourceCode, filename), sourceCode.text);
}

/**
 * Creates a rule whose docs URL points at its page in this repository, with `defaultOptions` applied before `create`
 * runs, and gated: on a file that names no AWS, KMS, S3, Encryption SDK, CDK or crypto API (`isAnalysisCandidate`) the
 * rule registers no listener at all, so such a file costs one scan of its text for the whole plugin. Written here
 * rather than taken from `@typescript-eslint/utils`' `RuleCreator`, whose package needs TypeScript installed (see
 * `./ts-eslint.ts`).
 */
export const createRule = (({ name, meta, defaultOptions = [], create }) => {
  // Most configurations give no options: merge the defaults once per rule, not once per file (frozen, as they are shared).
  let unconfigured: unknown[] | undefined;
  return {
    name,
    meta: {
      ...meta,
      docs: {
        ...meta.docs,
        url: `https://github.com/eslint-plugin-aws-kms/eslint-plugin-aws-kms/blob/main/docs/rules/${name}.md`,
      },
    },
    defaultOptions,
    create: (context) => {
      if (!isCandidateFile(context.sourceCode, context.filename)) return {};
      const options =
        context.options.length === 0
          ? (unconfigured ??= deepFreeze(withDefaults(defaultOptions, [])))
          : withDefaults(defaultOptions, context.options);
      return create(context, options as never);
    },
  };
}) as CreateRule;

/** Freezes `value` and every object and array inside it; returns it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
