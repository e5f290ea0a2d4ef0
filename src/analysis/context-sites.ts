/**
 * Encryption-context sites: every place a KMS request (or an AWS Encryption SDK `encrypt`) carries an encryption
 * context, with the context's key names, their literal values, and the KMS key the context is bound to — plus the
 * comparisons that find contexts which cannot match at decrypt time.
 *
 * KMS binds the context to the ciphertext as additional authenticated data: Decrypt succeeds only with exactly the
 * same pairs (order aside; keys and values case-sensitive), otherwise `InvalidCiphertextException` (KMS Developer
 * Guide, "Encryption context"; KMS-FACTS "Encryption context").
 *
 * Sites come from two sources with one shape:
 * - {@link getFileContextSites}: the sites of one file, from the per-file model (works without type information);
 * - `program-index.ts`: the sites of a whole `ts.Program` (with type information).
 *
 * Every answer is conservative: a site whose key set cannot be fully seen is `complete: false`; a key id or value that
 * is not a statically known string is `undefined`/`unknown`. The comparisons never report on unknown facts.
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import type { FileAnalysis } from './model.js';
import type { CallSite, StaticValue } from './model.js';
import { getContextGroups, isAsymmetricEncryptionAlgorithm } from './catalog/sdk.js';
import { lookupProperty, toStringValueIfString } from './values.js';

/** `encrypt`: the call produces ciphertext bound to the context; `decrypt`: the call must present that context. */
export type ContextSide = 'encrypt' | 'decrypt';

/** A `[start, end)` character range in a file's text (the same offsets ESLint and TypeScript use). */
export type SourceRange = readonly [number, number];

/** A place in a file. `file` is the file name as the source of the site spells it; `line` is 1-based. */
export interface SourcePlace {
  readonly file: string;
  readonly line: number;
  readonly range: SourceRange;
}

/** The JavaScript type of a context value that is not a string (KMS accepts only strings). */
export type NonStringType = 'number' | 'boolean' | 'bigint' | 'null' | 'object' | 'array' | 'bytes' | 'function';

/** What is statically known about one context value. */
export type ContextValueInfo =
  | { readonly kind: 'string'; readonly value: string | undefined }
  | { readonly kind: 'non-string'; readonly type: NonStringType }
  | { readonly kind: 'unknown' };

/** How a context key is written: `{ a: … }`, `{ 'a-b': … }`, `{ a }`, `{ [A]: … }`, or anything else (`{ 1: … }`). */
export type KeyForm = 'identifier' | 'string' | 'shorthand' | 'computed' | 'other';

/** One statically known key of a context (with its value). */
export interface ContextEntry {
  readonly name: string;
  /** Where the key is written; for a shorthand property, the whole property. */
  readonly key: SourcePlace;
  readonly keyForm: KeyForm;
  /** The quote character of a string-literal key (`'` or `"`). */
  readonly quote: string | undefined;
  readonly value: ContextValueInfo;
  /** Where the value expression is written (for a shorthand property, the property itself). */
  readonly valuePlace: SourcePlace | undefined;
}

/** One encryption context passed to KMS (or to the Encryption SDK). */
export interface ContextSite {
  readonly service: 'kms' | 'encryption-sdk';
  /** AWS spelling (`Encrypt`, `ReEncrypt`, …) or the Encryption SDK method (`encrypt`, `encryptStream`). */
  readonly operation: string;
  /** The request member that holds the context (`EncryptionContext`, `SourceEncryptionContext`, `encryptionContext`). */
  readonly member: string;
  readonly side: ContextSide;
  /** The KMS key id, alias or ARN when it is a statically known string (not resolved: `alias/x` ≠ its ARN). */
  readonly keyId: string | undefined;
  /** The statically known keys. */
  readonly entries: readonly ContextEntry[];
  /** True when `entries` are exactly the keys sent, on every path. An absent context is a complete, empty one. */
  readonly complete: boolean;
  /** Where a report about the whole context goes: the context member of the request, else the call. */
  readonly place: SourcePlace;
}

/** One side of an operation that takes a context: which member holds it, and which members name the key and algorithm. */
export interface ContextMemberSpec {
  readonly member: string;
  readonly side: ContextSide;
  readonly keyIdMember: string | undefined;
  readonly algorithmMember: string | undefined;
}

/**
 * The context-bearing groups of an operation, from the catalogue (`catalog/sdk.ts`), as this module reads them.
 * Empty for operations that take no encryption context. The Encryption SDK's key is in the keyring: no key member.
 */
