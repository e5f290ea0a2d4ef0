/**
 * Type information for the audit: which files are linted with a TypeScript program (`parserOptions.project`), and
 * which without. A file is typed by the nearest `tsconfig.json` at or above it that includes it (as the TypeScript
 * compiler API computes `include`/`exclude`/`files`); every other file is linted untyped, so a file outside every
 * tsconfig never causes "file not included in project" parse errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as ts from 'typescript';
import { SUPPORTED_TYPESCRIPT, type TypeScriptLoad, loadTypeScript } from '../util/peers.js';
import { UsageError, isInside } from './files.js';

const TYPESCRIPT_FILE = /\.[mc]?tsx?$/u;

/** What linting without type information still does and does not, as the notes that announce it say. */
const UNTYPED = 'linting without type information (encryption contexts are still compared across files; imported keys, clients and constants are not resolved)';

/** Files linted with the program of one tsconfig. */
export interface TypedGroup {
  /** Absolute path of the `tsconfig.json`. */
  readonly tsconfig: string;
  /** Absolute paths of the files to lint with it. */
  readonly files: readonly string[];
}

/** How the files of a run are split between typed and untyped linting, and what the user should be told about it. */
export interface TypePlan {
  readonly typed: readonly TypedGroup[];
  /** Absolute paths of the files linted without type information. */
  readonly untyped: readonly string[];
  /** One-line notes for stderr and the report ("no tsconfig.json found at or above …"). */
  readonly notes: readonly string[];
}

type ParsedTsconfig = { readonly ok: true; readonly fileNames: ReadonlySet<string> } | { readonly ok: false; readonly reason: string };

/**
 * Splits `files` into typed groups (one per tsconfig) and untyped files.
 * @param files absolute paths of the files to lint
 * @param targets the command-line targets: `given` as typed, `absolute` resolved
 * @param display turns an absolute path into the form shown to the user
 * @param typescriptLoad the `typescript` to use (default: the one `../util/peers.ts` finds, next to the plugin or in
 *   the current directory)
 * @throws UsageError when the installed TypeScript has no compiler API (TypeScript 7) and `files` hold TypeScript
 *   files, which then cannot be parsed at all
 */
