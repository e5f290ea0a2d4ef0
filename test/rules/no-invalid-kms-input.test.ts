import rule, { type MessageId } from '../../src/rules/no-invalid-kms-input.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

/**
 * Two header lines; every snippet starts on line 3. A finding lands on the call (`new XCommand(` for v3 commands,
 * `kms.method(` for SDK v2), and its line and column are those of the marker `⟨` the case puts before it (the
 * marker is removed from the code).
 */
const COMMANDS = [
  'CreateAliasCommand',
  'CreateKeyCommand',
  'EnableKeyRotationCommand',
  'GenerateDataKeyCommand',
  'GenerateDataKeyWithoutPlaintextCommand',
  'GenerateMacCommand',
  'RotateKeyOnDemandCommand',
  'ScheduleKeyDeletionCommand',
  'SignCommand',
  'UpdateAliasCommand',
  'VerifyCommand',
].join(', ');
const V3 = `import { KMSClient, ${COMMANDS} } from '@aws-sdk/client-kms'; import { createHash } from 'node:crypto';\nconst kms = new KMSClient({});`;
const TYPED = `import type { KMSClient } from '@aws-sdk/client-kms'; import { ${COMMANDS} } from '@aws-sdk/client-kms'; import { createHash } from 'node:crypto';\ndeclare const kms: KMSClient;`;
const V2 = "import AWS from 'aws-sdk';\nconst kms = new AWS.KMS();";
const lines = (...parts: string[]): string => parts.join('\n');
type Bang = (expression: string) => string;
const none: Bang = (expression) => expression;
const bang: Bang = (expression) => `${expression}!`;
const fn = (...body: string[]): string => lines('export async function run(keyId, body, opts) {', ...body, '}');
const send = (command: string, input: string): string => `  await kms.send(⟨new ${command}(${input}));`;

interface Case {
  readonly code: string;
  readonly messageId?: MessageId;
}

function invalidCases(b: Bang, header = V3): Case[] {
  const created = (spec: string, rotate: string[]): string =>
    lines(header, fn(`  const { KeyMetadata } = await kms.send(new CreateKeyCommand(${spec}));`, ...rotate));
  return [
    { code: lines(header, fn(send('EnableKeyRotationCommand', '{ KeyId: keyId, RotationPeriodInDays: 30 }'))), messageId: 'outOfRange' },
    { code: lines(header, 'const MAX_DAYS = 3000;', fn(send('EnableKeyRotationCommand', '{ KeyId: keyId, RotationPeriodInDays: MAX_DAYS }'))), messageId: 'outOfRange' },
    { code: lines(header, fn('  const strict = opts.strict;', send('EnableKeyRotationCommand', '{ KeyId: keyId, RotationPeriodInDays: strict ? 30 : 365 }'))), messageId: 'outOfRange' },
    { code: lines(header, fn(send('ScheduleKeyDeletionCommand', '{ KeyId: keyId, PendingWindowInDays: 3 }'))), messageId: 'outOfRange' },
    { code: lines(header, 'const params = { PendingWindowInDays: 60 };', fn(send('ScheduleKeyDeletionCommand', '{ KeyId: keyId, ...params }'))), messageId: 'outOfRange' },
    { code: lines(header, fn(send('GenerateDataKeyCommand', "{ KeyId: keyId, KeySpec: 'AES_256', NumberOfBytes: 32 }"))), messageId: 'dataKeyBothLengths' },
    { code: lines(header, fn(send('GenerateDataKeyWithoutPlaintextCommand', "{ KeyId: keyId, EncryptionContext: { purpose: 'x' } }"))), messageId: 'dataKeyNoLength' },
    { code: lines(header, fn(send('GenerateDataKeyCommand', '{ KeyId: keyId, NumberOfBytes: 2048 }'))), messageId: 'outOfRange' },
    { code: lines(header, fn(send('GenerateDataKeyCommand', "{ KeyId: keyId, KeySpec: 'AES256' }"))), messageId: 'dataKeySpec' },
    {
      code: lines(header, fn("  const digest = createHash('sha384').update(body, 'utf8').digest();", send('SignCommand', "{ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }"))),
      messageId: 'digestLength',
    },
    {
      code: lines(header, fn("  const hash = createHash('sha256');", '  hash.update(body);', send('VerifyCommand', "{ KeyId: keyId, Message: hash.digest(), MessageType: 'DIGEST', Signature: body, SigningAlgorithm: 'RSASSA_PSS_SHA_512' }"))),
      messageId: 'digestLength',
    },
    { code: lines(header, fn(send('SignCommand', "{ KeyId: keyId, Message: Buffer.alloc(5000), SigningAlgorithm: 'ECDSA_SHA_256' }"))), messageId: 'messageTooLong' },
    { code: lines(header, fn(send('GenerateMacCommand', "{ KeyId: keyId, Message: 'x'.repeat(4097), MacAlgorithm: 'HMAC_SHA_256' }"))), messageId: 'messageTooLong' },
    { code: lines(header, fn(send('CreateKeyCommand', "{ KeySpec: 'RSA_2048', Description: 'partner' }"))), messageId: 'keyUsageMissing' },
    { code: lines(header, fn(send('CreateKeyCommand', "{ KeySpec: 'HMAC_256', KeyUsage: 'ENCRYPT_DECRYPT' }"))), messageId: 'keyUsageInvalid' },
    { code: lines(header, fn(send('CreateKeyCommand', "{ KeyUsage: 'SIGN_VERIFY' }"))), messageId: 'keyUsageInvalid' },
    { code: created("{ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }", [send('EnableKeyRotationCommand', `{ KeyId: ${b('KeyMetadata')}.KeyId }`)]), messageId: 'rotationUnsupported' },
    {
      code: lines(header, fn("  const res = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));", send('EnableKeyRotationCommand', `{ KeyId: ${b('res.KeyMetadata')}.Arn }`))),
      messageId: 'rotationUnsupported',
    },
    {
      code: created("{ KeySpec: 'RSA_3072', KeyUsage: 'ENCRYPT_DECRYPT' }", [`  const newKeyId = ${b('KeyMetadata?.KeyId')};`, send('RotateKeyOnDemandCommand', '{ KeyId: newKeyId }')]),
      messageId: 'rotationUnsupported',
    },
    {
      code: lines(header, fn("  const { KeyMetadata: { KeyId: id } = {} } = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', MultiRegion: true }));", send('RotateKeyOnDemandCommand', '{ KeyId: id }'))),
      messageId: 'rotationUnsupported',
    },
    { code: lines(header, fn(send('CreateAliasCommand', "{ AliasName: 'payments', TargetKeyId: keyId }"))), messageId: 'aliasPrefix' },
    { code: lines(header, fn(send('CreateAliasCommand', "{ AliasName: 'alias/aws/payments', TargetKeyId: keyId }"))), messageId: 'aliasReserved' },
    { code: lines(header, "const ENV = 'prod';", fn(send('UpdateAliasCommand', '{ AliasName: `${ENV}/payments`, TargetKeyId: keyId }'))), messageId: 'aliasPrefix' },
  ];
}

