import rule, { type MessageId, type Options } from '../../src/rules/lambda-env-decrypt-context.js';
import { columnOf, plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/** Two header lines; snippets start on line 3. */
const V3 = "import { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});";
const V2 = "import AWS from 'aws-sdk';\nconst kms = new AWS.KMS();";
const TYPED = "import type { KMSClient } from '@aws-sdk/client-kms'; import { DecryptCommand } from '@aws-sdk/client-kms';\ndeclare const kms: KMSClient;";
const lines = (...parts: string[]): string => parts.join('\n');
/** Adds the non-null assertion TypeScript code writes after `process.env.X`. */
type Bang = (expression: string) => string;
const none: Bang = (expression) => expression;
const bang: Bang = (expression) => `${expression}!`;

/** Line 3 makes the file Lambda code (an exported handler). */
const HANDLER_LINE = 'export const handler = async (event) => event;';
const FN_NAME = 'process.env.AWS_LAMBDA_FUNCTION_NAME';
/** Line 3 shows the console's context (the evidence a missing-context report needs by default). */
const CONSOLE_LINE = `const consoleContext = { LambdaFunctionName: ${FN_NAME} };`;
/** `const p = kms.send(new DecryptCommand({ … }));` — `new` in column 20. */
const decrypt = (request: string): string => `const p = kms.send(new DecryptCommand({ ${request} }));`;

interface Case {
  readonly code: string;
  readonly errors: readonly { readonly messageId: MessageId; readonly line: number; readonly column: number }[];
  readonly options?: Options;
}

function invalidCases(b: Bang, header = V3): Case[] {
  const env = (name: string): string => b(`process.env.${name}`);
  const blob = `Buffer.from(${env('SECRET')}, 'base64')`;
  const missing = (code: string, line = 4): Case => ({ code, errors: [{ messageId: 'missingContext', line, column: columnOf(code, line, 'new DecryptCommand') }] });
  const misspelt = (key: string): Case => {
    const code = lines(header, HANDLER_LINE, decrypt(`CiphertextBlob: ${blob}, EncryptionContext: { '${key}': ${b(FN_NAME)} }`));
    return { code, errors: [{ messageId: 'misspeltKey', line: 4, column: columnOf(code, 4, `'${key}'`) }] };
  };
  const inHandler = (request: string, messageIds: MessageId[], options?: Options): Case => {
    const code = lines(header, 'export const handler = async (event) => {', `  const r = await kms.send(new DecryptCommand({ ${request} }));`, '  return r.Plaintext;', '};');
    return { code, errors: messageIds.map((messageId) => ({ messageId, line: 4, column: columnOf(code, 4, 'new DecryptCommand') })), ...(options ? { options } : {}) };
  };
  return [
    // Through Buffer.from(…, 'base64'), no context at all.
    missing(lines(header, CONSOLE_LINE, decrypt(`CiphertextBlob: ${blob}`))),
    // The text itself (also a string blob, but the context is what this rule is about).
    missing(lines(header, CONSOLE_LINE, decrypt(`CiphertextBlob: ${env('SECRET')}`))),
    // A computed name.
    missing(lines(header, CONSOLE_LINE, decrypt(`CiphertextBlob: Buffer.from(${b("process.env['SECRET']")}, 'base64')`))),
    // Through a const.
    missing(lines(header, CONSOLE_LINE, `const blob = ${blob};`, decrypt('CiphertextBlob: blob')), 5),
    // Through a destructuring of process.env.
    missing(lines(header, CONSOLE_LINE, 'const { SECRET } = process.env;', decrypt(`CiphertextBlob: Buffer.from(${b('SECRET')}, 'base64')`)), 5),
    // A member of a const object of environment variables (found in a real project).
    missing(lines(header, CONSOLE_LINE, `const encrypted = { MONGO: ${env('MONGO')} };`, decrypt(`CiphertextBlob: Buffer.from(${b('encrypted.MONGO')}, 'base64')`)), 5),
    // Through `const env = process.env`.
    missing(lines(header, CONSOLE_LINE, 'const env = process.env;', decrypt(`CiphertextBlob: Buffer.from(${b('env.SECRET')}, 'base64')`)), 5),
    // An empty context.
    missing(lines(header, CONSOLE_LINE, decrypt(`CiphertextBlob: ${blob}, EncryptionContext: {}`))),
    // The request built in a const; not Lambda by a handler but by naming AWS_LAMBDA_FUNCTION_NAME elsewhere.
    missing(lines(header, `const fn = ${FN_NAME};`, `const params = { CiphertextBlob: new Uint8Array(${blob}) };`, 'const q = kms.send(new DecryptCommand(params));'), 5),
    // The three misspellings named by the issue.
    misspelt('aws:lambda:FunctionName'),
    misspelt('FunctionName'),
    misspelt('lambdaFunctionName'),
    // Inside the handler, on every invocation, with the right context.
    inHandler(`CiphertextBlob: ${blob}, EncryptionContext: { LambdaFunctionName: ${b(FN_NAME)} }`, ['perInvocation']),
    // Inside the handler and without a context, every env var taken to be console-encrypted: both.
    inHandler(`CiphertextBlob: ${blob}`, ['missingContext', 'perInvocation'], [{ assumeConsoleEncrypted: true }]),
    // Inside the handler, no context, no evidence of the console: only the per-invocation report.
    inHandler(`CiphertextBlob: ${blob}`, ['perInvocation']),
  ];
}

function validCases(b: Bang, header = V3): { code: string; options?: Options }[] {
  const env = (name: string): string => b(`process.env.${name}`);
  const blob = `Buffer.from(${env('SECRET')}, 'base64')`;
  const context = `EncryptionContext: { LambdaFunctionName: ${b(FN_NAME)} }`;
  const twoAttempts = (first: string, second: string): string =>
    lines(header, HANDLER_LINE, 'async function load() {', '  try {', `    return await kms.send(new DecryptCommand({ ${first} }));`, '  } catch {', `    return await kms.send(new DecryptCommand({ ${second} }));`, '  }', '}', 'const secret = load();');
  return [
    // The console's context, directly.
    { code: lines(header, HANDLER_LINE, decrypt(`CiphertextBlob: ${blob}, ${context}`)) },
    // Through a const.
    { code: lines(header, HANDLER_LINE, `const ctx = { LambdaFunctionName: ${b(FN_NAME)} };`, decrypt(`CiphertextBlob: ${blob}, EncryptionContext: ctx`)) },
    // Two attempts: without a context (CLI-encrypted), then with it.
    { code: twoAttempts(`CiphertextBlob: ${blob}`, `CiphertextBlob: ${blob}, ${context}`) },
    // …and the other way round.
    { code: twoAttempts(`CiphertextBlob: ${blob}, ${context}`, `CiphertextBlob: ${blob}`) },
    // Two attempts through the promise's .catch.
    { code: lines(header, HANDLER_LINE, `const p = kms.send(new DecryptCommand({ CiphertextBlob: ${blob} })).catch(() => kms.send(new DecryptCommand({ CiphertextBlob: ${blob}, ${context} })));`) },
    // Not an environment variable.
    { code: lines(header, HANDLER_LINE, 'export const open = (sealed) => kms.send(new DecryptCommand({ CiphertextBlob: sealed }));') },
    // Another context: the project encrypted the value itself.
    { code: lines(header, HANDLER_LINE, decrypt(`CiphertextBlob: ${blob}, EncryptionContext: { purpose: 'webhook' }`)) },
    // A context that is not known here.
    { code: lines(header, HANDLER_LINE, `export const open = (ctx) => kms.send(new DecryptCommand({ CiphertextBlob: ${blob}, EncryptionContext: ctx }));`) },
    // Not Lambda code: a script may decrypt a value encrypted without a context.
    { code: lines(header, decrypt(`CiphertextBlob: ${blob}`)) },
    { code: lines(header, decrypt(`CiphertextBlob: ${blob}`)), options: [{ assumeConsoleEncrypted: true }] },
    // Lambda code that never shows the console's context (serverless-kms-secrets and CLI values carry none).
    { code: lines(header, HANDLER_LINE, decrypt(`CiphertextBlob: ${blob}`)) },
    // In the handler, but only while a module-level memo is unset.
    { code: lines(header, 'let secret;', 'export const handler = async (event) => {', '  if (!secret) {', `    secret = await kms.send(new DecryptCommand({ CiphertextBlob: ${blob}, ${context} }));`, '  }', '  return secret;', '};') },
    // In the handler, in the else branch of a test of a module-level memo object (found in a real project).
    { code: lines(header, 'const decrypted = {};', 'export const handler = async (event) => {', '  if (decrypted.PG) {', '    return decrypted.PG;', '  } else {', `    const r = await kms.send(new DecryptCommand({ CiphertextBlob: ${blob}, ${context} }));`, '    decrypted.PG = r.Plaintext;', '  }', '  return decrypted.PG;', '};') },
    // In the handler, behind ??= on a module-level promise.
    { code: lines(header, 'let pending;', 'export const handler = async (event) => {', `  pending ??= kms.send(new DecryptCommand({ CiphertextBlob: ${blob}, ${context} }));`, '  return pending;', '};') },
    // In the handler after an early return of the cached value.
    { code: lines(header, 'let secret;', 'export const handler = async (event) => {', '  if (secret) return secret;', `  secret = await kms.send(new DecryptCommand({ CiphertextBlob: ${blob}, ${context} }));`, '  return secret;', '};') },
    // In a helper called by the handler: how often it runs is not known.
    { code: lines(header, 'async function fetchSecret() {', `  return kms.send(new DecryptCommand({ CiphertextBlob: ${blob}, ${context} }));`, '}', 'export const handler = async (event) => fetchSecret();') },
    // The variable named as encrypted without a context.
    { code: lines(header, CONSOLE_LINE, decrypt(`CiphertextBlob: ${blob}`)), options: [{ ignoredVariables: ['SECRET'] }] },
    // Per-invocation check off.
    { code: lines(header, 'export const handler = async (event) => {', `  return kms.send(new DecryptCommand({ CiphertextBlob: ${blob}, ${context} }));`, '};'), options: [{ checkPerInvocation: false }] },
    // The right key, its value taken from the handler's context object.
    { code: lines(header, HANDLER_LINE, `export const open = (context) => kms.send(new DecryptCommand({ CiphertextBlob: ${blob}, EncryptionContext: { LambdaFunctionName: context.functionName } }));`) },
  ];
}

plainJsTester.run('lambda-env-decrypt-context (plain JS)', rule, {
  valid: [
    ...validCases(none),
    // SDK v2, with the context, at module scope.
    lines(V2, HANDLER_LINE, `const p = kms.decrypt({ CiphertextBlob: Buffer.from(process.env.SECRET, 'base64'), EncryptionContext: { LambdaFunctionName: ${FN_NAME} } }).promise();`),
  ],
  invalid: [
    ...invalidCases(none),
    // SDK v2 with CommonJS exports.handler, no context, every env var taken to be console-encrypted.
    (() => {
      const code = lines(V2, 'exports.handler = async (event) => event;', "const p = kms.decrypt({ CiphertextBlob: Buffer.from(process.env.SECRET, 'base64') }).promise();");
      return { code, options: [{ assumeConsoleEncrypted: true }] as Options, errors: [{ messageId: 'missingContext' as const, line: 4, column: columnOf(code, 4, 'kms.decrypt') }] };
    })(),
    // A serverless-kms-secrets function (found in a real project): the deprecated Buffer(text, 'base64') in the
    // handler's returned promise chain, decrypted on every invocation; no context evidence, so no context report.
    (() => {
      const code = lines(V2, 'module.exports.handler = async (event, context, callback) => {', "  return kms.decrypt({ CiphertextBlob: Buffer(process.env.MY_SECRETS, 'base64') }).promise().then((data) => callback(null, String(data.Plaintext)));", '};');
      return { code, errors: [{ messageId: 'perInvocation' as const, line: 4, column: columnOf(code, 4, 'kms.decrypt') }] };
    })(),
  ],
});

tsTester.run('lambda-env-decrypt-context (TypeScript syntax)', rule, {
  valid: validCases(bang),
  invalid: invalidCases(bang),
});

typedTester.run('lambda-env-decrypt-context (typed)', rule, {
  valid: validCases(bang, TYPED),
  invalid: invalidCases(bang, TYPED),
});
