import { AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '../util/ts-eslint.js';
import {
  type CallSite,
  CONTEXT_OPERATIONS,
  getEncryptionSdkOptionsIndex,
  getKmsModel,
  getResolvedGroups,
  isAsymmetricEncryptionAlgorithm,
  lookupProperty,
  type StaticValue,
  toStringValueIfString,
  type ValueEvaluator,
} from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** KMS operations (AWS spelling) this rule leaves alone. */
    ignoreOperations?: string[];
    /** Check `encrypt()` / `encryptStream()` of the AWS Encryption SDK (`@aws-crypto/client-node`). */
    checkEncryptionSdk?: boolean;
  },
];
export type MessageId = 'missingEncryptionContext' | 'emptyEncryptionContext' | 'addEncryptionContext';

/** The placeholder the suggestion inserts; the user replaces it with facts about the data (tenant, record id, purpose). */
const PLACEHOLDER = "{ purpose: 'TODO: describe the data, e.g. tenantId or record id' }";

export default createRule<Options, MessageId>({
  name: 'require-encryption-context',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an encryption context on KMS Encrypt, Decrypt, GenerateDataKey*, ReEncrypt and Encryption SDK encrypt calls',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      missingEncryptionContext:
        '{{operation}} is called without {{member}}. Bind the ciphertext to what it protects with an encryption context (non-secret key-value pairs, e.g. a tenant or record id); KMS then refuses to decrypt it under any other context.',
      emptyEncryptionContext:
        '{{member}} of this {{operation}} call is empty{{paths}}. An empty encryption context binds the ciphertext to nothing; pass non-secret key-value pairs that identify the data.',
      addEncryptionContext: 'Add {{member}} with a placeholder to fill in.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ignoreOperations: {
            type: 'array',
            description: 'KMS operations (AWS spelling, e.g. "Decrypt") that this rule does not check.',
            items: { type: 'string', enum: [...CONTEXT_OPERATIONS] },
            uniqueItems: true,
          },
          checkEncryptionSdk: {
            type: 'boolean',
            description: 'Also check encrypt() and encryptStream() of the AWS Encryption SDK for JavaScript.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ ignoreOperations: [], checkEncryptionSdk: true }],
  create(context, [options]) {
    const ignored = new Set(options.ignoreOperations ?? []);
    return {
      'Program:exit'() {
        const model = getKmsModel(context);
        const asymmetricKeys = getAsymmetricKeyIds(model.callSites, model.evaluator);
        for (const site of model.callSites) {
          if (site.service === 'kms' && CONTEXT_OPERATIONS.has(site.operation) && !ignored.has(site.operation)) {
            // A call on a key that this file uses with an RSA/SM2 algorithm elsewhere is on an asymmetric key: no
            // context applies (consistent-encryption-algorithm reports the missing algorithm instead).
            const keyToken = getKeyToken(site, model.evaluator);
            if (site.operation !== 'ReEncrypt' && keyToken !== undefined && asymmetricKeys.has(keyToken)) continue;
            checkKmsSite(context, site);
          } else if (
            site.service === 'encryption-sdk' &&
            options.checkEncryptionSdk !== false &&
            (site.operation === 'encrypt' || site.operation === 'encryptStream')
          ) {
            checkEncryptionSdkSite(context, site);
          }
        }
      },
    };
  },
});

type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

function checkKmsSite(context: Context, site: CallSite): void {
  // Each resolved group pairs a context with its algorithm (ReEncrypt: source and destination).
  for (const group of getResolvedGroups(site)) {
    if (!group.contextMember) continue;
    // RSA / SM2 encryption takes no context: skip when every algorithm the member may hold is one of them.
    if (group.algorithms?.every(isAsymmetricEncryptionAlgorithm)) continue;
    reportIfMissingOrEmpty(context, site, group.contextMember, site.operation);
  }
}

function checkEncryptionSdkSite(context: Context, site: CallSite): void {
  const call = site.node as TSESTree.CallExpression;
  if (!site.inputNode) {
    // encrypt(keyring, plaintext) / encryptStream(keyring) with no options at all: definitely no context.
    const optionsIndex = getEncryptionSdkOptionsIndex(site.operation);
    if (call.arguments.length !== optionsIndex || call.arguments.some((argument) => argument.type === T.SpreadElement)) return;
    context.report({
      node: site.node,
      messageId: 'missingEncryptionContext',
      data: { operation: `Encryption SDK ${site.operation}()`, member: 'encryptionContext' },
      suggest: [
        {
          messageId: 'addEncryptionContext',
          data: { member: 'encryptionContext' },
          fix: (fixer) => fixer.insertTextAfter(call.arguments[optionsIndex - 1]!, `, { encryptionContext: ${PLACEHOLDER} }`),
        },
      ],
    });
    return;
  }
  reportIfMissingOrEmpty(context, site, 'encryptionContext', `Encryption SDK ${site.operation}()`);
}

