/**
 * Runs an audit: expands the paths (and keeps one shard of them with `--shard`), decides typed vs untyped linting per
 * file, lints through ESLint's Node API (in worker threads with `--concurrency`, from ESLint's cache with `--cache`),
 * reads each file's inventory and encryption-context records from the internal records rule's message, runs the
 * cross-file post-pass, and builds the {@link AuditReport}. Knows nothing of command-line parsing or output files
 * (see `main.ts`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadESLint, type ESLint } from 'eslint';
import plugin from '../index.js';
import { type LintGroupSpec, buildESLintOptions, toOptionsModuleUrl } from './eslint-options.js';
import { QUIET_PROGRESS, createProgress } from './progress.js';
import { UsageError, collectTargets, commonAncestor, getDisplayRoot, toDisplayPath } from './files.js';
import { buildInventory } from './inventory.js';
import {
  CONTEXT_RULE_ID,
  CROSS_FILE_MESSAGE_IDS,
  type RecordedFile,
  type RuleSetting,
  compareAcrossFiles,
  getCallSites,
  mergeCrossFileFindings,
} from './post-pass.js';
import { type FileRecords, type LocatedPlace, type RecordedContextSite, RECORDS_FORMAT, readFileRecords } from './records.js';
import { type AuditReport, type Finding, summarise, toFindings } from './report.js';
import { type Shard, isInShard } from './shard.js';
import { planTypeInformation } from './tsconfig.js';

/** ESLint's `concurrency` option: a number of worker threads, `auto`, or `off` (lint in the main thread). */
export type Concurrency = 'off' | 'auto' | number;

