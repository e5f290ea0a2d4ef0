/**
 * AWS CDK KMS keys: what `new kms.Key(scope, id, props)` and `new kms.CfnKey(scope, id, props)` ask for — key spec
 * and usage, key material origin, automatic rotation and its period, the key policy (read from `iam.PolicyDocument`,
 * `iam.PolicyStatement` and the `iam` principal classes, or from JSON).
 *
 * Facts (aws-cdk-lib `aws-kms/lib/key.ts`, checked against its source): `enableKeyRotation` defaults to false and a
 * `rotationPeriod` alone turns it on; `rotationPeriod` must be 90..2560 days; rotation on an HMAC or asymmetric key
 * throws at synth. `policy`: under the `@aws-cdk/aws-kms:defaultKeyPolicies` flag a custom policy *replaces* the
 * default one (which is the single statement giving the account root `kms:*`). In CDK v2 that flag is expired — it
 * was introduced in v1 only (1.78.0), so `FeatureFlags.isEnabled` answers true and setting it in `cdk.json` throws
 * "Unsupported feature flag" — so in v2 a custom policy always replaces the default. In v1 it depends on `cdk.json`,
 * which a linter does not see, so v1 custom policies are `unknown` here.
 */
import { AST_NODE_TYPES as T, type TSESTree } from '../util/ts-eslint.js';
import {
  CDK_KEY_PROPS,
  CDK_PRINCIPAL_CLASSES,
  CDK_STATEMENT_PROPS,
  DURATION_DAYS_PER_UNIT,
  ROTATABLE_ORIGIN,
  SYMMETRIC_KEY_SPEC,
  SYMMETRIC_KEY_USAGE,
  type CdkKeyProps,
} from './catalog/cdk.js';
import { walk } from './ast/walk.js';
import {
  classifyPrincipalText,
  getStringShape,
  isChangedElsewhere,
  readEffect,
  readJsonPolicy,
  readJsonStatement,
  type KeyPolicy,
  type KeyPolicySite,
  type KeyPolicyStatement,
  type PrincipalKind,
} from './key-policy.js';
import type { CallSite, FileAnalysis, StaticValue } from './model.js';
import { getBooleanFlag, getImportedName } from './s3-encryption.js';
import { getCalleeName, getStaticMemberName, lookupProperty, type ValueEvaluator } from './values.js';

/** A prop read three-valued: known (with its value and property), absent on every path, or unknown. */
export type CdkSetting<V> =
  | { readonly state: 'known'; readonly value: V; readonly node: TSESTree.Node }
  | { readonly state: 'absent' }
  | { readonly state: 'unknown' };

/**
 * What kind of key a construct makes: `symmetric` (`SYMMETRIC_DEFAULT` / `ENCRYPT_DECRYPT`, the defaults),
 * `asymmetric` (RSA, ECC, SM2 specs or a non-encryption usage), `hmac` (`HMAC_*` or `GENERATE_VERIFY_MAC`),
 * `unknown` when the spec or usage is not known.
 */
export type CdkKeyKind = 'symmetric' | 'asymmetric' | 'hmac' | 'unknown';

/** One CDK key construct of the file. */
export interface CdkKey {
  readonly site: CallSite;
  readonly construct: 'Key' | 'CfnKey';
  readonly kind: CdkKeyKind;
  readonly keySpec: CdkSetting<string>;
  /** `CfnKey` `origin` when known and not `AWS_KMS` (imported material or a custom key store): KMS does not rotate it. */
  readonly unrotatableOrigin: string | undefined;
  /** `enableKeyRotation`, with the L2 rule that a `rotationPeriod` alone turns it on folded in. */
  readonly rotation: 'true' | 'false' | 'absent' | 'unknown';
  readonly rotationNode: TSESTree.Node | undefined;
  /** The rotation period in days (a `Duration.days(n)` / `hours` … for `Key`, a number for `CfnKey`). */
  readonly rotationPeriodDays: CdkSetting<number>;
}

