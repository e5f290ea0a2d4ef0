/**
 * The `kms-audit` command line: parses arguments with commander, runs the audit, writes the report, and turns every
 * failure into one line on stderr (`kms-audit: <reason>`) and exit code 2 — never a stack trace.
 *
 * Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 usage or configuration error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from './files.js';
import { shouldShowProgress } from './progress.js';
import { FAIL_ON_LEVELS, FORMATS, type FailOn, type Format, getExitCode, renderReport } from './report.js';

/** Where the CLI writes; tests and embedders may pass their own streams. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Parsed command-line options. */
interface CliOptions {
  readonly format: string;
  readonly output?: string;
  readonly force?: boolean;
  readonly config?: string;
  readonly failOn: string;
  readonly quiet?: boolean;
  readonly concurrency?: string;
  readonly cache?: boolean;
  readonly cacheLocation?: string;
  readonly shard?: string;
}

/**
 * Runs `kms-audit` with the given arguments (without `node` and the script path) and resolves to the exit code.
 * Never throws and never exits the process.
 * @param argv the arguments, e.g. `['src', '--format', 'json']`
 * @param io the streams, working directory and environment to use
 */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  if (argv[0] === 'merge') return mainMerge(argv.slice(1), io);
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      return fail(io, error.message.replace(/^error: /u, ''));
    }
    return fail(io, describeError(error), error, io.env);
  }
  const paths = program.processedArgs[0] as string[] | undefined;
  const options = program.opts<CliOptions>();
  const guard = guardUnsettled(io, options.config);
  try {
    return await run(paths ?? [], options, io);
  } catch (error) {
    return fail(io, describeError(error), error, io.env);
  } finally {
    guard.dispose();
  }
}

/**
 * Turns "the process is about to exit while the audit is still pending" into exit code 2 with one line. That happens
 * when the audit awaits a promise nothing will ever settle — typically a `--config` file (or a module it imports)
 * whose top-level await never settles: Node then empties its event loop and would exit 0 with no output, so a CI
 * gate would pass without an audit. Node emits `beforeExit` exactly then (Node.js docs, process event 'beforeExit').
 * @param io where the line goes
 * @param config the `--config` argument, named in the message when given
 * @returns `dispose()`, to call once the audit has settled
 */
export function guardUnsettled(io: CliIo, config: string | undefined): { dispose(): void } {
  const onBeforeExit = (): void => {
    process.off('beforeExit', onBeforeExit);
    const cause =
      config === undefined
        ? 'the audit stopped waiting on a promise that never settles'
        : `--config ${config} never finished loading (a top-level await in it, or in a module it imports, never settles)`;
    io.stderr.write(`kms-audit: ${cause}; no report was written\n`);
    process.exitCode = 2;
  };
  process.on('beforeExit', onBeforeExit);
  return { dispose: () => process.off('beforeExit', onBeforeExit) };
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

/** The commander program: arguments, options, help text; output errors are left to {@link main}. */
function createProgram(io: CliIo): Command {
  return new Command()
    .name('kms-audit')
    .description(
      'Audit JavaScript/TypeScript code for AWS KMS mistakes (eslint-plugin-aws-kms) and list every KMS key it uses,\n' +
        'with the operations and encryption-context key sets seen for each key.',
    )
    .version(readVersion(), '-V, --version', 'print the version and exit')
    .argument('[paths...]', 'files and directories to audit', ['.'])
    .addOption(new Option('-f, --format <format>', `report format: ${FORMATS.join(', ')}`).default('text'))
    .addOption(new Option('-o, --output <file>', 'write the report to <file> instead of stdout'))
    .addOption(new Option('--force', 'overwrite an existing --output file'))
    .addOption(new Option('-c, --config <file>', "use this ESLint flat config file instead of the plugin's audit config"))
    .addOption(new Option('--fail-on <level>', `exit 1 when findings at or above <level> exist: ${FAIL_ON_LEVELS.join(', ')}`).default('error'))
    .addOption(new Option('-q, --quiet', 'no progress bar and no notes on stderr'))
    .addOption(new Option('--concurrency <n>', "ESLint worker threads: a number, 'auto' or 'off'").default('off'))
    .addOption(new Option('--cache', "reuse ESLint's results for unchanged files (the inventory and cross-file checks stay complete)"))
    .addOption(new Option('--cache-location <dir>', 'directory for the cache files (default: node_modules/.cache/kms-audit)'))
    .addOption(new Option('--shard <I/N>', 'lint only shard I of N (by a hash of each path); join shard JSON reports with kms-audit merge'))
    .helpOption('-h, --help', 'show this help and exit')
    .addHelpText(
      'after',
      '\nFormats: text (terminal), json (the report as is), markdown (pull requests), sarif (SARIF 2.1.0 for code scanning),\n' +
        'cbom (CycloneDX 1.6 cryptography bill of materials of the inventory).\n' +
        '\nMerge shard reports: kms-audit merge <report.json...> [--format <format>] [--output <file>] [--fail-on <level>]\n' +
        '\nExit codes: 0 no findings at or above --fail-on, 1 findings at or above --fail-on, 2 usage or configuration error\n' +
        '(one line on stderr: a missing or unreadable path, an unknown option, an existing --output without --force,\n' +
        'a --config that throws or never finishes loading).',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    })
    .allowExcessArguments(false);
}

