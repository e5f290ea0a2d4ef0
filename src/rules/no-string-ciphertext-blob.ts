import { getKmsModel, getResolvedGroups, getStringBlobEvidence, type StringBlobKind } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [{}];
export type MessageId = 'stringCiphertextBlob' | 'utf8OfBase64' | 'decodeBase64' | 'addBase64Encoding';

/** How each kind of evidence is named in the message. */
const DESCRIPTIONS: Readonly<Record<StringBlobKind, string>> = {
  'string-literal': 'a string',
  'template-literal': 'a template literal (a string)',
  'env-var': 'an environment variable (a string)',
  'to-string': 'a string made from another value',
  'string-type': 'a value of type string',
  'utf8-of-base64': 'the characters of base64 text',
};

export default createRule<Options, MessageId>({
  name: 'no-string-ciphertext-blob',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow a string (base64 text) as CiphertextBlob where KMS expects the ciphertext bytes',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      stringCiphertextBlob:
        '{{member}} of {{operation}} is {{what}}: the SDK sends the UTF-8 bytes of the text, not the ciphertext it encodes, and KMS answers InvalidCiphertextException. Pass the bytes (a Uint8Array); for base64 text, Buffer.from(text, \'base64\').',
      utf8OfBase64:
        "{{member}} of {{operation}} is Buffer.from() of base64 text without the 'base64' encoding: the buffer holds the characters, not the ciphertext, and KMS answers InvalidCiphertextException.",
      decodeBase64: "Decode the text: Buffer.from(…, 'base64').",
      addBase64Encoding: "Decode with the 'base64' encoding.",
    },
    schema: [{ type: 'object', additionalProperties: false, properties: {} }],
  },
  defaultOptions: [{}],
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        for (const site of analysis.callSites) {
          if (site.service !== 'kms') continue;
          for (const group of getResolvedGroups(site)) {
            if (group.payloadMember !== 'CiphertextBlob' || group.payload?.state !== 'present') continue;
            const property = group.payload.propertyNode;
            if (!property) continue;
            const value = property.value;
            const evidence = getStringBlobEvidence(analysis, value);
            if (!evidence) continue;
            const data = { member: group.payloadMember, operation: site.operation, what: DESCRIPTIONS[evidence.kind] };
            if (evidence.kind === 'utf8-of-base64') {
              const call = evidence.source;
              // The suggestion edits the call only when it is written right here (not a constant defined elsewhere).
              const inline = call.type === 'CallExpression' && call.range[0] >= value.range[0] && call.range[1] <= value.range[1] ? call : undefined;
              const text = inline?.arguments[0];
              context.report({
                node: property,
                messageId: 'utf8OfBase64',
                data,
                suggest: inline && text
                  ? [{ messageId: 'addBase64Encoding', fix: (fixer) => fixer.replaceTextRange([text.range[0], inline.range[1]], `${sourceCode.getText(text)}, 'base64')`) }]
                  : [],
              });
              continue;
            }
            // `x.toString()` of bytes wants the `.toString()` dropped, not a decode: no suggestion for it.
            context.report({
              node: property,
              messageId: 'stringCiphertextBlob',
              data,
              suggest: evidence.kind === 'to-string' ? [] : [{ messageId: 'decodeBase64', fix: (fixer) => fixer.replaceText(value, `Buffer.from(${sourceCode.getText(value)}, 'base64')`) }],
            });
          }
        }
      },
    };
  },
});