/** The CDK major version of the construct's module: 1 for `@aws-cdk/*`, 2 for `aws-cdk-lib`, or `undefined`. */
export function getCdkMajorVersion(site: CallSite, evaluator: ValueEvaluator): 1 | 2 | undefined {
  if (site.node.type !== T.NewExpression) return undefined;
  let root: TSESTree.Node = site.node.callee;
  while (root.type === T.MemberExpression) root = root.object;
  if (root.type !== T.Identifier) return undefined;
  const definition = evaluator.findVariable(root)?.defs[0];
  let source: unknown;
  if (definition?.type === 'ImportBinding' && definition.parent?.type === T.ImportDeclaration) source = definition.parent.source.value;
  if (definition?.type === 'Variable') {
    let init = (definition.node as TSESTree.VariableDeclarator).init;
    while (init?.type === T.MemberExpression) init = init.object;
    if (init?.type === T.CallExpression && getCalleeName(init.callee) === 'require') source = (init.arguments[0] as TSESTree.Literal | undefined)?.value;
  }
  if (typeof source !== 'string') return undefined;
  return source.startsWith('@aws-cdk/') ? 1 : source === 'aws-cdk-lib' || source.startsWith('aws-cdk-lib/') ? 2 : undefined;
}

/** The CDK key constructs of the file (`kms.Key`, `kms.CfnKey`), read. */
export function getCdkKeys(analysis: FileAnalysis): CdkKey[] {
  const keys: CdkKey[] = [];
  for (const site of analysis.callSites) {
    if (site.service !== 'cdk-kms' || (site.operation !== 'Key' && site.operation !== 'CfnKey')) continue;
    const props = CDK_KEY_PROPS[site.operation];
    const evaluator = analysis.evaluator;
    const keySpec = readEnumSetting(site.input, props.keySpecMember, 'KeySpec', evaluator);
    const keyUsage = readEnumSetting(site.input, props.keyUsageMember, 'KeyUsage', evaluator);
    const origin = props.originMember ? readEnumSetting(site.input, props.originMember, 'KeyOrigin', evaluator) : ({ state: 'absent' } as const);
    const period = readRotationPeriod(site.input, props, evaluator);
    const flag = lookupProperty(site.input, props.rotationMember);
    let rotation = getBooleanFlag(flag);
    if (props.periodImpliesRotation && rotation === 'absent' && period.state !== 'absent') rotation = period.state === 'known' ? 'true' : 'unknown';
    keys.push({
      site,
      construct: site.operation,
      kind: origin.state === 'unknown' ? 'unknown' : getKeyKind(keySpec, keyUsage),
      keySpec,
      unrotatableOrigin: origin.state === 'known' && origin.value !== ROTATABLE_ORIGIN ? origin.value : undefined,
      rotation,
      rotationNode: flag.state === 'present' ? flag.propertyNode : period.state === 'known' ? period.node : undefined,
      rotationPeriodDays: period,
    });
  }
  return keys;
}

/** The key policies set by the file's CDK key constructs (`Key` `policy`, `CfnKey` `keyPolicy`). */
export function getCdkKeyPolicySites(analysis: FileAnalysis): KeyPolicySite[] {
  const sites: KeyPolicySite[] = [];
  const evaluator = analysis.evaluator;
  for (const site of analysis.callSites) {
    if (site.service !== 'cdk-kms' || (site.operation !== 'Key' && site.operation !== 'CfnKey')) continue;
    const props: CdkKeyProps = CDK_KEY_PROPS[site.operation];
    const lookup = lookupProperty(site.input, props.policyMember);
    let policy: KeyPolicy;
    if (lookup.state === 'absent') policy = lookup.paths === 'all' ? { kind: 'default' } : { kind: 'unknown' };
    else if (lookup.state === 'unknown') policy = { kind: 'unknown' };
    else if (site.operation === 'Key' && getCdkMajorVersion(site, evaluator) !== 2) policy = { kind: 'unknown' };
    else if (hasResourcePolicyAdditions(site, analysis)) policy = { kind: 'unknown' };
    else policy = readCdkPolicy(lookup.propertyNode?.value ?? lookup.value.node, lookup.value, evaluator);
    const bypass = props.bypassLockoutMember ? lookupProperty(site.input, props.bypassLockoutMember) : undefined;
    sites.push({
      site,
      policy,
      policyNode: lookup.state === 'present' ? lookup.propertyNode : undefined,
      bypassLockoutNode: bypass && getBooleanFlag(bypass) === 'true' && bypass.state === 'present' ? (bypass.propertyNode ?? site.node) : undefined,
    });
  }
  return sites;
}

