/**
 * Key policies as the analysis sees them, and whether they delegate access to IAM.
 *
 * A KMS key policy is the primary access control of a key: IAM policies take effect on the key only when the key
 * policy has a statement that allows the account (`arn:aws:iam::ACCOUNT:root`, or the bare account id) KMS actions —
 * the statement the default key policy has (KMS Developer Guide, "Default key policy",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam).
 *
 * This module reads policy documents written as JSON (a JSON string, `JSON.stringify` of an object literal, a CDK
 * `CfnKey` `keyPolicy` object with CloudFormation intrinsics) into {@link KeyPolicy} records, decides delegation
 * three-valued ({@link getIamDelegation}), and finds the SDK requests that set a policy (CreateKey, PutKeyPolicy).
 * CDK `iam.PolicyDocument` objects are read by `cdk-keys.ts` into the same records.
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import { KEY_POLICY_REQUESTS } from './catalog/sdk.js';
import type { CallSite, FileAnalysis, StaticValue } from './model.js';
import { getBooleanFlag } from './s3-encryption.js';
import { getCalleeName, lookupProperty, type ValueEvaluator } from './values.js';

/**
 * Who a statement's principal is:
 * - `account-root`: the account itself (IAM delegation);
 * - `star`: everyone (`"*"`, `AnyPrincipal`), usually narrowed by conditions — access that needs no IAM policy;
 * - `other`: a named role, user, service or federated principal;
 * - `unknown`: not statically known.
 */
export type PrincipalKind = 'account-root' | 'star' | 'other' | 'unknown';

/** One policy statement, reduced to what delegation depends on. */
export interface KeyPolicyStatement {
  readonly effect: 'Allow' | 'Deny' | 'unknown';
  readonly principals: readonly PrincipalKind[];
  /** The actions, as written (`kms:*`, `kms:Decrypt`, `*`); `unknown` when not known or given as `NotAction`. */
  readonly actions: readonly string[] | 'unknown';
}

/**
 * A key policy:
 * - `known`: a document whose statements were read (`complete` false when statements may be missing from view);
 * - `default`: no policy given, so KMS (or CDK) applies the default key policy, which delegates to IAM;
 * - `unknown`: a policy whose content is not statically known.
 */
export type KeyPolicy =
  | { readonly kind: 'known'; readonly statements: readonly KeyPolicyStatement[]; readonly complete: boolean }
  | { readonly kind: 'default' }
  | { readonly kind: 'unknown' };

/** Whether a key policy lets IAM policies grant access to the key. */
export type IamDelegation = 'delegated' | 'missing' | 'unknown';

/** A request or construct that sets a key policy, with what the analysis read from it. */
export interface KeyPolicySite {
  readonly site: CallSite;
  readonly policy: KeyPolicy;
  /** The property that carries the policy (`Policy:`, `policy:`, `keyPolicy:`), when there is one. */
  readonly policyNode: TSESTree.Node | undefined;
  /** The `BypassPolicyLockoutSafetyCheck: true` property, when the request sets it. */
  readonly bypassLockoutNode: TSESTree.Node | undefined;
}

const UNKNOWN_POLICY: KeyPolicy = { kind: 'unknown' };

/**
 * Decides delegation: `delegated` when some `Allow` statement gives the account root a KMS action (`kms:*`, `*`, or
 * explicit `kms:` actions such as the split administrator and user actions); `missing` when every statement is known
 * and none does; `unknown` otherwise (a statement whose effect, principal or actions are unknown, a `"*"` principal,
 * statements out of view).
 */
export function getIamDelegation(policy: KeyPolicy): IamDelegation {
  if (policy.kind === 'default') return 'delegated';
  if (policy.kind === 'unknown') return 'unknown';
  const grantsKms = (actions: readonly string[] | 'unknown'): boolean | undefined =>
    actions === 'unknown' ? undefined : actions.some((action) => action === '*' || /^kms:/i.test(action));
  if (policy.statements.some((statement) => statement.effect === 'Allow' && statement.principals.includes('account-root') && grantsKms(statement.actions) === true)) {
    return 'delegated';
  }
  if (!policy.complete) return 'unknown';
  const isUndecided = (statement: KeyPolicyStatement): boolean =>
    statement.effect !== 'Deny' &&
    (statement.effect === 'unknown' ||
      statement.principals.includes('unknown') ||
      statement.principals.includes('star') ||
      (statement.principals.includes('account-root') && statement.actions === 'unknown'));
  return policy.statements.some(isUndecided) ? 'unknown' : 'missing';
}

