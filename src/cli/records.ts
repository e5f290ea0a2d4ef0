/**
 * The internal plugin `kms-audit-internal` whose one rule, `records`, carries what the audit needs from each linted
 * file — its inventory call-site records, its encryption-context sites, and a few facts — to the CLI as lint data:
 * one message per file whose text is the file's {@link FileRecords} as JSON.
 *
 * Being lint data is what keeps the inventory complete when ESLint runs rules in worker threads (`concurrency`) or
 * serves a file from its cache (`cache`): messages travel back from workers and are stored in the cache with the
 * file's other results, where a closure over a collector in the CLI's process would see neither. The module has no
 * state and is loadable by path, as ESLint's worker threads require (see `eslint-options.ts`).
 */
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { type ContextEntry, type ContextSite, type FileAnalysis, type SourcePlace, getCdkKeys, getContextSiteScope, getKmsModel } from '../analysis/index.js';
import { type CallSiteRecord, findUnresolvedSdkImports, summariseCallSite, summariseCdkKey } from './inventory.js';
import { RECORDS_FORMAT } from './record-format.js';

/** Namespace of the internal plugin the CLI adds to its ESLint config. */
export const RECORDS_PLUGIN_NAME = 'kms-audit-internal';
/** Full rule id of the records rule (`kms-audit-internal/records`). */
export const RECORDS_RULE_ID = `${RECORDS_PLUGIN_NAME}/records`;
/** Version of the {@link FileRecords} shape; the CLI ignores messages of another version (a stale cache entry). */
export { RECORDS_FORMAT };

