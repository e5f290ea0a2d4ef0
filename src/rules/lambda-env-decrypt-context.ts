import { LAMBDA_CONTEXT_KEY, LAMBDA_FUNCTION_NAME_VARIABLE, getControl, getKmsModel, getLambdaEnvDecrypts, type LambdaEnvDecrypt } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Report a Decrypt of an environment variable that runs on every invocation of the handler. */
    checkPerInvocation?: boolean;
    /** Environment variables encrypted without a context (not by the console's helpers). */
    ignoredVariables?: string[];
    /** Take every environment variable of Lambda code to be encrypted by the console's helpers. */
    assumeConsoleEncrypted?: boolean;
  },
];
export type MessageId = 'missingContext' | 'misspeltKey' | 'perInvocation';

export default createRule<Options, MessageId>({
  name: 'lambda-env-decrypt-context',
  meta: {
    type: 'problem',
    docs: {
      description: "Require the Lambda console's encryption context on a Decrypt of an encrypted environment variable, once per container",
      recommended: 'error',
      benefitsFromTypeChecking: false,
    },
    messages: {
      missingContext: `This Decrypt of the environment variable {{variable}} passes no encryption context, but the Lambda console's encryption helpers encrypt with { ${LAMBDA_CONTEXT_KEY}: <function name> }: KMS answers InvalidCiphertextException. Pass EncryptionContext: { ${LAMBDA_CONTEXT_KEY}: process.env.${LAMBDA_FUNCTION_NAME_VARIABLE} } (or try both, if some values were encrypted with the CLI).`,
      misspeltKey: `The encryption context key '{{key}}' is not the one the Lambda console encrypts with: the key is exactly '${LAMBDA_CONTEXT_KEY}' (context keys are case-sensitive and bound to the ciphertext), so this Decrypt fails with InvalidCiphertextException.`,
      perInvocation:
        'This Decrypt of the environment variable {{variable}} runs on every invocation of the handler on line {{line}}: decrypt once per container instead (at module scope, or keep the promise or the plaintext in a module-level variable); every call spends the account\'s shared KMS request quota and adds latency.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkPerInvocation: {
            type: 'boolean',
            description: 'Report a Decrypt of an environment variable that runs inside a Lambda handler on every invocation (not at module scope, not behind a cache or a module-level memo).',
          },
          assumeConsoleEncrypted: {
            type: 'boolean',
            description:
              'Report a missing context in any Lambda code (a file with an exported handler). By default only in files that show the console\'s context elsewhere (they name LambdaFunctionName or AWS_LAMBDA_FUNCTION_NAME): values encrypted by deployment tooling (the CLI, serverless-kms-secrets) carry no context.',
          },
          ignoredVariables: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Names of environment variables whose values were encrypted without an encryption context (for example with `aws kms encrypt` and no `--encryption-context`): no missing-context report for them.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkPerInvocation: true, ignoredVariables: [], assumeConsoleEncrypted: false }],
  create(context, [options]) {
    const ignored = new Set(options.ignoredVariables ?? []);
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        if (!analysis.callSites.some((site) => site.operation === 'Decrypt')) return;
        for (const decrypt of getLambdaEnvDecrypts(analysis, getControl(analysis))) {
          const variable = describeVariable(decrypt);
          if (decrypt.context === 'misspelt') {
            for (const { key, property } of decrypt.misspelt) context.report({ node: property, messageId: 'misspeltKey', data: { key } });
          } else if (isMissingContext(decrypt, ignored, options.assumeConsoleEncrypted === true)) {
            context.report({ node: decrypt.site.node, messageId: 'missingContext', data: { variable } });
          }
          if (options.checkPerInvocation !== false && decrypt.perInvocation) {
            context.report({ node: decrypt.site.node, messageId: 'perInvocation', data: { variable, line: String(decrypt.perInvocation.loc.start.line) } });
          }
        }
      },
    };
  },
});

/**
 * No context on every path, not one of two attempts, in a file that shows the console's context elsewhere (or any
 * Lambda code when assumed), and not a variable the user says has none.
 */
function isMissingContext(decrypt: LambdaEnvDecrypt, ignored: ReadonlySet<string>, assumeConsoleEncrypted: boolean): boolean {
  if (decrypt.context !== 'missing' || decrypt.twoAttempt) return false;
  if (!(assumeConsoleEncrypted ? decrypt.inLambdaCode : decrypt.namesLambdaContext)) return false;
  return decrypt.variable === undefined || !ignored.has(decrypt.variable);
}

function describeVariable(decrypt: LambdaEnvDecrypt): string {
  return decrypt.variable === undefined ? '(computed name)' : decrypt.variable;
}
