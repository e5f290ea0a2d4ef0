import { getKmsModel, getPerItemKmsCalls } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Repetitions whose number of iterations is statically known and at most this many are not reported. */
    maximumStaticIterations?: number;
  },
];
export type MessageId = 'perItemCall';

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
        for (const { site, repetition } of getPerItemKmsCalls(getKmsModel(context), { maximumStaticIterations: maximum })) {
          context.report({ node: site.node, messageId: 'perItemCall', data: { operation: site.operation, repetition } });
        }
      },
    };
  },
});
