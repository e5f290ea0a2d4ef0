/**
 * The analysis entry point: `getKmsModel(context)` builds the per-file model once and caches it by the `Program` node,
 * so every rule that asks shares one walk (DESIGN "How data flows", step 2).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { findCallSites, type TypeServices } from './call-sites.js';
import type { KmsModel } from './model.js';
import { ValueEvaluator } from './values.js';
import { FlowTracker } from './flow/tracker.js';
import { ControlQueries } from './control.js';
import { getResponseMembersRead as readResponseMembers, type ResponseMembers } from './flow/response-members.js';
import type { CallSite } from './model.js';
import { getCipherUses as findCipherUses, type CipherUse, type CipherUseOptions } from './flow/ciphers.js';

export type * from './model.js';
export type * from './flow/tracker.js';
export type * from './control.js';
export type * from './flow/ciphers.js';
export type { CipherRole, CryptoApi, CryptoApiInfo, SinkKind } from './catalog/crypto-sinks.js';

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

const flowCache = new WeakMap<TSESTree.Program, FlowTracker>();
const controlCache = new WeakMap<TSESTree.Program, ControlQueries>();

/**
 * Forward-flow queries of the file (`track`, `flowsTo`, traced cipher calls and their role arguments), built on first
 * use and cached per file. See `flow/tracker.ts`.
 */
export function getFlow(analysis: FileAnalysis): FlowTracker {
  let flow = flowCache.get(analysis.sourceCode.ast);
  if (!flow) flowCache.set(analysis.sourceCode.ast, (flow = new FlowTracker(analysis)));
  return flow;
}

/** Control-context queries of the file (loops and fan-out, handlers, `catch` fallbacks, coverage). See `control.ts`. */
export function getControl(analysis: FileAnalysis): ControlQueries {
  let control = controlCache.get(analysis.sourceCode.ast);
  if (!control) controlCache.set(analysis.sourceCode.ast, (control = new ControlQueries(analysis.evaluator)));
  return control;
}

/**
 * True when the file can use a cipher API at all: its text names `crypto` (`node:crypto`, `crypto.subtle`,
 * `webcrypto`) or `@noble/ciphers`. One scan of the source text; the AES-GCM rules stop here on every other file.
 */
export function mentionsCipherApi(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const text = sourceCode.text;
  return text.includes('crypto') || text.includes('@noble/ciphers');
}

const cipherUseCache = new WeakMap<TSESTree.Program, Map<string, readonly CipherUse[]>>();

/**
 * The file's `createCipheriv`/`createDecipheriv`/`createCipher`, WebCrypto `subtle.encrypt`/`decrypt` and noble
 * `gcm(…)` calls with mode, direction, IV origin and length, tag options (see `flow/ciphers.ts`). Cached per file and
 * options.
 */
export function getCipherUses(analysis: FileAnalysis, options: CipherUseOptions = {}): readonly CipherUse[] {
  const key = [...(options.deterministicIvFunctions ?? [])].sort().join('\n');
  let perFile = cipherUseCache.get(analysis.sourceCode.ast);
  if (!perFile) cipherUseCache.set(analysis.sourceCode.ast, (perFile = new Map()));
  let uses = perFile.get(key);
  if (!uses) perFile.set(key, (uses = findCipherUses(getFlow(analysis), analysis.evaluator, analysis.sourceCode, options)));
  return uses;
}

export type { ResponseMembers } from './flow/response-members.js';

/**
 * The members of a call site's response read in this file (`CiphertextBlob`, `Plaintext`), or `unknown` when the
 * response is passed on whole, returned, stored or read dynamically. See `flow/response-members.ts`.
 */
export function getResponseMembersRead(analysis: FileAnalysis, site: CallSite): ResponseMembers {
  return readResponseMembers(site.result, analysis.evaluator);
}

/** Plaintext key material of GenerateDataKey(Pair)/Decrypt sites and where its bytes go (see `key-material.ts`). */
export { getKeyMaterial, getAllUses } from './key-material.js';
export type { KeyMaterial, KeyUse, KeyRegion, LeakKind } from './key-material.js';
