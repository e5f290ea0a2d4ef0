import { getInputProblems, getKmsModel, type InputProblemKind } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [Record<string, never>];
/** One message per kind of refused input (the analysis kinds of `input-problems.ts`). */
export type MessageId = InputProblemKind;

export default createRule<Options, MessageId>({
  name: 'no-invalid-kms-input',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow statically known KMS request inputs that the service rejects',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    messages: {
      outOfRange:
        '{{operation}} {{member}}: {{value}} is outside {{min}}..{{max}}; KMS refuses the request with ValidationException.',
      dataKeyBothLengths:
        '{{operation}} with both KeySpec and NumberOfBytes: KMS takes exactly one of them and refuses the request with ValidationException. Keep KeySpec (AES_256 or AES_128) for AES keys.',
      dataKeyNoLength:
        '{{operation}} with neither KeySpec nor NumberOfBytes: KMS needs exactly one of them (ValidationException). Add KeySpec: "AES_256" for a 256-bit data key.',
      dataKeySpec: '{{operation}} KeySpec "{{value}}" is not a data key spec ({{allowed}}); KMS refuses the request with ValidationException.',
      digestLength:
        '{{operation}} with MessageType DIGEST: the message is {{bytes}} bytes but {{algorithm}} needs a {{expected}}-byte digest; KMS refuses the request with ValidationException. Hash with the algorithm\'s hash, or pick the algorithm that matches the digest.',
      messageTooLong:
        '{{operation}} Message is {{bytes}} bytes; KMS accepts at most {{max}} (ValidationException). Sign a digest (MessageType: "DIGEST") or MAC a hash of the data instead.',
      keyUsageMissing:
        'CreateKey with KeySpec {{keySpec}} and no KeyUsage: KeyUsage may be omitted only for SYMMETRIC_DEFAULT keys; KMS refuses the request with ValidationException. Add KeyUsage: {{allowed}}.',
      keyUsageInvalid: 'CreateKey KeySpec {{keySpec}} does not support KeyUsage {{keyUsage}} (only {{allowed}}); KMS refuses the request with ValidationException.',
      rotationUnsupported:
        '{{operation}} of the key created on line {{line}}: {{reason}}, so KMS refuses the request with UnsupportedOperationException.',
      aliasPrefix: '{{operation}} AliasName "{{value}}" does not start with "alias/"; KMS refuses the request with ValidationException.',
      aliasReserved:
        '{{operation}} AliasName "{{value}}" is under "alias/aws/", which is reserved for AWS managed keys; KMS refuses the request (NotAuthorizedException).',
    },
    schema: [{ type: 'object', additionalProperties: false, properties: {} }],
  },
  defaultOptions: [{}],
  create(context) {
    return {
      'Program:exit'() {
        for (const problem of getInputProblems(getKmsModel(context))) {
          context.report({ node: problem.node, messageId: problem.kind, data: problem.data });
        }
      },
    };
  },
});
