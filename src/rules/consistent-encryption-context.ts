import { getContextProblems, getContextSiteScope, getKmsModel } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';
import { getRenameContextKeyFix } from '../util/fixes.js';
import { RangeReporter } from '../util/report-places.js';

export type Options = [
  {
    /** Report context keys spelled differently (case, separators) on the other side (encrypt / decrypt) of the same KMS key. */
    checkKeyNames?: boolean;
    /** Report decrypt-side contexts whose key set no encrypt-side context for the same KMS key produces. */
    checkKeySets?: boolean;
    /** Report decrypt-side values that differ only in case from the encrypt side's. */
    checkValues?: boolean;
    /** Report context values that are not strings. */
    checkValueTypes?: boolean;
  },
];
export type MessageId = 'keySpelling' | 'keySpellingUnknownKey' | 'renameKey' | 'unmatchedKeySet' | 'valueCase' | 'nonStringValue' | 'nullValue';

export default createRule<Options, MessageId>({
  name: 'consistent-encryption-context',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require encryption contexts that can match: one spelling per key, decrypt key sets that an encrypt produces, string values',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      keySpelling:
        'Encryption context key `{{key}}` here, but `{{expected}}` in the {{operation}} at {{location}} for the same KMS key ({{keyId}}). KMS compares context keys exactly (case and separators included): a ciphertext bound to one spelling fails to decrypt with the other (InvalidCiphertextException).',
      keySpellingUnknownKey:
        'Encryption context key `{{key}}` here, but `{{expected}}` in the {{operation}} at {{location}}, in the same file; the KMS key of neither call is statically known. If both use the same key, a ciphertext bound to one spelling fails to decrypt with the other: KMS compares context keys exactly, case and separators included (InvalidCiphertextException).',
      renameKey: 'Rename the key to `{{expected}}`.',
      unmatchedKeySet:
        '{{operation}} presents the context keys {{keys}} for {{keyId}}, but no encrypt site for that key produces them: {{produced}}. KMS decrypts only with exactly the context used to encrypt (InvalidCiphertextException).',
      valueCase:
        'Encryption context value "{{value}}" of `{{key}}` differs only in case from "{{expected}}" at {{location}}, where {{keyId}} encrypts. KMS compares values case-sensitively (InvalidCiphertextException).',
      nonStringValue:
        'Encryption context value of `{{key}}` is {{type}}, not a string. An encryption context maps strings to strings: KMS rejects the request (the v2 SDK already refuses it with InvalidParameterType). Pass a string, e.g. String(value).',
      nullValue:
        'Encryption context value of `{{key}}` is null. The SDK drops null pairs without a word, so the context sent to KMS has no `{{key}}`; pass a string.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkKeyNames: {
            type: 'boolean',
            description: 'Report context keys that an encrypt-side and a decrypt-side call of the same KMS key spell differently, in case or separators only (TenantId / tenantId / tenant_id); across the whole program with type information.',
          },
          checkKeySets: {
            type: 'boolean',
            description: 'Report Decrypt / ReEncrypt-source contexts whose key set no Encrypt / GenerateDataKey* / ReEncrypt-destination context for the same KMS key produces.',
          },
          checkValues: {
            type: 'boolean',
            description: 'Report decrypt-side literal values that differ only in case from the literal the encrypt side uses for the same key.',
          },
          checkValueTypes: {
            type: 'boolean',
            description: 'Report context values that are not strings (numbers, booleans, null, objects, arrays).',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkKeyNames: true, checkKeySets: true, checkValues: true, checkValueTypes: true }],
  create(context, [options]) {
    const checks = {
      checkKeyNames: options.checkKeyNames !== false,
      checkKeySets: options.checkKeySets !== false,
      checkValues: options.checkValues !== false,
      checkValueTypes: options.checkValueTypes !== false,
    };
    return {
      'Program:exit'() {
        const scope = getContextSiteScope(getKmsModel(context), context.filename);
        const reporter = new RangeReporter(context, scope.file);
        for (const problem of getContextProblems(scope, checks, (place) => reporter.formatPlace(place))) {
          const fix = problem.rename && getRenameContextKeyFix(problem.rename.entry, problem.rename.expected);
          const suggest = fix ? [{ messageId: 'renameKey' as const, data: { expected: problem.rename!.expected }, fix }] : [];
          reporter.report(problem.range, problem.kind, problem.data, suggest);
        }
      },
    };
  },
});
