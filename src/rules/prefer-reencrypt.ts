import { AST_NODE_TYPES as T } from '../util/ts-eslint.js';
import { getAllUses, getKeyMaterial, getKmsModel, type CallSite, type KeyUse } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Destination KeyIds (ARNs, aliases) for which a Decrypt-then-Encrypt is accepted. */
    allowedDestinationKeys?: string[];
  },
];
export type MessageId = 'preferReEncrypt';

/** KMS operations that take a `Plaintext` and return it encrypted under a KMS key. */
const ENCRYPTING_OPERATIONS: ReadonlySet<string> = new Set(['Encrypt']);

export default createRule<Options, MessageId>({
  name: 'prefer-reencrypt',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Prefer ReEncrypt over a Decrypt whose plaintext goes straight into Encrypt',
      recommended: 'warn',
      benefitsFromTypeChecking: true,
    },
    messages: {
      preferReEncrypt:
        'The plaintext of this Decrypt is only passed to the {{operation}} on line {{line}}: ReEncrypt does both inside KMS (SourceKeyId/SourceEncryptionContext, DestinationKeyId/DestinationEncryptionContext), so the plaintext never reaches this process and the caller needs no kms:Decrypt on the data.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          allowedDestinationKeys: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'KeyIds, key ARNs or aliases of destination keys for which Decrypt followed by Encrypt is accepted (for example a key whose policy does not give this caller kms:ReEncryptTo). Compared with the Encrypt request\'s literal KeyId.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ allowedDestinationKeys: [] }],
  create(context, [options]) {
    const allowed = new Set(options.allowedDestinationKeys ?? []);
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        const encrypts = new Map<unknown, CallSite>();
        for (const site of analysis.callSites) if (site.service === 'kms' && ENCRYPTING_OPERATIONS.has(site.operation)) encrypts.set(site.node, site);
        if (encrypts.size === 0) return;
        for (const material of getKeyMaterial(analysis)) {
          if (material.operation !== 'Decrypt' || material.access !== 'read') continue;
          const uses = getAllUses(material);
          const into = uses.filter((use) => isPlaintextOf(use, encrypts));
          if (into.length !== 1) continue;
          // Used locally as well (a cipher key, a function, a return, a store, a copy…): ReEncrypt would not replace it.
          if (!uses.every((use) => into.includes(use) || use.kind === 'read' || use.kind === 'wipe')) continue;
          const target = encrypts.get(into[0]!.node)!;
          const keyId = getLiteralKeyId(target);
          if (keyId !== undefined && allowed.has(keyId)) continue;
          context.report({ node: material.site.node, messageId: 'preferReEncrypt', data: { operation: target.operation, line: String(target.node.loc.start.line) } });
        }
      },
    };
  },
});

/** A use that hands the bytes, unchanged, to the `Plaintext` member of a KMS Encrypt request. */
function isPlaintextOf(use: KeyUse, encrypts: ReadonlyMap<unknown, CallSite>): boolean {
  if (use.kind !== 'leak' || use.leak !== 'persist' || !encrypts.has(use.node)) return false;
  let value = use.occurrence;
  while (value.parent && (value.parent.type === T.TSNonNullExpression || value.parent.type === T.TSAsExpression)) value = value.parent;
  const property = value.parent;
  return property?.type === T.Property && !property.computed && property.key.type === T.Identifier && property.key.name === 'Plaintext' && property.value === value;
}

/** The Encrypt request's `KeyId` when it is a known string. */
function getLiteralKeyId(site: CallSite): string | undefined {
  if (site.input.kind !== 'object') return undefined;
  const property = site.input.properties.find((candidate) => candidate.name === 'KeyId');
  return property?.value.kind === 'primitive' && typeof property.value.value === 'string' ? property.value.value : undefined;
}
