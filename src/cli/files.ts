/**
 * Which files `kms-audit` lints: the command-line paths, expanded (directories are walked), with the default ignores
 * applied. The walk is ours rather than ESLint's so the run can be split into batches that advance a progress bar.
 */
import fs from 'node:fs';
import path from 'node:path';

/** File extensions the audit lints (the same set as the plugin's flat configs' `files`). */
export const SOURCE_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/** Directory names never descended into while walking a directory argument. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', 'dist', 'build', 'coverage', '.git']);

/** An error the user can fix (bad path, bad option, existing output file): reported as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** True when `file` has a lintable extension and is not a TypeScript declaration file (`*.d.ts`, `*.d.mts`, `*.d.cts`). */
export function isSourceFile(file: string): boolean {
  if (isDeclarationFile(file)) return false;
  return SOURCE_EXTENSIONS.includes(path.extname(file));
}

/** The files of a run: every file to lint, and those of them named on the command line. */
export interface CollectedFiles {
  /** Absolute paths, sorted, without duplicates. */
  readonly files: readonly string[];
  /** The files named explicitly (linted even inside an ignored directory or against a config's `ignores`). */
  readonly explicit: ReadonlySet<string>;
}

/**
 * Expands the command-line paths into absolute file paths, sorted and without duplicates.
 * A path that is a file must have a lintable extension and is then always linted (even inside an ignored directory);
 * a directory is walked, skipping {@link IGNORED_DIRECTORIES} and `*.d.ts`. Every file is checked to be readable up
 * front, so an unreadable file is a usage error rather than a failure halfway through.
 * @param paths the paths as given (relative to `cwd` or absolute)
 * @param cwd the directory relative paths are resolved against
 * @throws UsageError when a path is empty, does not exist, cannot be read, or is a file that is not JavaScript or
 *   TypeScript source
 */
export function collectTargets(paths: readonly string[], cwd: string): CollectedFiles {
  const files = new Set<string>();
  const explicit = new Set<string>();
  for (const given of paths) {
    if (given === '') throw new UsageError('empty path');
    const absolute = path.resolve(cwd, given);
    const stat = statOrThrow(absolute, given);
    if (stat.isDirectory()) {
      walkDirectory(absolute, given, cwd, files);
    } else if (stat.isFile()) {
      assertReadable(absolute, given);
      if (isDeclarationFile(absolute)) throw new UsageError(`${given} is a TypeScript declaration file: it holds no code to audit`);
      if (!isSourceFile(absolute)) throw new UsageError(`${given} is not a JavaScript or TypeScript file`);
      files.add(absolute);
      explicit.add(absolute);
    } else {
      throw new UsageError(`${given} is neither a file nor a directory`);
    }
  }
  return { files: [...files].sort(), explicit };
}

/**
 * The files of {@link collectTargets}, without the explicit set.
 * @param paths the paths as given (relative to `cwd` or absolute)
 * @param cwd the directory relative paths are resolved against
 */
export function collectFiles(paths: readonly string[], cwd: string): string[] {
  return [...collectTargets(paths, cwd).files];
}

function isDeclarationFile(file: string): boolean {
  return /\.d\.[mc]?ts$/u.test(path.basename(file));
}

function statOrThrow(absolute: string, given: string): fs.Stats {
  try {
    return fs.statSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`${given}: no such file or directory`);
    throw new UsageError(`${given}: cannot read (${code ?? String(error)})`);
  }
}

function assertReadable(absolute: string, given: string): void {
  try {
    fs.accessSync(absolute, fs.constants.R_OK);
  } catch (error) {
    throw new UsageError(`${given}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function walkDirectory(directory: string, given: string, cwd: string, into: Set<string>): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    const shown = path.relative(cwd, directory) || '.';
    throw new UsageError(`${shown}: cannot read directory (${(error as NodeJS.ErrnoException).code ?? String(error)}) while walking ${given}`);
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!IGNORED_DIRECTORIES.has(entry.name)) walkDirectory(full, given, cwd, into);
    } else if (entry.isFile() && isSourceFile(full)) {
      assertReadable(full, path.relative(cwd, full) || full);
      into.add(full);
    }
    // Symbolic links are not followed (no cycles, no files outside the tree).
  }
}

/**
 * The deepest directory that contains every one of `paths` (absolute paths).
 * @param paths absolute file or directory paths; at least one
 */
export function commonAncestor(paths: readonly string[]): string {
  const split = paths.map((item) => path.resolve(item).split(path.sep));
  const first = split[0] ?? [path.sep];
  let length = first.length;
  for (const parts of split.slice(1)) {
    let index = 0;
    while (index < length && index < parts.length && parts[index] === first[index]) index++;
    length = index;
  }
  const joined = first.slice(0, length).join(path.sep);
  return joined === '' ? path.parse(path.resolve('.')).root : joined;
}

/**
 * The directory reported paths are relative to: the current directory when every target lies inside it, otherwise the
 * common ancestor of the targets' directories.
 * @param targets absolute paths of the command-line targets
 * @param cwd the current directory
 */
export function getDisplayRoot(targets: readonly string[], cwd: string): string {
  if (targets.every((target) => isInside(target, cwd))) return cwd;
  return commonAncestor(targets.map((target) => (isDirectory(target) ? target : path.dirname(target))));
}

/** True when `child` is `parent` or lies below it. */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function isDirectory(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A path as shown in reports: relative to `root`, with `/` separators.
 * @param file an absolute path
 * @param root the display root
 */
export function toDisplayPath(file: string, root: string): string {
  const relative = path.relative(root, file) || path.basename(file);
  return relative.split(path.sep).join('/');
}
