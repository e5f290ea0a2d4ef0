import type { TSESTree } from '@typescript-eslint/utils';
import { getCipherUses, getControl, getFlow, getKmsModel, mentionsCipherApi, type CipherUse, type FlowUse, type FlowUseKind } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [
  {
    /** Smallest WebCrypto `tagLength` (bits) accepted. */
    minimumTagLength?: number;
    /** Report `setAuthTag()` called after `update()`. */
    checkAuthTagOrder?: boolean;
  },
];
export type MessageId =
  | 'missingAuthTag'
  | 'authTagAfterFinal'
  | 'authTagAfterUpdate'
  | 'missingFinal'
  | 'finalNotOnEveryPath'
  | 'unboundedTagLength'
  | 'tagNotRead'
  | 'tagDiscarded'
  | 'shortTagLength';

/** Uses that keep or hand on a tag (anything but a plain read). */
const KEEPS: readonly FlowUseKind[] = ['return', 'store', 'persist', 'network', 'argument', 'log', 'string', 'kms', 'throw', 'method', 'unknown', 'cipher-data', 'auth-tag'];
/** Methods that mean the cipher is used as a stream (its `final` runs through the stream machinery). */
const STREAM_METHODS = new Set(['on', 'once', 'write', 'end', 'pipe', 'destroy']);

