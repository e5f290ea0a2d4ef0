/**
 * Encryption contexts that cannot match, as problems placed in one file: context keys spelled differently on the
 * encrypt and decrypt sides of one KMS key, decrypt-side key sets no encrypt side produces, decrypt-side values that
 * differ only in case, and values that are not strings. KMS compares the context exactly (keys and values, case
 * included) and decrypts only with the context used to encrypt (KMS Developer Guide, "Encryption context":
 * https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html); an encryption context maps strings to
 * strings. Built on the comparisons of `context-sites.ts` over a {@link ContextSiteScope} (the file, or with types the
 * program).
 */
import {
  findKeySpellingConflicts,
  findUnmatchedKeySets,
  findValueCaseMismatches,
  getKeySet,
  uniqueEntries,
  type ContextEntry,
  type ContextSite,
  type NonStringType,
  type SourcePlace,
  type SourceRange,
} from './context-sites.js';
import type { ContextSiteScope } from './program-index.js';

/** Which comparisons {@link getContextProblems} runs (each defaults to on in the rule). */
export interface ContextProblemOptions {
  readonly checkKeyNames: boolean;
  readonly checkKeySets: boolean;
  readonly checkValues: boolean;
  readonly checkValueTypes: boolean;
}

/** What a context problem is; the names are the messageIds of `consistent-encryption-context`. */
export type ContextProblemKind = 'keySpelling' | 'keySpellingUnknownKey' | 'unmatchedKeySet' | 'valueCase' | 'nonStringValue' | 'nullValue';

/** One problem, placed in the scope's file. */
export interface ContextProblem {
  readonly kind: ContextProblemKind;
  /** Where in the scope's file (character offsets). */
  readonly range: SourceRange;
  /** The message's placeholders, with other places written by the caller's `formatPlace`. */
  readonly data: Readonly<Record<string, string>>;
  /** For a spelling problem: the key to rename and the spelling to rename it to. */
  readonly rename?: { readonly entry: ContextEntry; readonly expected: string };
}

/** How many producing sites an `unmatchedKeySet` description lists before "and N more". */
const MAX_LISTED = 3;

/**
 * The problems of the scope that are placed in the scope's file, comparison by comparison (spellings, key sets,
 * values, value types), each in the order its comparison returns them. `formatPlace` writes another place for a
 * message (`src/store.ts:42`). Empty when no site, key or value of the scope is written in the file.
 */
export function getContextProblems(scope: ContextSiteScope, options: ContextProblemOptions, formatPlace: (place: SourcePlace) => string): ContextProblem[] {
  const { file, sites } = scope;
  if (!sites.some((site) => isInFile(site, file))) return [];
  const comparisons = getComparisons(sites);
  const problems: ContextProblem[] = [];
  if (options.checkKeyNames) {
    for (const { entry, expected, expectedAt, expectedSite, keyId } of comparisons.spellingConflicts()) {
      if (entry.key.file !== file) continue;
      const data = { key: entry.name, expected, operation: describeContextOperation(expectedSite), location: formatPlace(expectedAt.key) };
      const rename = { entry, expected };
      if (keyId === undefined) problems.push({ kind: 'keySpellingUnknownKey', range: entry.key.range, data, rename });
      else problems.push({ kind: 'keySpelling', range: entry.key.range, data: { ...data, keyId }, rename });
    }
  }
  if (options.checkKeySets) {
    for (const { site, producers } of comparisons.unmatchedKeySets(options.checkKeyNames)) {
      if (site.place.file !== file) continue;
      const listed = producers.slice(0, MAX_LISTED).map((producer) => `${formatKeySet(producer)} at ${formatPlace(producer.place)}`);
      const more = producers.length - listed.length;
      const produced = listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
      problems.push({ kind: 'unmatchedKeySet', range: site.place.range, data: { operation: describeContextOperation(site), keys: formatKeySet(site), keyId: site.keyId!, produced } });
    }
  }
  if (options.checkValues) {
    for (const { entry, expected, expectedAt, site } of comparisons.valueCaseMismatches()) {
      const place = entry.valuePlace;
      if (!place || place.file !== file) continue;
      const value = entry.value.kind === 'string' ? (entry.value.value ?? '') : '';
      problems.push({ kind: 'valueCase', range: place.range, data: { value, key: entry.name, expected, location: formatPlace(expectedAt.key), keyId: site.keyId! } });
    }
  }
  if (options.checkValueTypes) {
    const entries = comparisons.uniqueEntries();
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index]!;
      const place = entry.valuePlace;
      if (entry.value.kind !== 'non-string' || !place || place.file !== file) continue;
      if (entry.value.type === 'null') problems.push({ kind: 'nullValue', range: place.range, data: { key: entry.name } });
      else problems.push({ kind: 'nonStringValue', range: place.range, data: { key: entry.name, type: describeNonStringType(entry.value.type) } });
    }
  }
  return problems;
}

