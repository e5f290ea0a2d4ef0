import type { TSESLint, TSESTree } from '../util/ts-eslint.js';
import {
  type FileAnalysis,
  getKeyMaterial,
  getKmsModel,
  getReturnedKeys,
  getTryFinallyEdit,
  type KeyMaterialOperation,
  type KeyRegion,
  type TrackedKey,
} from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Extra function names (`zeroize`, `utils.wipe`) that wipe their first argument. */
    wipeFunctions?: string[];
    /** Also check Decrypt results that are used as a cipher key. */
    checkDecryptedKeys?: boolean;
  },
];
export type MessageId = 'keyNotWiped' | 'returnedKeyNotWiped' | 'keyCopyNotWiped' | 'keyConvertedToString' | 'wrapInTryFinally';

export default createRule<Options, MessageId>({
  name: 'require-data-key-zeroization',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require plaintext data keys from KMS to be wiped on every path after use, and never turned into strings',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      keyNotWiped:
        'The plaintext key bytes from {{operation}} (`{{member}}`) are not wiped on every path after their last use. Overwrite them with `.fill(0)` in a `finally` block that covers every use, so an exception or early return cannot leave the key in process memory.',
      returnedKeyNotWiped:
        'The plaintext key bytes from {{operation}} (`{{member}}`) that `{{helper}}` returns are not wiped on every path after their last use here. The caller owns the key once the helper returns it: overwrite it with `.fill(0)` in a `finally` block that covers every use.',
      keyCopyNotWiped:
        'This copy of the plaintext key bytes from {{operation}} (`{{member}}`, made by {{copy}}) is separate memory and is not wiped on every path after its last use. Wiping the original does not wipe a copy: wipe it too, in a `finally` block.',
      keyConvertedToString:
        'The plaintext key bytes from {{operation}} (`{{member}}`) are turned into a string by {{conversion}}. A JavaScript string is immutable and cannot be wiped, so the key stays in memory until garbage collection, whatever happens to the buffer. Keep key bytes in a Buffer or Uint8Array.',
      wrapInTryFinally: 'Wrap the code that uses the key in `try { … } finally { {{wipe}} }`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          wipeFunctions: {
            type: 'array',
            description: 'Names of functions (as called, e.g. "zeroize" or "secure.wipe") that overwrite their first argument with zeros.',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
          },
          checkDecryptedKeys: {
            type: 'boolean',
            description: 'Also check Decrypt results that are used as a cipher key (createCipheriv/createDecipheriv, gcm(), subtle.importKey).',
          },
        },
      },
    ],
  },
  defaultOptions: [{ wipeFunctions: [], checkDecryptedKeys: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        const wipeFunctions = { wipeFunctions: options.wipeFunctions ?? [] };
        const reported = new Set<TSESTree.Node>();
        const keys: KeyProducer[] = getKeyMaterial(analysis, wipeFunctions).map((material) => ({ ...material, helper: undefined }));
        for (const returned of getReturnedKeys(analysis, wipeFunctions)) keys.push(returned);
        for (const key of keys) {
          if (key.operation === 'Decrypt' && (options.checkDecryptedKeys === false || !key.usedAsCipherKey)) continue;
          for (const region of key.regions) {
            if (!reported.has(region.reportNode) && isUnwiped(region)) {
              reported.add(region.reportNode);
              reportUnwiped(context, analysis, key, region);
            }
            for (const use of region.uses) {
              if (use.kind !== 'leak' || (use.leak !== 'string' && use.leak !== 'json') || reported.has(use.node)) continue;
              reported.add(use.node);
              context.report({
                node: use.node,
                messageId: 'keyConvertedToString',
                data: { operation: key.operation, member: key.member, conversion: `\`${use.detail}\`` },
              });
            }
          }
        }
      },
    };
  },
});

type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

/** Key bytes from a KMS call in this file, or handed back by a helper (`helper`, as called) that returns them. */
type KeyProducer = TrackedKey & { readonly operation: KeyMaterialOperation; readonly member: string; readonly helper: string | undefined };

/**
 * A region is reported when the code still owns it (nothing returned, stored or handed it on, no unknown use), it is
 * used as key bytes (not only read or turned into strings, which have their own message), and no wipe covers it.
 */
function isUnwiped(region: KeyRegion): boolean {
  if (region.ownershipMoves || region.coveringWipe) return false;
  return region.uses.some((use) => use.kind !== 'read' && use.kind !== 'wipe' && !(use.kind === 'leak' && (use.leak === 'string' || use.leak === 'json' || use.leak === 'log')));
}

function reportUnwiped(context: Context, analysis: FileAnalysis, key: KeyProducer, region: KeyRegion): void {
  const copyUse = region.parent?.uses.find((use) => use.copy === region);
  const edit = getTryFinallyEdit(analysis, region);
  const messageId = region.kind === 'copy' ? 'keyCopyNotWiped' : key.helper !== undefined ? 'returnedKeyNotWiped' : 'keyNotWiped';
  context.report({
    node: region.reportNode,
    messageId,
    data: { operation: key.operation, member: key.member, copy: `\`${copyUse?.detail ?? 'a copy'}\``, helper: key.helper ?? '' },
    suggest: edit ? [{ messageId: 'wrapInTryFinally', data: { wipe: edit.wipe }, fix: (fixer) => fixer.replaceTextRange(edit.range as [number, number], edit.text) }] : [],
  });
}
