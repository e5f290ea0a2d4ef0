/**
 * The analysis entry point: `getKmsModel(context)` builds the per-file model once and caches it by the `Program` node,
 * so every rule that asks shares one walk (DESIGN "How data flows", step 2).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findCallSites, type TypeServices } from './call-sites.js';
import type { KmsModel } from './model.js';
import { ValueEvaluator } from './values.js';

export type * from './model.js';

/** The model plus the tools rules use to ask further questions about the same file. */
export interface FileAnalysis extends KmsModel {
  readonly evaluator: ValueEvaluator;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
  /** Type information when the parser has it (`parserOptions.projectService` or `project`). */
  readonly types: TypeServices | undefined;
}

const cache = new WeakMap<TSESTree.Program, FileAnalysis>();

/**
 * The KMS model of the file being linted, built on first use and cached for the other rules.
 * Never throws on syntactically valid code: anything the analysis cannot follow becomes `unknown`.
 */
export function getKmsModel(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileAnalysis {
  const sourceCode = context.sourceCode;
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const types = getTypeServices(context);
  const evaluator = new ValueEvaluator(sourceCode);
  const analysis: FileAnalysis = {
    callSites: findCallSites(sourceCode, evaluator, types),
    hasTypeInformation: types !== undefined,
    evaluator,
    sourceCode,
    types,
  };
  cache.set(sourceCode.ast, analysis);
  return analysis;
}

/** Type services of the current parse, or `undefined` when the file was parsed without type information. */
export function getTypeServices(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): TypeServices | undefined {
  // Read the services directly: `ESLintUtils.getParserServices` throws for parsers without any (espree).
  const services = context.sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
  return {
    program: services.program,
    checker: services.program.getTypeChecker(),
    esTreeNodeToTSNodeMap: services.esTreeNodeToTSNodeMap,
  };
}

// Cross-file comparison of encryption-context sites, for the kms-audit post-pass (the CLI imports only this facade).
export {
  comparePlaces,
  findKeySpellingConflicts,
  findUnmatchedKeySets,
  findValueCaseMismatches,
  getKeySet,
  normalizeContextKey,
} from './context-sites.js';
export type {
  ContextEntry,
  ContextSide,
  ContextSite,
  ContextValueInfo,
  KeyForm,
  NonStringType,
  SourcePlace,
  SourceRange,
  SpellingConflict,
  UnmatchedKeySet,
  ValueCaseMismatch,
} from './context-sites.js';
export { getContextSiteScope } from './program-index.js';
