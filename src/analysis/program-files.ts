/**
 * The untyped per-file model of a program file that ESLint is not linting right now: when type information leads from
 * the linted file to a declaration in another file of the same `ts.Program` (a helper that returns a data key), the
 * analysis asks about that file with the same per-file queries it uses on the linted one, so there is one
 * implementation of every fact.
 *
 * The file's text (as the program holds it) is parsed with `@typescript-eslint/parser` without a project (cheap: no
 * second program), scope-analysed, given parent links, and wrapped in ESLint's own `SourceCode`. Call sites are found
 * without types (import tracing within that file). The model is cached per `ts.SourceFile` object, so it lives as
 * long as the program holds that version of the file.
 *
 * Loaded lazily: only typed runs that follow a call into another file pay for it. Never throws; a file that does not
 * parse has no model (`undefined`).
 */
import { createRequire } from 'node:module';
import { loadTypeScriptParser } from '../util/peers.js';
import type * as TypeScript from 'typescript';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { walk } from './ast/walk.js';
import { findCallSites } from './call-sites.js';
import { isAnalysisCandidate } from './gate.js';
import type { FileAnalysis } from './model.js';
import { ValueEvaluator } from './values.js';

interface ParserModule {
  parseForESLint(
    code: string,
    options: Record<string, unknown>,
  ): { ast: TSESTree.Program; scopeManager: TSESLint.Scope.ScopeManager; visitorKeys: Record<string, readonly string[]>; services: unknown };
}
interface EslintModule {
  SourceCode: new (config: Record<string, unknown>) => TSESLint.SourceCode;
}

let parser: ParserModule | undefined;
let eslint: EslintModule | undefined;
const cache = new WeakMap<TypeScript.SourceFile, FileAnalysis | null>();

/**
 * The untyped model of `file`, a source file of the program (not necessarily the linted one), or `undefined` when the
 * file names nothing the analysis recognises (the cost gate) or does not parse.
 */
export function getProgramFileAnalysis(file: TypeScript.SourceFile): FileAnalysis | undefined {
  const cached = cache.get(file);
  if (cached !== undefined) return cached ?? undefined;
  let analysis: FileAnalysis | null = null;
  if (isAnalysisCandidate(file.text)) {
    try {
      analysis = buildAnalysis(file.fileName, file.text);
    } catch {
      analysis = null;
    }
  }
  cache.set(file, analysis);
  return analysis ?? undefined;
}

function loadParser(): ParserModule {
  const load = loadTypeScriptParser();
  if (!load.ok) throw new Error(load.error ?? 'cannot find @typescript-eslint/parser');
  return load.module as unknown as ParserModule;
}

function buildAnalysis(fileName: string, text: string): FileAnalysis {
  const require = createRequire(import.meta.url);
  // The parser of the linted files (a program exists, so it loaded); when it cannot load, the file has no model.
  parser ??= loadParser();
  eslint ??= require('eslint') as EslintModule;
  const parsed = parser.parseForESLint(text, {
    filePath: fileName,
    range: true,
    loc: true,
    tokens: true,
    comment: true,
    ecmaVersion: 'latest',
    sourceType: 'module',
    jsx: /x$/.test(fileName),
  });
  const ast = parsed.ast;
  setParents(ast, parsed.visitorKeys);
  const sourceCode = new eslint.SourceCode({ text, ast, scopeManager: parsed.scopeManager, visitorKeys: parsed.visitorKeys, parserServices: {} });
  const evaluator = new ValueEvaluator(sourceCode);
  return { callSites: findCallSites(sourceCode, evaluator, undefined), hasTypeInformation: false, evaluator, sourceCode, types: undefined };
}

/** ESLint sets `parent` while it traverses a file it lints; a file parsed here gets the same links up front. */
function setParents(ast: TSESTree.Program, visitorKeys: Record<string, readonly string[]>): void {
  walk(ast, visitorKeys, (node) => {
    const keys = visitorKeys[node.type] ?? [];
    for (const key of keys) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof (item as TSESTree.Node).type === 'string') (item as { parent?: TSESTree.Node }).parent = node;
      }
    }
  });
}