export function getContextMemberSpecs(service: 'kms' | 'encryption-sdk', operation: string): readonly ContextMemberSpec[] {
  // The catalogue is constant data: read each operation's groups once (asked once per call site otherwise).
  const byOperation = memberSpecCache[service];
  let specs = byOperation.get(operation);
  if (!specs) {
    specs = getContextGroups(service, operation).map((group) => ({
      member: group.contextMember!,
      side: group.contextUse ?? 'encrypt',
      keyIdMember: group.keyMember,
      algorithmMember: group.algorithmMember,
    }));
    byOperation.set(operation, specs);
  }
  return specs;
}

const memberSpecCache: Readonly<Record<'kms' | 'encryption-sdk', Map<string, readonly ContextMemberSpec[]>>> = { kms: new Map(), 'encryption-sdk': new Map() };

// ---------------------------------------------------------------------------------------------------------------------
// Sites of one file, from the per-file model
// ---------------------------------------------------------------------------------------------------------------------

const fileCache = new WeakMap<TSESTree.Program, readonly ContextSite[]>();

/**
 * The context sites of the file `analysis` describes, built once per file (cached by the `Program` node) from its
 * call sites. `file` of every place is `fileName` (the name the caller uses for this file).
 */
export function getFileContextSites(analysis: FileAnalysis, fileName: string): readonly ContextSite[] {
  const cached = fileCache.get(analysis.sourceCode.ast);
  if (cached) return cached;
  const sites: ContextSite[] = [];
  const callSites = analysis.callSites;
  for (let index = 0; index < callSites.length; index++) {
    const site = callSites[index]!;
    if (site.service !== 'kms' && site.service !== 'encryption-sdk') continue;
    // The model reads each method's options where the catalogue puts them: encrypt(keyring, data, options),
    // encryptStream(keyring, options).
    const specs = getContextMemberSpecs(site.service, site.operation);
    for (let specIndex = 0; specIndex < specs.length; specIndex++) {
      const contextSite = getKmsContextSite(site, specs[specIndex]!, fileName);
      if (contextSite) sites.push(contextSite);
    }
  }
  fileCache.set(analysis.sourceCode.ast, sites);
  return sites;
}

function getKmsContextSite(site: CallSite, spec: ContextMemberSpec, fileName: string): ContextSite | undefined {
  if (spec.algorithmMember) {
    const algorithm = lookupProperty(site.input, spec.algorithmMember);
    if (algorithm.state === 'present') {
      const name = toStringValueIfString(algorithm.value);
      // RSA / SM2 encryption takes no context: nothing to compare.
      if (name !== undefined && isAsymmetricEncryptionAlgorithm(name)) return undefined;
      if (name === undefined) return buildSite(site, spec, fileName, false);
    } else if (algorithm.state === 'unknown') {
      return buildSite(site, spec, fileName, false);
    }
  }
  return buildSite(site, spec, fileName, true);
}

/**
 * The site of one context member. `mayBeComplete` false forces `complete: false` (the algorithm is not known, so the
 * context may not be sent). One object literal of one shape per site: this runs once per call site of the file.
 */
function buildSite(site: CallSite, spec: ContextMemberSpec, fileName: string, mayBeComplete: boolean): ContextSite {
  const keyId = spec.keyIdMember ? getKnownString(site.input, spec.keyIdMember) : undefined;
  const lookup = lookupProperty(site.input, spec.member);
  let entries: ContextEntry[];
  let complete: boolean;
  let place: SourcePlace;
  if (lookup.state === 'present') {
    place = toPlace(lookup.propertyNode ?? site.node, fileName);
    const found = getEntries(lookup.value, fileName);
    entries = found.entries;
    complete = found.complete;
  } else {
    place = toPlace(site.node, fileName);
    entries = [];
    complete = lookup.state === 'absent' && lookup.paths === 'all';
  }
  return {
    service: site.service as 'kms' | 'encryption-sdk',
    operation: site.operation,
    member: spec.member,
    side: spec.side,
    keyId,
    entries,
    complete: mayBeComplete && complete,
    place,
  };
}

