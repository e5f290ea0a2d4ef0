import {
  GRANT_CONSTRAINT_MEMBERS,
  GRANT_CONTEXT_OPERATIONS,
  MAX_GRANT_CONSTRAINT_PAIRS,
  getKmsModel,
  getKnownStrings,
  lookupProperty,
  type PropertyLookup,
  type StaticValue,
} from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [{}];
export type MessageId = 'missingConstraints' | 'tooManyPairs';

export default createRule<Options, MessageId>({
  name: 'require-grant-constraints',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Require encryption-context constraints on grants for operations that take an encryption context',
      recommended: 'warn',
    },
    messages: {
      missingConstraints:
        'This grant allows {{operations}} with any encryption context: add Constraints.EncryptionContextEquals or EncryptionContextSubset so the grantee can use the key only for the data it is meant for.',
      tooManyPairs:
        'Constraints.{{member}} has {{count}} encryption context pairs; KMS accepts at most {{max}} and answers ValidationException.',
    },
    schema: [{ type: 'object', additionalProperties: false, properties: {} }],
  },
  defaultOptions: [{}],
  create(context) {
    return {
      'Program:exit'() {
        for (const site of getKmsModel(context).callSites) {
          if (site.service !== 'kms' || site.operation !== 'CreateGrant') continue;
          const constraints = lookupProperty(site.input, 'Constraints');
          if (constraints.state === 'present') {
            for (const member of GRANT_CONSTRAINT_MEMBERS) {
              const count = getPairCount(lookupProperty(constraints.value, member));
              if (count !== undefined && count > MAX_GRANT_CONSTRAINT_PAIRS) {
                context.report({ node: site.node, messageId: 'tooManyPairs', data: { member, count: String(count), max: String(MAX_GRANT_CONSTRAINT_PAIRS) } });
              }
            }
          }
          const operations = getContextOperations(site.input);
          if (!operations || operations.length === 0 || !hasNoConstraint(constraints)) continue;
          context.report({ node: site.node, messageId: 'missingConstraints', data: { operations: operations.join(', ') } });
        }
      },
    };
  },
});

/**
 * The context-taking operations the grant may allow, or `undefined` when `Operations` is not fully known (every
 * list it may be must be a complete array of known strings).
 */
function getContextOperations(input: StaticValue): string[] | undefined {
  const lookup = lookupProperty(input, 'Operations');
  if (lookup.state !== 'present') return undefined;
  const lists = lookup.value.kind === 'union' ? lookup.value.options : [lookup.value];
  const found: string[] = [];
  for (const list of lists) {
    if (list.kind !== 'array' || !list.complete) return undefined;
    for (const element of list.elements) {
      const names = getKnownStrings(element);
      if (!names) return undefined;
      for (const name of names) if (GRANT_CONTEXT_OPERATIONS.has(name) && !found.includes(name)) found.push(name);
    }
  }
  return found;
}

/** True when the request definitely has no encryption-context constraint: no `Constraints`, or one with neither member. */
function hasNoConstraint(constraints: PropertyLookup): boolean {
  if (constraints.state === 'absent') return constraints.paths === 'all';
  if (constraints.state !== 'present') return false;
  return GRANT_CONSTRAINT_MEMBERS.every((member) => {
    const lookup = lookupProperty(constraints.value, member);
    return lookup.state === 'absent' && lookup.paths === 'all';
  });
}

/** The number of pairs of a constraint member whose object is fully known. */
function getPairCount(lookup: PropertyLookup): number | undefined {
  if (lookup.state !== 'present' || lookup.value.kind !== 'object' || !lookup.value.complete) return undefined;
  return new Set(lookup.value.properties.map((property) => property.name)).size;
}
