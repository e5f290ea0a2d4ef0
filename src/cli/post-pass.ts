/**
 * The audit's cross-file post-pass: compares the encryption-context sites of every file of the run (or of every
 * merged shard) with the comparisons `consistent-encryption-context` uses — key spellings, decrypt key sets that no
 * encrypt produces, values that differ only in case — and turns what it finds into findings of that rule.
 *
 * Why: a rule sees one file at a time (without type information) or one TypeScript program, and ESLint's cache serves
 * a file's old results when only *another* file changed. The records rule carries each file's sites out as lint data
 * (`records.ts`), so this pass always sees the current sites of every file, cached or not, and of every shard.
 *
 * What it reports follows the rule's options and severity in the file where a finding lands, and the file's
 * `eslint-disable` comments; a finding the rule already reported (same place, same text) is not repeated.
 */
import path from 'node:path';
import {
  type ContextSite,
  findKeySpellingConflicts,
  findUnmatchedKeySets,
  findValueCaseMismatches,
  getKeySet,
} from '../analysis/index.js';
import { rules } from '../rules/index.js';
import type { CallSiteRecord } from './inventory.js';
import type { DirectiveRecord, LocatedPlace, RecordedContextSite } from './records.js';
import type { Finding } from './report.js';

/** Rule id of the rule whose cross-file findings the post-pass computes. */
export const CONTEXT_RULE_ID = 'aws-kms/consistent-encryption-context';
/** The messageIds of that rule that depend on other files (the post-pass owns them for cached files). */
export const CROSS_FILE_MESSAGE_IDS: ReadonlySet<string> = new Set(['keySpelling', 'keySpellingUnknownKey', 'unmatchedKeySet', 'valueCase']);

/** How `consistent-encryption-context` is configured for one file. */
export interface RuleSetting {
  readonly severity: 'error' | 'warning';
  readonly options: {
    readonly checkKeyNames?: boolean;
    readonly checkKeySets?: boolean;
    readonly checkValues?: boolean;
  };
}

/** What the audit keeps of one linted file: enough to rebuild its inventory and compare it with other files. */
export interface RecordedFile {
  /** Path relative to the report root, `/`-separated (the paths inside `callSites` and `contextSites` too). */
  readonly file: string;
  readonly typed: boolean;
  /** `null` when the rule is off for the file. */
  readonly contextRule: RuleSetting | null;
  readonly callSites: readonly CallSiteRecord[];
  readonly contextSites: readonly RecordedContextSite[];
  readonly directives: readonly DirectiveRecord[];
}

/** How many producing sites an `unmatchedKeySet` message lists before "and N more" (as the rule does). */
const MAX_LISTED = 3;

/**
 * The cross-file comparison findings of a set of files.
 * @param files every file of the run (or of the merged shards), paths relative to `root`
 * @param root the report root (absolute)
 * @param base ESLint's base directory of the run (absolute): locations in messages are relative to it, as the rule
 *   writes them
 * @returns findings sorted by place, one per place and message
 */
export function compareAcrossFiles(files: readonly RecordedFile[], root: string, base: string): Finding[] {
  const byFile = new Map(files.map((file) => [file.file, file]));
  const sites: ContextSite[] = files.flatMap((file) => file.contextSites);
  const messages = rules['consistent-encryption-context'].meta.messages as Readonly<Record<string, string>>;
  const formatPlace = (place: { file: string; line: number }): string => {
    const relative = path.relative(base, path.resolve(root, place.file)) || path.basename(place.file);
    return `${relative.split(path.sep).join('/')}:${place.line}`;
  };
  const findings = new Map<string, Finding>();
  const add = (place: LocatedPlace | undefined, messageId: string, data: Record<string, string>, check: keyof RuleSetting['options']): void => {
    if (!place?.loc) return;
    const file = byFile.get(place.file);
    const setting = file?.contextRule;
    if (!file || !setting || setting.options[check] === false) return;
    if (isSuppressed(file.directives, place.loc.line, place.loc.column)) return;
    const finding: Finding = {
      file: file.file,
      line: place.loc.line,
      column: place.loc.column,
      endLine: place.loc.endLine,
      endColumn: place.loc.endColumn,
      severity: setting.severity,
      ruleId: CONTEXT_RULE_ID,
      message: interpolate(messages[messageId] ?? messageId, data),
      fatal: false,
    };
    findings.set(getFindingKey(finding), finding);
  };

  for (const conflict of findKeySpellingConflicts(sites)) {
    const data = {
      key: conflict.entry.name,
      expected: conflict.expected,
      operation: describeOperation(conflict.expectedSite),
      location: formatPlace(conflict.expectedAt.key),
    };
    const place = conflict.entry.key as LocatedPlace;
    if (conflict.keyId === undefined) add(place, 'keySpellingUnknownKey', data, 'checkKeyNames');
    else add(place, 'keySpelling', { ...data, keyId: conflict.keyId }, 'checkKeyNames');
  }
  // The rule skips key sets that differ only in spelling when it also checks spellings; which applies depends on the
  // options of the file where the decrypt site is.
  const unmatched = [
    ...findUnmatchedKeySets(sites, { skipSpellingVariants: true }).map((item) => ({ item, skip: true })),
    ...findUnmatchedKeySets(sites, { skipSpellingVariants: false }).map((item) => ({ item, skip: false })),
  ];
  for (const { item, skip } of unmatched) {
    const setting = byFile.get(item.site.place.file)?.contextRule;
    if (!setting || (setting.options.checkKeyNames !== false) !== skip) continue;
    add(item.site.place as LocatedPlace, 'unmatchedKeySet', {
      operation: describeOperation(item.site),
      keys: formatKeySet(item.site),
      keyId: item.site.keyId!,
      produced: formatProducers(item.producers, formatPlace),
    }, 'checkKeySets');
  }
  for (const mismatch of findValueCaseMismatches(sites)) {
    add(mismatch.entry.valuePlace as LocatedPlace | undefined, 'valueCase', {
      value: mismatch.entry.value.kind === 'string' ? (mismatch.entry.value.value ?? '') : '',
      key: mismatch.entry.name,
      expected: mismatch.expected,
      location: formatPlace(mismatch.expectedAt.key),
      keyId: mismatch.site.keyId!,
    }, 'checkValues');
  }
  return [...findings.values()].sort(compareFindings);
}

