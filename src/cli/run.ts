/**
 * Runs an audit: expands the paths, decides typed vs untyped linting per file, lints through ESLint's Node API in
 * batches (advancing a progress bar on a terminal), collects the inventory through an internal rule, and builds the
 * {@link AuditReport}. Knows nothing of command-line parsing or output files (see `main.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadESLint, type ESLint, type Linter } from 'eslint';
import { typedParser as tsParser } from '../configs/parser.js';
import plugin from '../index.js';
import { SOURCE_FILES } from '../configs/index.js';
import { UsageError, collectTargets, commonAncestor, getDisplayRoot, toDisplayPath } from './files.js';
import { INVENTORY_PLUGIN_NAME, INVENTORY_RULE_ID, InventoryCollector, buildInventory, createInventoryPlugin } from './inventory.js';
import { type AuditReport, type Finding, summarise, toFindings } from './report.js';
import { QUIET_PROGRESS, createProgress } from './progress.js';
import { planTypeInformation } from './tsconfig.js';

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
  /** Files per `lintFiles` call; the progress bar advances after each batch. Default 20. */
  readonly batchSize?: number | undefined;
}

/** One set of files linted with one ESLint instance. */
interface LintGroup {
  readonly eslint: ESLint;
  readonly files: readonly string[];
  /** The tsconfig whose TypeScript program this group's first lint builds (shown as a progress phase). */
  readonly tsconfig?: string;
}

/**
 * Audits the given paths and returns the report (its `notes` are for the caller to print). Throws {@link UsageError}
 * for problems the user must fix (a missing path, a file that is not source code, no file to lint, a missing or broken
 * `--config`); a file that cannot be parsed becomes a fatal finding instead.
 * @param options what to audit and how
 */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const paths = options.paths.length > 0 ? options.paths : ['.'];
  const targets = paths.map((given) => ({ given, absolute: path.resolve(options.cwd, given) }));
  const { files, explicit } = collectTargets(paths, options.cwd);
  if (files.length === 0) throw new UsageError(`no JavaScript or TypeScript files found under ${paths.join(', ')}`);
  const root = getDisplayRoot(
    targets.map((target) => target.absolute),
    options.cwd,
  );
  const display = (file: string): string => toDisplayPath(file, root);
  // ESLint ignores files outside its base path (its `cwd`), so the base must contain the targets and, for the
  // patterns of a `--config` file to mean what they say, the current directory.
  const eslintCwd = commonAncestor([options.cwd, ...targets.map((target) => target.absolute)]);
  const notes: string[] = [];
  const note = (text: string): void => {
    notes.push(text);
  };

  const collector = new InventoryCollector();
  const inventoryBlock: Linter.Config = {
    name: 'kms-audit/inventory',
    files: SOURCE_FILES,
    plugins: { [INVENTORY_PLUGIN_NAME]: createInventoryPlugin(collector) as unknown as ESLint.Plugin },
    rules: { [INVENTORY_RULE_ID]: 'warn' },
  };

  const groups = options.configFile
    ? await planWithConfigFile(options.configFile, options.cwd, eslintCwd, files, explicit, inventoryBlock, note)
    : await planWithAuditConfig(files, explicit, targets, eslintCwd, inventoryBlock, display, note);

  const total = groups.reduce((sum, group) => sum + group.files.length, 0);
  if (total === 0) {
    const found = files.length === 1 ? 'the 1 file found' : `all ${files.length} files found`;
    throw new UsageError(`no JavaScript or TypeScript files to lint under ${paths.join(', ')}: --config ${options.configFile} ignores ${found}`);
  }
  const progress = options.progress && total > 0 ? createProgress(total, options.progressStream ?? process.stderr) : QUIET_PROGRESS;
  const results: ESLint.LintResult[] = [];
  const crashes: Finding[] = [];
  try {
    for (const group of groups) {
      let first = true;
      for (const batch of chunk(group.files, options.batchSize ?? 20)) {
        // The first lint of a typed group builds the tsconfig's whole program before linting any file.
        if (first && group.tsconfig) progress.phase(`building the TypeScript program of ${display(group.tsconfig)}, then linting ${group.files.length} files`);
        else if (first) progress.phase(`linting ${group.files.length} files${groups.length > 1 ? ' without type information' : ''}`);
        const batchResults = await lintBatch(group.eslint, batch, crashes, display);
        results.push(...batchResults);
        if (first && group.tsconfig) progress.phase(`linting ${group.files.length} files of ${display(group.tsconfig)}`);
        first = false;
        progress.advance(batch.length);
      }
    }
  } finally {
    progress.stop();
  }
  for (const crash of crashes) note(`could not lint ${crash.file}: ${crash.message}`);
  const displayDirectory = (directory: string): string => (directory === root ? '.' : display(directory));
  for (const text of describeUnresolvedModules(collector.unresolvedModules, displayDirectory)) note(text);
  // Typed means the file's own ESLint run had a TypeScript program, whichever config provided it.
  const typedCount = results.filter((result) => collector.isTyped(result.filePath)).length;

  const findings = [...toFindings(results, display), ...crashes].sort((a, b) =>
    a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1,
  );
  const records = collector.records;
  const inventory = buildInventory(records, display);
  return {
    version: plugin.meta.version,
    root,
    summary: summarise(findings, inventory, { scanned: results.length + crashes.length, typed: typedCount }, records.length),
    findings,
    inventory,
    notes,
  };
}