function getKeyKind(keySpec: CdkSetting<string>, keyUsage: CdkSetting<string>): CdkKeyKind {
  if (keySpec.state === 'unknown' || keyUsage.state === 'unknown') return 'unknown';
  const spec = keySpec.state === 'known' ? keySpec.value : SYMMETRIC_KEY_SPEC;
  const usage = keyUsage.state === 'known' ? keyUsage.value : SYMMETRIC_KEY_USAGE;
  if (spec.startsWith('HMAC_') || usage === 'GENERATE_VERIFY_MAC') return 'hmac';
  if (spec === SYMMETRIC_KEY_SPEC && usage === SYMMETRIC_KEY_USAGE) return 'symmetric';
  return 'asymmetric';
}

/** A string prop given as a literal or as an enum member read by name (`kms.KeySpec.RSA_2048`, `KeySpec.RSA_2048`). */
function readEnumSetting(input: StaticValue, member: string, enumName: string, evaluator: ValueEvaluator): CdkSetting<string> {
  const lookup = lookupProperty(input, member);
  if (lookup.state === 'absent') return lookup.paths === 'all' ? { state: 'absent' } : { state: 'unknown' };
  if (lookup.state === 'unknown') return { state: 'unknown' };
  const node = lookup.propertyNode ?? lookup.value.node;
  const value = lookup.value;
  if (value.kind === 'primitive' && typeof value.value === 'string' && node) return { state: 'known', value: value.value, node };
  const expression = value.kind === 'unknown' ? value.node : undefined;
  if (expression?.type !== T.MemberExpression || !node) return { state: 'unknown' };
  const name = getStaticMemberName(expression);
  const object = expression.object;
  const isEnum =
    (object.type === T.MemberExpression && getStaticMemberName(object) === enumName) ||
    (object.type === T.Identifier && (object.name === enumName || getImportedName(object, evaluator) === enumName));
  return isEnum && name !== undefined ? { state: 'known', value: name, node } : { state: 'unknown' };
}

/** `rotationPeriod: Duration.days(n)` (or `hours`, `minutes`, `seconds`) in whole days; `rotationPeriodInDays: n`. */
function readRotationPeriod(input: StaticValue, props: CdkKeyProps, evaluator: ValueEvaluator): CdkSetting<number> {
  const lookup = lookupProperty(input, props.rotationPeriodMember);
  if (lookup.state === 'absent') return lookup.paths === 'all' ? { state: 'absent' } : { state: 'unknown' };
  if (lookup.state === 'unknown' || !lookup.propertyNode) return { state: 'unknown' };
  const value = lookup.value;
  if (props.rotationPeriodUnit === 'days') {
    return value.kind === 'primitive' && typeof value.value === 'number' ? { state: 'known', value: value.value, node: lookup.propertyNode } : { state: 'unknown' };
  }
  const call = value.kind === 'unknown' ? value.node : undefined;
  if (call?.type !== T.CallExpression || call.callee.type !== T.MemberExpression) return { state: 'unknown' };
  const unit = getStaticMemberName(call.callee);
  const owner = call.callee.object;
  const ownerName = owner.type === T.Identifier ? owner.name : owner.type === T.MemberExpression ? getStaticMemberName(owner) : undefined;
  if (unit === undefined || !Object.hasOwn(DURATION_DAYS_PER_UNIT, unit) || ownerName !== 'Duration' || call.arguments.length !== 1) return { state: 'unknown' };
  const amount = evaluator.evaluate(call.arguments[0]);
  if (amount.kind !== 'primitive' || typeof amount.value !== 'number') return { state: 'unknown' };
  const days = amount.value * DURATION_DAYS_PER_UNIT[unit]!;
  return Number.isInteger(days) ? { state: 'known', value: days, node: lookup.propertyNode } : { state: 'unknown' };
}

/**
 * Resolves an expression to the node that makes its value: through TypeScript wrappers and `const` names that no
 * other reference reaches into (`doc.addStatements(…)` makes `doc` unresolvable). `undefined` when it cannot.
 */
