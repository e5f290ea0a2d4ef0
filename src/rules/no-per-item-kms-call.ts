import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import { getControl, getKmsModel, type Iteration } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Repetitions whose number of iterations is statically known and at most this many are not reported. */
    maximumStaticIterations?: number;
  },
];
export type MessageId = 'perItemCall';

/**
 * KMS operations that spend the account's shared request quota for cryptographic operations, per call (KMS-FACTS
 * "Request quota": symmetric ops share one quota; RSA/ECC ops have their own, lower one).
 */
const CRYPTO_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateMac',
  'VerifyMac',
  'GenerateRandom',
  'Sign',
  'Verify',
]);

export default createRule<Options, MessageId>({
  name: 'no-per-item-kms-call',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow a KMS crypto call per item of a loop, iteration callback or Promise.all fan-out',
      recommended: 'warn',
      benefitsFromTypeChecking: true,
    },
    messages: {
      perItemCall:
        "{{operation}} runs once per item of this {{repetition}}: every call spends the account's shared per-Region KMS request quota, and a large batch ends in ThrottlingException. Generate one data key per batch and encrypt the items locally with it, or use the Encryption SDK with a NodeCachingMaterialsManager.",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          maximumStaticIterations: {
            type: 'integer',
            minimum: 0,
            description:
              'A loop, iteration callback or fan-out whose number of iterations is statically known (`for (let i = 0; i < 3; i++)`, `[a, b].map(…)`) and at most this many is not reported.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ maximumStaticIterations: 10 }],
  create(context, [options]) {
    const maximum = options.maximumStaticIterations ?? 10;
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        const sites = analysis.callSites.filter((site) => site.service === 'kms' && CRYPTO_OPERATIONS.has(site.operation));
        if (sites.length === 0) return;
        const control = getControl(analysis);
        for (const site of sites) {
          const iteration = control.getIteration(site.node);
          if (!iteration) continue;
          if (iteration.bound !== undefined && iteration.bound <= maximum) continue;
          if (control.isGuardedByCacheLookup(site.node) !== 'no') continue;
          if (iteration.kind === 'loop' && isRetryLoop(site.node, iteration.node)) continue;
          context.report({ node: site.node, messageId: 'perItemCall', data: { operation: site.operation, repetition: describeRepetition(iteration) } });
        }
      },
    };
  },
});

/** `for…of` loop, `map` callback, `Promise.all` fan-out: the words the message uses for a repetition. */
function describeRepetition(iteration: Iteration): string {
  if (iteration.kind === 'fan-out') return 'Promise.all fan-out';
  if (iteration.kind === 'iteration-callback') return `${iteration.form} callback`;
  const forms: Record<string, string> = { for: 'for loop', 'for-of': 'for…of loop', 'for-await': 'for await…of loop', 'for-in': 'for…in loop', while: 'while loop', 'do-while': 'do…while loop' };
  return forms[iteration.form] ?? 'loop';
}

/**
 * A retry loop: the call sits in the `try` block of a `try` inside the loop, and that block leaves the loop (`return`,
 * `break`) once the call succeeded — so the loop repeats one call, not one call per item.
 */
function isRetryLoop(call: TSESTree.Node, loop: TSESTree.Node): boolean {
  let child: TSESTree.Node = call;
  let current = call.parent;
  while (current && current !== loop) {
    if (isFunction(current)) return false;
    if (current.type === T.TryStatement && child === current.block && leavesLoop(current.block)) return true;
    child = current;
    current = current.parent;
  }
  return false;
}

/** Whether a statement of the block (not in a nested function or loop) is a `return` or an unlabelled `break`. */
function leavesLoop(block: TSESTree.BlockStatement): boolean {
  let found = false;
  const visit = (node: TSESTree.Node, inSwitch: boolean): void => {
    if (found || isFunction(node)) return;
    if (node.type === T.ReturnStatement || (node.type === T.BreakStatement && !node.label && !inSwitch)) {
      found = true;
      return;
    }
    if (isLoopNode(node)) return;
    const nextInSwitch = inSwitch || node.type === T.SwitchStatement;
    for (const value of Object.values(node)) {
      if (value === node.parent) continue;
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item, nextInSwitch);
      } else if (isNode(value)) {
        visit(value, nextInSwitch);
      }
    }
  };
  for (const statement of block.body) visit(statement, false);
  return found;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function isFunction(node: TSESTree.Node): boolean {
  return node.type === T.FunctionDeclaration || node.type === T.FunctionExpression || node.type === T.ArrowFunctionExpression;
}

function isLoopNode(node: TSESTree.Node): boolean {
  return (
    node.type === T.ForStatement ||
    node.type === T.ForOfStatement ||
    node.type === T.ForInStatement ||
    node.type === T.WhileStatement ||
    node.type === T.DoWhileStatement
  );
}
