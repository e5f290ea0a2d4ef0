/**
 * Resolves the catalogue's role groups (`catalog/sdk.ts`) on a call site, once: for each group the key it names, the
 * encryption context it sends, the algorithm and the payload, each three-valued. Rules and the inventory read these
 * instead of pairing request members themselves (DESIGN "How data flows", step 5).
 *
 * One key identity: {@link parseKeyIdentity} reads any of the four ways KMS accepts a key — key id, key ARN, alias
 * name, alias ARN (AWS KMS API Reference, "KeyId" of Encrypt: "Specify the key ID or key ARN … alias name or alias
 * ARN") — into its parts, with the multi-Region flag (`mrk-` key ids, KMS Developer Guide "Multi-Region keys").
 */
import { getOperationSpec, type GroupSide, type ContextUse } from './catalog/sdk.js';
import type { CallSite, PropertyLookup, StaticValue } from './model.js';
import { lookupProperty, toStringValueIfString } from './values.js';

/** The form of a key reference KMS accepts. */
export type KeyReferenceForm = 'key-id' | 'key-arn' | 'alias' | 'alias-arn' | 'other';

/**
 * A statically known key reference and its parts. For `arn:aws:kms:eu-west-1:111122223333:key/mrk-1a2b…`:
 * `{ form: 'key-arn', partition: 'aws', region: 'eu-west-1', account: '111122223333', keyId: 'mrk-1a2b…',
 * multiRegion: true }`. An alias name has only `alias`; a bare key id only `keyId`. `other` is a string KMS would
 * reject as a key reference (still reported as the text it is).
 */
export interface KeyIdentity {
  readonly text: string;
  readonly form: KeyReferenceForm;
  readonly partition: string | undefined;
  readonly region: string | undefined;
  readonly account: string | undefined;
  /** The key id (`1234abcd-…` or `mrk-…`) of a key id or key ARN. */
  readonly keyId: string | undefined;
  /** The alias name with its `alias/` prefix, of an alias or alias ARN. */
  readonly alias: string | undefined;
  /** True for a multi-Region key id (`mrk-` followed by 32 hex digits). */
  readonly multiRegion: boolean;
}

/** What a group says about its key: the identities it may hold (several for `c ? 'alias/a' : 'alias/b'`). */
export type KeyLookup =
  | { readonly state: 'known'; readonly keys: readonly KeyIdentity[]; readonly member: string }
  | { readonly state: 'absent'; readonly member: string }
  | { readonly state: 'unknown'; readonly member: string | undefined };

/** One role group resolved on a site. Lookups of members the group does not have are `undefined`. */
export interface ResolvedGroup {
  readonly side: GroupSide;
  readonly key: KeyLookup;
  readonly contextMember: string | undefined;
  readonly contextUse: ContextUse | undefined;
  readonly context: PropertyLookup | undefined;
  readonly algorithmMember: string | undefined;
  /** The algorithm names the member may hold when all are known strings; `undefined` when absent or not known. */
  readonly algorithms: readonly string[] | undefined;
  readonly algorithm: PropertyLookup | undefined;
  readonly payloadMember: string | undefined;
  readonly payload: PropertyLookup | undefined;
}

const KEY_ID = /^(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const ARN = /^arn:([a-z-]+):kms:([a-z0-9-]*):(\d{12}):(key|alias)\/(.+)$/;

/** Reads a key reference string into its parts (see {@link KeyIdentity}); never throws. */
export function parseKeyIdentity(text: string): KeyIdentity {
  const base = { text, partition: undefined, region: undefined, account: undefined, keyId: undefined, alias: undefined, multiRegion: false };
  const arn = ARN.exec(text);
  if (arn) {
    const [, partition, region, account, resource, name] = arn as unknown as [string, string, string, string, 'key' | 'alias', string];
    if (resource === 'key') return { ...base, form: 'key-arn', partition, region, account, keyId: name, multiRegion: name.startsWith('mrk-') };
    return { ...base, form: 'alias-arn', partition, region, account, alias: `alias/${name}` };
  }
  if (text.startsWith('alias/') && text.length > 'alias/'.length) return { ...base, form: 'alias', alias: text };
  if (KEY_ID.test(text)) return { ...base, form: 'key-id', keyId: text, multiRegion: text.startsWith('mrk-') };
  return { ...base, form: 'other' };
}

/** The known strings a value may be (every option of a union), or `undefined` when any option is not a known string. */
export function getKnownStrings(value: StaticValue): string[] | undefined {
  const options = value.kind === 'union' ? value.options : [value];
  const strings: string[] = [];
  for (const option of options) {
    const text = toStringValueIfString(option);
    if (text === undefined) return undefined;
    if (!strings.includes(text)) strings.push(text);
  }
  return strings;
}

function lookupKey(input: StaticValue, member: string | undefined): KeyLookup {
  if (member === undefined) return { state: 'unknown', member };
  const lookup = lookupProperty(input, member);
  if (lookup.state === 'absent' && lookup.paths === 'all') return { state: 'absent', member };
  if (lookup.state !== 'present') return { state: 'unknown', member };
  const strings = getKnownStrings(lookup.value);
  return strings ? { state: 'known', keys: strings.map(parseKeyIdentity), member } : { state: 'unknown', member };
}

const cache = new WeakMap<CallSite, readonly ResolvedGroup[]>();

/**
 * The catalogue's role groups of `site`'s operation, resolved on its input (cached per site). Empty for operations
 * without groups. ReEncrypt gives two groups, source then destination.
 */
export function getResolvedGroups(site: CallSite): readonly ResolvedGroup[] {
  const cached = cache.get(site);
  if (cached) return cached;
  const groups = (getOperationSpec(site.service, site.operation)?.groups ?? []).map((group): ResolvedGroup => {
    const algorithm = group.algorithmMember ? lookupProperty(site.input, group.algorithmMember) : undefined;
    return {
      side: group.side,
      key: lookupKey(site.input, group.keyMember),
      contextMember: group.contextMember,
      contextUse: group.contextUse,
      context: group.contextMember ? lookupProperty(site.input, group.contextMember) : undefined,
      algorithmMember: group.algorithmMember,
      algorithms: algorithm?.state === 'present' ? getKnownStrings(algorithm.value) : undefined,
      algorithm,
      payloadMember: group.payloadMember,
      payload: group.payloadMember ? lookupProperty(site.input, group.payloadMember) : undefined,
    };
  });
  cache.set(site, groups);
  return groups;
}
