import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import {
  type ContextEntry,
  type ContextSite,
  findKeySpellingConflicts,
  findUnmatchedKeySets,
  findValueCaseMismatches,
  getContextSiteScope,
  getKeySet,
  getKmsModel,
  type SourcePlace,
  type SourceRange,
  uniqueEntries,
} from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

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

/** How many producing sites an `unmatchedKeySet` message lists before "and N more". */
const MAX_LISTED = 3;

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
    return {
      'Program:exit'() {
        const scope = getContextSiteScope(getKmsModel(context), context.filename);
        // Every report is about a place in this file: skip the program-wide comparisons when no site, key or value is here.
        if (!scope.sites.some((site) => isInFile(site, scope.file))) return;
        const reporter = new Reporter(context, scope.file);
        if (options.checkKeyNames !== false) {
          for (const conflict of findKeySpellingConflicts(scope.sites)) {
            if (conflict.entry.key.file !== scope.file) continue;
            const { entry, expected, keyId } = conflict;
            const data = {
              key: entry.name,
              expected,
              operation: describeOperation(conflict.expectedSite),
              location: reporter.formatPlace(conflict.expectedAt.key),
            };
            const suggest = getRenameSuggestion(entry, expected);
            if (keyId === undefined) reporter.report(entry.key.range, 'keySpellingUnknownKey', data, suggest);
            else reporter.report(entry.key.range, 'keySpelling', { ...data, keyId }, suggest);
          }
        }
        if (options.checkKeySets !== false) {
          const unmatched = findUnmatchedKeySets(scope.sites, { skipSpellingVariants: options.checkKeyNames !== false });
          for (const { site, producers } of unmatched) {
            if (site.place.file !== scope.file) continue;
            reporter.report(site.place.range, 'unmatchedKeySet', {
              operation: describeOperation(site),
              keys: formatKeySet(site),
              keyId: site.keyId!,
              produced: formatProducers(producers, reporter),
            });
          }
        }
        if (options.checkValues !== false) {
          for (const mismatch of findValueCaseMismatches(scope.sites)) {
            const place = mismatch.entry.valuePlace;
            if (!place || place.file !== scope.file) continue;
            reporter.report(place.range, 'valueCase', {
              value: mismatch.entry.value.kind === 'string' ? mismatch.entry.value.value ?? '' : '',
              key: mismatch.entry.name,
              expected: mismatch.expected,
              location: reporter.formatPlace(mismatch.expectedAt.key),
              keyId: mismatch.site.keyId!,
            });
          }
        }
        if (options.checkValueTypes !== false) {
          for (const entry of uniqueEntries(scope.sites)) {
            const place = entry.valuePlace;
            if (entry.value.kind !== 'non-string' || !place || place.file !== scope.file) continue;
            if (entry.value.type === 'null') reporter.report(place.range, 'nullValue', { key: entry.name });
            else reporter.report(place.range, 'nonStringValue', { key: entry.name, type: describeType(entry.value.type) });
          }
        }
      },
    };
  },
});

type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

/** True when the site, or one of its context keys or values (an imported context const), is written in `file`. */
function isInFile(site: ContextSite, file: string): boolean {
  return site.place.file === file || site.entries.some((entry) => entry.key.file === file || entry.valuePlace?.file === file);
}

class Reporter {
  private readonly reported = new Set<string>();

  constructor(
    private readonly context: Context,
    private readonly file: string,
  ) {}

  report(
    range: SourceRange,
    messageId: MessageId,
    data: Record<string, string>,
    suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] = [],
  ): void {
    const id = `${messageId}:${range[0]}:${range[1]}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    const sourceCode = this.context.sourceCode;
    this.context.report({
      loc: { start: sourceCode.getLocFromIndex(range[0]), end: sourceCode.getLocFromIndex(range[1]) },
      messageId,
      data,
      suggest,
    });
  }

  /** `src/store.ts:42`: the place's file relative to ESLint's working directory, with `/` separators. */
  formatPlace(place: SourcePlace): string {
    const file = place.file === this.file ? this.context.filename : place.file;
    const relative = path.relative(this.context.cwd, file) || path.basename(file);
    return `${relative.replaceAll('\\', '/')}:${place.line}`;
  }
}

function getRenameSuggestion(entry: ContextEntry, expected: string): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  const range = entry.key.range;
  let text: string;
  switch (entry.keyForm) {
    case 'identifier':
    case 'string':
      text = formatKey(expected, entry.quote);
      break;
    case 'shorthand':
      text = `${formatKey(expected, undefined)}: ${entry.name}`;
      break;
    default:
      // A computed key names a constant elsewhere; renaming it here would be wrong.
      return [];
  }
  return [{ messageId: 'renameKey', data: { expected }, fix: (fixer) => fixer.replaceTextRange([range[0], range[1]], text) }];
}

/** A property key for `name`: bare when it is an identifier, otherwise quoted (with the original quote when known). */
function formatKey(name: string, quote: string | undefined): string {
  if (quote === undefined && /^[A-Za-z_$][\w$]*$/.test(name)) return name;
  const q = quote ?? "'";
  return `${q}${name.replaceAll('\\', '\\\\').replaceAll(q, `\\${q}`)}${q}`;
}

/** `Decrypt`, `GenerateDataKey`, `ReEncrypt (source)`, `ReEncrypt (destination)`. */
function describeOperation(site: ContextSite): string {
  if (site.operation !== 'ReEncrypt') return site.operation;
  return site.side === 'decrypt' ? 'ReEncrypt (source)' : 'ReEncrypt (destination)';
}

/** `{ documentId, tenantId }`, or `{} (no encryption context)` for an absent or empty one (the same to KMS). */
function formatKeySet(site: ContextSite): string {
  const keys = getKeySet(site);
  return keys.length === 0 ? '{} (no encryption context)' : `{ ${keys.join(', ')} }`;
}

function formatProducers(producers: readonly ContextSite[], reporter: Reporter): string {
  const listed = producers.slice(0, MAX_LISTED).map((site) => `${formatKeySet(site)} at ${reporter.formatPlace(site.place)}`);
  const more = producers.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

function describeType(type: string): string {
  switch (type) {
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'bytes':
      return 'a byte array';
    case 'function':
      return 'a function';
    default:
      return `a ${type}`;
  }
}