export default createRule<Options, MessageId>({
  name: 'aes-gcm-auth-tag',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require AES-GCM authentication tags to be produced, kept, length-checked and verified before decrypted data is used',
      recommended: 'error',
      benefitsFromTypeChecking: true,
    },
    messages: {
      missingAuthTag:
        'This AES-GCM decipher never gets setAuthTag(): final() throws "Unsupported state or unable to authenticate data" on every message, and the plaintext update() returns is unauthenticated. Call decipher.setAuthTag(tag) with the stored tag before final().',
      authTagAfterFinal: 'setAuthTag() comes after final(): the tag is never checked and final() has already thrown. Call setAuthTag(tag) before final().',
      authTagAfterUpdate:
        'setAuthTag() comes after update(). Node 20 still checks the tag in final() for GCM, but the plaintext update() returned is unauthenticated until then, and CCM/OCB require the tag first. Set the tag before the first update().',
      missingFinal:
        'This AES-GCM decipher calls update() but never final(): the tag is never verified, so tampered ciphertext decrypts to attacker-chosen plaintext without an error. Call decipher.final() before using the plaintext.',
      finalNotOnEveryPath:
        'final() does not run on every path after update(): on the other paths the plaintext is used without the tag being verified. Call final() before any return of decrypted data.',
      unboundedTagLength:
        'This tag comes from the input and the decipher has no authTagLength: Node accepts tags as short as 4 bytes, so a truncated tag is far easier to forge. Pass { authTagLength: 16 } to createDecipheriv or check tag.length === 16 before setAuthTag().',
      tagNotRead:
        'This AES-GCM cipher finishes (final()) but its tag is never read with getAuthTag(): without the tag the message can never be decrypted and verified. Store cipher.getAuthTag() with the ciphertext.',
      tagDiscarded:
        'The tag from getAuthTag() is not stored, returned or sent anywhere: the ciphertext cannot be verified on decryption. Keep the tag with the ciphertext and IV.',
      shortTagLength: 'WebCrypto AES-GCM tagLength {{length}} is below {{minimum}} bits: shorter tags make forgeries more likely. Use 128 (the default).',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          minimumTagLength: {
            type: 'integer',
            enum: [32, 64, 96, 104, 112, 120, 128],
            description: 'Smallest WebCrypto AES-GCM tagLength in bits that is accepted (default 128).',
          },
          checkAuthTagOrder: {
            type: 'boolean',
            description: 'Also report setAuthTag() called after update() (accepted by Node 20 for GCM; default false).',
          },
        },
      },
    ],
  },
  defaultOptions: [{ minimumTagLength: 128, checkAuthTagOrder: false }],
  create(context, [options]) {
    if (!mentionsCipherApi(context.sourceCode)) return {};
    return {
      'Program:exit'() {
        const analysis = getKmsModel(context);
        const uses = getCipherUses(analysis);
        if (uses.length === 0) return;
        const flow = getFlow(analysis);
        const control = getControl(analysis);
        for (const use of uses) {
          if (use.mode !== 'gcm') continue;
          const api = use.call.info.api;
          if (api === 'subtle.encrypt' || api === 'subtle.decrypt') {
            const minimum = options.minimumTagLength ?? 128;
            if (use.tagLengthBits !== undefined && use.tagLengthBits < minimum) {
              context.report({ node: use.call.node.arguments[0]!, messageId: 'shortTagLength', data: { length: String(use.tagLengthBits), minimum: String(minimum) } });
            }
            continue;
          }
          if (api !== 'createCipheriv' && api !== 'createDecipheriv') continue;
          const cipher = flow.track(use.call.node, { followCopies: false });
          // Returned, stored or handed to unknown code: the caller may finish the job.
          const piped = (entry: FlowUse): boolean => entry.kind === 'argument' && (entry.api?.api === 'pipeline' || entry.detail === 'pipe()');
          if (cipher.uses.some((entry) => entry.kind === 'return' || entry.kind === 'store' || entry.kind === 'unknown' || (entry.kind === 'argument' && entry.resolved === false && !piped(entry)))) continue;
          const methods = (name: string): FlowUse[] => cipher.uses.filter((entry) => entry.kind === 'method' && entry.method === name);
          const streamed = cipher.uses.some((entry) => piped(entry) || (entry.kind === 'method' && STREAM_METHODS.has(entry.method ?? '')));
          if (api === 'createDecipheriv') checkDecipher(use, methods, streamed);
          else checkCipher(methods, streamed);
        }

        function checkDecipher(use: CipherUse, methods: (name: string) => FlowUse[], streamed: boolean): void {
          const setTag = methods('setAuthTag');
          const updates = methods('update');
          const finals = methods('final');
          if (setTag.length === 0) {
            context.report({ node: use.call.node, messageId: 'missingAuthTag' });
          } else if (finals.length > 0 && setTag.every((entry) => entry.node.range[0] > finals.at(-1)!.node.range[0])) {
            context.report({ node: setTag[0]!.node, messageId: 'authTagAfterFinal' });
          } else if (options.checkAuthTagOrder && updates.length > 0 && setTag.every((entry) => entry.node.range[0] > updates[0]!.node.range[0])) {
            context.report({ node: setTag[0]!.node, messageId: 'authTagAfterUpdate' });
          }
          if (!streamed && updates.length > 0) {
            if (finals.length === 0) context.report({ node: updates[0]!.node, messageId: 'missingFinal' });
            else if (finals.length === 1 && control.isCoveredOnEveryPath(finals[0]!.node, { after: updates.map((entry) => entry.node), exceptions: false }) === 'no') {
              context.report({ node: finals[0]!.node, messageId: 'finalNotOnEveryPath' });
            }
          }
          if (use.authTagLength !== 'absent') return;
          for (const entry of setTag) {
            const tag = (entry.node as TSESTree.CallExpression).arguments[0];
            if (tag && isUntrusted(tag) && !hasLengthCheck(tag, entry.node) && !hasCallerLengthCheck(tag, entry)) context.report({ node: tag, messageId: 'unboundedTagLength' });
          }
        }

        function checkCipher(methods: (name: string) => FlowUse[], streamed: boolean): void {
          const getTag = methods('getAuthTag');
          if (getTag.length === 0) {
            const final = methods('final')[0];
            if (final && !streamed) context.report({ node: final.node, messageId: 'tagNotRead' });
            return;
          }
          for (const entry of getTag) {
            if (flow.flowsTo(entry.node, KEEPS, { followCopies: true }).answer === 'no') context.report({ node: entry.node, messageId: 'tagDiscarded' });
          }
        }

        /** A tag that is not this function's own `getAuthTag()` result or a literal: it came from outside. */
        function isUntrusted(tag: TSESTree.Node): boolean {
          let node: TSESTree.Node = tag;
          for (let steps = 0; steps < 4 && node.type === 'Identifier'; steps++) {
            const init = getInit(node);
            if (!init) break;
            node = init;
          }
          if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.property.type === 'Identifier' && node.callee.property.name === 'getAuthTag') return false;
          return node.type !== 'Literal';
        }

        function getInit(identifier: TSESTree.Identifier): TSESTree.Node | undefined {
          const scope = context.sourceCode.getScope(identifier);
          for (let current: typeof scope | null = scope; current; current = current.upper) {
            const variable = current.set.get(identifier.name);
            if (!variable) continue;
            const definition = variable.defs.length === 1 ? variable.defs[0] : undefined;
            if (definition?.type !== 'Variable') return undefined;
            const declarator = definition.node as TSESTree.VariableDeclarator;
            return declarator.id.type === 'Identifier' ? (declarator.init ?? undefined) : undefined;
          }
          return undefined;
        }

        /** In a same-file helper that got the tag as a parameter: a length check of the argument in the caller. */
        function hasCallerLengthCheck(tag: TSESTree.Node, entry: FlowUse): boolean {
          const call = entry.via.at(-1);
          const fn = getFunction(entry.node);
          if (!call || !fn || tag.type !== 'Identifier' || !('params' in fn)) return false;
          const index = (fn.params as TSESTree.Node[]).findIndex((param) => param.type === 'Identifier' && param.name === tag.name);
          const argument = index >= 0 ? call.arguments[index] : undefined;
          return argument !== undefined && hasLengthCheck(argument, call);
        }

        /** A `tag.length` / `tag.byteLength` comparison (or assertion) before `setAuthTag(tag)` in the same function. */
        function hasLengthCheck(tag: TSESTree.Node, setAuthTag: TSESTree.Node): boolean {
          const text = context.sourceCode.getText(tag);
          const fn = getFunction(setAuthTag);
          let found = false;
          const visit = (node: TSESTree.Node): void => {
            if (found || node.range[0] >= setAuthTag.range[0]) return;
            if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && (node.property.name === 'length' || node.property.name === 'byteLength') && context.sourceCode.getText(node.object) === text) {
              const parent = node.parent;
              if (parent?.type === 'BinaryExpression' || parent?.type === 'CallExpression') found = true;
            }
            for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
              const child = (node as unknown as Record<string, unknown>)[key];
              if (Array.isArray(child)) child.forEach((item) => item && typeof item === 'object' && 'type' in item && visit(item as TSESTree.Node));
              else if (child && typeof child === 'object' && 'type' in child) visit(child as TSESTree.Node);
            }
          };
          visit(fn ?? context.sourceCode.ast);
          return found;
        }
      },
    };
  },
});

function getFunction(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') return current;
  }
  return undefined;
}