/** `arn:<partition>:iam::<account>:root` or a bare 12-digit account id, with `\0` standing for an unknown part. */
const ROOT_SHAPE = /^(?:arn:(?:aws[a-z-]*|\0):iam::(?:\d{12}|\0):root|\d{12})$/;

/** True when a principal string names an account root (`arn:aws:iam::111122223333:root`, `111122223333`). */
export function isAccountRootString(text: string): boolean {
  return !text.includes('\0') && ROOT_SHAPE.test(text);
}

/**
 * The text of a string expression with `\0` for each part that is not known: a literal, a template literal
 * (`arn:aws:iam::${account}:root`), a `+` concatenation. `undefined` for anything else.
 */
export function getStringShape(node: TSESTree.Node | undefined, evaluator: ValueEvaluator): string | undefined {
  if (!node) return undefined;
  const value = evaluator.evaluate(node);
  if (value.kind === 'primitive' && typeof value.value === 'string') return value.value;
  // A name whose initialiser the evaluator could not finish (`const arn = \`arn:aws:iam::${account}:root\``).
  if (value.kind === 'unknown' && value.node && value.node !== node && node.type === T.Identifier) return getStringShape(value.node, evaluator);
  if (node.type === T.TemplateLiteral) {
    let text = node.quasis[0]?.value.cooked ?? '';
    node.expressions.forEach((expression, index) => {
      const part = evaluator.evaluate(expression);
      text += (part.kind === 'primitive' && typeof part.value === 'string' ? part.value : '\0') + (node.quasis[index + 1]?.value.cooked ?? '');
    });
    return text;
  }
  if (node.type === T.BinaryExpression && node.operator === '+') {
    const left = getStringShape(node.left, evaluator) ?? '\0';
    const right = getStringShape(node.right, evaluator) ?? '\0';
    return left + right;
  }
  return undefined;
}

/** A principal string: `*`, an account root, another ARN or name; unknown parts decide by the shape. */
export function classifyPrincipalText(text: string): PrincipalKind {
  if (text === '*') return 'star';
  if (ROOT_SHAPE.test(text)) return 'account-root';
  if (text.includes('\0')) return /^arn:[^:]*:iam::[^:]*:(?:role|user|assumed-role)\//.test(text) ? 'other' : 'unknown';
  return 'other';
}

/**
 * The string an evaluated JSON value stands for, with `\0` for unknown parts: a string, a template literal with
 * unknown parts, and the CloudFormation intrinsics `Fn::Sub` (its `${…}` variables unknown) and `Fn::Join`.
 */
function getJsonStringShape(value: StaticValue, evaluator: ValueEvaluator): string | undefined {
  if (value.kind === 'primitive') return typeof value.value === 'string' ? value.value : undefined;
  if (value.kind === 'unknown') return getStringShape(value.node, evaluator);
  if (value.kind !== 'object' || value.properties.length !== 1) return undefined;
  const [intrinsic] = value.properties;
  if (intrinsic!.name === 'Fn::Sub' && intrinsic!.value.kind === 'primitive' && typeof intrinsic!.value.value === 'string') {
    return intrinsic!.value.value.replace(/\$\{[^}]*\}/g, '\0');
  }
  if (intrinsic!.name === 'Fn::Join' && intrinsic!.value.kind === 'array' && intrinsic!.value.elements.length === 2) {
    const [separator, parts] = intrinsic!.value.elements;
    if (separator?.kind !== 'primitive' || typeof separator.value !== 'string' || parts?.kind !== 'array') return undefined;
    return parts.elements.map((part) => getJsonStringShape(part, evaluator) ?? '\0').join(separator.value);
  }
  if (intrinsic!.name === 'Ref') return '\0';
  return undefined;
}

