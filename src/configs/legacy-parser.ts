/**
 * The configs' untyped parser as a module of its own, for eslintrc (`"parser"` takes a module path, which ESLint 8 and
 * 9's legacy loader `require()`s and reads `parseForESLint` from). Same behaviour as the flat configs' parser.
 */
import { untypedParser } from './parser.js';

/** Parser identity for ESLint's cache. */
export const meta = untypedParser.meta;

/** See `untypedParser.parseForESLint` in `./parser.ts`. */
export function parseForESLint(code: string, options?: Record<string, unknown>): unknown {
  return untypedParser.parseForESLint(code, options);
}
