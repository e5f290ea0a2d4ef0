import path from 'node:path';
import { AST_NODE_TYPES as T, type TSESLint } from '../util/ts-eslint.js';
import { findAlgorithmMismatches, getKmsModel, type AlgorithmMismatch } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [{}];
export type MessageId = 'missingAlgorithm' | 'changedAlgorithm' | 'addAlgorithm';

export default createRule<Options, MessageId>({
  name: 'consistent-encryption-algorithm',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the Decrypt of an asymmetric ciphertext to name the algorithm its Encrypt used',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      missingAlgorithm:
        '{{operation}} for {{keyId}} has no {{member}}, but the {{producer}} at {{location}} encrypts under that key with {{expected}}. Without it KMS uses SYMMETRIC_DEFAULT, which an asymmetric key refuses (InvalidKeyUsageException).',
      changedAlgorithm:
        '{{operation}} for {{keyId}} uses {{member}} {{found}}, but the {{producer}} at {{location}} encrypts under that key with {{expected}}. An RSA ciphertext opens only with the algorithm it was encrypted with.',
      addAlgorithm: "Add {{member}}: '{{algorithm}}'.",
    },
    schema: [{ type: 'object', additionalProperties: false, properties: {} }],
  },
  defaultOptions: [{}],
  create(context) {
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        if (analysis.callSites.length === 0) return;
        for (const mismatch of findAlgorithmMismatches(analysis, context.filename)) {
          const { site, member, found, expected, producer } = mismatch;
          const data = {
            operation: site.operation === 'ReEncrypt' ? 'ReEncrypt (source)' : site.operation,
            keyId: producer.keyText,
            member,
            producer: producer.operation === 'ReEncrypt' ? 'ReEncrypt (destination)' : producer.operation,
            location: formatPlace(context, producer.place.file, producer.place.line),
            expected: expected.join(' or '),
            found: found?.join(' | ') ?? '',
          };
          if (found === undefined) context.report({ node: site.node, messageId: 'missingAlgorithm', data, suggest: getAddSuggestion(mismatch) });
          else context.report({ node: site.node, messageId: 'changedAlgorithm', data });
        }
      },
    };
  },
});

type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

/** `src/partner.ts:29`: relative to ESLint's working directory, with `/` separators. */
function formatPlace(context: Context, file: string, line: number): string {
  const relative = path.relative(context.cwd, file) || path.basename(file);
  return `${relative.replaceAll('\\', '/')}:${line}`;
}

/** Inserts the one algorithm the key is encrypted with into the request literal written here. */
function getAddSuggestion(mismatch: AlgorithmMismatch): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  const objectNode = mismatch.site.input.kind === 'object' ? mismatch.site.input.node : undefined;
  const algorithm = mismatch.expected[0]!;
  if (objectNode?.type !== T.ObjectExpression || mismatch.expected.length !== 1) return [];
  const last = objectNode.properties[objectNode.properties.length - 1];
  const text = `${mismatch.member}: '${algorithm}'`;
  return [
    {
      messageId: 'addAlgorithm',
      data: { member: mismatch.member, algorithm },
      fix: (fixer) => (last ? fixer.insertTextAfter(last, `, ${text}`) : fixer.replaceText(objectNode, `{ ${text} }`)),
    },
  ];
}
