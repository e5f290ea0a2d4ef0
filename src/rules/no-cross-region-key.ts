import type { TSESTree } from '../util/ts-eslint.js';
import { getClientRegion, getKmsModel, getResolvedGroups, lookupProperty, type KeyIdentity, type ResolvedGroup, type StaticValue } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Check alias ARNs (`arn:aws:kms:REGION:ACCOUNT:alias/…`) as well as key ARNs. */
    checkAliasArns?: boolean;
  },
];
export type MessageId = 'crossRegionKey' | 'crossRegionMultiRegionKey' | 'useLocalReplica';

export default createRule<Options, MessageId>({
  name: 'no-cross-region-key',
  meta: {
    type: 'problem',
    docs: {
      description: "Disallow a key ARN whose Region differs from the KMS client's Region",
      recommended: 'error',
    },
    hasSuggestions: true,
    messages: {
      crossRegionKey:
        '{{member}} is a KMS key in {{keyRegion}} ({{key}}), but this {{operation}} goes to a client for {{clientRegion}}: KMS keys are Regional and KMS answers NotFoundException. Use a key in {{clientRegion}}, or a client for {{keyRegion}}.',
      crossRegionMultiRegionKey:
        '{{member}} is the {{keyRegion}} ARN of the multi-Region key {{keyId}}, but this {{operation}} goes to a client for {{clientRegion}}: KMS answers NotFoundException. Use the key\'s replica in {{clientRegion}} (same key id, that Region\'s ARN), or a client for {{keyRegion}}.',
      useLocalReplica: "Use the {{clientRegion}} replica's ARN ({{replica}}); the replica must exist (ReplicateKey).",
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkAliasArns: {
            type: 'boolean',
            description: 'Also report alias ARNs (`arn:aws:kms:REGION:ACCOUNT:alias/NAME`) whose Region differs from the client\'s. Default true.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkAliasArns: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        for (const site of analysis.callSites) {
          if (site.service !== 'kms') continue;
          const groups = getResolvedGroups(site);
          if (!groups.some((group) => group.key.state === 'known')) continue;
          const client = getClientRegion(analysis, site);
          if (client.state !== 'known') continue;
          for (const group of groups) {
            const key = getForeignKey(group, client.region, options.checkAliasArns !== false);
            if (!key) continue;
            const member = group.key.member ?? 'KeyId';
            const data = { member, key: key.text, keyId: key.keyId ?? '', keyRegion: key.region!, clientRegion: client.region, operation: site.operation };
            if (!key.multiRegion) {
              context.report({ node: site.node, messageId: 'crossRegionKey', data });
              continue;
            }
            const replica = key.text.replace(`:kms:${key.region}:`, `:kms:${client.region}:`);
            const valueNode = getMemberValueNode(site.input, member);
            context.report({
              node: site.node,
              messageId: 'crossRegionMultiRegionKey',
              data,
              suggest: valueNode
                ? [{ messageId: 'useLocalReplica', data: { clientRegion: client.region, replica }, fix: (fixer) => fixer.replaceText(valueNode, `'${replica}'`) }]
                : [],
            });
          }
        }
      },
    };
  },
});

/** The first ARN the group's key may be whose Region is not `region` (key ARNs; alias ARNs when asked). */
function getForeignKey(group: ResolvedGroup, region: string, checkAliasArns: boolean): KeyIdentity | undefined {
  if (group.key.state !== 'known') return undefined;
  return group.key.keys.find((key) => (key.form === 'key-arn' || (checkAliasArns && key.form === 'alias-arn')) && key.region !== undefined && key.region !== '' && key.region !== region);
}

/** The expression written for `member` in the request literal (not one reached through a spread). */
function getMemberValueNode(input: StaticValue, member: string): TSESTree.Node | undefined {
  const lookup = lookupProperty(input, member);
  return lookup.state === 'present' ? lookup.propertyNode?.value : undefined;
}