/** Options of one audit run. */
export interface AuditOptions {
  /** Files and directories to audit, as given on the command line. */
  readonly paths: readonly string[];
  /** The directory relative paths are resolved against (normally `process.cwd()`). */
  readonly cwd: string;
  /** An ESLint flat config file to use instead of the plugin's `audit` config. */
  readonly configFile?: string | undefined;
  /** Show a progress bar on stderr (the caller decides: a TTY and not `--quiet`). */
  readonly progress: boolean;
  /** Where the progress bar is drawn; default `process.stderr`. */
  readonly progressStream?: NodeJS.WritableStream | undefined;
  /** Files per `lintFiles` call; the progress bar advances after each batch. Default 20 (one batch per group with concurrency). */
  readonly batchSize?: number | undefined;
  /** ESLint's worker threads; default `off`. */
  readonly concurrency?: Concurrency | undefined;
  /** Use ESLint's cache; `location` is a directory for kms-audit's cache files (default: see {@link getDefaultCacheDirectory}). */
  readonly cache?: { readonly location?: string | undefined } | undefined;
  /** Lint only this shard of the files. */
  readonly shard?: Shard | undefined;
  /** The environment (for the default cache directory); default `process.env`. */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/** Version of the {@link AuditRecords} shape in JSON reports; `kms-audit merge` refuses others. */
export const REPORT_RECORDS_FORMAT = RECORDS_FORMAT;

/**
 * What a JSON report carries besides findings and inventory so that `kms-audit merge` can rebuild the inventory and
 * the cross-file comparison of several shard reports.
 */
export interface AuditRecords {
  readonly format: typeof REPORT_RECORDS_FORMAT;
  /** ESLint's base directory of the run (absolute): locations inside messages are relative to it. */
  readonly base: string;
  /** The shard this report covers; `null` for a whole run (or a merged report). */
  readonly shard: Shard | null;
  /** Every linted file that produced records, sorted by path. */
  readonly files: readonly RecordedFile[];
  /** The findings the cross-file post-pass added (a merge recomputes them over all shards). */
  readonly crossFile: readonly Finding[];
}

/** An audit report with its {@link AuditRecords} (what `runAudit` returns; the JSON format prints all of it). */
export interface RecordedAuditReport extends AuditReport {
  readonly records: AuditRecords;
}

/** One set of files linted with one ESLint instance. */
interface LintGroup {
  readonly eslint: ESLint;
  readonly files: readonly string[];
  /** The tsconfig whose TypeScript program this group's first lint builds (shown as a progress phase). */
  readonly tsconfig?: string;
}

/** Builds the ESLint instance of a group spec. */
type Instantiate = (spec: LintGroupSpec) => Promise<ESLint>;

/**
 * Audits the given paths and returns the report (its `notes` are for the caller to print). Throws {@link UsageError}
 * for problems the user must fix (a missing path, a file that is not source code, no file to lint, a missing or broken
 * `--config`, a `--cache-location` that is a file); a file that cannot be parsed becomes a fatal finding instead.
 * @param options what to audit and how
 */
export async function runAudit(options: AuditOptions): Promise<RecordedAuditReport> {
  const runStart = Date.now();
  const paths = options.paths.length > 0 ? options.paths : ['.'];
  const targets = paths.map((given) => ({ given, absolute: path.resolve(options.cwd, given) }));
  const collected = collectTargets(paths, options.cwd);
  if (collected.files.length === 0) throw new UsageError(`no JavaScript or TypeScript files found under ${paths.join(', ')}`);
  const root = getDisplayRoot(
    targets.map((target) => target.absolute),
    options.cwd,
  );
  const display = (file: string): string => toDisplayPath(file, root);
  const shard = options.shard;
  const files = shard ? collected.files.filter((file) => isInShard(display(file), shard)) : collected.files;
  const explicit = collected.explicit;
  // ESLint ignores files outside its base path (its `cwd`), so the base must contain the targets and, for the
  // patterns of a `--config` file to mean what they say, the current directory.
  const eslintCwd = commonAncestor([options.cwd, ...targets.map((target) => target.absolute)]);
  const notes: string[] = [];
  const note = (text: string): void => {
    notes.push(text);
  };
  if (files.length === 0) return buildReport({ root, eslintCwd, shard, notes, results: [], crashes: [], recorded: [], runStart });

  const concurrency = options.concurrency ?? 'off';
  const cacheDirectory = options.cache ? prepareCacheDirectory(options.cache.location, options.cwd, options.env ?? process.env) : undefined;
  const unusedCacheFile = path.join(cacheDirectory ?? getDefaultCacheDirectory(options.cwd, options.env ?? process.env), 'cache-off.unused');
  const specOf = (partial: Pick<LintGroupSpec, 'configFile' | 'tsconfig' | 'ignorePatterns'>): LintGroupSpec => {
    const identity = { ...partial, cwd: eslintCwd };
    // The records format is hashed in too: a cache holding records of another format would leave its files out.
    const hash = createHash('sha256').update(JSON.stringify({ ...identity, recordsFormat: RECORDS_FORMAT })).digest('hex').slice(0, 16);
    const name = `${plugin.meta.version}-${hash}.eslintcache`;
    return { ...identity, cacheFile: cacheDirectory ? path.join(cacheDirectory, name) : null, unusedCacheFile, concurrency };
  };
  // ESLint's warning about poorly used worker threads becomes a note (see createESLint).
  const warnings = { poorConcurrency: false };
  const instantiate: Instantiate = (spec) => createESLint(spec, warnings);

  const groups = options.configFile
    ? await planWithConfigFile(options.configFile, options.cwd, eslintCwd, files, explicit, specOf, instantiate, note)
    : await planWithAuditConfig(files, explicit, targets, eslintCwd, specOf, instantiate, display, note);

  const total = groups.reduce((sum, group) => sum + group.files.length, 0);
  if (total === 0) {
    const found = files.length === 1 ? 'the 1 file found' : `all ${files.length} files found`;
    throw new UsageError(`no JavaScript or TypeScript files to lint under ${paths.join(', ')}: --config ${options.configFile} ignores ${found}`);
  }
  const progress = options.progress && total > 0 ? createProgress(total, options.progressStream ?? process.stderr) : QUIET_PROGRESS;
  const results: ESLint.LintResult[] = [];
  const crashes: Finding[] = [];
  const recorded: Array<{ records: FileRecords; setting: RuleSetting | null }> = [];
  // Worker threads start (and build their TypeScript programs) once per lintFiles call: one call per group then.
  const batchSize = concurrency === 'off' ? (options.batchSize ?? 20) : Number.POSITIVE_INFINITY;
  try {
    for (const group of groups) {
      const groupResults: ESLint.LintResult[] = [];
      let first = true;
      for (const batch of chunk(group.files, batchSize)) {
        // The first lint of a typed group builds the tsconfig's whole program before linting any file.
        if (first && group.tsconfig) progress.phase(`building the TypeScript program of ${display(group.tsconfig)}, then linting ${group.files.length} files`);
        else if (first) progress.phase(`linting ${group.files.length} files${groups.length > 1 ? ' without type information' : ''}`);
        groupResults.push(...(await lintBatch(group.eslint, batch, crashes, display)));
        if (first && group.tsconfig) progress.phase(`linting ${group.files.length} files of ${display(group.tsconfig)}`);
        first = false;
        progress.advance(batch.length);
      }
      for (const result of groupResults) {
        const records = readFileRecords(result);
        if (records) {
          const setting = records.contextSites.length > 0 ? await getRuleSetting(group.eslint, result.filePath) : null;
          recorded.push({ records, setting });
        }
        results.push(result);
      }
    }
  } finally {
    progress.stop();
  }
  if (warnings.poorConcurrency) note(`--concurrency ${concurrency}: ESLint's worker threads spent most of their time starting up; a run this size is faster with fewer threads or --concurrency off`);
  for (const crash of crashes) note(`could not lint ${crash.file}: ${crash.message}`);
  return buildReport({ root, eslintCwd, shard, notes, results, crashes, recorded, runStart });
}

/** Everything {@link buildReport} needs from a run. */
interface RunOutcome {
  readonly root: string;
  readonly eslintCwd: string;
  readonly shard: Shard | undefined;
  readonly notes: string[];
  readonly results: readonly ESLint.LintResult[];
  readonly crashes: readonly Finding[];
  readonly recorded: ReadonlyArray<{ records: FileRecords; setting: RuleSetting | null }>;
  readonly runStart: number;
}

function buildReport(outcome: RunOutcome): RecordedAuditReport {
  const { root, notes } = outcome;
  const display = (file: string): string => toDisplayPath(file, root);
  const displayDirectory = (directory: string): string => (directory === root ? '.' : display(directory));
  const byDirectory = new Map<string, Set<string>>();
  for (const { records } of outcome.recorded) {
    for (const { module, directory } of records.unresolvedModules) {
      const modules = byDirectory.get(directory) ?? new Set<string>();
      modules.add(module);
      byDirectory.set(directory, modules);
    }
  }
  const unresolved = new Map([...byDirectory.keys()].sort().map((directory) => [directory, [...byDirectory.get(directory)!].sort()]));
  for (const text of describeUnresolvedModules(unresolved, displayDirectory)) notes.push(text);

  // A file served from ESLint's cache carries the rule's cross-file findings of the run that cached it, which may be
  // stale (another file changed since): drop them, the post-pass recomputes them from every file's current records.
  const cached = new Set(outcome.recorded.filter(({ records }) => records.lintedAt < outcome.runStart).map(({ records }) => records.file));
  const results = outcome.results.map((result) =>
    cached.has(result.filePath)
      ? { ...result, messages: result.messages.filter((message) => !(message.ruleId === CONTEXT_RULE_ID && CROSS_FILE_MESSAGE_IDS.has(message.messageId ?? ''))) }
      : result,
  );
  const files = outcome.recorded
    .map(({ records, setting }) => toRecordedFile(records, setting, display))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const linted = [...toFindings(results, display), ...outcome.crashes];
  const crossFile = compareAcrossFiles(files, root, outcome.eslintCwd);
  const { findings, added } = mergeCrossFileFindings(linted, crossFile);
  const callSites = getCallSites(files);
  const inventory = buildInventory(callSites, (file) => file);
  const typed = files.filter((file) => file.typed).length;
  return {
    version: plugin.meta.version,
    root,
    summary: summarise(findings, inventory, { scanned: outcome.results.length + outcome.crashes.length, typed }, callSites.length),
    findings,
    inventory,
    notes,
    records: { format: REPORT_RECORDS_FORMAT, base: outcome.eslintCwd, shard: outcome.shard ?? null, files, crossFile: added },
  };
}

/** Re-roots a file's records on the report root: every path becomes relative and `/`-separated. */
export function toRecordedFile(records: FileRecords, setting: RuleSetting | null, display: (file: string) => string): RecordedFile {
  const place = (item: LocatedPlace): LocatedPlace => ({ ...item, file: display(item.file) });
  return {
    file: display(records.file),
    typed: records.typed,
    contextRule: setting,
    callSites: records.callSites.map((site) => ({ ...site, file: display(site.file) })),
    contextSites: records.contextSites.map(
      (site): RecordedContextSite => ({
        ...site,
        place: place(site.place),
        entries: site.entries.map((entry) => ({ ...entry, key: place(entry.key), valuePlace: entry.valuePlace ? place(entry.valuePlace) : undefined })),
      }),
    ),
    directives: records.directives,
  };
}

/** How `consistent-encryption-context` is configured for a file; `null` when it is off there. */
async function getRuleSetting(eslint: ESLint, file: string): Promise<RuleSetting | null> {
  let config: { rules?: Record<string, unknown> } | undefined;
  try {
    config = (await eslint.calculateConfigForFile(file)) as typeof config;
  } catch {
    return null;
  }
  const entry = config?.rules?.[CONTEXT_RULE_ID];
  const severity = getSeverity(entry);
  if (entry === undefined || severity === 0) return null;
  const options = (Array.isArray(entry) ? entry[1] : undefined) as RuleSetting['options'] | undefined;
  return { severity: severity === 2 ? 'error' : 'warning', options: { ...(options ?? {}) } };
}

/**
 * kms-audit's default cache directory: `node_modules/.cache/kms-audit` in the current directory when it has a
 * `node_modules` (the convention of babel-loader, eslint-loader and others), otherwise
 * `$XDG_CACHE_HOME/kms-audit` (or `~/.cache/kms-audit`). Never ESLint's `.eslintcache`, which belongs to the user's
 * own `eslint --cache`.
 * @param cwd the current directory
 * @param env the environment
 */
export function getDefaultCacheDirectory(cwd: string, env: NodeJS.ProcessEnv): string {
  const modules = path.join(cwd, 'node_modules');
  if (isDirectory(modules)) return path.join(modules, '.cache', 'kms-audit');
  const home = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(home, 'kms-audit');
}

/**
 * The cache directory of a `--cache` run, created when missing. kms-audit writes only its own
 * `<version>-<hash>.eslintcache` files there.
 * @throws UsageError when the location exists and is not a directory, or cannot be created
 */
function prepareCacheDirectory(location: string | undefined, cwd: string, env: NodeJS.ProcessEnv): string {
  const directory = location === undefined ? getDefaultCacheDirectory(cwd, env) : path.resolve(cwd, location);
  const shown = location ?? directory;
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(directory);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isDirectory()) throw new UsageError(`--cache-location ${shown} is not a directory (kms-audit keeps one cache file per tsconfig there)`);
  if (!stat) {
    try {
      fs.mkdirSync(directory, { recursive: true });
    } catch (error) {
      throw new UsageError(`cannot create the cache directory ${shown} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  return directory;
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The default plan: the plugin's `audit` config, with type information from each file's nearest including tsconfig
 * (one ESLint instance per tsconfig) and an untyped instance for every other file.
 */
async function planWithAuditConfig(
  files: readonly string[],
  explicit: ReadonlySet<string>,
  targets: ReadonlyArray<{ given: string; absolute: string }>,
  eslintCwd: string,
  specOf: (partial: Pick<LintGroupSpec, 'configFile' | 'tsconfig' | 'ignorePatterns'>) => LintGroupSpec,
  instantiate: Instantiate,
  display: (file: string) => string,
  note: (text: string) => void,
): Promise<LintGroup[]> {
  const plan = await planTypeInformation(files, targets, display);
  for (const text of plan.notes) note(text);
  // The walk already skipped the default ignores; a file named explicitly is linted wherever it is.
  const ignorePatterns = unignorePatterns(explicit, eslintCwd);
  const groups: LintGroup[] = [];
  for (const group of plan.typed) {
    groups.push({ eslint: await instantiate(specOf({ configFile: null, tsconfig: group.tsconfig, ignorePatterns })), files: group.files, tsconfig: group.tsconfig });
  }
  if (plan.untyped.length > 0) {
    groups.push({ eslint: await instantiate(specOf({ configFile: null, tsconfig: null, ignorePatterns })), files: plan.untyped });
  }
  return groups;
}

/**
 * `--config FILE`: the user's flat config decides rules, parsers and type information; the records rule is added.
 * Walked files the config ignores are skipped; files named explicitly are linted even when it ignores them (by a
 * second instance with `ignore: false`).
 */
async function planWithConfigFile(
  configFile: string,
  cwd: string,
  eslintCwd: string,
  files: readonly string[],
  explicit: ReadonlySet<string>,
  specOf: (partial: Pick<LintGroupSpec, 'configFile' | 'tsconfig' | 'ignorePatterns'>) => LintGroupSpec,
  instantiate: Instantiate,
  note: (text: string) => void,
): Promise<LintGroup[]> {
  const absolute = path.resolve(cwd, configFile);
  if (!fs.existsSync(absolute)) throw new UsageError(`--config ${configFile}: no such file`);
  const eslint = await instantiate(specOf({ configFile: absolute, tsconfig: null, ignorePatterns: [] }));
  const probe = files[0] ?? path.join(eslintCwd, 'kms-audit-probe.js');
  let config: { rules?: Record<string, unknown> } | undefined;
  try {
    config = (await eslint.calculateConfigForFile(probe)) as typeof config;
  } catch (error) {
    const reason = firstLine(error);
    // ESLint imports jiti from its own location, not the project's: a TypeScript config fails so when kms-audit (and
    // its ESLint) runs from npx's cache, whatever the project has installed.
    const hint = /'jiti' library is required/u.test(reason)
      ? ' (ESLint looks for jiti next to itself, not in your project: run the kms-audit installed in the project, npm install --save-dev eslint-plugin-aws-kms, or give a JavaScript --config)'
      : '';
    throw new UsageError(`cannot load --config ${configFile}: ${reason}${hint}`);
  }
  const kept: string[] = [];
  const forced: string[] = [];
  for (const file of files) {
    if (!(await eslint.isPathIgnored(file))) kept.push(file);
    else if (explicit.has(file)) forced.push(file);
  }
  const enabled = Object.entries(config?.rules ?? {}).some(
    ([rule, entry]) => rule.startsWith('aws-kms/') && getSeverity(entry) !== 0,
  );
  if (files.length > 0 && !enabled) note(`--config ${configFile} enables no aws-kms rule for ${path.basename(probe)}: expect no findings, only the inventory`);
  const groups: LintGroup[] = [{ eslint, files: kept }];
  if (forced.length > 0) {
    const unignored = await instantiate(specOf({ configFile: absolute, tsconfig: null, ignorePatterns: unignorePatterns(forced, eslintCwd) }));
    groups.push({ eslint: unignored, files: forced });
  }
  return groups;
}

/**
 * Global ignore patterns that un-ignore the given files: ESLint's default `**\/node_modules/`, and, for each file, every
 * directory above it and the file itself (a negated file pattern alone cannot re-include a file in an ignored
 * directory). Added after the config's own ignores, so they win. An instance with these patterns must lint only files
 * that are to be linted anyway (it un-ignores whole directories).
 * @param files absolute paths of files named on the command line
 * @param base the ESLint base directory (`cwd`) the patterns are relative to; contains every file
 */
function unignorePatterns(files: Iterable<string>, base: string): string[] {
  const patterns = new Set<string>(['!**/node_modules/']);
  for (const file of files) {
    const parts = path.relative(base, file).split(path.sep).map(escapeGlob);
    for (let depth = 1; depth < parts.length; depth++) patterns.add(`!${parts.slice(0, depth).join('/')}/`);
    patterns.add(`!${parts.join('/')}`);
  }
  return [...patterns];
}

/** Escapes the characters minimatch treats specially, so a file name is matched literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]{}()!+@#\\]/gu, '\\$&');
}

/** Up to this many directories get a note each about SDK modules that are not installed; more are summarised. */
const MAX_LISTED_UNINSTALLED = 3;

/**
 * Notes for SDK modules the typed programs could not resolve (a checkout before `npm install`): one per directory,
 * or one for all when there are more than {@link MAX_LISTED_UNINSTALLED} directories.
 * @param byDirectory tsconfig directory → unresolved module names
 * @param display turns an absolute directory into the form shown to the user
 */
function describeUnresolvedModules(byDirectory: ReadonlyMap<string, readonly string[]>, display: (directory: string) => string): string[] {
  const consequence =
    'type-based checks (clients received from other files, cross-file encryption-context comparison) are limited; run npm install first for a complete audit';
  const list = (modules: readonly string[]): string =>
    `${modules.length === 1 ? modules[0] : `${modules.slice(0, -1).join(', ')} and ${modules.at(-1)}`} ${modules.length === 1 ? 'is' : 'are'}`;
  const entries = [...byDirectory.entries()];
  if (entries.length <= MAX_LISTED_UNINSTALLED) {
    return entries.map(([directory, modules]) => `${list(modules)} not installed under ${display(directory)}: ${consequence}`);
  }
  const modules = [...new Set(entries.flatMap(([, names]) => names))].sort();
  return [`${list(modules)} not installed under ${entries.length} directories (e.g. ${display(entries[0]![0])}): ${consequence}`];
}

/**
 * ESLint's flat-config class: `ESLint` on ESLint 9 and 10, `FlatESLint` on 8.57 (where `ESLint` is the eslintrc one);
 * `loadESLint` exists from 8.57 on (ESLint 10 ignores the option; its types no longer declare it).
 */
const FlatESLint = await (loadESLint as (options: { useFlatConfig: boolean }) => Promise<typeof ESLint>)({ useFlatConfig: true });

/** The compiled options module (`eslint-options.js` beside this file), which ESLint's worker threads import. */
const OPTIONS_MODULE = new URL('./eslint-options.js', import.meta.url);

/**
 * The ESLint instance of a group, without ESLint's `ESLintIgnoreWarning`: ESLint warns (once per instance, through
 * `process.emitWarning`, while the instance is built) when the base directory has an `.eslintignore` file. The audit
 * never reads that file, so the warning would only be noise on stderr. ESLint's warning service keeps the
 * `process.emitWarning` it found when the instance was built, so the same filter turns its later
 * `ESLintPoorConcurrencyWarning` into `warnings.poorConcurrency` (a note) instead of a line on stderr. With concurrency the instance is built from
 * the options module (worker threads cannot receive plugin objects); otherwise from the same options directly.
 * @throws UsageError when concurrency is asked of a build without the compiled options module
 */
async function createESLint(spec: LintGroupSpec, warnings: { poorConcurrency: boolean }): Promise<ESLint> {
  const emitWarning = process.emitWarning;
  process.emitWarning = function filtered(this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'ESLintIgnoreWarning') return;
    if (type === 'ESLintPoorConcurrencyWarning') {
      warnings.poorConcurrency = true;
      return;
    }
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    if (spec.concurrency === 'off') return new FlatESLint(buildESLintOptions(spec));
    if (typeof FlatESLint.fromOptionsModule !== 'function') throw new UsageError(`--concurrency needs ESLint 9.34 or later (this is ESLint ${FlatESLint.version})`);
    if (!fs.existsSync(new URL(OPTIONS_MODULE.href))) throw new UsageError('--concurrency needs the built kms-audit (dist/cli/eslint-options.js is missing)');
    return await FlatESLint.fromOptionsModule(toOptionsModuleUrl(OPTIONS_MODULE, spec));
  } finally {
    process.emitWarning = emitWarning;
  }
}

function getSeverity(entry: unknown): number {
  const level = Array.isArray(entry) ? entry[0] : entry;
  if (level === 'off' || level === 0) return 0;
  if (level === 'warn' || level === 1) return 1;
  return 2;
}

/**
 * Lints one batch. When ESLint throws (a rule crashed on some file), lints the files one by one so the others still
 * get linted; each file that still throws becomes a fatal finding with the error's first line.
 */
async function lintBatch(eslint: ESLint, batch: readonly string[], crashes: Finding[], display: (file: string) => string): Promise<ESLint.LintResult[]> {
  try {
    return await eslint.lintFiles([...batch]);
  } catch (error) {
    if (batch.length === 1) {
      crashes.push(toCrashFinding(batch[0]!, error, display));
      return [];
    }
    const results: ESLint.LintResult[] = [];
    for (const file of batch) results.push(...(await lintBatch(eslint, [file], crashes, display)));
    return results;
  }
}

function toCrashFinding(file: string, error: unknown, display: (file: string) => string): Finding {
  const text = error instanceof Error ? error.message : String(error);
  const rule = /\nRule: "?'?([^"'\n]+)/u.exec(text)?.[1];
  const line = /Occurred while linting [^\n]*?:(\d+)/u.exec(text)?.[1];
  return {
    file: display(file),
    line: line ? Number(line) : 1,
    column: 1,
    endLine: null,
    endColumn: null,
    severity: 'error',
    ruleId: null,
    message: `internal error${rule ? ` in ${rule}` : ''}: ${firstLine(error)}`,
    fatal: true,
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim();
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}
