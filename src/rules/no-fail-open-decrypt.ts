import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import { getControl, getFlow, getKmsModel, type CallSite, type FileAnalysis } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Also read `.catch(callback)` of the promise chain a decrypt starts (`kms.send(…).catch(() => sealed)`). */
    checkPromiseCatch?: boolean;
  },
];
export type MessageId = 'failOpen';

export default createRule<Options, MessageId>({
  name: 'no-fail-open-decrypt',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow a catch around a KMS decrypt that falls back to the undecrypted value',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    messages: {
      failOpen:
        'When this {{operation}} fails, the catch on line {{line}} carries on with the undecrypted value ({{fallback}}): a KMS error (AccessDeniedException, InvalidCiphertextException, a wrong encryption context) then hands ciphertext or a raw configured value to code that expects plaintext. Rethrow, or stop the process.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkPromiseCatch: {
            type: 'boolean',
            description: 'Also read the `.catch(callback)` (or the second `.then` callback) of the promise chain a decrypt starts, as well as `try`/`catch` around it.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkPromiseCatch: true }],
  create(context, [options]) {
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        const decrypts = analysis.callSites.filter(isDecrypt);
        if (decrypts.length === 0) return;
        const control = getControl(analysis);
        const decryptNodes = new Set<TSESTree.Node>(decrypts.map((site) => site.node));
        for (const site of decrypts) {
          const ciphertext = getCiphertextNode(analysis, site);
          if (!ciphertext) continue;
          const sources = getSources(analysis, ciphertext);
          if (sources.variables.size === 0 && sources.texts.size === 0) continue;
          const fallbacks: { node: TSESTree.Node; fallback: TSESTree.Node }[] = [];
          for (const clause of control.getCatchContexts(site.node)) {
            if (clause.outcome === 'rethrows' || clause.outcome === 'exits') continue;
            // A second decrypt in the catch (the two-attempt Lambda pattern) is not a fallback.
            if (clause.calls.some((call) => decryptNodes.has(call) || call.arguments.some((argument) => decryptNodes.has(argument)))) continue;
            const candidates = [...clause.returns, ...clause.assignments.map((assignment) => assignment.right)];
            const fallback = candidates.find((candidate) => candidate && isUndecryptedValue(analysis, candidate, sources));
            if (fallback) fallbacks.push({ node: clause.clause, fallback });
            break;
          }
          const chainCatch = options.checkPromiseCatch === false ? undefined : control.getPromiseCatch(getChainStart(site.node));
          if (chainCatch && chainCatch.outcome !== 'rethrows' && chainCatch.outcome !== 'exits') {
            const fallback = chainCatch.returns.find((candidate) => candidate && isUndecryptedValue(analysis, candidate, sources));
            if (fallback) fallbacks.push({ node: chainCatch.callback, fallback });
          }
          const first = fallbacks[0];
          if (!first) continue;
          context.report({
            node: site.node,
            messageId: 'failOpen',
            data: { operation: site.operation === 'Decrypt' ? 'Decrypt' : 'Encryption SDK decrypt', line: String(first.node.loc.start.line), fallback: shorten(analysis.sourceCode.getText(first.fallback)) },
          });
        }
      },
    };
  },
});

function isDecrypt(site: CallSite): boolean {
  return (site.service === 'kms' && site.operation === 'Decrypt') || (site.service === 'encryption-sdk' && site.operation === 'decrypt');
}

/** The ciphertext argument: `CiphertextBlob` of a Decrypt request, the second argument of the Encryption SDK's decrypt. */
function getCiphertextNode(analysis: FileAnalysis, site: CallSite): TSESTree.Node | undefined {
  if (site.service === 'encryption-sdk') return site.node.type === T.CallExpression ? site.node.arguments[1] : undefined;
  if (!site.inputNode) return undefined;
  const object = getFlow(analysis).resolveObjectLiteral(site.inputNode);
  for (const property of object?.properties ?? []) {
    if (property.type === T.Property && !property.computed && property.key.type === T.Identifier && property.key.name === 'CiphertextBlob') return property.value;
  }
  return undefined;
}

interface Sources {
  /** Variables the ciphertext is made from, used whole (`sealed` in `Buffer.from(sealed, 'base64')`). */
  readonly variables: Set<unknown>;
  /** Member chains the ciphertext is made from, as source text (`process.env.ALERT_WEBHOOK_URL`, `row.blob`). */
  readonly texts: Set<string>;
}

/** The variables and member chains that the ciphertext expression is built from (not callees, not `Buffer`). */
function getSources(analysis: FileAnalysis, ciphertext: TSESTree.Node): Sources {
  const sources: Sources = { variables: new Set(), texts: new Set() };
  visitValues(ciphertext, (node) => {
    const chain = getChainText(analysis, node);
    if (chain) {
      sources.texts.add(chain);
      return false;
    }
    if (node.type === T.Identifier) {
      const variable = analysis.evaluator.findVariable(node);
      if (variable && variable.defs.length > 0) sources.variables.add(variable);
    }
    return true;
  });
  return sources;
}

