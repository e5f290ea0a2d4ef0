/**
 * The edit behind `require-data-key-zeroization`'s "wrap in try/finally" suggestion: the statements that use a
 * plaintext key move into `try { … } finally { key.fill(0); }`. Computed here, applied by the rule as a suggestion
 * (never a fix: moving code into a `try` can change behaviour when it throws).
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../../util/ts-eslint.js';
import { walk } from '../ast/walk.js';
import type { KeyRegion } from '../key-material.js';
import type { FileAnalysis } from '../model.js';
import { containsNode } from '../values.js';

/** A replacement of the source range `range` (offsets into the file's text) by `text`; `wipe` is the wiping statement. */
export interface TryFinallyEdit {
  readonly range: readonly [number, number];
  readonly text: string;
  readonly wipe: string;
}

/**
 * `try { <the statements after the declaration> } finally { key.fill(0); }` — offered when the key is received by a
 * declaration statement in a block, every use follows it in that block, and the statements can move into a `try`
 * without changing what is in scope (no function or class declarations; with an existing straight-line wipe, the
 * statements up to it are wrapped and the wipe moves into the `finally`).
 */
export function getTryFinallyEdit(analysis: FileAnalysis, region: KeyRegion): TryFinallyEdit | undefined {
  const { declaration, name } = region;
  const block = declaration?.parent;
  if (!declaration || !name || block?.type !== T.BlockStatement) return undefined;
  const wipes = region.uses.filter((use) => use.kind === 'wipe' && !use.via);
  const statements = block.body;
  const first = statements.indexOf(declaration) + 1;
  let last = statements.length - 1;
  let wipeStatement: TSESTree.Statement | undefined;
  if (wipes.length > 1) return undefined;
  if (wipes.length === 1) {
    const found = statements.find((statement) => containsNode(statement, wipes[0]!.node) && statement.range[0] > declaration.range[1]);
    if (found?.type !== T.ExpressionStatement || unwrap(found.expression) !== wipes[0]!.node) return undefined;
    wipeStatement = found;
    last = statements.indexOf(wipeStatement) - 1;
  }
  if (last < first) return undefined;
  const rest = statements.slice(first, last + 1);
  if (rest.some((statement) => statement.type === T.FunctionDeclaration || statement.type === T.ClassDeclaration)) return undefined;
  const restStart = rest[0]!.range[0];
  const restEnd = rest[rest.length - 1]!.range[1];
  const uses = region.uses.filter((use) => use !== wipes[0]);
  if (uses.some((use) => { const anchor = use.via ?? use.node; return anchor.range[0] < restStart || anchor.range[1] > restEnd; })) return undefined;
  if (wipeStatement && isDeclaredInAndUsedAfter(analysis, rest, wipeStatement.range[1])) return undefined;

  const sourceCode = analysis.sourceCode;
  const wipeText = wipeStatement ? sourceCode.getText(wipeStatement) : `${name}${isNonNullable(analysis, region) ? '.' : '?.'}fill(0);`;
  const replaceEnd = wipeStatement ? wipeStatement.range[1] : restEnd;
  const between = sourceCode.text.slice(declaration.range[1], replaceEnd);
  let replacement: string;
  if (!between.includes('\n')) {
    replacement = ` try { ${sourceCode.text.slice(restStart, restEnd)} } finally { ${wipeText} }`;
  } else {
    const indent = getLineIndent(sourceCode.text, declaration.range[0]);
    const outer = getLineIndent(sourceCode.text, block.range[0]);
    const unit = indent.length > outer.length && indent.startsWith(outer) ? indent.slice(outer.length) : '  ';
    const restText = sourceCode.text.slice(getLineStart(sourceCode.text, restStart), restEnd);
    const templates = collectTemplateRanges(rest);
    const lineStart = getLineStart(sourceCode.text, restStart);
    const body = reindent(restText, lineStart, unit, templates);
    replacement = `\n${indent}try {\n${body}\n${indent}} finally {\n${indent}${unit}${wipeText}\n${indent}}`;
  }
  return { range: [declaration.range[1], replaceEnd], text: replacement, wipe: wipeText };
}

/** Whether the key's static type excludes `undefined`/`null` (with type information), or the binding says so (`as`, `!`). */
function isNonNullable(analysis: FileAnalysis, region: KeyRegion): boolean {
  const declarator = region.reportNode.type === T.VariableDeclarator ? region.reportNode : undefined;
  if (declarator?.init && (declarator.init.type === T.TSAsExpression || declarator.init.type === T.TSNonNullExpression)) return true;
  const types = analysis.types;
  const target = declarator?.id ?? (region.reportNode.type === T.Property ? region.reportNode.value : undefined);
  if (!types || !target) return false;
  const tsNode = types.esTreeNodeToTSNodeMap.get(target);
  if (!tsNode) return false;
  const type = types.checker.getTypeAtLocation(tsNode);
  return types.checker.getNonNullableType(type) === type;
}

/** True when a `let`/`const`/`var` declared in `statements` is referenced after `offset` (it would leave scope). */
function isDeclaredInAndUsedAfter(analysis: FileAnalysis, statements: readonly TSESTree.Statement[], offset: number): boolean {
  const scopeManager = analysis.sourceCode.scopeManager;
  if (!scopeManager) return true;
  return statements.some(
    (statement) =>
      statement.type === T.VariableDeclaration &&
      scopeManager.getDeclaredVariables(statement).some((variable) => variable.references.some((reference) => reference.identifier.range[0] > offset)),
  );
}

function getLineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function getLineIndent(text: string, offset: number): string {
  const start = getLineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** Adds `unit` at the start of every line of `text` (which begins at `base`) that does not start inside a template. */
function reindent(text: string, base: number, unit: string, templates: ReadonlyArray<readonly [number, number]>): string {
  let offset = base;
  return text
    .split('\n')
    .map((line) => {
      const start = offset;
      offset += line.length + 1;
      const insideTemplate = templates.some(([from, to]) => from < start && start < to);
      return insideTemplate || line.length === 0 ? line : unit + line;
    })
    .join('\n');
}

function collectTemplateRanges(statements: readonly TSESTree.Node[]): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  for (const statement of statements) {
    walk(statement, undefined, (node) => {
      if (node.type === T.TemplateLiteral) ranges.push(node.range);
    });
  }
  return ranges;
}

function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.type === T.ChainExpression || current.type === T.AwaitExpression) current = current.type === T.ChainExpression ? current.expression : current.argument;
  return current;
}