/** `x` or `[x, y]` of a JSON policy element, as a list; `undefined` when the list itself is not fully known. */
function getJsonList(value: StaticValue): readonly StaticValue[] | undefined {
  if (value.kind === 'array') return value.complete ? value.elements : undefined;
  if (value.kind === 'union') return undefined;
  return [value];
}

/** The principals of a JSON statement's `Principal` element (`"*"`, `{ AWS: …, Service: … }`). */
function readJsonPrincipals(statement: StaticValue, evaluator: ValueEvaluator): PrincipalKind[] {
  if (lookupProperty(statement, 'NotPrincipal').state !== 'absent') return ['unknown'];
  const principal = lookupProperty(statement, 'Principal');
  if (principal.state !== 'present') return ['unknown'];
  const value = principal.value;
  if (value.kind === 'primitive') return [value.value === '*' ? 'star' : 'unknown'];
  if (value.kind !== 'object') return ['unknown'];
  const kinds: PrincipalKind[] = value.complete ? [] : ['unknown'];
  for (const property of value.properties) {
    const list = getJsonList(property.value);
    if (!list) {
      kinds.push('unknown');
      continue;
    }
    for (const entry of list) {
      if (property.name !== 'AWS') {
        kinds.push(entry.kind === 'primitive' && entry.value === '*' ? 'star' : 'other');
        continue;
      }
      const shape = getJsonStringShape(entry, evaluator);
      kinds.push(shape === undefined ? 'unknown' : classifyPrincipalText(shape));
    }
  }
  return kinds;
}

/** The actions of a JSON statement (`Action`), `unknown` for `NotAction` or unknown entries. */
function readJsonActions(statement: StaticValue): readonly string[] | 'unknown' {
  if (lookupProperty(statement, 'NotAction').state !== 'absent') return 'unknown';
  const action = lookupProperty(statement, 'Action');
  if (action.state !== 'present') return 'unknown';
  const list = getJsonList(action.value);
  if (!list) return 'unknown';
  const actions: string[] = [];
  for (const entry of list) {
    if (entry.kind !== 'primitive' || typeof entry.value !== 'string') return 'unknown';
    actions.push(entry.value);
  }
  return actions;
}

/** Reads an `Effect` value: `Allow` / `Deny` (JSON) or `Effect.ALLOW` / `Effect.DENY` (CDK, read by member name). */
export function readEffect(value: StaticValue | undefined): KeyPolicyStatement['effect'] {
  if (!value) return 'unknown';
  if (value.kind === 'primitive') return value.value === 'Allow' ? 'Allow' : value.value === 'Deny' ? 'Deny' : 'unknown';
  const node = value.kind === 'unknown' ? value.node : undefined;
  if (node?.type === T.MemberExpression && !node.computed && node.property.type === T.Identifier) {
    const name = getCalleeName(node);
    if (name?.endsWith('Effect.ALLOW')) return 'Allow';
    if (name?.endsWith('Effect.DENY')) return 'Deny';
  }
  return 'unknown';
}

/** Reads one JSON statement object. */
export function readJsonStatement(statement: StaticValue, evaluator: ValueEvaluator): KeyPolicyStatement {
  if (statement.kind !== 'object') return { effect: 'unknown', principals: ['unknown'], actions: 'unknown' };
  const effect = lookupProperty(statement, 'Effect');
  return {
    effect: effect.state === 'present' ? readEffect(effect.value) : 'unknown',
    principals: readJsonPrincipals(statement, evaluator),
    actions: readJsonActions(statement),
  };
}

/**
 * Reads a policy document written as a JSON object (`{ Version, Statement: [...] }`), whether it was evaluated from
 * an object literal or parsed from a JSON string.
 */