function validCases(b: Bang, header = V3): string[] {
  return [
    lines(header, fn(send('EnableKeyRotationCommand', '{ KeyId: keyId, RotationPeriodInDays: 90 }'), send('EnableKeyRotationCommand', '{ KeyId: keyId, RotationPeriodInDays: 2560 }'))),
    lines(header, fn(send('EnableKeyRotationCommand', '{ KeyId: keyId }'), send('EnableKeyRotationCommand', '{ KeyId: keyId, RotationPeriodInDays: opts.days }'))),
    lines(header, fn(send('ScheduleKeyDeletionCommand', '{ KeyId: keyId, PendingWindowInDays: 7 }'), send('ScheduleKeyDeletionCommand', '{ KeyId: keyId, PendingWindowInDays: 30 }'))),
    // Unknown input (a parameter, an unknown spread): nothing is known about the length members.
    lines(header, fn(send('GenerateDataKeyCommand', 'opts'), send('GenerateDataKeyCommand', '{ KeyId: keyId, ...opts }'))),
    lines(header, fn(send('GenerateDataKeyCommand', "{ KeyId: keyId, KeySpec: 'AES_128' }"), send('GenerateDataKeyWithoutPlaintextCommand', '{ KeyId: keyId, NumberOfBytes: 1024 }'))),
    lines(header, fn("  const digest = createHash('SHA256').update(body).digest();", send('SignCommand', "{ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }"))),
    // The digest's hash, the algorithm or the message type is not known.
    lines(
      header,
      fn(
        '  const digest = createHash(opts.hash).update(body).digest();',
        send('SignCommand', "{ KeyId: keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }"),
        send('SignCommand', "{ KeyId: keyId, Message: Buffer.alloc(48), MessageType: 'DIGEST', SigningAlgorithm: opts.algorithm }"),
        send('SignCommand', "{ KeyId: keyId, Message: Buffer.alloc(48), MessageType: opts.type, SigningAlgorithm: 'ECDSA_SHA_256' }"),
      ),
    ),
    // A RAW message of exactly 4096 bytes; a DIGEST that matches; an unknown RAW body.
    lines(
      header,
      fn(
        send('SignCommand', "{ KeyId: keyId, Message: Buffer.alloc(4096), SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }"),
        send('VerifyCommand', "{ KeyId: keyId, Message: createHash('sha512').update(body).digest(), MessageType: 'DIGEST', Signature: body, SigningAlgorithm: 'ECDSA_SHA_512' }"),
        send('GenerateMacCommand', "{ KeyId: keyId, Message: body, MacAlgorithm: 'HMAC_SHA_256' }"),
      ),
    ),
    lines(
      header,
      fn(
        send('CreateKeyCommand', "{ KeySpec: 'RSA_4096', KeyUsage: 'SIGN_VERIFY' }"),
        send('CreateKeyCommand', "{ KeySpec: 'ECC_NIST_P384', KeyUsage: 'KEY_AGREEMENT' }"),
        send('CreateKeyCommand', "{ Description: 'symmetric', KeyUsage: 'ENCRYPT_DECRYPT' }"),
        // A spec this version of the rule does not know: silent.
        send('CreateKeyCommand', "{ KeySpec: 'FUTURE_9', KeyUsage: 'SOMETHING' }"),
      ),
    ),
    // Rotation of a symmetric key created here; of a key from elsewhere; on-demand rotation of single-Region imported material (allowed since 2025).
    lines(
      header,
      fn(
        "  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'data' }));",
        `  await kms.send(new EnableKeyRotationCommand({ KeyId: ${b('KeyMetadata')}.KeyId, RotationPeriodInDays: 180 }));`,
        send('EnableKeyRotationCommand', '{ KeyId: keyId }'),
        "  const imported = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));",
        `  await kms.send(new RotateKeyOnDemandCommand({ KeyId: ${b('imported.KeyMetadata')}.KeyId }));`,
      ),
    ),
    // The id variable is reassigned before the rotation: it may be another key.
    lines(
      header,
      fn(
        "  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_512', KeyUsage: 'GENERATE_VERIFY_MAC' }));",
        `  let id = ${b('KeyMetadata')}.KeyId;`,
        '  if (opts.reuse) id = keyId;',
        send('EnableKeyRotationCommand', '{ KeyId: id }'),
      ),
    ),
    lines(header, fn(send('CreateAliasCommand', "{ AliasName: 'alias/payments', TargetKeyId: keyId }"), send('CreateAliasCommand', '{ AliasName: opts.alias, TargetKeyId: keyId }'))),
    // A numeric string (SDK v2 converts it to a number before it validates the range): not a number this rule can judge.
    lines(header, fn(send('ScheduleKeyDeletionCommand', "{ KeyId: keyId, PendingWindowInDays: '7' }"))),
    // The origin comes from configuration and the rotation is guarded by it: nothing known about the key.
    lines(
      header,
      fn(
        '  const created = await kms.send(new CreateKeyCommand({ KeySpec: opts.keySpec, KeyUsage: opts.keyUsage, Origin: opts.origin }));',
        `  if (opts.origin === 'AWS_KMS') await kms.send(new EnableKeyRotationCommand({ KeyId: ${b('created.KeyMetadata')}.KeyId }));`,
      ),
    ),
    // Not a KMS client: a local object with the same method names.
    lines('const store = { scheduleKeyDeletion() {} };', "store.scheduleKeyDeletion({ KeyId: 'k', PendingWindowInDays: 3 });"),
  ];
}

