/**
 * Loads the plugin's optional peers, `@typescript-eslint/parser` and `typescript`, for the configs' parser, the typed
 * analysis and `kms-audit`.
 *
 * A peer is looked for in two places, in this order:
 * 1. next to the plugin (Node's resolution from this file): the usual install, where the plugin sits in the project's
 *    own `node_modules` beside the project's typescript-eslint and TypeScript;
 * 2. from the current working directory: the plugin run from somewhere else — `npx --package eslint-plugin-aws-kms
 *    kms-audit` installs it into npm's cache, and a global install lives outside every project — while the project
 *    being audited has TypeScript and typescript-eslint installed (optional peers are not installed with the plugin).
 *
 * `typescript` is taken from where the loaded parser takes it (through its `@typescript-eslint/typescript-estree`),
 * so the analysis reads the parser's programs with the same TypeScript module (same `SyntaxKind` numbers) that built
 * them. A TypeScript without the compiler API (TypeScript 7's npm package exports only `version`; typescript-eslint
 * supports `>=4.8.4 <6.1.0`, https://typescript-eslint.io/users/dependency-versions) is reported as unsupported rather
 * than loaded.
 *
 * Node.js docs: `module.createRequire(filename)`, `require.resolve(request)`.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TypeScript from 'typescript';

/** The part of `@typescript-eslint/parser` the plugin calls. */
export interface TypeScriptParser {
  parseForESLint(code: string, options: Record<string, unknown>): unknown;
}

/** What looking for a peer found: the module and the file it was loaded from, or why there is none. */
export type PeerLoad<T> =
  | { readonly ok: true; readonly module: T; readonly file: string }
  /**
   * `error` is the first line of the error the peer threw when it was found but could not be loaded (typescript-eslint
   * refusing TypeScript 7, a broken install); `null` when it was found nowhere.
   */
  | { readonly ok: false; readonly error: string | null };

/** What looking for `typescript` found; `unsupported` names a version without the compiler API (TypeScript 7). */
export type TypeScriptLoad = PeerLoad<typeof TypeScript> | { readonly ok: false; readonly error: string; readonly unsupported: string };

/**
 * The places a peer is resolved from, in order: this file, then a file in `cwd`.
 * @param cwd the directory of the second place (default `process.cwd()`)
 */
export function getPeerBases(cwd: string = process.cwd()): readonly string[] {
  return [import.meta.url, path.join(cwd, '[kms-audit]')];
}

/**
 * Resolves and loads the CommonJS package `name` from the first of `bases` where it resolves and loads.
 * A package that resolves but throws while loading is remembered, and the next base is tried (the project may hold a
 * working copy); its error is what a failed search reports.
 * @param name a package name (`'typescript'`)
 * @param bases files or file URLs to resolve from (see {@link getPeerBases})
 * @returns the module and its resolved file, or `ok: false`; never throws
 */
export function loadPeerFrom<T>(name: string, bases: readonly string[]): PeerLoad<T> {
  let error: string | null = null;
  const tried = new Set<string>();
  for (const base of bases) {
    const require = createRequire(base);
    const file = resolveFrom(require, name);
    // Both places often lead to the same copy (the plugin installed in the project it lints): load it once.
    if (file === undefined || tried.has(file)) continue;
    tried.add(file);
    try {
      return { ok: true, module: require(file) as T, file };
    } catch (thrown) {
      error ??= firstLine(thrown);
    }
  }
  return { ok: false, error };
}

/**
 * The file `name` resolves to from the first of `bases` where it resolves, without loading it.
 * @returns the absolute path, or `undefined`; never throws
 */
export function resolvePeerFrom(name: string, bases: readonly string[]): string | undefined {
  for (const base of bases) {
    const file = resolveFrom(createRequire(base), name);
    if (file !== undefined) return file;
  }
  return undefined;
}

function resolveFrom(require: NodeJS.Require, name: string): string | undefined {
  try {
    return require.resolve(name);
  } catch {
    return undefined;
  }
}