async function run(paths: readonly string[], options: CliOptions, io: CliIo): Promise<number> {
  const format = parseFormat(options.format);
  const failOn = parseFailOn(options.failOn);
  const output = options.output === undefined ? undefined : path.resolve(io.cwd, options.output);
  // Checked before linting so a typo does not cost a whole audit; checked again when writing (it may change meanwhile).
  if (output !== undefined) checkOutput(output, options.output!, options.force === true);
  const quiet = options.quiet === true;
  const concurrency = parseConcurrency(options.concurrency ?? 'off');
  if (options.cacheLocation !== undefined && options.cache !== true) throw new UsageError('--cache-location needs --cache');
  const { parseShard } = await import('./shard.js');
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  // Loaded here, not at the top: ESLint, typescript-eslint and the rules take seconds to load, and --help,
  // --version and option errors should not wait for them.
  const { runAudit } = await import('./run.js');
  const report = await runAudit({
    paths,
    cwd: io.cwd,
    configFile: options.config,
    progress: shouldShowProgress(io.stderr, quiet, io.env),
    progressStream: io.stderr,
    concurrency,
    cache: options.cache === true ? { location: options.cacheLocation } : undefined,
    shard,
    env: io.env,
  });
  const text = await renderReport(report, format);
  if (output === undefined) {
    io.stdout.write(text);
  } else {
    writeOutput(output, options.output!, text, options.force === true);
  }
  // Notes are printed only once the run has succeeded, so an error exit prints exactly one line on stderr.
  if (!quiet) {
    for (const note of report.notes) io.stderr.write(`kms-audit: note: ${note}\n`);
    if (output !== undefined) io.stderr.write(`kms-audit: report written to ${options.output}\n`);
  }
  return getExitCode(report, failOn);
}

/** The package version, from `package.json` (two levels up from both `src/cli` and `dist/cli`). */
function readVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`unknown --format '${value}' (expected one of: ${FORMATS.join(', ')})`);
}

/**
 * `--concurrency`: a positive integer, `auto` or `off` (ESLint's `concurrency` option).
 * @throws UsageError for anything else
 */
function parseConcurrency(value: string): 'off' | 'auto' | number {
  if (value === 'off' || value === 'auto') return value;
  if (/^\d+$/u.test(value) && Number(value) >= 1 && Number(value) <= 1024) return Number(value);
  throw new UsageError(`--concurrency '${value}': expected a positive integer, 'auto' or 'off'`);
}

/** Parsed options of `kms-audit merge`. */
interface MergeOptions {
  readonly format: string;
  readonly output?: string;
  readonly force?: boolean;
  readonly failOn: string;
  readonly quiet?: boolean;
}

/**
 * `kms-audit merge A.json B.json …`: joins shard JSON reports into one report (inventory and cross-file comparison
 * over every shard) and resolves to the exit code, like {@link main}.
 */