export async function planTypeInformation(
  files: readonly string[],
  targets: ReadonlyArray<{ readonly given: string; readonly absolute: string }>,
  display: (file: string) => string,
  typescriptLoad?: TypeScriptLoad,
): Promise<TypePlan> {
  const notes: string[] = [];
  const load = typescriptLoad ?? loadTypeScript();
  if (!load.ok && 'unsupported' in load) {
    const typeScriptFile = files.find((file) => TYPESCRIPT_FILE.test(file));
    if (typeScriptFile !== undefined) {
      throw new UsageError(
        `TypeScript ${load.unsupported} is installed, which typescript-eslint cannot parse ${display(typeScriptFile)} with (it supports TypeScript ${SUPPORTED_TYPESCRIPT}): ` +
          'audit with a TypeScript 6.0 or earlier, e.g. npx --package eslint-plugin-aws-kms --package typescript@~6.0.0 --package @typescript-eslint/parser kms-audit …',
      );
    }
    notes.push(`TypeScript ${load.unsupported} has no compiler API that typescript-eslint supports (${SUPPORTED_TYPESCRIPT}): ${UNTYPED}`);
    return { typed: [], untyped: [...files], notes };
  }
  const typescript = load.ok ? load.module : undefined;
  if (!typescript) {
    notes.push(`the typescript package is not installed: ${UNTYPED}`);
    return { typed: [], untyped: [...files], notes };
  }

  const finder = new TsconfigFinder(typescript);
  const groups = new Map<string, string[]>();
  const untyped: string[] = [];
  const uncovered: string[] = [];
  /** Files below at least one tsconfig.json, usable or not. */
  const underTsconfig: string[] = [];
  /** Per unusable tsconfig: how many of the files below it a tsconfig further up types (by tsconfig), how many none. */
  const fates = new Map<string, { typedBy: Map<string, number>; untyped: number }>();
  for (const file of files) {
    let typedBy: string | undefined;
    const candidates = finder.tsconfigsAbove(path.dirname(file));
    if (candidates.length > 0) underTsconfig.push(file);
    const skipped: string[] = [];
    for (const tsconfig of candidates) {
      const parsed = finder.parse(tsconfig);
      if (parsed.ok && parsed.fileNames.has(file)) {
        typedBy = tsconfig;
        break;
      }
      if (!parsed.ok) skipped.push(tsconfig);
    }
    for (const tsconfig of typedBy ? skipped : candidates.filter((candidate) => !finder.parse(candidate).ok)) {
      let fate = fates.get(tsconfig);
      if (!fate) fates.set(tsconfig, (fate = { typedBy: new Map(), untyped: 0 }));
      if (typedBy) fate.typedBy.set(typedBy, (fate.typedBy.get(typedBy) ?? 0) + 1);
      else fate.untyped++;
    }
    if (typedBy) {
      let group = groups.get(typedBy);
      if (!group) groups.set(typedBy, (group = []));
      group.push(file);
    } else {
      untyped.push(file);
      // Files under a tsconfig that could not be parsed are covered by that tsconfig's note.
      if (candidates.length > 0 && candidates.every((tsconfig) => finder.parse(tsconfig).ok)) uncovered.push(file);
    }
  }

  // An unusable tsconfig's files may still be typed, by a tsconfig further up that includes them: the note says which.
  const failures = finder.failures();
  const fateOf = (tsconfig: string) => fates.get(tsconfig) ?? { typedBy: new Map<string, number>(), untyped: 0 };
  if (failures.length <= MAX_LISTED_FAILURES) {
    for (const [tsconfig, reason] of failures) {
      notes.push(`cannot use ${display(tsconfig)} (${reason}): ${describeFate(fateOf(tsconfig), display)}`);
    }
  } else {
    const [tsconfig, reason] = failures[0]!;
    const typed = failures.reduce((sum, [failed]) => sum + [...fateOf(failed).typedBy.values()].reduce((a, b) => a + b, 0), 0);
    const untyped = failures.reduce((sum, [failed]) => sum + fateOf(failed).untyped, 0);
    const where =
      typed === 0
        ? 'their files are linted without type information'
        : untyped === 0
          ? 'their files are linted with the program of a tsconfig.json above them'
          : `${typed} of their files are linted with the program of a tsconfig.json above them, ${untyped} without type information`;
    notes.push(`cannot use ${failures.length} tsconfig.json files (e.g. ${display(tsconfig)}: ${reason}): ${where}`);
  }
  for (const target of targets) {
    const start = isDirectory(target.absolute) ? target.absolute : path.dirname(target.absolute);
    // A directory without a tsconfig of its own may still hold packages that have one.
    const hasTsconfigInside = underTsconfig.some((file) => isInside(file, target.absolute));
    if (finder.tsconfigsAbove(start).length === 0 && !hasTsconfigInside) {
      notes.push(`no tsconfig.json found at or above ${target.given}: ${UNTYPED}`);
    }
  }
  const uncoveredTs = uncovered.filter((file) => TYPESCRIPT_FILE.test(file));
  if (uncoveredTs.length > 0) {
    const example = display(uncoveredTs[0]!);
    const count = uncoveredTs.length;
    notes.push(
      `${count} TypeScript file${count === 1 ? ' is' : 's are'} not included by any tsconfig.json above ${count === 1 ? 'it' : 'them'} (e.g. ${example}): linted without type information`,
    );
  }

  const typed = [...groups.entries()].map(([tsconfig, group]) => ({ tsconfig, files: group }));
  return { typed, untyped, notes };
}

/**
 * Where the files below an unusable tsconfig went: `its files are linted without type information`, `its 2 files are
 * linted with the program of tsconfig.json instead` (a tsconfig further up includes them), or both counts.
 */
function describeFate(fate: { readonly typedBy: ReadonlyMap<string, number>; readonly untyped: number }, display: (file: string) => string): string {
  const typed = [...fate.typedBy.values()].reduce((sum, count) => sum + count, 0);
  const total = typed + fate.untyped;
  const its = total === 1 ? 'its file is' : `its ${total} files are`;
  if (typed === 0) return 'its files are linted without type information';
  const programs = [...fate.typedBy.keys()].map(display).sort();
  const by = `the program${programs.length === 1 ? '' : 's'} of ${programs.join(', ')}`;
  if (fate.untyped === 0) return `${its} linted with ${by} instead`;
  return `${typed} of its ${total} files are linted with ${by}, ${fate.untyped} without type information`;
}

