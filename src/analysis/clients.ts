/**
 * The SDK client a KMS call site goes through, and the Region that client sends its requests to.
 *
 * A KMS key ARN names one Region (`arn:aws:kms:REGION:ACCOUNT:key/…`); a request is served by the Region of the
 * client's endpoint, and KMS answers `NotFoundException` for a key ARN of any other Region (KMS API Reference,
 * "KeyId": "To specify a KMS key in a different AWS account, you must use the key ARN or alias ARN", and the key ARN's
 * Region must be the Region of the endpoint). This module reads the client's `region` configuration three-valued:
 *
 * - v3: `new KMSClient({ region })`, `new KMS({ region })` (`@aws-sdk/client-kms`);
 * - v2: `new AWS.KMS({ region })`, `new KMS({ region })` (`aws-sdk`, `aws-sdk/clients/kms`).
 *
 * A client built without a `region` takes it from the environment (`AWS_REGION`, the shared config file, v2's
 * `AWS.config`), a `region` that is a variable or a provider function is not known here: both are `unknown`, so
 * rules stay silent about them.
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import { walk } from './ast/walk.js';
import { skipWrappers } from './ast/wrappers.js';
import { findSendCall } from './call-sites.js';
import type { CallSite, FileAnalysis } from './model.js';
import { getKnownStrings } from './roles.js';
import { lookupProperty } from './values.js';

/** Constructor names of KMS clients in SDK v3 (`KMSClient`, the aggregated `KMS`) and v2 (`AWS.KMS`, `KMS`). */
const KMS_CLIENT_CLASSES: ReadonlySet<string> = new Set(['KMSClient', 'KMS']);

/**
 * The Region of the client a call site uses.
 * - `known`: the client is built in this file with a literal (or constant) `region`; `node` is the `region` property
 *   (or the value it was read from) and `client` the `new …(config)` expression.
 * - `unknown`: the client, its construction or its `region` cannot be seen (a parameter, `this.kms`, no `region`
 *   given, so the environment decides; a variable; a provider function).
 */
export type ClientRegion =
  | { readonly state: 'known'; readonly region: string; readonly client: TSESTree.NewExpression; readonly node: TSESTree.Node | undefined }
  | { readonly state: 'unknown' };

const UNKNOWN: ClientRegion = { state: 'unknown' };

const cache = new WeakMap<CallSite, ClientRegion>();

/**
 * The Region of the KMS client that sends `site`'s request (cached per site). Only `v3-command`, `v3-aggregated` and
 * `v2` KMS sites have one; every other site answers `unknown`. Never throws.
 */
export function getClientRegion(analysis: FileAnalysis, site: CallSite): ClientRegion {
  const cached = cache.get(site);
  if (cached) return cached;
  let answer = UNKNOWN;
  try {
    const receiver = site.service === 'kms' ? getReceiver(analysis, site) : undefined;
    const client = receiver ? resolveClientConstruction(analysis, receiver) : undefined;
    if (client) answer = readRegion(analysis, client);
  } catch {
    answer = UNKNOWN;
  }
  cache.set(site, answer);
  return answer;
}

/** The expression the operation is called on: `kms` in `kms.send(new XCommand(…))` and in `kms.encrypt(…)`. */
function getReceiver(analysis: FileAnalysis, site: CallSite): TSESTree.Node | undefined {
  if (site.viaWrapper) return undefined;
  let call: TSESTree.Node | undefined;
  if (site.style === 'v3-command') call = site.node.type === T.NewExpression ? findSendCall(site.node, analysis.evaluator) : site.node;
  else if (site.style === 'v3-aggregated' || site.style === 'v2') call = site.node;
  if (call?.type !== T.CallExpression || call.callee.type !== T.MemberExpression) return undefined;
  return skipWrappers(call.callee.object);
}

/**
 * `new KMSClient(config)` when `receiver` is that expression or a variable whose only assignment is it (a `const`,
 * or a `let` never written again), or `this.kms` whose class writes it exactly once, with that expression (a property
 * initialiser or `this.kms = new KMSClient(…)`). Anything else (a parameter, a factory's result) is not followed.
 */
function resolveClientConstruction(analysis: FileAnalysis, receiver: TSESTree.Node): TSESTree.NewExpression | undefined {
  if (receiver.type === T.NewExpression) return isKmsClientClass(receiver) ? receiver : undefined;
  if (receiver.type === T.MemberExpression) return resolveThisMember(analysis, receiver);
  if (receiver.type !== T.Identifier) return undefined;
  const variable = analysis.evaluator.findVariable(receiver);
  if (!variable || variable.defs.length !== 1) return undefined;
  const definition = variable.defs[0]!;
  if (definition.type !== 'Variable') return undefined;
  const declarator = definition.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== T.Identifier || !declarator.init) return undefined;
  if (variable.references.some((reference) => reference.isWrite() && reference.identifier !== declarator.id)) return undefined;
  const init = skipWrappers(declarator.init);
  return init.type === T.NewExpression && isKmsClientClass(init) ? init : undefined;
}

/** `this.name` inside a class whose only write of `name` is `name = new KMSClient(…)` or `this.name = new KMSClient(…)`. */
function resolveThisMember(analysis: FileAnalysis, member: TSESTree.MemberExpression): TSESTree.NewExpression | undefined {
  if (member.object.type !== T.ThisExpression || member.computed || member.property.type !== T.Identifier) return undefined;
  const name = member.property.name;
  let classBody: TSESTree.Node | undefined = member.parent;
  while (classBody && classBody.type !== T.ClassBody) classBody = classBody.parent;
  if (!classBody) return undefined;
  const writes: TSESTree.Node[] = [];
  walk(classBody, analysis.sourceCode.visitorKeys, (node) => {
    if (node.type === T.PropertyDefinition && !node.computed && node.key.type === T.Identifier && node.key.name === name && node.value) writes.push(node.value);
    if (node.type === T.AssignmentExpression && node.left.type === T.MemberExpression && node.left.object.type === T.ThisExpression) {
      if (!node.left.computed && node.left.property.type === T.Identifier && node.left.property.name === name) writes.push(node.right);
    }
  });
  if (writes.length !== 1) return undefined;
  const value = skipWrappers(writes[0]!);
  return value.type === T.NewExpression && isKmsClientClass(value) ? value : undefined;
}

function isKmsClientClass(construction: TSESTree.NewExpression): boolean {
  const callee = construction.callee;
  if (callee.type === T.Identifier) return KMS_CLIENT_CLASSES.has(callee.name);
  return callee.type === T.MemberExpression && !callee.computed && callee.property.type === T.Identifier && KMS_CLIENT_CLASSES.has(callee.property.name);
}

function readRegion(analysis: FileAnalysis, client: TSESTree.NewExpression): ClientRegion {
  const config = client.arguments[0];
  if (!config || config.type === T.SpreadElement) return UNKNOWN;
  const lookup = lookupProperty(analysis.evaluator.evaluate(config), 'region');
  if (lookup.state !== 'present') return UNKNOWN;
  const regions = getKnownStrings(lookup.value);
  if (regions?.length !== 1 || !/^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(regions[0]!)) return UNKNOWN;
  return { state: 'known', region: regions[0]!, client, node: lookup.propertyNode ?? lookup.value.node };
}
