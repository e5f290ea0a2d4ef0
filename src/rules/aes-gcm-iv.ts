import { ASTUtils, type TSESLint, type TSESTree } from '../util/ts-eslint.js';
import { getCipherUses, getControl, getKmsModel, mentionsCipherApi, type CipherUse } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Report a GCM IV whose length is known and not in `allowedIvLengths`. */
    checkIvLength?: boolean;
    /** IV lengths in bytes that are not reported. */
    allowedIvLengths?: number[];
    /** Functions that build a deterministic IV from a per-message counter with a per-key invocation bound. */
    deterministicIvFunctions?: string[];
  },
];
export type MessageId = 'constantIv' | 'weakRandomIv' | 'counterIv' | 'moduleIv' | 'reusedIv' | 'reusedIvInLoop' | 'randomIvOnDecrypt' | 'passwordDerivedIv' | 'ivLength';

export default createRule<Options, MessageId>({
  name: 'aes-gcm-iv',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a fresh, unpredictable 12-byte IV for every AES-GCM encryption (node:crypto, WebCrypto, @noble/ciphers)',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    messages: {
      constantIv:
        'This AES-GCM IV is {{origin}}: every message under the same key gets the same IV. Two ciphertexts with one key and IV leak the XOR of their plaintexts and let anyone who sees them forge tags. Generate randomBytes(12) (or crypto.getRandomValues(new Uint8Array(12))) for each message and store it with the ciphertext.',
      weakRandomIv:
        'This AES-GCM IV comes from {{origin}}, which is not a cryptographic random source: IVs repeat or can be predicted, and a repeated IV under one key breaks GCM (plaintext XOR leaks, tags can be forged). Use randomBytes(12) or crypto.getRandomValues().',
      counterIv:
        'This AES-GCM IV is built from {{origin}}. A counter IV is safe only while it never repeats under the key (across restarts and instances) and the key has a per-key invocation bound; if that holds, name the function in deterministicIvFunctions, otherwise use randomBytes(12) per message.',
      moduleIv:
        'The AES-GCM IV `{{name}}` is made once at module scope and reused by every call of this function: all messages under one key share an IV, which leaks the XOR of their plaintexts and lets tags be forged. Generate a new IV inside the function for each message.',
      reusedIv:
        'The IV `{{name}}` was already used for an encryption under the same key at line {{line}}: reusing a GCM IV leaks the XOR of the two plaintexts and lets tags be forged. Generate a new IV for each encryption.',
      reusedIvInLoop:
        'The IV `{{name}}` is created outside this loop and used by every iteration with the same key: each message after the first reuses the IV, which breaks GCM. Generate the IV inside the loop.',
      randomIvOnDecrypt:
        'A fresh random IV on decryption: decryption needs the IV the message was encrypted with, so this always fails authentication. Read the IV stored with the ciphertext.',
      passwordDerivedIv:
        'createCipher derives the key and the IV from the password alone, so every message under that password gets the same IV (and it was removed in Node 22). Use createCipheriv with a key from a KDF or KMS and randomBytes(12) as the IV.',
      ivLength:
        'This AES-GCM IV is {{length}} bytes. GCM is specified for 12-byte (96-bit) IVs; other lengths are hashed into the counter block (NIST SP 800-38D), which raises the collision bound, and many implementations refuse them. Use a 12-byte IV.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          checkIvLength: { type: 'boolean', description: 'Report an IV whose length is statically known and not in allowedIvLengths (default true).' },
          allowedIvLengths: {
            type: 'array',
            items: { type: 'integer', minimum: 1 },
            uniqueItems: true,
            description: 'IV lengths in bytes that are accepted (default [12]).',
          },
          deterministicIvFunctions: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Names of functions that build a deterministic IV from a per-message counter under a per-key invocation bound (NIST SP 800-38D 8.2.1): IVs they return, and counter IVs built inside them, are accepted.',
          },
        },
      },
    ],
  },
  defaultOptions: [{ checkIvLength: true, allowedIvLengths: [12], deterministicIvFunctions: [] }],
  create(context, [options]) {
    if (!mentionsCipherApi(context.sourceCode)) return {};
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        const uses = getCipherUses(analysis, { deterministicIvFunctions: options.deterministicIvFunctions ?? [] });
        if (uses.length === 0) return;
        const control = getControl(analysis);
        const deterministic = new Set(options.deterministicIvFunctions ?? []);
        const allowed = new Set(options.allowedIvLengths ?? [12]);
        const seen = new Map<string, CipherUse>();
        for (const use of uses) {
          const api = use.call.info.api;
          if (api === 'createCipher') {
            if (!/ecb/i.test(use.algorithm ?? '')) context.report({ node: use.call.node, messageId: 'passwordDerivedIv' });
            continue;
          }
          if (use.mode !== 'gcm' || !use.iv) continue;
          const node = use.iv;
          if (use.direction === 'decrypt') {
            // The same variable used to encrypt first (a self-test) is the message's IV, not a fresh one.
            const encrypted = use.ivVariable !== undefined && uses.some((other) => other.direction === 'encrypt' && other.ivVariable === use.ivVariable);
            if (use.ivOrigin.kind === 'csprng' && !use.ivIsModuleBinding && !encrypted) context.report({ node, messageId: 'randomIvOnDecrypt' });
            continue;
          }
          if (reportOrigin(use, node, deterministic)) continue;
          if (use.direction !== 'encrypt') continue;
          const name = context.sourceCode.getText(node);
          if (use.ivIsModuleBinding) {
            context.report({ node, messageId: 'moduleIv', data: { name } });
            continue;
          }
          if (use.ivVariable && use.key) {
            const key = `${use.ivVariable.name}#${getScopeId(use.ivVariable.scope.block)}#${context.sourceCode.getText(use.key)}`;
            const first = seen.get(key);
            if (first && getFunction(first.call.node) === getFunction(use.call.node)) {
              context.report({ node, messageId: 'reusedIv', data: { name, line: String(first.call.node.loc.start.line) } });
              continue;
            }
            seen.set(key, use);
            const iteration = control.getIteration(use.call.node);
            const declaration = use.ivVariable.defs[0]?.node;
            if (iteration && iteration.bound !== 1 && declaration && !contains(iteration.node, declaration) && isDeclaredOutside(use.key, iteration.node, context.sourceCode)) {
              context.report({ node, messageId: 'reusedIvInLoop', data: { name } });
              continue;
            }
          }
          if (options.checkIvLength !== false && use.ivLength !== undefined && !allowed.has(use.ivLength)) {
            context.report({ node, messageId: 'ivLength', data: { length: String(use.ivLength) } });
          }
        }

        function reportOrigin(use: CipherUse, node: TSESTree.Node, names: ReadonlySet<string>): boolean {
          const origin = use.ivOrigin;
          if (origin.kind === 'constant') context.report({ node, messageId: 'constantIv', data: { origin: origin.detail } });
          else if (origin.kind === 'weak-random') context.report({ node, messageId: 'weakRandomIv', data: { origin: origin.detail } });
          else if (origin.kind === 'counter' && !isInsideNamedFunction(use.call.node, names)) context.report({ node, messageId: 'counterIv', data: { origin: origin.detail } });
          else return false;
          return true;
        }
      },
    };
  },
});

const scopeIds = new WeakMap<object, number>();
let nextScopeId = 1;

function getScopeId(block: object): number {
  let id = scopeIds.get(block);
  if (id === undefined) scopeIds.set(block, (id = nextScopeId++));
  return id;
}

function getFunction(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') return current;
  }
  return undefined;
}

function isInsideNamedFunction(node: TSESTree.Node, names: ReadonlySet<string>): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' && current.id && names.has(current.id.name)) return true;
    if ((current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') && current.parent?.type === 'VariableDeclarator' && current.parent.id.type === 'Identifier' && names.has(current.parent.id.name)) return true;
    if (current.type === 'MethodDefinition' && current.key.type === 'Identifier' && names.has(current.key.name)) return true;
  }
  return false;
}

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** True when the key expression is a binding declared outside `loop` (a parameter or an outer variable). */
function isDeclaredOutside(key: TSESTree.Node, loop: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (key.type !== 'Identifier') return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(key), key);
  return variable !== null && variable.defs.length > 0 && variable.defs.every((definition) => !contains(loop, definition.node));
}
