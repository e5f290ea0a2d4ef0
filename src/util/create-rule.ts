import { ESLintUtils } from '@typescript-eslint/utils';

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

/** Creates a rule whose docs URL points at its page in this repository. */
export const createRule = ESLintUtils.RuleCreator<KmsRuleDocs>(
  (name) => `https://github.com/eslint-plugin-aws-kms/eslint-plugin-aws-kms/blob/main/docs/rules/${name}.md`,
);
