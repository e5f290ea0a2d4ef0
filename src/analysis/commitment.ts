/**
 * Key commitment of the AWS Encryption SDK clients a file builds: every `buildClient(…)` of `@aws-crypto/client-node`
 * (and `client-browser`), `buildEncrypt(…)` of `@aws-crypto/encrypt-node` and `buildDecrypt(…)` of
 * `@aws-crypto/decrypt-node` (catalogue `ENCRYPTION_SDK_FACTORIES`), with the commitment policy it is given and the
 * client methods the file takes from it; and the encryption-context keys of Encryption SDK encrypt calls that use the
 * reserved `aws-crypto-` prefix.
 *
 * The policy is read from the code only (comments say nothing here): passed directly (`CommitmentPolicy.X`, under any
 * import name, or the string `'X'` — the enum's values equal its names), through a single-definition variable, or as
 * the `commitmentPolicy` member of an options object; no argument, or an options object without the member, is the
 * default `REQUIRE_ENCRYPT_REQUIRE_DECRYPT` (catalog/commitment.ts gives the ESDK source). Anything else is unknown.
 */
import { ASTUtils, AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '../util/ts-eslint.js';
import { skipWrappers, skipWrappersUp } from './ast/wrappers.js';
import { withImplicitRequire } from './call-sites.js';
import { COMMITMENT_POLICIES, COMMITMENT_POLICY_MEMBER, DEFAULT_COMMITMENT_POLICY, ENCRYPTING_METHODS, RESERVED_CONTEXT_PREFIX, type CommitmentPolicyName } from './catalog/commitment.js';
import { ENCRYPTION_SDK_FACTORIES } from './catalog/sdk.js';
import type { FileAnalysis } from './model.js';
import { getResolvedGroups } from './roles.js';
import { getStaticKey, getStaticMemberName, type ValueEvaluator } from './values.js';

const { ReferenceTracker } = ASTUtils;
const POLICY_NAMES: ReadonlySet<string> = new Set(COMMITMENT_POLICIES);

/** One Encryption SDK client factory call. */
export interface EncryptionSdkClientBuild {
  /** The `buildClient(…)` / `buildEncrypt(…)` / `buildDecrypt(…)` call. */
  readonly node: TSESTree.CallExpression;
  readonly factory: string;
  /** The commitment policy, or `undefined` when it is not statically known. */
  readonly policy: CommitmentPolicyName | undefined;
  /** True when no policy is given and the factory's default applies. */
  readonly defaulted: boolean;
  /**
   * The client methods this file takes from the result (`const { decrypt } = buildClient(…)`, `client.encrypt(…)`),
   * or `undefined` when the client escapes (returned, exported whole, passed on) or is read dynamically. The split
   * factories carry only their own methods.
   */
  readonly methods: readonly string[] | undefined;
  /** `yes` when a method that writes messages is taken, `no` when only decrypting ones are, `unknown` otherwise. */
  readonly encrypts: 'yes' | 'no' | 'unknown';
}

/** A context key with the reserved `aws-crypto-` prefix in an Encryption SDK encrypt call. */
export interface ReservedContextKey {
  readonly key: string;
  readonly property: TSESTree.Property;
}

/** The file's Encryption SDK client factory calls, in source order. */
export function getEncryptionSdkClientBuilds(analysis: FileAnalysis): EncryptionSdkClientBuild[] {
  const globalScope = analysis.sourceCode.scopeManager?.globalScope;
  if (!globalScope) return [];
  const traceMap: Record<string, Record<string, unknown>> = {};
  for (const { module, factory } of ENCRYPTION_SDK_FACTORIES) (traceMap[module] ??= {})[factory] = { [ReferenceTracker.CALL]: factory };
  const tracker = new ReferenceTracker(withImplicitRequire(globalScope as TSESLint.Scope.Scope), { mode: 'legacy' });
  const map = traceMap as Parameters<typeof tracker.iterateEsmReferences>[0];
  const builds = new Map<TSESTree.Node, EncryptionSdkClientBuild>();
  for (const reference of [...tracker.iterateEsmReferences(map), ...tracker.iterateCjsReferences(map)]) {
    const node = reference.node;
    if (node.type !== T.CallExpression || builds.has(node)) continue;
    const factory = String(reference.info);
    const argument = node.arguments[0];
    const policy = argument === undefined ? { policy: DEFAULT_COMMITMENT_POLICY, defaulted: true } : resolvePolicy(argument, analysis.evaluator, 0);
    const methods = factory === 'buildDecrypt' ? ['decrypt', 'decryptStream', 'decryptUnsignedMessageStream'] : getMethodsTaken(node, analysis.evaluator);
    const encrypts = factory === 'buildEncrypt' || methods?.some((method) => ENCRYPTING_METHODS.has(method)) ? 'yes' : methods ? 'no' : 'unknown';
    builds.set(node, { node, factory, policy: policy.policy, defaulted: policy.defaulted, methods, encrypts });
  }
  return [...builds.values()].sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/** The `aws-crypto-` context keys of the file's Encryption SDK `encrypt`/`encryptStream` calls. */
export function getReservedContextKeys(analysis: FileAnalysis): ReservedContextKey[] {
  const found: ReservedContextKey[] = [];
  for (const site of analysis.callSites) {
    if (site.service !== 'encryption-sdk') continue;
    for (const group of getResolvedGroups(site)) {
      if (group.contextUse !== 'encrypt' || group.context?.state !== 'present' || group.context.value.kind !== 'object') continue;
      for (const property of group.context.value.properties) {
        if (property.name.startsWith(RESERVED_CONTEXT_PREFIX) && property.propertyNode) found.push({ key: property.name, property: property.propertyNode });
      }
    }
  }
  return found;
}

function resolvePolicy(node: TSESTree.Node, evaluator: ValueEvaluator, depth: number): { policy: CommitmentPolicyName | undefined; defaulted: boolean } {
  const unknown = { policy: undefined, defaulted: false };
  if (depth > 8 || node.type === T.SpreadElement) return unknown;
  const expression = skipWrappers(node);
  switch (expression.type) {
    case T.Literal:
      return typeof expression.value === 'string' && POLICY_NAMES.has(expression.value) ? { policy: expression.value as CommitmentPolicyName, defaulted: false } : unknown;
    case T.MemberExpression: {
      const name = getStaticMemberName(expression);
      return name !== undefined && POLICY_NAMES.has(name) ? { policy: name as CommitmentPolicyName, defaulted: false } : unknown;
    }
    case T.Identifier: {
      const init = getSingleInit(expression, evaluator);
      return init ? resolvePolicy(init, evaluator, depth + 1) : unknown;
    }
    case T.ObjectExpression: {
      // The last `commitmentPolicy` wins; a spread after it (or with none) may bring one we cannot see.
      for (let index = expression.properties.length - 1; index >= 0; index--) {
        const property = expression.properties[index]!;
        if (property.type === T.SpreadElement) return unknown;
        const key = getStaticKey(property, (key) => evaluator.evaluate(key));
        if (key === undefined) return unknown;
        if (key === COMMITMENT_POLICY_MEMBER) {
          const value = property.value;
          if (value.type === T.Identifier && value.name === 'undefined') return { policy: DEFAULT_COMMITMENT_POLICY, defaulted: true };
          return resolvePolicy(value, evaluator, depth + 1);
        }
      }
      return { policy: DEFAULT_COMMITMENT_POLICY, defaulted: true };
    }
    default:
      return unknown;
  }
}

/** The initialiser of a variable that has one definition and is never written again; `undefined` otherwise. */
function getSingleInit(identifier: TSESTree.Identifier, evaluator: ValueEvaluator): TSESTree.Expression | undefined {
  const variable = evaluator.findVariable(identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable') return undefined;
  const declarator = definition.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== T.Identifier || !declarator.init) return undefined;
  if (variable!.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
  return declarator.init;
}

/** The methods taken from a client factory's result in this file; `undefined` when that is not fully visible. */
function getMethodsTaken(call: TSESTree.CallExpression, evaluator: ValueEvaluator): string[] | undefined {
  const holder = skipWrappersUp(call);
  const parent = holder.parent;
  if (parent?.type === T.MemberExpression && parent.object === holder) {
    const name = getStaticMemberName(parent);
    return name === undefined ? undefined : [name];
  }
  if (parent?.type !== T.VariableDeclarator || parent.init !== holder) return undefined;
  const exported = parent.parent?.parent?.type === T.ExportNamedDeclaration;
  if (parent.id.type === T.ObjectPattern) {
    const names: string[] = [];
    for (const property of parent.id.properties) {
      if (property.type !== T.Property) return undefined;
      const key = getStaticKey(property, (key) => evaluator.evaluate(key));
      if (key === undefined) return undefined;
      // `const { encrypt, decrypt } = buildClient(…)` with `encrypt` never read (AWS's Cognito sample does this).
      if (!exported && property.value.type === T.Identifier && isUnread(property.value, evaluator)) continue;
      names.push(key);
    }
    return names;
  }
  // `export const client = buildClient(…)`: other modules may call any method.
  if (parent.id.type !== T.Identifier || exported) return undefined;
  const variable = evaluator.findVariable(parent.id);
  if (!variable) return undefined;
  const names = new Set<string>();
  for (const reference of variable.references) {
    if (reference.init) continue;
    const use = skipWrappersUp(reference.identifier);
    const member = use.parent;
    if (member?.type !== T.MemberExpression || member.object !== use) return undefined;
    const name = getStaticMemberName(member);
    if (name === undefined) return undefined;
    names.add(name);
  }
  return [...names];
}

/** True when the binding `identifier` declares is never read in this file. */
function isUnread(identifier: TSESTree.Identifier, evaluator: ValueEvaluator): boolean {
  const variable = evaluator.findVariable(identifier);
  return variable !== null && variable.references.every((reference) => !reference.isRead());
}
