/**
 * The type-information layer: what the parser's services give the analysis, read without throwing.
 *
 * `ESLintUtils.getParserServices` throws for parsers without a program (espree, typescript-eslint without `project`),
 * so the analysis reads `sourceCode.parserServices` itself and answers `undefined` when there is no program. Every
 * analysis module that asks the checker gets it from here, which also lets a test count the typed queries a rule
 * causes (`setTypeQueryRecorder`, used by test/repo.test.ts to check `meta.docs.requiresTypeChecking`).
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

/** Type information the analysis may use: the `ts.Program` of the parse, its checker and the ESTree → TS node map. */
export interface TypeServices {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly esTreeNodeToTSNodeMap: { get(node: TSESTree.Node): ts.Node | undefined };
}

let recorder: ((method: string) => void) | undefined;

/**
 * Installs (or, with `undefined`, removes) a callback that is told the name of every `ts.TypeChecker` method the
 * analysis calls on services handed out after this point. For tests only: with no recorder the checker is returned
 * as it is, so linting pays nothing.
 */
export function setTypeQueryRecorder(callback: ((method: string) => void) | undefined): void {
  recorder = callback;
}

/**
 * Type services of the current parse, or `undefined` when the file was parsed without type information.
 * Never throws.
 */
export function getTypeServices(sourceCode: Readonly<TSESLint.SourceCode>): TypeServices | undefined {
  const services = sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return undefined;
  const checker = services.program.getTypeChecker();
  return {
    program: services.program,
    checker: recorder ? recordingChecker(checker, recorder) : checker,
    esTreeNodeToTSNodeMap: services.esTreeNodeToTSNodeMap,
  };
}

function recordingChecker(checker: ts.TypeChecker, record: (method: string) => void): ts.TypeChecker {
  return new Proxy(checker, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        record(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
