import type { TSESTree } from '../util/ts-eslint.js';
import { getChainStart, getCiphertextNode, getControl, getFlow, getKmsModel, getSources, isDecrypt, isUndecryptedValue, getOneLineText } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Also read `.catch(callback)` of the promise chain a decrypt starts (`kms.send(…).catch(() => sealed)`). */
    checkPromiseCatch?: boolean;
  },
];
export type MessageId = 'failOpen';

export default createRule<Options, MessageId>({
  name: 'no-fail-open-decrypt',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow a catch around a KMS decrypt that falls back to the undecrypted value',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    messages: {
      failOpen:
        'When this {{operation}} fails, the catch on line {{line}} carries on with the undecrypted value ({{fallback}}): a KMS error (AccessDeniedException, InvalidCiphertextException, a wrong encryption context) then hands ciphertext or a raw configured value to code that expects plaintext. Rethrow, or stop the process.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkPromiseCatch: {
            type: 'boolean',
            description: 'Also read the `.catch(callback)` (or the second `.then` callback) of the promise chain a decrypt starts, as well as `try`/`catch` around it.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkPromiseCatch: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        const decrypts = analysis.callSites.filter(isDecrypt);
        if (decrypts.length === 0) return;
        const control = getControl(analysis);
        const decryptNodes = new Set<TSESTree.Node>(decrypts.map((site) => site.node));
        for (const site of decrypts) {
          const ciphertext = getCiphertextNode(analysis, getFlow(analysis), site);
          if (!ciphertext) continue;
          const sources = getSources(analysis, ciphertext);
          if (sources.variables.size === 0 && sources.texts.size === 0) continue;
          const fallbacks: { node: TSESTree.Node; fallback: TSESTree.Node }[] = [];
          for (const clause of control.getCatchContexts(site.node)) {
            if (clause.outcome === 'rethrows' || clause.outcome === 'exits') continue;
            // A second decrypt in the catch (the two-attempt Lambda pattern) is not a fallback.
            if (clause.calls.some((call) => decryptNodes.has(call) || call.arguments.some((argument) => decryptNodes.has(argument)))) continue;
            const candidates = [...clause.returns, ...clause.assignments.map((assignment) => assignment.right)];
            const fallback = candidates.find((candidate) => candidate && isUndecryptedValue(analysis, candidate, sources));
            if (fallback) fallbacks.push({ node: clause.clause, fallback });
            break;
          }
          const chainCatch = options.checkPromiseCatch === false ? undefined : control.getPromiseCatch(getChainStart(site.node));
          if (chainCatch && chainCatch.outcome !== 'rethrows' && chainCatch.outcome !== 'exits') {
            const fallback = chainCatch.returns.find((candidate) => candidate && isUndecryptedValue(analysis, candidate, sources));
            if (fallback) fallbacks.push({ node: chainCatch.callback, fallback });
          }
          const first = fallbacks[0];
          if (!first) continue;
          context.report({
            node: site.node,
            messageId: 'failOpen',
            data: { operation: site.operation === 'Decrypt' ? 'Decrypt' : 'Encryption SDK decrypt', line: String(first.node.loc.start.line), fallback: getOneLineText(analysis.sourceCode.getText(first.fallback)) },
          });
        }
      },
    };
  },
});

