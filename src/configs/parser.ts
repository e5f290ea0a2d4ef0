/**
 * The parser the plugin's configs set, loading `@typescript-eslint/parser` (and through it TypeScript) only when a
 * file needs it, so that the untyped configs work in a JavaScript project with no TypeScript installed:
 * - TypeScript files (`.ts`, `.mts`, `.cts`, `.tsx`) and every file of a typed config go to `@typescript-eslint/parser`,
 *   resolved next to the plugin or else from the current directory (`../util/peers.ts`); when it is missing, parsing
 *   fails with one message that says what to install, and when it refuses to load (TypeScript 7), with its reason.
 * - JavaScript files of the untyped configs go to `@typescript-eslint/parser` when it and a `typescript` it supports are installed
 *   (the parser typescript-eslint's own configs use, so the two compose without a second opinion), otherwise to the
 *   `espree` of the user's ESLint, with JSX on (JSX is unambiguous in JavaScript).
 * ESLint calls `parseForESLint(code, options)` with the merged `parserOptions` plus `filePath`
 * (https://eslint.org/docs/latest/extend/custom-parsers).
 */
import { createRequire } from 'node:module';
import { loadTypeScript, loadTypeScriptParser } from '../util/peers.js';

interface Parser {
  parseForESLint?(code: string, options: Record<string, unknown>): unknown;
  parse?(code: string, options: Record<string, unknown>): unknown;
}

const requireHere = createRequire(import.meta.url);
const TS_FILE = /\.(?:ts|mts|cts|tsx)$/i;

let espree: Parser | undefined;

function requireTypeScriptParser(filePath: unknown): Parser {
  const load = loadTypeScriptParser();
  if (load.ok) return load.module;
  const file = typeof filePath === 'string' ? filePath : 'this file';
  // Found but not loadable: typescript-eslint's own reason (it refuses TypeScript 7 with one) says what to change.
  if (load.error !== null && !/Cannot find module/u.test(load.error)) {
    throw new Error(`eslint-plugin-aws-kms: ${file} needs @typescript-eslint/parser, which cannot be loaded: ${load.error}`);
  }
  throw new Error(
    `eslint-plugin-aws-kms: ${file} needs @typescript-eslint/parser ` +
      'and typescript (npm install --save-dev typescript typescript-eslint); for JavaScript only, use the `recommended` config.',
  );
}

/** The `espree` that the user's ESLint depends on (the one ESLint itself parses with by default). */
function loadEspree(): Parser {
  espree ??= createRequire(requireHere.resolve('eslint'))('espree') as Parser;
  return espree;
}

function parseWith(parser: Parser, code: string, options: Record<string, unknown>): unknown {
  if (parser.parseForESLint) return parser.parseForESLint(code, options);
  return { ast: parser.parse!(code, options) };
}

function createParser(name: string, typed: boolean) {
  return {
    meta: { name, version: '0.1.0' },
    /**
     * @param code the file's text
     * @param options ESLint's parser options for the file (`filePath` included)
     * @returns ESLint's `parseForESLint` result (AST, and from `@typescript-eslint/parser` scope manager and services)
     * @throws Error when a TypeScript file (or any file of a typed config) is parsed without `@typescript-eslint/parser`
     */
    parseForESLint(code: string, options: Record<string, unknown> = {}): unknown {
      const filePath = options.filePath;
      if (typed || (typeof filePath === 'string' && TS_FILE.test(filePath))) {
        return parseWith(requireTypeScriptParser(filePath), code, options);
      }
      // A TypeScript the parser refuses (TypeScript 7) is as good as none for JavaScript; loading the parser only to
      // be refused would print typescript-eslint's refusal for a project that lints fine without it.
      const parser = loadTypeScript().ok ? loadTypeScriptParser() : undefined;
      if (parser?.ok) return parseWith(parser.module, code, options);
      const ecmaFeatures = { jsx: true, ...(options.ecmaFeatures as Record<string, unknown> | undefined) };
      return parseWith(loadEspree(), code, { ...options, ecmaFeatures });
    },
  };
}

/** The parser of `recommended`, `strict` and `audit`: TypeScript for TypeScript files, JavaScript without it if need be. */
export const untypedParser = createParser('eslint-plugin-aws-kms/parser', false);

/** The parser of the `-type-checked` configs: `@typescript-eslint/parser` for every file. */
export const typedParser = createParser('eslint-plugin-aws-kms/typed-parser', true);