function getEntries(value: StaticValue, fileName: string): { entries: ContextEntry[]; complete: boolean } {
  if (value.kind === 'primitive' && (value.value === null || value.value === undefined)) return { entries: [], complete: true };
  if (value.kind === 'union') {
    // Different objects on different paths: the keys seen count, the set is not known.
    const entries = value.options.flatMap((option) => getEntries(option, fileName).entries);
    return { entries, complete: false };
  }
  if (value.kind !== 'object') return { entries: [], complete: false };
  let complete = value.complete;
  const entries: ContextEntry[] = [];
  const properties = value.properties;
  for (let index = 0; index < properties.length; index++) {
    const property = properties[index]!;
    const info = getValueInfo(property.value);
    if (info === 'absent') {
      // `{ a: undefined }` or `{ a: cond ? 'x' : undefined }`: the SDK drops the pair on some path.
      complete = false;
      continue;
    }
    if (info.kind === 'non-string') complete = false;
    const node = property.propertyNode;
    if (!node) {
      complete = false;
      continue;
    }
    const keyNode = node.shorthand ? node : node.key;
    entries.push({
      name: property.name,
      key: toPlace(keyNode, fileName),
      keyForm: getKeyForm(node),
      quote: node.key.type === T.Literal && typeof node.key.value === 'string' ? node.key.raw.charAt(0) : undefined,
      value: info,
      valuePlace: toPlace(node.shorthand ? node : node.value, fileName),
    });
  }
  return { entries, complete };
}

function getKeyForm(property: TSESTree.Property): KeyForm {
  if (property.shorthand) return 'shorthand';
  if (property.computed) return 'computed';
  if (property.key.type === T.Identifier) return 'identifier';
  if (property.key.type === T.Literal && typeof property.key.value === 'string') return 'string';
  return 'other';
}

/** The value info of one evaluated context value; `'absent'` when it is `undefined` on some path. */
function getValueInfo(value: StaticValue): ContextValueInfo | 'absent' {
  switch (value.kind) {
    case 'primitive': {
      const v = value.value;
      if (v === undefined) return 'absent';
      if (typeof v === 'string') return { kind: 'string', value: v };
      if (v === null) return { kind: 'non-string', type: 'null' };
      return { kind: 'non-string', type: typeof v as 'number' | 'boolean' | 'bigint' };
    }
    case 'object':
      return { kind: 'non-string', type: 'object' };
    case 'array':
      return { kind: 'non-string', type: 'array' };
    case 'bytes':
      return { kind: 'non-string', type: 'bytes' };
    case 'union': {
      const infos = value.options.map(getValueInfo);
      if (infos.includes('absent')) return 'absent';
      const known = infos as ContextValueInfo[];
      if (known.every((info) => info.kind === 'non-string')) return known[0]!;
      if (known.every((info) => info.kind === 'string')) {
        const values = new Set(known.map((info) => (info as { value: string | undefined }).value));
        return { kind: 'string', value: values.size === 1 ? [...values][0] : undefined };
      }
      return { kind: 'unknown' };
    }
    default:
      return { kind: 'unknown' };
  }
}

function getKnownString(input: StaticValue, member: string): string | undefined {
  const lookup = lookupProperty(input, member);
  return lookup.state === 'present' ? toStringValueIfString(lookup.value) : undefined;
}

function toPlace(node: TSESTree.Node, file: string): SourcePlace {
  return { file, line: node.loc.start.line, range: node.range };
}

// ---------------------------------------------------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------------------------------------------------

/** Lower-cases a context key and drops separators (`-`, `_`, `.`, whitespace): `TenantId`, `tenant_id` → `tenantid`. */
export function normalizeContextKey(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]/g, '');
}

/** Orders places by file name, then position: "earlier" and "later" in reports mean this order. */
export function comparePlaces(a: SourcePlace, b: SourcePlace): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range[0] - b.range[0];
}

/**
 * A context key written with one spelling where a site on the other side (encrypt vs decrypt) of the same KMS key
 * writes another spelling of it.
 */
export interface SpellingConflict {
  /** The occurrence to report. */
  readonly entry: ContextEntry;
  /** The spelling the other side uses (see {@link findKeySpellingConflicts} for which one wins). */
  readonly expected: string;
  /** An occurrence of `expected` on the other side of the same key: in the same file when there is one, else the first. */
  readonly expectedAt: ContextEntry;
  /** The site that sends `expectedAt`, on the side opposite to `entry`'s. */
  readonly expectedSite: ContextSite;
  /**
   * The KMS key id both sites use; `undefined` for the same-file comparison of sites whose key ids are both unknown
   * (they may or may not be the same key).
   */
  readonly keyId: string | undefined;
}