/** Options every ESLint instance of the run shares. */
function baseOptions(eslintCwd: string): ESLint.Options {
  return {
    cwd: eslintCwd,
    // Paths are files we listed ourselves; never treat them as globs, never warn about ignored ones.
    globInputPaths: false,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
  };
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
  inventoryBlock: Linter.Config,
  display: (file: string) => string,
  note: (text: string) => void,
): Promise<LintGroup[]> {
  const plan = await planTypeInformation(files, targets, display);
  for (const text of plan.notes) note(text);
  const audit = plugin.configs.audit as unknown as Linter.Config;
  // Disable comments for rules this config does not load would otherwise be reported as unused.
  const linterOptions: Linter.Config = { name: 'kms-audit/linter-options', linterOptions: { reportUnusedDisableDirectives: 'off' } };
  const create = (typedBlock: Linter.Config | undefined): ESLint =>
    createESLint({
      ...baseOptions(eslintCwd),
      // The walk already skipped the default ignores; a file named explicitly is linted wherever it is.
      ignorePatterns: unignorePatterns(explicit, eslintCwd),
      overrideConfigFile: true,
      overrideConfig: [audit, ...(typedBlock ? [typedBlock] : []), inventoryBlock, linterOptions],
    });
  const groups: LintGroup[] = plan.typed.map((group) => ({
    eslint: create({
      name: 'kms-audit/typed',
      files: SOURCE_FILES,
      languageOptions: {
        parser: tsParser as unknown as Linter.Parser,
        parserOptions: { project: group.tsconfig, tsconfigRootDir: path.dirname(group.tsconfig) },
      },
    }),
    files: group.files,
    tsconfig: group.tsconfig,
  }));
  if (plan.untyped.length > 0) groups.push({ eslint: create(undefined), files: plan.untyped });
  return groups;
}

/**
 * `--config FILE`: the user's flat config decides rules, parsers and type information; the inventory rule is added.
 * Walked files the config ignores are skipped; files named explicitly are linted even when it ignores them (by a
 * second instance with `ignore: false`).
 */
async function planWithConfigFile(
  configFile: string,
  cwd: string,
  eslintCwd: string,
  files: readonly string[],
  explicit: ReadonlySet<string>,
  inventoryBlock: Linter.Config,
  note: (text: string) => void,
): Promise<LintGroup[]> {
  const absolute = path.resolve(cwd, configFile);
  if (!fs.existsSync(absolute)) throw new UsageError(`--config ${configFile}: no such file`);
  const eslint = createESLint({ ...baseOptions(eslintCwd), overrideConfigFile: absolute, overrideConfig: [inventoryBlock] });
  const probe = files[0] ?? path.join(eslintCwd, 'kms-audit-probe.js');
  let config: Linter.Config | undefined;
  try {
    config = (await eslint.calculateConfigForFile(probe)) as Linter.Config | undefined;
  } catch (error) {
    throw new UsageError(`cannot load --config ${configFile}: ${firstLine(error)}`);
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
    const unignored = createESLint({
      ...baseOptions(eslintCwd),
      ignorePatterns: unignorePatterns(forced, eslintCwd),
      overrideConfigFile: absolute,
      overrideConfig: [inventoryBlock],
    });
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
 * `new ESLint(options)` without ESLint's `ESLintIgnoreWarning`: ESLint warns (once per instance, through
 * `process.emitWarning`, captured when the instance is built) when the base directory has an `.eslintignore` file.
 * The audit never reads that file, so the warning would only be noise on stderr.
 */
/**
 * ESLint's flat-config class: `ESLint` on ESLint 9 and 10, `FlatESLint` on 8.57 (where `ESLint` is the eslintrc one);
 * `loadESLint` exists from 8.57 on (ESLint 10 ignores the option; its types no longer declare it).
 */
const FlatESLint = await (loadESLint as (options: { useFlatConfig: boolean }) => Promise<typeof ESLint>)({ useFlatConfig: true });

function createESLint(options: ESLint.Options): ESLint {
  const emitWarning = process.emitWarning;
  process.emitWarning = function filtered(this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'ESLintIgnoreWarning') return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return new FlatESLint(options);
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