/**
 * Whether `expression` evaluates to the undecrypted value itself on some path: a source variable or member chain,
 * through `??`/`||`, `?:`, TypeScript wrappers and conversions (`String(x)`, `x.toString()`, `Buffer.from(x)`). A new
 * object or a string built around it (`{ ...row, email: null }`) is not the value.
 */
function isUndecryptedValue(analysis: FileAnalysis, expression: TSESTree.Node, sources: Sources, depth = 0): boolean {
  if (depth > 6) return false;
  const node = expression;
  switch (node.type) {
    case T.TSAsExpression:
    case T.TSNonNullExpression:
    case T.TSSatisfiesExpression:
    case T.ChainExpression:
      return isUndecryptedValue(analysis, node.expression, sources, depth + 1);
    case T.AwaitExpression:
      return isUndecryptedValue(analysis, node.argument, sources, depth + 1);
    case T.LogicalExpression:
      return isUndecryptedValue(analysis, node.left, sources, depth + 1) || isUndecryptedValue(analysis, node.right, sources, depth + 1);
    case T.ConditionalExpression:
      return isUndecryptedValue(analysis, node.consequent, sources, depth + 1) || isUndecryptedValue(analysis, node.alternate, sources, depth + 1);
    case T.Identifier:
      return sources.variables.has(analysis.evaluator.findVariable(node));
    case T.MemberExpression: {
      const chain = getChainText(analysis, node);
      return chain !== undefined && sources.texts.has(chain);
    }
    case T.CallExpression: {
      const callee = node.callee;
      const name = callee.type === T.Identifier ? callee.name : callee.type === T.MemberExpression && !callee.computed && callee.property.type === T.Identifier ? callee.property.name : undefined;
      const first = node.arguments[0];
      if ((name === 'String' || name === 'from') && first) return isUndecryptedValue(analysis, first, sources, depth + 1);
      if (name === 'toString' && callee.type === T.MemberExpression) return isUndecryptedValue(analysis, callee.object, sources, depth + 1);
      return false;
    }
    default:
      return false;
  }
}

/** A non-computed member chain on a variable (`process.env.X`, `process.env['X']`, `row.blob`) as text; else undefined. */
function getChainText(analysis: FileAnalysis, node: TSESTree.Node): string | undefined {
  if (node.type !== T.MemberExpression) return undefined;
  const name = node.computed ? (node.property.type === T.Literal ? String(node.property.value) : undefined) : node.property.type === T.Identifier ? node.property.name : undefined;
  if (name === undefined) return undefined;
  const object = node.object;
  if (object.type === T.Identifier) return `${object.name}.${name}`;
  const inner = getChainText(analysis, object);
  return inner === undefined ? undefined : `${inner}.${name}`;
}

/**
 * Visits the value-carrying sub-expressions of `root`: not callees, not member property names, not nested functions.
 * `visit` returns false to skip the children of a node.
 */
function visitValues(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean): void {
  const walk = (node: TSESTree.Node): void => {
    if (node.type === T.ArrowFunctionExpression || node.type === T.FunctionExpression) return;
    if (!visit(node)) return;
    switch (node.type) {
      case T.CallExpression:
      case T.NewExpression:
        if (node.callee.type === T.MemberExpression) walk(node.callee.object);
        for (const argument of node.arguments) walk(argument);
        return;
      case T.MemberExpression:
        walk(node.object);
        if (node.computed) walk(node.property);
        return;
      case T.Property:
        if (node.computed) walk(node.key);
        walk(node.value);
        return;
      default:
        for (const [key, value] of Object.entries(node)) {
          if (key === 'parent' || key === 'typeAnnotation' || key === 'typeArguments') continue;
          if (Array.isArray(value)) {
            for (const item of value) if (isNode(item)) walk(item);
          } else if (isNode(value)) walk(value);
        }
    }
  };
  walk(root);
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The call a promise chain starts from: `kms.send(new DecryptCommand(…))` for a command, the call itself otherwise. */
function getChainStart(node: TSESTree.Node): TSESTree.Node {
  const parent = node.parent;
  if (node.type === T.NewExpression && parent?.type === T.CallExpression && parent.arguments.includes(node)) {
    return parent.parent?.type === T.MemberExpression && parent.parent.object === parent && isPromiseCall(parent.parent) ? parent.parent.parent! : parent;
  }
  if (parent?.type === T.MemberExpression && parent.object === node && isPromiseCall(parent)) return parent.parent!;
  return node;
}

/** `x.promise` (SDK v2's `request.promise()`). */
function isPromiseCall(member: TSESTree.MemberExpression): boolean {
  return !member.computed && member.property.type === T.Identifier && member.property.name === 'promise' && member.parent?.type === T.CallExpression;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}