async function mainMerge(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command()
    .name('kms-audit merge')
    .description('Join the JSON reports of kms-audit --shard runs into one report.')
    .argument('<reports...>', 'JSON reports written by kms-audit --format json (one per shard)')
    .addOption(new Option('-f, --format <format>', `report format: ${FORMATS.join(', ')}`).default('text'))
    .addOption(new Option('-o, --output <file>', 'write the report to <file> instead of stdout'))
    .addOption(new Option('--force', 'overwrite an existing --output file'))
    .addOption(new Option('--fail-on <level>', `exit 1 when findings at or above <level> exist: ${FAIL_ON_LEVELS.join(', ')}`).default('error'))
    .addOption(new Option('-q, --quiet', 'no notes on stderr'))
    .helpOption('-h, --help', 'show this help and exit')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    })
    .allowExcessArguments(false);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.exitCode === 0) return 0;
      return fail(io, `merge: ${error.message.replace(/^error: /u, '')}`);
    }
    return fail(io, describeError(error), error, io.env);
  }
  const reports = program.processedArgs[0] as string[];
  const options = program.opts<MergeOptions>();
  try {
    const format = parseFormat(options.format);
    const failOn = parseFailOn(options.failOn);
    const output = options.output === undefined ? undefined : path.resolve(io.cwd, options.output);
    if (output !== undefined) checkOutput(output, options.output!, options.force === true);
    const { mergeReports } = await import('./merge.js');
    const report = await mergeReports(reports, io.cwd, readVersion());
    const text = await renderReport(report, format);
    if (output === undefined) io.stdout.write(text);
    else writeOutput(output, options.output!, text, options.force === true);
    if (options.quiet !== true) {
      for (const note of report.notes) io.stderr.write(`kms-audit: note: ${note}\n`);
      if (output !== undefined) io.stderr.write(`kms-audit: report written to ${options.output}\n`);
    }
    return getExitCode(report, failOn);
  } catch (error) {
    return fail(io, describeError(error), error, io.env);
  }
}

function parseFailOn(value: string): FailOn {
  if ((FAIL_ON_LEVELS as readonly string[]).includes(value)) return value as FailOn;
  throw new UsageError(`unknown --fail-on '${value}' (expected one of: ${FAIL_ON_LEVELS.join(', ')})`);
}

/**
 * Validates `--output` before the audit: the target must not be a directory (even with `--force`), must not exist
 * without `--force`, and its parent directory must exist and be writable.
 * @param absolute the resolved output path
 * @param given the path as typed, for messages
 * @param force whether `--force` was given
 * @throws UsageError naming the problem
 */
function checkOutput(absolute: string, given: string, force: boolean): void {
  const parentGiven = path.dirname(given);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new UsageError(`cannot write ${given}: ${parentGiven} is not a directory`);
    if (code !== 'ENOENT') throw new UsageError(`cannot write ${given} (${code ?? String(error)})`);
  }
  if (stat?.isDirectory()) throw new UsageError(`${given} is a directory`);
  if (stat && !force) throw new UsageError(`${given} exists; use --force to overwrite it`);
  if (stat) {
    assertAccess(absolute, fs.constants.W_OK, `cannot write ${given}`);
    return;
  }
  let parent: fs.Stats;
  try {
    parent = fs.statSync(path.dirname(absolute));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`cannot write ${given}: directory ${parentGiven} does not exist`);
    throw new UsageError(`cannot write ${given} (${code ?? String(error)})`);
  }
  if (!parent.isDirectory()) throw new UsageError(`cannot write ${given}: ${parentGiven} is not a directory`);
  assertAccess(path.dirname(absolute), fs.constants.W_OK | fs.constants.X_OK, `cannot write ${given}: directory ${parentGiven} is not writable`);
}

function assertAccess(file: string, mode: number, message: string): void {
  try {
    fs.accessSync(file, mode);
  } catch (error) {
    throw new UsageError(`${message} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function writeOutput(absolute: string, given: string, text: string, force: boolean): void {
  try {
    fs.writeFileSync(absolute, text, { flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${given} exists; use --force to overwrite it`);
    if (code === 'EISDIR') throw new UsageError(`${given} is a directory`);
    if (code === 'ENOENT') throw new UsageError(`cannot write ${given}: directory ${path.dirname(given)} does not exist`);
    throw new UsageError(`cannot write ${given} (${code ?? String(error)})`);
  }
}

function describeError(error: unknown): string {
  if (error instanceof UsageError) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim() || 'unexpected error';
}

/** Prints the one-line reason (plus the stack when `KMS_AUDIT_DEBUG` is set) and returns exit code 2. */
function fail(io: CliIo, reason: string, error?: unknown, env?: NodeJS.ProcessEnv): 2 {
  io.stderr.write(`kms-audit: ${reason}\n`);
  if (env?.KMS_AUDIT_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return 2;
}