/**
 * Context keys that differ only in case or separators ({@link normalizeContextKey}) between an encrypt-side site
 * (Encrypt, GenerateDataKey*, ReEncrypt destination) and a decrypt-side site (Decrypt, ReEncrypt source) of the same
 * KMS key — the only pairs for which "a ciphertext bound to one spelling fails to decrypt with the other" holds.
 *
 * Sites are grouped by key id: one group per known key id across `sites`, and one group per file for the KMS sites
 * whose key id is unknown (compared only with each other: within one file they are likely, not certainly, the same
 * key). A site with a known key id is never compared with one whose key id is unknown, and Encryption SDK sites are
 * not compared at all (their key is in a keyring, and the SDK's decrypt takes no context to mismatch).
 *
 * Within a group, for each normalised key that both sides write and spell differently:
 * - when every encrypt-side occurrence uses one spelling, each decrypt-side occurrence spelled otherwise is reported;
 * - otherwise the spelling with the most occurrences in the group wins (a tie goes to the one written first, see
 *   {@link comparePlaces}), and each other occurrence is reported when the opposite side writes the winning spelling.
 * Each written key counts once (a context object shared by two requests is one occurrence, on both their sides).
 */
export function findKeySpellingConflicts(sites: readonly ContextSite[]): SpellingConflict[] {
  // Groups in order of their first site (the order breaks ties between groups in the sort below).
  const groups: Array<{ keyId: string | undefined; sites: ContextSite[] }> = [];
  const byKeyId = new Map<string, ContextSite[]>();
  const byFile = new Map<string, ContextSite[]>();
  for (let index = 0; index < sites.length; index++) {
    const site = sites[index]!;
    if (site.service !== 'kms') continue;
    const table = site.keyId !== undefined ? byKeyId : byFile;
    const id = site.keyId !== undefined ? site.keyId : site.place.file;
    const group = table.get(id);
    if (group) group.push(site);
    else {
      const created = [site];
      table.set(id, created);
      groups.push({ keyId: site.keyId, sites: created });
    }
  }
  const normalized = new Map<string, string>();
  const conflicts = groups
    .flatMap((group) => findGroupConflicts(group.sites, group.keyId, normalized))
    .sort((a, b) => comparePlaces(a.entry.key, b.entry.key) || comparePlaces(a.expectedAt.key, b.expectedAt.key));
  // A context object shared by requests for two keys is in two groups: report it once.
  const seen = new Set<string>();
  return conflicts.filter((conflict) => {
    const id = getEntryId(conflict.entry);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * The conflicts among the sites of one key (see {@link findKeySpellingConflicts}). Linear in the entries: entries are
 * grouped by normalised spelling, and each group's counterparts are looked up in an index by spelling, file and side
 * rather than by comparing pairs.
 */
function findGroupConflicts(sites: readonly ContextSite[], keyId: string | undefined, normalizedNames: Map<string, string>): SpellingConflict[] {
  const { occurrences, inSourceOrder } = indexEntries(sites);
  // Occurrences by normalised key (in order of first sight), reached through each spelling's own entry: one lookup per
  // occurrence. `null`: the spelling normalises to nothing.
  const byNormalized = new Map<string, SpellingGroup>();
  const bySpelling = new Map<string, SpellingGroup | null>();
  for (let index = 0; index < occurrences.length; index++) {
    const occurrence = occurrences[index]!;
    const name = occurrence.entry.name;
    let group = bySpelling.get(name);
    if (group === undefined) {
      const normalized = normalizeCached(name, normalizedNames);
      group = normalized === '' ? null : (byNormalized.get(normalized) ?? null);
      if (normalized !== '' && !group) byNormalized.set(normalized, (group = { occurrences: [], encrypt: undefined, encryptVaries: false, decrypt: undefined, decryptVaries: false }));
      bySpelling.set(name, group);
    }
    if (!group) continue;
    group.occurrences.push(occurrence);
    if (occurrence.sides & ENCRYPT) {
      if (group.encrypt === undefined) group.encrypt = name;
      else if (group.encrypt !== name) group.encryptVaries = true;
    }
    if (occurrence.sides & DECRYPT) {
      if (group.decrypt === undefined) group.decrypt = name;
      else if (group.decrypt !== name) group.decryptVaries = true;
    }
  }
  const conflicts: SpellingConflict[] = [];
  for (const { occurrences: group, encrypt, encryptVaries, decrypt, decryptVaries } of byNormalized.values()) {
    // Some encrypt-side spelling differs from some decrypt-side spelling.
    const differs = encrypt !== undefined && decrypt !== undefined && (encryptVaries || decryptVaries || encrypt !== decrypt);
    if (!differs) continue;
    // Source order matters from here on (ties, "first" counterparts).
    if (!inSourceOrder) group.sort((a, b) => comparePlaces(a.entry.key, b.entry.key));
    const expected = encryptVaries ? pickMostWrittenSpelling(group) : encrypt;
    const counterparts = indexCounterparts(group, expected);
    for (let index = 0; index < group.length; index++) {
      const occurrence = group[index]!;
      if (occurrence.entry.name === expected) continue;
      const counterpart = pickCounterpart(occurrence, counterparts);
      if (!counterpart) continue;
      conflicts.push({ entry: occurrence.entry, expected, expectedAt: counterpart.entry, expectedSite: counterpart.site, keyId });
    }
  }
  return conflicts;
}

/**
 * The occurrences of one normalised key in one group, and the spellings each side writes: the first one seen, and
 * whether any other is.
 */
interface SpellingGroup {
  readonly occurrences: IndexedEntry[];
  encrypt: string | undefined;
  encryptVaries: boolean;
  decrypt: string | undefined;
  decryptVaries: boolean;
}

/**
 * The spelling that wins among the occurrences of one normalised key in one group (sorted in source order) when the
 * encrypt side does not agree with itself: the most written one, a tie going to the one written first.
 */
function pickMostWrittenSpelling(group: readonly IndexedEntry[]): string {
  const counts = new Map<string, number>();
  // Insertion order is source order of each spelling's first occurrence, so a stable sort breaks ties by it.
  for (let index = 0; index < group.length; index++) {
    const name = group[index]!.entry.name;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([, a], [, b]) => b - a)[0]![0];
}

/** Where the expected spelling is written, per side: the first occurrence overall and the first in each file. */
interface CounterpartIndex {
  readonly first: Map<ContextSide, { readonly order: number; readonly occurrence: IndexedEntry }>;
  readonly firstInFile: Map<string, Map<ContextSide, { readonly order: number; readonly occurrence: IndexedEntry }>>;
}

function indexCounterparts(group: readonly IndexedEntry[], expected: string): CounterpartIndex {
  const index: CounterpartIndex = { first: new Map(), firstInFile: new Map() };
  for (let order = 0; order < group.length; order++) {
    const occurrence = group[order]!;
    if (occurrence.entry.name !== expected) continue;
    let inFile = index.firstInFile.get(occurrence.entry.key.file);
    if (!inFile) index.firstInFile.set(occurrence.entry.key.file, (inFile = new Map()));
    for (let sideIndex = 0; sideIndex < SIDES.length; sideIndex++) {
      const side = SIDES[sideIndex]!;
      if (!(occurrence.sides & SIDE_BITS[side])) continue;
      if (!index.first.has(side)) index.first.set(side, { order, occurrence });
      if (!inFile.has(side)) inFile.set(side, { order, occurrence });
    }
  }
  return index;
}

/**
 * An occurrence of the expected spelling on the side opposite to `occurrence`'s (with the site that sends it there),
 * in the same file first, then the first in source order; `undefined` when the other side never writes it.
 */
function pickCounterpart(occurrence: IndexedEntry, index: CounterpartIndex): { entry: ContextEntry; site: ContextSite } | undefined {
  // A site on either side is opposite to an occurrence written on both.
  const wanted: ContextSide[] = occurrence.sides === (ENCRYPT | DECRYPT) ? ['encrypt', 'decrypt'] : occurrence.sides & ENCRYPT ? ['decrypt'] : ['encrypt'];
  const earliest = (table: CounterpartIndex['first'] | undefined) => {
    let best: { order: number; occurrence: IndexedEntry } | undefined;
    for (const side of wanted) {
      const candidate = table?.get(side);
      if (candidate && (!best || candidate.order < best.order)) best = candidate;
    }
    return best;
  };
  const found = earliest(index.firstInFile.get(occurrence.entry.key.file)) ?? earliest(index.first);
  if (!found) return undefined;
  const first = found.occurrence.site;
  const site = wanted.includes(first.side) ? first : found.occurrence.others!.find((other) => wanted.includes(other.side))!;
  return { entry: found.occurrence.entry, site };
}

/** A decrypt-side context whose key set no encrypt-side context for the same KMS key produces. */
export interface UnmatchedKeySet {
  readonly site: ContextSite;
  /** The encrypt-side sites for the same key id (all with a complete key set), in source order. */
  readonly producers: readonly ContextSite[];
}

/** Options of {@link findUnmatchedKeySets}. */
export interface UnmatchedKeySetOptions {
  /**
   * Skip decrypt sites whose key set matches a producer's once spellings are normalised (the spelling comparison
   * already reports those).
   */
  readonly skipSpellingVariants: boolean;
}

/**
 * Decrypt-side KMS contexts (Decrypt, ReEncrypt source) whose key set no encrypt-side KMS context (Encrypt,
 * GenerateDataKey*, ReEncrypt destination) for the same key id produces. Reported only when the decrypt site's key id
 * and key set are known and non-empty, there is at least one producer for that key id, every producer's key set is
 * complete, and no encrypt-side site with an unknown key id could produce the set (its set unknown or equal).
 * Empty decrypt contexts are `require-encryption-context`'s business.
 */
export function findUnmatchedKeySets(sites: readonly ContextSite[], options: UnmatchedKeySetOptions): UnmatchedKeySet[] {
  // Per key id: the producers, whether all are complete, their key sets by signature (the distinct sets behind each
  // signature), and the normalised signatures of those sets, computed when a decrypt site first needs them.
  interface Producers {
    readonly sites: ContextSite[];
    complete: boolean;
    readonly keySets: Map<string, string[][]>;
    normalizedKeySets: Set<string> | undefined;
  }
  const producersByKey = new Map<string, Producers>();
  const normalizedNames = new Map<string, string>();
  let anonymousIncomplete = false;
  const anonymousKeySets = new Set<string>();
  for (let index = 0; index < sites.length; index++) {
    const site = sites[index]!;
    if (site.service !== 'kms' || site.side !== 'encrypt') continue;
    const keySet = getKeySet(site);
    if (site.keyId === undefined) {
      if (!site.complete) anonymousIncomplete = true;
      anonymousKeySets.add(toSignature(keySet));
      continue;
    }
    let producers = producersByKey.get(site.keyId);
    if (!producers) producersByKey.set(site.keyId, (producers = { sites: [], complete: true, keySets: new Map(), normalizedKeySets: undefined }));
    producers.sites.push(site);
    if (!site.complete) producers.complete = false;
    const signature = toSignature(keySet);
    const known = producers.keySets.get(signature);
    if (!known) producers.keySets.set(signature, [keySet]);
    else if (!known.some((other) => sameKeySet(other, keySet))) known.push(keySet);
  }
  const getNormalizedKeySets = (producers: Producers): Set<string> => {
    if (!producers.normalizedKeySets) {
      producers.normalizedKeySets = new Set();
      for (const keySets of producers.keySets.values()) {
        for (const keySet of keySets) producers.normalizedKeySets.add(toSignature(normalizeKeySet(keySet, normalizedNames)));
      }
    }
    return producers.normalizedKeySets;
  };
  const results: UnmatchedKeySet[] = [];
  const sorted = new Map<Producers, ContextSite[]>();
  for (let index = 0; index < sites.length; index++) {
    const site = sites[index]!;
    if (site.service !== 'kms' || site.side !== 'decrypt' || site.keyId === undefined) continue;
    if (!site.complete || site.entries.length === 0) continue;
    const producers = producersByKey.get(site.keyId);
    if (!producers || !producers.complete) continue;
    const keySet = getKeySet(site);
    const signature = toSignature(keySet);
    if (producers.keySets.has(signature)) continue;
    if (anonymousIncomplete || anonymousKeySets.has(signature)) continue;
    if (options.skipSpellingVariants && getNormalizedKeySets(producers).has(toSignature(normalizeKeySet(keySet, normalizedNames)))) continue;
    let list = sorted.get(producers);
    if (!list) sorted.set(producers, (list = [...producers.sites].sort((a, b) => comparePlaces(a.place, b.place))));
    results.push({ site, producers: list });
  }
  return results.sort((a, b) => comparePlaces(a.site.place, b.site.place));
}

/** A sorted key set as one string (key names cannot hold NUL in practice; a NUL would only merge two sets' ids). */
function toSignature(keys: readonly string[]): string {
  return keys.join('\0');
}

/** A decrypt-side literal value that differs only in case from the value every matching producer writes. */
export interface ValueCaseMismatch {
  readonly site: ContextSite;
  readonly entry: ContextEntry;
  /** The producer's value. */
  readonly expected: string;
  /** The producer entry that writes it. */
  readonly expectedAt: ContextEntry;
}

/**
 * Decrypt-side context values (string literals) that differ only in case from the value an encrypt-side site for the
 * same key id writes under the same key name — and no such site writes the exact value or an unknown one, and no
 * encrypt-side site with an unknown key id could write it.
 */
export function findValueCaseMismatches(sites: readonly ContextSite[]): ValueCaseMismatch[] {
  // Producers grouped once: per key id (all complete?) the entries by key name; anonymous producers' facts per name.
  interface Writers {
    unknown: boolean;
    readonly values: Set<string>;
    /** The first writer of each lower-cased value, in source order of the sites. */
    readonly firstByLowerCase: Map<string, { readonly value: string; readonly entry: ContextEntry }>;
  }
  const byKey = new Map<string, { complete: boolean; readonly writers: Map<string, Writers> }>();
  let anonymousIncomplete = false;
  const anonymousByName = new Map<string, { unknown: boolean; readonly values: Set<string> }>();
  for (let index = 0; index < sites.length; index++) {
    const producer = sites[index]!;
    if (producer.service !== 'kms' || producer.side !== 'encrypt') continue;
    const candidates = producer.entries;
    if (producer.keyId === undefined) {
      if (!producer.complete) anonymousIncomplete = true;
      for (const candidate of candidates) {
        let facts = anonymousByName.get(candidate.name);
        if (!facts) anonymousByName.set(candidate.name, (facts = { unknown: false, values: new Set() }));
        if (candidate.value.kind !== 'string' || candidate.value.value === undefined) facts.unknown = true;
        else facts.values.add(candidate.value.value);
      }
      continue;
    }
    let group = byKey.get(producer.keyId);
    if (!group) byKey.set(producer.keyId, (group = { complete: true, writers: new Map() }));
    if (!producer.complete) group.complete = false;
    for (let candidateIndex = 0; candidateIndex < candidates.length; candidateIndex++) {
      const candidate = candidates[candidateIndex]!;
      let writers = group.writers.get(candidate.name);
      if (!writers) group.writers.set(candidate.name, (writers = { unknown: false, values: new Set(), firstByLowerCase: new Map() }));
      const value = candidate.value.kind === 'string' ? candidate.value.value : undefined;
      if (value === undefined) {
        writers.unknown = true;
        continue;
      }
      writers.values.add(value);
      const lowerCase = value.toLowerCase();
      if (!writers.firstByLowerCase.has(lowerCase)) writers.firstByLowerCase.set(lowerCase, { value, entry: candidate });
    }
  }
  const results: ValueCaseMismatch[] = [];
  for (let index = 0; index < sites.length; index++) {
    const site = sites[index]!;
    if (site.service !== 'kms' || site.side !== 'decrypt' || site.keyId === undefined) continue;
    const group = byKey.get(site.keyId);
    if (!group || !group.complete) continue;
    const entries = site.entries;
    for (let entryIndex = 0; entryIndex < entries.length; entryIndex++) {
      const entry = entries[entryIndex]!;
      if (entry.value.kind !== 'string' || entry.value.value === undefined) continue;
      const wanted = entry.value.value;
      const writers = group.writers.get(entry.name);
      if (!writers || writers.unknown || writers.values.has(wanted)) continue;
      const anonymous = anonymousByName.get(entry.name);
      if (anonymousIncomplete || anonymous?.unknown || anonymous?.values.has(wanted)) continue;
      const match = writers.firstByLowerCase.get(wanted.toLowerCase());
      if (!match) continue;
      results.push({ site, entry, expected: match.value, expectedAt: match.entry });
    }
  }
  return results;
}

const ENCRYPT = 1;
const DECRYPT = 2;
const SIDE_BITS: Readonly<Record<ContextSide, number>> = { encrypt: ENCRYPT, decrypt: DECRYPT };
const SIDES: readonly ContextSide[] = ['encrypt', 'decrypt'];

/**
 * A written key and the sites whose context contains it: `site` the first, `others` the rest (most keys are in one
 * site's context), and their sides (`ENCRYPT | DECRYPT` bits).
 */
interface IndexedEntry {
  readonly entry: ContextEntry;
  readonly site: ContextSite;
  others: ContextSite[] | undefined;
  sides: number;
}

/**
 * The occurrences of {@link indexEntries}; `inSourceOrder` when they are (one file, increasing offsets), so that they,
 * and any subsequence of them, need no sorting by {@link comparePlaces}.
 */
interface EntryIndex {
  readonly occurrences: IndexedEntry[];
  readonly inSourceOrder: boolean;
}

/** Identifies a written key by its place: file, then start offset (one key per place). */
function getEntryId(entry: ContextEntry): string {
  return `${entry.key.file}\0${entry.key.range[0]}`;
}

/**
 * The written keys of `sites`, one per place (the first entry seen there), in order of first sight. While each key is
 * written after the previous one in the same file (the sites of one file, none sharing a context object) no place can
 * repeat and nothing is looked up; from the first key that is not, places are looked up by file, then start offset.
 */
function indexEntries(sites: readonly ContextSite[]): EntryIndex {
  const occurrences: IndexedEntry[] = [];
  let byFile: Map<string, Map<number, IndexedEntry>> | undefined;
  let lastFile: string | undefined;
  let lastStart = -1;
  let inFile: Map<number, IndexedEntry> | undefined;
  for (let siteIndex = 0; siteIndex < sites.length; siteIndex++) {
    const site = sites[siteIndex]!;
    const side = SIDE_BITS[site.side] ?? 0;
    const entries = site.entries;
    for (let entryIndex = 0; entryIndex < entries.length; entryIndex++) {
      const entry = entries[entryIndex]!;
      const file = entry.key.file;
      const start = entry.key.range[0];
      if (!byFile) {
        if (occurrences.length === 0 || (file === lastFile && start > lastStart)) {
          occurrences.push({ entry, site, others: undefined, sides: side });
          lastFile = file;
          lastStart = start;
          continue;
        }
        // Every occurrence so far is in `lastFile`, at increasing offsets.
        inFile = new Map();
        for (const occurrence of occurrences) inFile.set(occurrence.entry.key.range[0], occurrence);
        byFile = new Map([[lastFile!, inFile]]);
      }
      if (file !== lastFile || !inFile) {
        inFile = byFile.get(file);
        if (!inFile) byFile.set(file, (inFile = new Map()));
        lastFile = file;
      }
      const known = inFile.get(start);
      if (known) {
        (known.others ??= []).push(site);
        known.sides |= side;
      } else {
        const occurrence: IndexedEntry = { entry, site, others: undefined, sides: side };
        inFile.set(start, occurrence);
        occurrences.push(occurrence);
      }
    }
  }
  return { occurrences, inSourceOrder: byFile === undefined };
}

/** Entries of all sites, one per written key (deduplicated by place), in source order. */
export function uniqueEntries(sites: readonly ContextSite[]): ContextEntry[] {
  const { occurrences, inSourceOrder } = indexEntries(sites);
  const entries = occurrences.map(({ entry }) => entry);
  return inSourceOrder ? entries : entries.sort((a, b) => comparePlaces(a.key, b.key));
}

/** The sorted, de-duplicated key names of a site. */
export function getKeySet(site: ContextSite): string[] {
  return sortUnique(site.entries.map((entry) => entry.name));
}

/**
 * `names` sorted (default order: UTF-16 code units) with repeats dropped, in place: what `[...new Set(names)].sort()`
 * gives. A context has a handful of keys: an insertion sort, because `Array.prototype.sort` allocates its merge state
 * (about half a kilobyte) on every call, and this runs for every site.
 */
function sortUnique(names: string[]): string[] {
  if (names.length < 2) return names;
  if (names.length > 16) names.sort();
  else {
    for (let index = 1; index < names.length; index++) {
      const name = names[index]!;
      let to = index;
      // `<` on strings compares UTF-16 code units, as the default sort does; equal names stay in order.
      while (to > 0 && name < names[to - 1]!) {
        names[to] = names[to - 1]!;
        to--;
      }
      names[to] = name;
    }
  }
  let kept = 1;
  for (let index = 1; index < names.length; index++) {
    if (names[index] !== names[kept - 1]) names[kept++] = names[index]!;
  }
  names.length = kept;
  return names;
}

function normalizeKeySet(keys: readonly string[], normalizedNames: Map<string, string>): string[] {
  return sortUnique(keys.map((key) => normalizeCached(key, normalizedNames)));
}

/** {@link normalizeContextKey} through a per-comparison memo (a context key name repeats at every site). */
function normalizeCached(name: string, normalizedNames: Map<string, string>): string {
  let normalized = normalizedNames.get(name);
  if (normalized === undefined) normalizedNames.set(name, (normalized = normalizeContextKey(name)));
  return normalized;
}

function sameKeySet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, index) => key === b[index]);
}