/**
 * Adds the post-pass findings that are not among `findings` already (same place, rule and text).
 * @param findings the findings the rules reported
 * @param crossFile the post-pass findings
 * @returns all findings, sorted, and the ones that were added
 */
export function mergeCrossFileFindings(findings: readonly Finding[], crossFile: readonly Finding[]): { findings: Finding[]; added: Finding[] } {
  const known = new Set(findings.map(getFindingKey));
  const added = crossFile.filter((finding) => !known.has(getFindingKey(finding)));
  return { findings: [...findings, ...added].sort(compareFindings), added };
}

/** The call-site records of the files, ordered by file then position (the order the inventory lists them in). */
export function getCallSites(files: readonly RecordedFile[]): CallSiteRecord[] {
  return [...files]
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .flatMap((file) => [...file.callSites].sort((a, b) => a.line - b.line || a.column - b.column));
}

/** A total order on findings: file, position, rule, text (so a report does not depend on the order files were linted). */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.ruleId ?? '', b.ruleId ?? '') ||
    (a.endLine ?? 0) - (b.endLine ?? 0) ||
    (a.endColumn ?? 0) - (b.endColumn ?? 0) ||
    compareText(a.message, b.message)
  );
}

/** Identity of a finding: place, rule, severity and text. */
export function getFindingKey(finding: Finding): string {
  return JSON.stringify([finding.file, finding.line, finding.column, finding.endLine, finding.endColumn, finding.ruleId, finding.severity, finding.message]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * True when an `eslint-disable*` comment of the file turns the rule off at `line`:`column` (1-based), following
 * ESLint's semantics: `disable-line` on the comment's line, `disable-next-line` on the line after the comment's end,
 * `disable` / `enable` from the comment's start on.
 */
export function isSuppressed(directives: readonly DirectiveRecord[], line: number, column: number): boolean {
  const applies = (directive: DirectiveRecord): boolean => directive.rules === null || directive.rules.includes(CONTEXT_RULE_ID);
  let disabled = false;
  const blocks = directives.filter((directive) => directive.type === 'disable' || directive.type === 'enable');
  for (const directive of [...blocks].sort((a, b) => a.line - b.line || a.column - b.column)) {
    // Columns: the directive's is 0-based, the finding's 1-based.
    if (directive.line > line || (directive.line === line && directive.column >= column)) break;
    if (!applies(directive)) continue;
    disabled = directive.type === 'disable';
  }
  if (disabled) return true;
  return directives.some(
    (directive) =>
      applies(directive) &&
      ((directive.type === 'disable-line' && directive.line === line) || (directive.type === 'disable-next-line' && directive.endLine + 1 === line)),
  );
}

/** ESLint's placeholder substitution: `{{ name }}` becomes `data.name` when present. */
function interpolate(text: string, data: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{([^{}]+?)\}\}/gu, (match, term: string) => {
    const name = term.trim();
    return Object.hasOwn(data, name) ? data[name]! : match;
  });
}

/** `Decrypt`, `GenerateDataKey`, `ReEncrypt (source)`, `ReEncrypt (destination)` — as the rule words it. */
function describeOperation(site: ContextSite): string {
  if (site.operation !== 'ReEncrypt') return site.operation;
  return site.side === 'decrypt' ? 'ReEncrypt (source)' : 'ReEncrypt (destination)';
}

function formatKeySet(site: ContextSite): string {
  return `{ ${getKeySet(site).join(', ')} }`;
}

function formatProducers(producers: readonly ContextSite[], formatPlace: (place: { file: string; line: number }) => string): string {
  const listed = producers.slice(0, MAX_LISTED).map((site) => `${formatKeySet(site)} at ${formatPlace(site.place)}`);
  const more = producers.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
