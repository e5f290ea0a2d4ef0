/**
 * The version of the records kms-audit writes (the records rule's message and the `records` of a JSON report). A
 * change of their shape bumps it: a cached message or a shard report of another format is then ignored or refused.
 * Format 2 added CDK key constructs to the call-site records (`cdkKey`). Its own module so that `kms-audit merge` can check reports without loading ESLint or the rules.
 */
export const RECORDS_FORMAT = 2;
