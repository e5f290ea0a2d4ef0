/**
 * Builds the per-file model once and caches it by the `Program` node, so every rule that asks shares one walk
 * (DESIGN "How data flows", step 2). Rules reach this through the facade (`index.ts`); analysis modules that need the
 * model of the file being linted import it from here, never from the facade.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findCallSites } from './call-sites.js';
import { getGateKey, isCandidateSource } from './gate.js';
import type { FileAnalysis } from './model.js';
import { getTypeServices } from './types.js';
import { ValueEvaluator } from './values.js';

const cache = new WeakMap<TSESTree.Program, FileAnalysis>();

/**
 * The KMS model of the file being linted, built on first use and cached for the other rules.
 * Never throws on syntactically valid code: anything the analysis cannot follow becomes `unknown`.
 */
export function getKmsModel(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): FileAnalysis {
  const sourceCode = context.sourceCode;
  const cached = cache.get(sourceCode.ast);
  if (cached) return cached;
  const types = getTypeServices(sourceCode);
  const evaluator = new ValueEvaluator(sourceCode);
  const analysis: FileAnalysis = {
    // The cost gate: a file that names nothing the analysis recognises gets an empty model without any walk or type query.
    callSites: isCandidateSource(getGateKey(sourceCode, context.filename), sourceCode.text) ? findCallSites(sourceCode, evaluator, types) : [],
    hasTypeInformation: types !== undefined,
    evaluator,
    sourceCode,
    types,
  };
  cache.set(sourceCode.ast, analysis);
  return analysis;
}
