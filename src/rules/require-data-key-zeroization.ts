import { AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '../util/ts-eslint.js';
import {
  containsNode,
  type FileAnalysis,
  getKeyMaterial,
  getKmsModel,
  type KeyMaterial,
  type KeyRegion,
} from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Extra function names (`zeroize`, `utils.wipe`) that wipe their first argument. */
    wipeFunctions?: string[];
    /** Also check Decrypt results that are used as a cipher key. */
    checkDecryptedKeys?: boolean;
  },
];
export type MessageId = 'keyNotWiped' | 'keyCopyNotWiped' | 'keyConvertedToString' | 'wrapInTryFinally';

export default createRule<Options, MessageId>({
  name: 'require-data-key-zeroization',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require plaintext data keys from KMS to be wiped on every path after use, and never turned into strings',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      keyNotWiped:
        'The plaintext key bytes from {{operation}} (`{{member}}`) are not wiped on every path after their last use. Overwrite them with `.fill(0)` in a `finally` block that covers every use, so an exception or early return cannot leave the key in process memory.',
      keyCopyNotWiped:
        'This copy of the plaintext key bytes from {{operation}} (`{{member}}`, made by {{copy}}) is separate memory and is not wiped on every path after its last use. Wiping the original does not wipe a copy: wipe it too, in a `finally` block.',
      keyConvertedToString:
        'The plaintext key bytes from {{operation}} (`{{member}}`) are turned into a string by {{conversion}}. A JavaScript string is immutable and cannot be wiped, so the key stays in memory until garbage collection, whatever happens to the buffer. Keep key bytes in a Buffer or Uint8Array.',
      wrapInTryFinally: 'Wrap the code that uses the key in `try { … } finally { {{wipe}} }`.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          wipeFunctions: {
            type: 'array',
            description: 'Names of functions (as called, e.g. "zeroize" or "secure.wipe") that overwrite their first argument with zeros.',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
          },
          checkDecryptedKeys: {
            type: 'boolean',
            description: 'Also check Decrypt results that are used as a cipher key (createCipheriv/createDecipheriv, gcm(), subtle.importKey).',
          },
        },
      },
    ],
  },
  defaultOptions: [{ wipeFunctions: [], checkDecryptedKeys: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        const reported = new Set<TSESTree.Node>();
        for (const material of getKeyMaterial(analysis, { wipeFunctions: options.wipeFunctions ?? [] })) {
          if (material.operation === 'Decrypt' && (options.checkDecryptedKeys === false || !material.usedAsCipherKey)) continue;
          for (const region of material.regions) {
            if (!reported.has(region.reportNode) && isUnwiped(region)) {
              reported.add(region.reportNode);
              reportUnwiped(context, analysis, material, region);
            }
            for (const use of region.uses) {
              if (use.kind !== 'leak' || (use.leak !== 'string' && use.leak !== 'json') || reported.has(use.node)) continue;
              reported.add(use.node);
              context.report({
                node: use.node,
                messageId: 'keyConvertedToString',
                data: { operation: material.operation, member: material.member, conversion: `\`${use.detail}\`` },
              });
            }
          }
        }
      },
    };
  },
});

type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

/**
 * A region is reported when the code still owns it (nothing returned, stored or handed it on, no unknown use), it is
 * used as key bytes (not only read or turned into strings, which have their own message), and no wipe covers it.
 */
function isUnwiped(region: KeyRegion): boolean {
  if (region.ownershipMoves || region.coveringWipe) return false;
  return region.uses.some((use) => use.kind !== 'read' && use.kind !== 'wipe' && !(use.kind === 'leak' && (use.leak === 'string' || use.leak === 'json' || use.leak === 'log')));
}

function reportUnwiped(context: Context, analysis: FileAnalysis, material: KeyMaterial, region: KeyRegion): void {
  const copyUse = region.parent?.uses.find((use) => use.copy === region);
  context.report({
    node: region.reportNode,
    messageId: region.kind === 'copy' ? 'keyCopyNotWiped' : 'keyNotWiped',
    data: { operation: material.operation, member: material.member, copy: `\`${copyUse?.detail ?? 'a copy'}\`` },
    suggest: getTryFinallySuggestion(analysis, region),
  });
}

/**
 * `try { <the statements after the declaration> } finally { key.fill(0); }` — offered when the key is received by a
 * declaration statement in a block, every use follows it in that block, and the statements can move into a `try`
 * without changing what is in scope (no function or class declarations; with an existing straight-line wipe, the
 * statements up to it are wrapped and the wipe moves into the `finally`).
 */
function getTryFinallySuggestion(analysis: FileAnalysis, region: KeyRegion): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  const { declaration, name } = region;
  const block = declaration?.parent;
  if (!declaration || !name || block?.type !== T.BlockStatement) return [];
  const wipes = region.uses.filter((use) => use.kind === 'wipe' && !use.via);
  const statements = block.body;
  const first = statements.indexOf(declaration) + 1;
  let last = statements.length - 1;
  let wipeStatement: TSESTree.Statement | undefined;
  if (wipes.length > 1) return [];
  if (wipes.length === 1) {
    const found = statements.find((statement) => containsNode(statement, wipes[0]!.node) && statement.range[0] > declaration.range[1]);
    if (found?.type !== T.ExpressionStatement || unwrap(found.expression) !== wipes[0]!.node) return [];
    wipeStatement = found;
    last = statements.indexOf(wipeStatement) - 1;
  }
  if (last < first) return [];
  const rest = statements.slice(first, last + 1);
  if (rest.some((statement) => statement.type === T.FunctionDeclaration || statement.type === T.ClassDeclaration)) return [];
  const restStart = rest[0]!.range[0];
  const restEnd = rest[rest.length - 1]!.range[1];
  const uses = region.uses.filter((use) => use !== wipes[0]);
  if (uses.some((use) => { const anchor = use.via ?? use.node; return anchor.range[0] < restStart || anchor.range[1] > restEnd; })) return [];
  if (wipeStatement && isDeclaredInAndUsedAfter(analysis, rest, wipeStatement.range[1])) return [];

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
  return [
    {
      messageId: 'wrapInTryFinally',
      data: { wipe: wipeText },
      fix: (fixer) => fixer.replaceTextRange([declaration.range[1], replaceEnd], replacement),
    },
  ];
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
  const stack: TSESTree.Node[] = [...statements];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === T.TemplateLiteral) ranges.push(node.range);
    for (const key of Object.keys(node)) {
      if (key === 'parent') continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof (item as TSESTree.Node).type === 'string') stack.push(item as TSESTree.Node);
      } else if (child && typeof (child as TSESTree.Node).type === 'string') {
        stack.push(child as TSESTree.Node);
      }
    }
  }
  return ranges;
}

function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.type === T.ChainExpression || current.type === T.AwaitExpression) current = current.type === T.ChainExpression ? current.expression : current.argument;
  return current;
}