function resolveNode(node: TSESTree.Node | undefined, evaluator: ValueEvaluator): TSESTree.Node | undefined {
  for (let depth = 0; node && depth < 8; depth++) {
    if (node.type === T.TSAsExpression || node.type === T.TSNonNullExpression || node.type === T.TSSatisfiesExpression) {
      node = node.expression;
      continue;
    }
    if (node.type !== T.Identifier) return node;
    const definition = evaluator.findVariable(node)?.defs;
    if (definition?.length !== 1 || definition[0]!.type !== 'Variable' || isChangedElsewhere(node, evaluator)) return undefined;
    const declarator = definition[0]!.node as TSESTree.VariableDeclarator;
    if ((definition[0]!.parent as TSESTree.VariableDeclaration | null)?.kind !== 'const' || declarator.id.type !== T.Identifier) return undefined;
    node = declarator.init ?? undefined;
  }
  return undefined;
}

/** The last segment of a `new X.Y.Name(…)` / `X.Name.method(…)` callee. */
function getClassName(callee: TSESTree.Node): string | undefined {
  if (callee.type === T.Identifier) return callee.name;
  return callee.type === T.MemberExpression ? getStaticMemberName(callee) : undefined;
}

/** A `policy` / `keyPolicy` value: `new iam.PolicyDocument({ statements })`, `PolicyDocument.fromJson(json)`, JSON. */
function readCdkPolicy(node: TSESTree.Node | undefined, value: StaticValue, evaluator: ValueEvaluator): KeyPolicy {
  const resolved = resolveNode(node, evaluator);
  if (!resolved) return { kind: 'unknown' };
  if (resolved.type === T.NewExpression && getClassName(resolved.callee) === 'PolicyDocument') {
    const props = resolved.arguments[0];
    if (!props) return { kind: 'known', statements: [], complete: true };
    const statements = lookupProperty(evaluator.evaluate(props), 'statements');
    if (statements.state === 'absent') return statements.paths === 'all' ? { kind: 'known', statements: [], complete: true } : { kind: 'unknown' };
    if (statements.state === 'unknown') return { kind: 'unknown' };
    const list = resolveNode(statements.propertyNode?.value ?? statements.value.node, evaluator);
    if (list?.type !== T.ArrayExpression) return { kind: 'unknown' };
    const read = list.elements.filter((element) => element && element.type !== T.SpreadElement).map((element) => readCdkStatement(element!, evaluator));
    return { kind: 'known', statements: read, complete: read.length === list.elements.length };
  }
  if (resolved.type === T.CallExpression && getCalleeName(resolved.callee)?.endsWith('PolicyDocument.fromJson') && resolved.arguments[0]) {
    return readJsonPolicy(evaluator.evaluate(resolved.arguments[0]), evaluator);
  }
  if (resolved.type === T.ObjectExpression) return readJsonPolicy(value.kind === 'object' ? value : evaluator.evaluate(resolved), evaluator);
  return { kind: 'unknown' };
}

/** One `new iam.PolicyStatement({ effect, actions, principals })` or `PolicyStatement.fromJson(json)`. */
function readCdkStatement(node: TSESTree.Node, evaluator: ValueEvaluator): KeyPolicyStatement {
  const unknown: KeyPolicyStatement = { effect: 'unknown', principals: ['unknown'], actions: 'unknown' };
  const resolved = resolveNode(node, evaluator);
  if (resolved?.type === T.CallExpression && getCalleeName(resolved.callee)?.endsWith('PolicyStatement.fromJson') && resolved.arguments[0]) {
    return readJsonStatement(evaluator.evaluate(resolved.arguments[0]), evaluator);
  }
  if (resolved?.type !== T.NewExpression || getClassName(resolved.callee) !== 'PolicyStatement') return unknown;
  const props = resolved.arguments[0] ? evaluator.evaluate(resolved.arguments[0]) : undefined;
  if (!props || props.kind !== 'object') return props ? unknown : { effect: 'Allow', principals: [], actions: [] };
  const effect = lookupProperty(props, CDK_STATEMENT_PROPS.effect);
  const actions = lookupProperty(props, CDK_STATEMENT_PROPS.actions);
  const principals = lookupProperty(props, CDK_STATEMENT_PROPS.principals);
  const hasNot = lookupProperty(props, CDK_STATEMENT_PROPS.notActions).state !== 'absent' || lookupProperty(props, CDK_STATEMENT_PROPS.notPrincipals).state !== 'absent';
  return {
    effect: effect.state === 'absent' && effect.paths === 'all' ? 'Allow' : effect.state === 'present' ? readEffect(effect.value) : 'unknown',
    actions: hasNot ? 'unknown' : readStringList(actions),
    principals: hasNot ? ['unknown'] : readPrincipals(principals, evaluator),
  };
}

