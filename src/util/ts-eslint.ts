/**
 * The runtime parts of `@typescript-eslint/utils` that the rules and the analysis use, taken from the packages that
 * utils itself re-exports them from — `@typescript-eslint/types` (AST node types) and `@eslint-community/eslint-utils`
 * (`ReferenceTracker`, `findVariable`) — because neither of those asks for TypeScript, while `@typescript-eslint/utils`
 * has a required `typescript` peer that npm would install into every plain-JavaScript project using this plugin.
 * Types still come from `@typescript-eslint/utils` (type-only imports are erased from the build).
 */
import { ReferenceTracker, findVariable } from '@eslint-community/eslint-utils';
import type { ASTUtils as TsEslintASTUtils } from '@typescript-eslint/utils';

export { AST_NODE_TYPES, TSESTree } from '@typescript-eslint/types';
export type { TSESLint } from '@typescript-eslint/utils';

/** `ReferenceTracker` and `findVariable` of `@eslint-community/eslint-utils`, typed as `@typescript-eslint/utils`' `ASTUtils`. */
export const ASTUtils = { ReferenceTracker, findVariable } as unknown as Pick<typeof TsEslintASTUtils, 'ReferenceTracker' | 'findVariable'>;