/**
 * The TypeScript versions typescript-eslint 8 supports (the `typescript` peer range of its typescript-estree), which is
 * also the plugin's own `typescript` peer range; the messages about an unsupported TypeScript quote it.
 */
export const SUPPORTED_TYPESCRIPT = '>=4.8.4 <6.1.0';

let parserLoad: PeerLoad<TypeScriptParser> | undefined;
let typescriptLoad: TypeScriptLoad | undefined;

/**
 * `@typescript-eslint/parser`, next to the plugin or else from the current directory; looked for once per process.
 * @returns the parser, or why there is none; never throws
 */
export function loadTypeScriptParser(): PeerLoad<TypeScriptParser> {
  return (parserLoad ??= loadPeerFrom<TypeScriptParser>('@typescript-eslint/parser', getPeerBases()));
}

/**
 * `typescript`: the one `@typescript-eslint/parser` (loaded, or else the one that would be loaded) uses, else the first
 * found next to the plugin or in the current directory. Looked for once per process; loads the parser never.
 * @returns the module, `unsupported` with its version when it has no compiler API (TypeScript 7), or nothing; never
 *   throws
 */
export function loadTypeScript(): TypeScriptLoad {
  if (typescriptLoad) return typescriptLoad;
  // The parser's own typescript, found by resolution alone when the parser is not loaded yet: typescript-eslint prints
  // its refusal of TypeScript 7 on stderr while loading, and kms-audit says it once, in its own words, instead.
  const parserFile = parserLoad?.ok ? parserLoad.file : resolvePeerFrom('@typescript-eslint/parser', getPeerBases());
  const estreeFile = parserFile === undefined ? undefined : resolvePeerFrom('@typescript-eslint/typescript-estree', [parserFile]);
  let found: PeerLoad<typeof TypeScript> = estreeFile === undefined ? { ok: false, error: null } : loadPeerFrom<typeof TypeScript>('typescript', [estreeFile]);
  if (!found.ok) found = loadPeerFrom<typeof TypeScript>('typescript', getPeerBases());
  typescriptLoad = found.ok ? checkTypeScriptSupport(found) : found;
  return typescriptLoad;
}

/**
 * The `typescript` module for code that runs only with type information (a program exists, so TypeScript loaded).
 * @throws Error when no usable TypeScript can be loaded
 */
export function requireTypeScript(): typeof TypeScript {
  const load = loadTypeScript();
  if (load.ok) return load.module;
  throw new Error(load.error ?? 'eslint-plugin-aws-kms: cannot find the typescript package');
}

/**
 * Whether a loaded `typescript` is one typescript-eslint and the analysis can use: it must have the compiler API
 * (`createProgram`, `sys`). TypeScript 7's npm package exports only `{ version, versionMajorMinor }`.
 * @param load the module and the file it was loaded from
 * @returns the load (with `ok: true`) when usable, else `ok: false` with `unsupported` set to its version (`'unknown'` if none)
 */
export function checkTypeScriptSupport(load: { readonly module: typeof TypeScript; readonly file: string }): TypeScriptLoad {
  const candidate = load.module as Partial<typeof TypeScript>;
  if (typeof candidate.createProgram === 'function' && typeof candidate.sys === 'object') return { ok: true, module: load.module, file: load.file };
  const version = typeof candidate.version === 'string' ? candidate.version : 'unknown';
  return {
    ok: false,
    unsupported: version,
    error: `TypeScript ${version} has no compiler API that typescript-eslint can use (it supports TypeScript ${SUPPORTED_TYPESCRIPT})`,
  };
}

function firstLine(thrown: unknown): string {
  const text = thrown instanceof Error ? thrown.message : String(thrown);
  return text.split('\n')[0]!.trim();
}

/** Forgets what was loaded, so a test can look again after changing the current directory. */
export function resetPeersForTesting(): void {
  parserLoad = undefined;
  typescriptLoad = undefined;
}