export function readJsonPolicy(document: StaticValue, evaluator: ValueEvaluator): KeyPolicy {
  if (document.kind !== 'object') return UNKNOWN_POLICY;
  const statement = lookupProperty(document, 'Statement');
  if (statement.state === 'unknown' || (statement.state === 'absent' && statement.paths === 'some')) return UNKNOWN_POLICY;
  if (statement.state === 'absent') return { kind: 'known', statements: [], complete: true };
  const list = statement.value.kind === 'array' ? statement.value.elements : statement.value.kind === 'object' ? [statement.value] : undefined;
  if (!list) return UNKNOWN_POLICY;
  return {
    kind: 'known',
    statements: list.map((entry) => readJsonStatement(entry, evaluator)),
    complete: statement.value.kind !== 'array' || statement.value.complete,
  };
}

/** Turns parsed JSON into the evaluator's value shape, so one reader serves strings and object literals. */
function fromJson(json: unknown): StaticValue {
  if (Array.isArray(json)) return { kind: 'array', elements: json.map(fromJson), complete: true, node: undefined };
  if (json !== null && typeof json === 'object') {
    const properties = Object.entries(json as Record<string, unknown>).map(([name, value]) => ({ name, value: fromJson(value), propertyNode: undefined }));
    return { kind: 'object', properties, complete: true, node: undefined };
  }
  return { kind: 'primitive', value: json as string | number | boolean | null, byteLength: undefined, node: undefined };
}

/**
 * Reads an SDK `Policy` value: a JSON string (parsed; a string that does not parse is unknown — KMS would answer
 * `MalformedPolicyDocumentException`), or `JSON.stringify(document)` of an object whose variable is not changed
 * elsewhere in the file.
 */
export function readPolicyString(value: StaticValue, evaluator: ValueEvaluator): KeyPolicy {
  if (value.kind === 'primitive' && typeof value.value === 'string') {
    try {
      return readJsonPolicy(fromJson(JSON.parse(value.value)), evaluator);
    } catch {
      return UNKNOWN_POLICY;
    }
  }
  const node = value.kind === 'unknown' ? value.node : undefined;
  if (node?.type !== T.CallExpression || getCalleeName(node.callee) !== 'JSON.stringify' || node.arguments.length === 0) return UNKNOWN_POLICY;
  const argument = node.arguments[0]!;
  if (argument.type === T.SpreadElement || isChangedElsewhere(argument, evaluator)) return UNKNOWN_POLICY;
  return readJsonPolicy(evaluator.evaluate(argument), evaluator);
}

/**
 * True when `expression` is a variable that some other reference in the file reaches into (`doc.Statement.push(…)`,
 * `doc.addStatements(…)`, `stmt.addActions(…)`): its initialiser may not be the whole story.
 */
export function isChangedElsewhere(expression: TSESTree.Node, evaluator: ValueEvaluator): boolean {
  if (expression.type !== T.Identifier) return false;
  const variable = evaluator.findVariable(expression);
  if (!variable) return false;
  return variable.references.some((reference) => {
    const parent = reference.identifier.parent;
    if (reference.identifier === expression) return false;
    if (reference.isWrite() && !reference.init) return true;
    return parent?.type === T.MemberExpression && parent.object === reference.identifier;
  });
}

/** The key-policy requests of the SDK (CreateKey, PutKeyPolicy) in the file, with their policies read. */
export function getSdkKeyPolicySites(analysis: FileAnalysis): KeyPolicySite[] {
  const sites: KeyPolicySite[] = [];
  for (const site of analysis.callSites) {
    const members = site.service === 'kms' ? KEY_POLICY_REQUESTS[site.operation] : undefined;
    if (!members) continue;
    const policy = lookupProperty(site.input, members.policyMember);
    const bypass = lookupProperty(site.input, members.bypassLockoutMember);
    sites.push({
      site,
      policy:
        policy.state === 'present'
          ? readPolicyString(policy.value, analysis.evaluator)
          : policy.state === 'absent' && policy.paths === 'all' && !members.policyRequired
            ? { kind: 'default' }
            : UNKNOWN_POLICY,
      policyNode: policy.state === 'present' ? policy.propertyNode : undefined,
      bypassLockoutNode: getBooleanFlag(bypass) === 'true' && bypass.state === 'present' ? (bypass.propertyNode ?? site.node) : undefined,
    });
  }
  return sites;
}
