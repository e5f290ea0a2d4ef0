/**
 * Lazy per-file facets on top of the model: forward flow, control context and cipher uses. Each is built on first use
 * and cached by the file's `Program` node, so every rule that asks shares one computation. Rules reach these through
 * the facade (`index.ts`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ControlQueries } from './control.js';
import { getCipherUses as findCipherUses, type CipherUse, type CipherUseOptions } from './flow/ciphers.js';
import { FlowTracker } from './flow/tracker.js';
import { getResponseMembersRead as readResponseMembers, type ResponseMembers } from './flow/response-members.js';
import type { CallSite, FileAnalysis } from './model.js';

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

/**
 * The members of a call site's response read in this file (`CiphertextBlob`, `Plaintext`), or `unknown` when the
 * response is passed on whole, returned, stored or read dynamically. See `flow/response-members.ts`.
 */
export function getResponseMembersRead(analysis: FileAnalysis, site: CallSite): ResponseMembers {
  return readResponseMembers(site.result, analysis.evaluator);
}
