/**
 * Repeated KMS requests: KMS cryptographic calls that run once per item of a loop, an iteration callback or a
 * `Promise.all` fan-out, so a batch of N items spends N requests of the account's shared per-Region quota (KMS
 * Developer Guide, "Requests per second": https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html).
 * Built on the control queries (`control.ts`); the operation list is data (`catalog/kms-limits.ts`).
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import { isFunctionNode, isLoop, type Iteration } from './control.js';
import { getControl } from './facets.js';
import { KMS_QUOTA_CRYPTO_OPERATIONS } from './catalog/kms-limits.js';
import type { CallSite, FileAnalysis } from './model.js';
import { walk } from './ast/walk.js';

/** Options of {@link getPerItemKmsCalls}. */
export interface PerItemCallOptions {
  /** A repetition whose number of iterations is statically known and at most this many is left out. */
  readonly maximumStaticIterations: number;
}

/** A KMS cryptographic call that runs once per item, with the repetition around it. */
export interface PerItemCall {
  readonly site: CallSite;
  readonly iteration: Iteration;
  /** The words for the repetition: `for…of loop`, `map callback`, `Promise.all fan-out`. */
  readonly repetition: string;
}

/**
 * The file's KMS cryptographic calls ({@link KMS_QUOTA_CRYPTO_OPERATIONS}) that repeat per item: inside a loop,
 * iteration callback or fan-out whose bound is unknown or above `maximumStaticIterations`, not guarded by a cache
 * lookup (`control.isGuardedByCacheLookup` answers `no`), and not a retry loop around one call. Definite answers
 * only: a guard the analysis cannot judge leaves the call out.
 */
export function getPerItemKmsCalls(analysis: FileAnalysis, options: PerItemCallOptions): PerItemCall[] {
  const sites = analysis.callSites.filter((site) => site.service === 'kms' && KMS_QUOTA_CRYPTO_OPERATIONS.has(site.operation));
  if (sites.length === 0) return [];
  const control = getControl(analysis);
  const calls: PerItemCall[] = [];
  for (const site of sites) {
    const iteration = control.getIteration(site.node);
    if (!iteration) continue;
    if (iteration.bound !== undefined && iteration.bound <= options.maximumStaticIterations) continue;
    if (control.isGuardedByCacheLookup(site.node) !== 'no') continue;
    if (iteration.kind === 'loop' && isRetryLoop(site.node, iteration.node)) continue;
    calls.push({ site, iteration, repetition: describeRepetition(iteration) });
  }
  return calls;
}

/** `for…of loop`, `map callback`, `Promise.all fan-out`: the words a message uses for a repetition. */
export function describeRepetition(iteration: Iteration): string {
  if (iteration.kind === 'fan-out') return 'Promise.all fan-out';
  if (iteration.kind === 'iteration-callback') return `${iteration.form} callback`;
  const forms: Record<string, string> = { for: 'for loop', 'for-of': 'for…of loop', 'for-await': 'for await…of loop', 'for-in': 'for…in loop', while: 'while loop', 'do-while': 'do…while loop' };
  return forms[iteration.form] ?? 'loop';
}

/**
 * A retry loop: the call sits in the `try` block of a `try` inside the loop, and that block leaves the loop (`return`,
 * `break`) once the call succeeded — so the loop repeats one call, not one call per item.
 */
export function isRetryLoop(call: TSESTree.Node, loop: TSESTree.Node): boolean {
  let child: TSESTree.Node = call;
  let current = call.parent;
  while (current && current !== loop) {
    if (isFunctionNode(current)) return false;
    if (current.type === T.TryStatement && child === current.block && leavesLoop(current.block)) return true;
    child = current;
    current = current.parent;
  }
  return false;
}

/**
 * Whether a statement of the block (not in a nested function or loop) is a `return`, or a `break` with no label that
 * does not just end a `switch` case.
 */
function leavesLoop(block: TSESTree.BlockStatement): boolean {
  let found = false;
  for (const statement of block.body) {
    walk(statement, undefined, (node) => {
      if (found || isFunctionNode(node)) return false;
      if (node.type === T.ReturnStatement || (node.type === T.BreakStatement && !node.label && !isInSwitch(node, statement))) {
        found = true;
        return false;
      }
      return !isLoop(node);
    });
    if (found) return true;
  }
  return false;
}

/** True when a `switch` lies between `node` and `root`, `root` included (`node` itself not). */
function isInSwitch(node: TSESTree.Node, root: TSESTree.Node): boolean {
  for (let current = node; current !== root && current.parent; ) {
    current = current.parent;
    if (current.type === T.SwitchStatement) return true;
  }
  return false;
}