/** An `eslint-disable*` / `eslint-enable` comment of a file, as the post-pass needs it to honour suppressions. */
export interface DirectiveRecord {
  readonly type: 'disable' | 'enable' | 'disable-line' | 'disable-next-line';
  /** The rule ids it names; `null` for all rules. */
  readonly rules: readonly string[] | null;
  /** 1-based line and 0-based column where the comment starts, and the line where it ends. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
}

/** Where a place is, as ESLint reports it: 1-based lines and columns, the end exclusive. */
export interface PlaceLocation {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A {@link SourcePlace} with its location; `loc` is `null` when the file's text was not at hand. */
export interface LocatedPlace extends SourcePlace {
  readonly loc: PlaceLocation | null;
}

/** A context entry whose places are located. */
export interface RecordedContextEntry extends ContextEntry {
  readonly key: LocatedPlace;
  readonly valuePlace: LocatedPlace | undefined;
}

/** A context site whose places are located (what the post-pass reports on). */
export interface RecordedContextSite extends ContextSite {
  readonly place: LocatedPlace;
  readonly entries: readonly RecordedContextEntry[];
}

/** Everything the records rule learned about one file. Plain JSON. */
export interface FileRecords {
  readonly format: typeof RECORDS_FORMAT;
  /** Absolute path of the file (ESLint's `context.filename`). */
  readonly file: string;
  /** `Date.now()` when the rule ran: earlier than the start of the run means the result came from ESLint's cache. */
  readonly lintedAt: number;
  /** True when the file was parsed with a TypeScript program. */
  readonly typed: boolean;
  /** SDK modules the file imports that its TypeScript program cannot resolve, with the program's directory. */
  readonly unresolvedModules: ReadonlyArray<{ readonly module: string; readonly directory: string }>;
  /** The inventory records of the file's call sites and CDK key constructs (see `summariseCallSite`, `summariseCdkKey`). */
  readonly callSites: readonly CallSiteRecord[];
  /**
   * The encryption-context sites whose call is in this file, as `consistent-encryption-context` sees them (the
   * program index with type information, the file's model without). Places are absolute paths; a context entry may
   * lie in another file (a `const` imported with type information).
   */
  readonly contextSites: readonly RecordedContextSite[];
  /** The file's disable directives (only when it has context sites, since only those can get post-pass findings). */
  readonly directives: readonly DirectiveRecord[];
}

const recordsRule: TSESLint.RuleModule<'records', []> = {
  defaultOptions: [],
  meta: {
    type: 'suggestion',
    docs: { description: 'Carries the inventory and encryption-context records of each file to kms-audit (internal).' },
    messages: { records: '{{json}}' },
    schema: [],
  },
  create(context) {
    return {
      'Program:exit'(node: TSESTree.Program) {
        const analysis = getKmsModel(context);
        const callSites: CallSiteRecord[] = [];
        for (const site of analysis.callSites) {
          const record = summariseCallSite(site, context.filename, analysis);
          if (record) callSites.push(record);
        }
        for (const key of getCdkKeys(analysis)) callSites.push(summariseCdkKey(key, context.filename, analysis));
        const scope = getContextSiteScope(analysis, context.filename);
        const locate = createLocator(analysis, context.sourceCode, scope.file, context.filename);
        const contextSites = scope.sites.filter((site) => site.place.file === scope.file).map((site) => locateSite(site, locate));
        const records: FileRecords = {
          format: RECORDS_FORMAT,
          file: context.filename,
          lintedAt: Date.now(),
          typed: analysis.hasTypeInformation,
          unresolvedModules: analysis.types ? findUnresolvedSdkImports(node, context.filename, analysis.types) : [],
          callSites,
          contextSites,
          directives: contextSites.length > 0 ? getDirectives(context.sourceCode) : [],
        };
        context.report({ loc: { line: 1, column: 0 }, messageId: 'records', data: { json: JSON.stringify(records) } });
      },
    };
  },
};

/** The internal plugin: `{ meta, rules: { records } }`. Enable as `'kms-audit-internal/records': 'warn'`. */
export const recordsPlugin = {
  meta: { name: RECORDS_PLUGIN_NAME },
  rules: { records: recordsRule },
};

export default recordsPlugin;

type Locator = (place: SourcePlace) => LocatedPlace;

/**
 * Places of the file being linted are located with its source code; places in other files (an imported `const`
 * context, read through the type checker) with the TypeScript program's source file. File names become absolute
 * paths, the file being linted spelled as ESLint spells it.
 */
function createLocator(analysis: FileAnalysis, sourceCode: Readonly<TSESLint.SourceCode>, scopeFile: string, filename: string): Locator {
  return (place) => {
    if (place.file === scopeFile) {
      const start = sourceCode.getLocFromIndex(place.range[0]);
      const end = sourceCode.getLocFromIndex(place.range[1]);
      return { ...place, file: filename, loc: { line: start.line, column: start.column + 1, endLine: end.line, endColumn: end.column + 1 } };
    }
    const file = path.resolve(place.file);
    const tsFile = analysis.types?.program.getSourceFile(place.file);
    if (!tsFile) return { ...place, file, loc: null };
    const start = tsFile.getLineAndCharacterOfPosition(place.range[0]);
    const end = tsFile.getLineAndCharacterOfPosition(place.range[1]);
    return { ...place, file, loc: { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 } };
  };
}

function locateSite(site: ContextSite, locate: Locator): RecordedContextSite {
  return {
    ...site,
    place: locate(site.place),
    entries: site.entries.map((entry) => ({ ...entry, key: locate(entry.key), valuePlace: entry.valuePlace ? locate(entry.valuePlace) : undefined })),
  };
}

function getDirectives(sourceCode: Readonly<TSESLint.SourceCode>): DirectiveRecord[] {
  const get = (sourceCode as unknown as { getDisableDirectives?: () => { directives: RawDirective[] } }).getDisableDirectives;
  if (typeof get !== 'function') return [];
  const records: DirectiveRecord[] = [];
  for (const directive of get.call(sourceCode).directives) {
    const loc = directive.node?.loc;
    if (!loc) continue;
    const value = typeof directive.value === 'string' ? directive.value.trim() : '';
    const rules = value === '' ? null : value.split(',').map((rule) => rule.trim()).filter(Boolean);
    records.push({ type: directive.type, rules, line: loc.start.line, column: loc.start.column, endLine: loc.end.line });
  }
  return records;
}

interface RawDirective {
  readonly type: DirectiveRecord['type'];
  readonly value?: string;
  readonly node?: { readonly loc?: TSESTree.SourceLocation };
}

/**
 * Reads the records of one lint result: the records rule's message (also when a blanket `eslint-disable` comment
 * suppressed it). `undefined` when the result has none, or one of another format (a cache written by another version).
 * @param result one ESLint lint result
 */
export function readFileRecords(result: { readonly messages: readonly LintMessageLike[]; readonly suppressedMessages?: readonly LintMessageLike[] }): FileRecords | undefined {
  const message = [...result.messages, ...(result.suppressedMessages ?? [])].find((candidate) => candidate.ruleId === RECORDS_RULE_ID);
  if (!message) return undefined;
  try {
    const records = JSON.parse(message.message) as FileRecords;
    return records.format === RECORDS_FORMAT ? records : undefined;
  } catch {
    return undefined;
  }
}

/** The part of ESLint's `LintMessage` that {@link readFileRecords} reads. */
interface LintMessageLike {
  readonly ruleId: string | null;
  readonly message: string;
}