function readStringList(lookup: ReturnType<typeof lookupProperty>): readonly string[] | 'unknown' {
  if (lookup.state === 'absent') return lookup.paths === 'all' ? [] : 'unknown';
  if (lookup.state !== 'present' || lookup.value.kind !== 'array' || !lookup.value.complete) return 'unknown';
  const list: string[] = [];
  for (const element of lookup.value.elements) {
    if (element.kind !== 'primitive' || typeof element.value !== 'string') return 'unknown';
    list.push(element.value);
  }
  return list;
}

function readPrincipals(lookup: ReturnType<typeof lookupProperty>, evaluator: ValueEvaluator): PrincipalKind[] {
  if (lookup.state === 'absent') return lookup.paths === 'all' ? [] : ['unknown'];
  if (lookup.state !== 'present') return ['unknown'];
  const list = resolveNode(lookup.propertyNode?.value ?? lookup.value.node, evaluator);
  if (list?.type !== T.ArrayExpression) return ['unknown'];
  return list.elements.flatMap((element) => (!element || element.type === T.SpreadElement ? ['unknown' as const] : readPrincipal(element, evaluator, 0)));
}

/** An `iam` principal object: `new iam.AccountRootPrincipal()`, `new iam.ArnPrincipal(arn)`, a `Role`, … */
function readPrincipal(node: TSESTree.Node, evaluator: ValueEvaluator, depth: number): PrincipalKind[] {
  const resolved = resolveNode(node, evaluator);
  if (resolved?.type !== T.NewExpression || depth > 4) return ['unknown'];
  const name = getClassName(resolved.callee);
  const kind = name === undefined ? undefined : Object.hasOwn(CDK_PRINCIPAL_CLASSES, name) ? CDK_PRINCIPAL_CLASSES[name] : undefined;
  if (kind === 'account-root' || kind === 'star' || kind === 'other') return [kind];
  if (kind === 'arn') {
    const shape = getStringShape(resolved.arguments[0], evaluator);
    return [shape === undefined ? 'unknown' : classifyPrincipalText(shape)];
  }
  if (kind === 'composite') {
    return resolved.arguments.flatMap((argument) => (argument.type === T.SpreadElement ? ['unknown' as const] : readPrincipal(argument, evaluator, depth + 1)));
  }
  // `new iam.Role(…)`, `new iam.User(…)`, `new iam.Group(…)` are never the account root.
  return name === 'Role' || name === 'User' || name === 'Group' ? ['other'] : ['unknown'];
}

/**
 * True when statements may be added to this key's policy after construction: an `addToResourcePolicy` call on the
 * variable or `this.<name>` the key is stored in, or one whose receiver cannot be told apart from it.
 */
function hasResourcePolicyAdditions(site: CallSite, analysis: FileAnalysis): boolean {
  if (!analysis.sourceCode.text.includes('addToResourcePolicy')) return false;
  const parent = site.node.parent;
  const target =
    parent?.type === T.VariableDeclarator && parent.init === site.node ? parent.id : parent?.type === T.AssignmentExpression && parent.right === site.node ? parent.left : undefined;
  const targetText = target ? analysis.sourceCode.getText(target) : undefined;
  let found = false;
  walk(analysis.sourceCode.ast, analysis.sourceCode.visitorKeys, (node) => {
    if (found) return false;
    if (node.type !== T.CallExpression || node.callee.type !== T.MemberExpression || getStaticMemberName(node.callee) !== 'addToResourcePolicy') return;
    const receiver = node.callee.object;
    if (receiver.type === T.Identifier) {
      const definition = analysis.evaluator.findVariable(receiver)?.defs[0];
      const init = definition?.type === 'Variable' ? (definition.node as TSESTree.VariableDeclarator).init : undefined;
      found = init === site.node || !(init?.type === T.NewExpression);
    } else {
      const text = analysis.sourceCode.getText(receiver);
      found = text === targetText || !(receiver.type === T.MemberExpression && receiver.object.type === T.ThisExpression && targetText?.startsWith('this.'));
    }
  });
  return found;
}