function reportIfMissingOrEmpty(context: Context, site: CallSite, member: string, operation: string): void {
  const lookup = lookupProperty(site.input, member);
  if (lookup.state === 'unknown') return;
  if (lookup.state === 'absent') {
    // A context present on some paths and missing on others still leaves those paths unbound.
    context.report({
      node: site.node,
      messageId: lookup.paths === 'all' ? 'missingEncryptionContext' : 'emptyEncryptionContext',
      data: { operation, member, paths: ' on some paths' },
      suggest: lookup.paths === 'all' ? getInsertSuggestion(site, member) : [],
    });
    return;
  }
  const emptiness = getEmptiness(lookup.value);
  if (emptiness === 'never' || emptiness === 'unknown') return;
  const propertyNode = lookup.propertyNode;
  context.report({
    node: propertyNode ?? site.node,
    messageId: 'emptyEncryptionContext',
    data: { operation, member, paths: emptiness === 'some' ? ' on some paths' : '' },
    suggest:
      propertyNode && emptiness === 'all' && isEmptyObjectLiteral(propertyNode.value)
        ? [
            {
              messageId: 'addEncryptionContext',
              data: { member },
              fix: (fixer) => fixer.replaceText(propertyNode.value, PLACEHOLDER),
            },
          ]
        : [],
  });
}

/** Whether a context value is empty: on all paths, on some, never, or not known. `null`/`undefined` count as empty. */
function getEmptiness(value: StaticValue): 'all' | 'some' | 'never' | 'unknown' {
  const options = value.kind === 'union' ? value.options : [value];
  let empty = 0;
  let unknown = 0;
  for (const option of options) {
    if (option.kind === 'object') {
      if (option.properties.some((property) => !isUndefined(property.value))) continue;
      if (option.complete) empty++;
      else unknown++;
    } else if (option.kind === 'primitive' && (option.value === null || option.value === undefined)) {
      empty++;
    } else if (option.kind === 'unknown') {
      unknown++;
    }
  }
  if (empty === 0) return unknown > 0 ? 'unknown' : 'never';
  return empty === options.length ? 'all' : 'some';
}

function isUndefined(value: StaticValue): boolean {
  return value.kind === 'primitive' && value.value === undefined;
}

/**
 * Keys that some call in the file uses with an asymmetric encryption algorithm, as tokens from {@link getKeyToken}.
 */
function getAsymmetricKeyIds(sites: readonly CallSite[], evaluator: ValueEvaluator): Set<unknown> {
  const keys = new Set<unknown>();
  for (const site of sites) {
    if (site.service !== 'kms' || (site.operation !== 'Encrypt' && site.operation !== 'Decrypt')) continue;
    const group = getResolvedGroups(site)[0];
    if (!group?.algorithms?.every(isAsymmetricEncryptionAlgorithm)) continue;
    const token = getKeyToken(site, evaluator);
    if (token !== undefined) keys.add(token);
  }
  return keys;
}

/**
 * What identifies the `KeyId` of a call within this file: its string value when known, otherwise the variable it
 * names (an imported constant such as `PARTNER_RSA_KEY_ID` is the same binding at every use).
 */
function getKeyToken(site: CallSite, evaluator: ValueEvaluator): unknown {
  const key = getResolvedGroups(site)[0]?.key;
  if (key?.state === 'known' && key.keys.length === 1) return `string:${key.keys[0]!.text}`;
  if (!key?.member) return undefined;
  const lookup = lookupProperty(site.input, key.member);
  if (lookup.state !== 'present') return undefined;
  const node = lookup.propertyNode?.value;
  if (node?.type !== T.Identifier) return undefined;
  return evaluator.findVariable(node) ?? undefined;
}

function isEmptyObjectLiteral(node: TSESTree.Node): boolean {
  return node.type === T.ObjectExpression && node.properties.length === 0;
}

/** Suggests inserting the member into the input object literal, when the input is one written in this file. */
function getInsertSuggestion(site: CallSite, member: string): TSESLint.SuggestionReportDescriptor<MessageId>[] {
  const objectNode = site.input.kind === 'object' ? site.input.node : undefined;
  if (objectNode?.type !== T.ObjectExpression) return [];
  const last = objectNode.properties[objectNode.properties.length - 1];
  return [
    {
      messageId: 'addEncryptionContext',
      data: { member },
      fix: (fixer) =>
        last
          ? fixer.insertTextAfter(last, `, ${member}: ${PLACEHOLDER}`)
          : fixer.replaceText(objectNode, `{ ${member}: ${PLACEHOLDER} }`),
    },
  ];
}