/** Finds and parses `tsconfig.json` files, caching per directory and per file. */
class TsconfigFinder {
  private readonly aboveCache = new Map<string, readonly string[]>();
  private readonly parseCache = new Map<string, ParsedTsconfig>();

  constructor(private readonly typescript: typeof ts) {}

  /** The `tsconfig.json` files in `directory` and its ancestors, nearest first. */
  tsconfigsAbove(directory: string): readonly string[] {
    const cached = this.aboveCache.get(directory);
    if (cached) return cached;
    const parent = path.dirname(directory);
    const above = parent === directory ? [] : this.tsconfigsAbove(parent);
    const here = path.join(directory, 'tsconfig.json');
    const result = isFile(here) ? [here, ...above] : above;
    this.aboveCache.set(directory, result);
    return result;
  }

  /** The files a tsconfig includes, or why it cannot be used. */
  parse(tsconfig: string): ParsedTsconfig {
    const cached = this.parseCache.get(tsconfig);
    if (cached) return cached;
    const parsed = parseTsconfig(this.typescript, tsconfig);
    this.parseCache.set(tsconfig, parsed);
    return parsed;
  }

  /** The tsconfigs that failed to parse, with the first error of each. */
  failures(): Array<[string, string]> {
    const result: Array<[string, string]> = [];
    for (const [tsconfig, parsed] of this.parseCache) if (!parsed.ok) result.push([tsconfig, parsed.reason]);
    return result;
  }
}

/** Up to this many unusable tsconfigs get a note each; more are summarised in one note (monorepos before `npm install`). */
const MAX_LISTED_FAILURES = 3;

/** Diagnostics that only say the config selects no files; such a tsconfig is usable, it just types nothing. */
const NO_INPUT_DIAGNOSTICS = new Set([18002, 18003]);

/**
 * Reads a tsconfig with the TypeScript API (`ts.readConfigFile`, then `ts.parseJsonSourceFileConfigFileContent`, following
 * `extends`). Any configuration error makes it unusable, because typescript-eslint refuses such a project too.
 * @param typescript the TypeScript module
 * @param tsconfig absolute path of the tsconfig
 */
export function parseTsconfig(typescript: typeof ts, tsconfig: string): ParsedTsconfig {
  const read = typescript.readConfigFile(tsconfig, typescript.sys.readFile);
  if (read.error) return { ok: false, reason: describeDiagnostic(typescript, read.error, tsconfig) };
  // From the JSON source file rather than its object, so option errors carry their place as syntax errors do.
  const source = typescript.readJsonConfigFile(tsconfig, typescript.sys.readFile);
  const parsed = typescript.parseJsonSourceFileConfigFileContent(source, typescript.sys, path.dirname(tsconfig), undefined, tsconfig);
  const error = parsed.errors.find((diagnostic) => !NO_INPUT_DIAGNOSTICS.has(diagnostic.code));
  if (error) return { ok: false, reason: describeDiagnostic(typescript, error, tsconfig) };
  return { ok: true, fileNames: new Set(parsed.fileNames.map((file) => path.resolve(file))) };
}

/**
 * A configuration diagnostic as one line: its message, preceded by where it is when TypeScript says so — `line 3,
 * column 5: ',' expected.` in the tsconfig itself, `base.json line 2, column 1: …` in a config it extends (named
 * relative to the tsconfig's directory). Lines and columns count from 1.
 */
function describeDiagnostic(typescript: typeof ts, diagnostic: ts.Diagnostic, tsconfig: string): string {
  const message = firstLine(typescript.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = typescript.getLineAndCharacterOfPosition(diagnostic.file, diagnostic.start);
  const where = `line ${line + 1}, column ${character + 1}`;
  const file = path.resolve(diagnostic.file.fileName);
  if (file === path.resolve(tsconfig)) return `${where}: ${message}`;
  const named = path.relative(path.dirname(tsconfig), file).split(path.sep).join('/');
  return `${named} ${where}: ${message}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