/** The comparisons of one list of sites, each run once when first asked for. */
interface SiteComparisons {
  spellingConflicts(): ReturnType<typeof findKeySpellingConflicts>;
  unmatchedKeySets(skipSpellingVariants: boolean): ReturnType<typeof findUnmatchedKeySets>;
  valueCaseMismatches(): ReturnType<typeof findValueCaseMismatches>;
  uniqueEntries(): ReturnType<typeof uniqueEntries>;
}

/**
 * Comparisons cached by the sites array. With type information every file of the program gets the program index's
 * one `contextSites` array (built once per `ts.Program`, never changed after), so each comparison runs once per
 * program instead of once per linted file with a site (which grew with files × sites). A file's own sites are a new
 * array per file, so the cache only ever holds what one file asks for there.
 */
const comparisonCache = new WeakMap<readonly ContextSite[], SiteComparisons>();

function getComparisons(sites: readonly ContextSite[]): SiteComparisons {
  const cached = comparisonCache.get(sites);
  if (cached) return cached;
  let spelling: ReturnType<typeof findKeySpellingConflicts> | undefined;
  const keySets = new Map<boolean, ReturnType<typeof findUnmatchedKeySets>>();
  let valueCase: ReturnType<typeof findValueCaseMismatches> | undefined;
  let entries: ReturnType<typeof uniqueEntries> | undefined;
  const comparisons: SiteComparisons = {
    spellingConflicts: () => (spelling ??= findKeySpellingConflicts(sites)),
    unmatchedKeySets(skipSpellingVariants) {
      let found = keySets.get(skipSpellingVariants);
      if (!found) keySets.set(skipSpellingVariants, (found = findUnmatchedKeySets(sites, { skipSpellingVariants })));
      return found;
    },
    valueCaseMismatches: () => (valueCase ??= findValueCaseMismatches(sites)),
    uniqueEntries: () => (entries ??= uniqueEntries(sites)),
  };
  comparisonCache.set(sites, comparisons);
  return comparisons;
}

/** True when the site, or one of its context keys or values (an imported context const), is written in `file`. */
function isInFile(site: ContextSite, file: string): boolean {
  return site.place.file === file || site.entries.some((entry) => entry.key.file === file || entry.valuePlace?.file === file);
}

/** `Decrypt`, `GenerateDataKey`, `ReEncrypt (source)`, `ReEncrypt (destination)`. */
export function describeContextOperation(site: ContextSite): string {
  if (site.operation !== 'ReEncrypt') return site.operation;
  return site.side === 'decrypt' ? 'ReEncrypt (source)' : 'ReEncrypt (destination)';
}

/** `{ documentId, tenantId }`, or `{} (no encryption context)` for an absent or empty one (the same to KMS). */
export function formatKeySet(site: ContextSite): string {
  const keys = getKeySet(site);
  return keys.length === 0 ? '{} (no encryption context)' : `{ ${keys.join(', ')} }`;
}

/** `a number`, `an array`, `a byte array`: the type of a non-string context value in words. */
export function describeNonStringType(type: NonStringType): string {
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