/** Turns a case with its `⟨` marker into a RuleTester invalid case with line and column. */
function toInvalid({ code, messageId }: Case) {
  const marker = code.indexOf('⟨');
  const before = code.slice(0, marker).split('\n');
  return { code: code.replace('⟨', ''), errors: [{ messageId: messageId!, line: before.length, column: before.at(-1)!.length + 1 }] };
}
const stripMarkers = (code: string): string => code.replaceAll('⟨', '');

const v2Invalid: Case[] = [
  { code: lines(V2, fn('  await ⟨kms.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 1 }).promise();')), messageId: 'outOfRange' },
  { code: lines(V2, fn("  await ⟨kms.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', NumberOfBytes: 16 }).promise();")), messageId: 'dataKeyBothLengths' },
];

plainJsTester.run('no-invalid-kms-input (plain JS)', rule, {
  valid: [...validCases(none).map(stripMarkers), lines(V2, fn('  await kms.enableKeyRotation({ KeyId: keyId, RotationPeriodInDays: 365 }).promise();'))],
  invalid: [...invalidCases(none), ...v2Invalid].map(toInvalid),
});

tsTester.run('no-invalid-kms-input (TypeScript syntax)', rule, {
  valid: validCases(bang).map(stripMarkers),
  invalid: invalidCases(bang).map(toInvalid),
});

typedTester.run('no-invalid-kms-input (typed)', rule, {
  valid: validCases(bang, TYPED).map(stripMarkers),
  invalid: invalidCases(bang, TYPED).map(toInvalid),
});
