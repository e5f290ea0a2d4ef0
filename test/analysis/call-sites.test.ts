/**
 * Table-driven tests of call-site recognition: each row is a snippet, a parse mode (plain JS, TypeScript syntax,
 * typed) and the call sites the analysis must find, summarised as
 * `<Operation>@<line> <style>[ typed] ctx=<present {keys}|absent|unknown|n/a> result=<binding|none>`.
 */
import { describe, expect, it } from 'vitest';
import type { CallSite, FileAnalysis } from '../../src/analysis/index.js';
import { getContextGroups } from '../../src/analysis/catalog/sdk.js';
import { lookupProperty } from '../../src/analysis/values.js';
import { analyse, type ParseMode } from './harness.js';

interface Row {
  readonly name: string;
  readonly mode: ParseMode;
  readonly code: string;
  readonly sites: readonly string[];
}

function summarise(site: CallSite, analysis: FileAnalysis): string {
  const member = getContextGroups(site.service, site.operation)[0]?.contextMember;
  let ctx = 'n/a';
  if (member) {
    const lookup = lookupProperty(site.input, member);
    if (lookup.state === 'present') {
      const value = lookup.value;
      ctx = value.kind === 'object' ? `present {${value.properties.map((property) => property.name).join(',')}}` : `present ${value.kind}`;
    } else {
      ctx = lookup.state === 'absent' ? `absent${lookup.paths === 'some' ? '(some)' : ''}` : 'unknown';
    }
  }
  const binding = site.result.binding ? analysis.sourceCode.getText(site.result.binding) : 'none';
  return `${site.operation}@${site.node.loc.start.line} ${site.style}${site.viaTypes ? ' typed' : ''}${site.viaShape ? ' shape' : ''} ctx=${ctx} result=${binding}`;
}

const V3 = "import { KMSClient, EncryptCommand, DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';\nconst client = new KMSClient({});";

const rows: Row[] = [
  // ---- v3 commands ----
  { name: 'inline command, awaited into a variable', mode: 'js', code: `${V3}\nconst out = await client.send(new EncryptCommand({ KeyId: 'k', Plaintext: p, EncryptionContext: { a: 'b' } }));`, sites: ['Encrypt@3 v3-command ctx=present {a} result=out'] },
  { name: 'destructured response', mode: 'js', code: `${V3}\nconst { Plaintext, CiphertextBlob } = await client.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' }));`, sites: ['GenerateDataKey@3 v3-command ctx=absent result={ Plaintext, CiphertextBlob }'] },
  { name: 'command in a variable, sent later', mode: 'js', code: `${V3}\nconst cmd = new DecryptCommand({ CiphertextBlob: b });\nconst res = await client.send(cmd);`, sites: ['Decrypt@3 v3-command ctx=absent result=res'] },
  { name: 'command returned by a helper', mode: 'js', code: `${V3}\nfunction mk(b) { return new DecryptCommand({ CiphertextBlob: b, EncryptionContext: { t: '1' } }); }\nconst r = await client.send(mk(x));`, sites: ['Decrypt@3 v3-command ctx=present {t} result=r'] },
  { name: 'command returned by an arrow helper', mode: 'js', code: `${V3}\nconst mk = (b) => new DecryptCommand({ CiphertextBlob: b });\nconst r = await client.send(mk(x));`, sites: ['Decrypt@3 v3-command ctx=absent result=r'] },
  { name: 'renamed import', mode: 'js', code: "import { EncryptCommand as Enc } from '@aws-sdk/client-kms';\nawait c.send(new Enc({ KeyId: 'k', Plaintext: p }));", sites: ['Encrypt@2 v3-command ctx=absent result=none'] },
  { name: 'namespace import', mode: 'js', code: "import * as KMS from '@aws-sdk/client-kms';\nconst x = await c.send(new KMS.ReEncryptCommand({ CiphertextBlob: b, DestinationKeyId: 'd' }));", sites: ['ReEncrypt@2 v3-command ctx=absent result=x'] },
  { name: 'require with destructuring', mode: 'js', code: "const { GenerateDataKeyWithoutPlaintextCommand } = require('@aws-sdk/client-kms');\nc.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: 'k', KeySpec: 'AES_256' }));", sites: ['GenerateDataKeyWithoutPlaintext@2 v3-command ctx=absent result=none'] },
  { name: 'require of the module object', mode: 'js', code: "const kms = require('@aws-sdk/client-kms');\nc.send(new kms.GenerateDataKeyPairCommand({ KeyId: 'k', KeyPairSpec: 'RSA_2048', EncryptionContext: ctx }));", sites: ['GenerateDataKeyPair@2 v3-command ctx=present unknown result=none'] },
  { name: '.then callback receives the response', mode: 'js', code: `${V3}\nclient.send(new DecryptCommand({ CiphertextBlob: b })).then((res) => res.Plaintext);`, sites: ['Decrypt@3 v3-command ctx=absent result=res'] },
  { name: '.then with destructuring', mode: 'js', code: `${V3}\nclient.send(new GenerateDataKeyCommand({ KeyId: 'k', KeySpec: 'AES_256' })).then(({ Plaintext }) => Plaintext);`, sites: ['GenerateDataKey@3 v3-command ctx=absent result={ Plaintext }'] },
  { name: 'assignment to an existing variable', mode: 'js', code: `${V3}\nlet out;\nout = await client.send(new DecryptCommand({ CiphertextBlob: b }));`, sites: ['Decrypt@4 v3-command ctx=absent result=out'] },
  { name: 'several operations in one file, in source order', mode: 'js', code: `${V3}\nawait client.send(new EncryptCommand({ KeyId: 'k', Plaintext: p }));\nawait client.send(new DecryptCommand({ CiphertextBlob: b }));`, sites: ['Encrypt@3 v3-command ctx=absent result=none', 'Decrypt@4 v3-command ctx=absent result=none'] },
  { name: 'management operations are sites too', mode: 'js', code: "import { EnableKeyRotationCommand, ScheduleKeyDeletionCommand, CreateGrantCommand } from '@aws-sdk/client-kms';\nc.send(new EnableKeyRotationCommand({ KeyId: 'k', RotationPeriodInDays: 30 }));\nc.send(new ScheduleKeyDeletionCommand({ KeyId: 'k', PendingWindowInDays: 3 }));\nc.send(new CreateGrantCommand({ KeyId: 'k', GranteePrincipal: 'p', Operations: ['Decrypt'] }));", sites: ['EnableKeyRotation@2 v3-command ctx=n/a result=none', 'ScheduleKeyDeletion@3 v3-command ctx=n/a result=none', 'CreateGrant@4 v3-command ctx=n/a result=none'] },
  { name: 'Sign and Verify', mode: 'js', code: "import { SignCommand, VerifyCommand } from '@aws-sdk/client-kms';\nc.send(new SignCommand({ KeyId: 'k', Message: m, SigningAlgorithm: 'ECDSA_SHA_256' }));\nc.send(new VerifyCommand({ KeyId: 'k', Message: m, Signature: s, SigningAlgorithm: 'ECDSA_SHA_256' }));", sites: ['Sign@2 v3-command ctx=n/a result=none', 'Verify@3 v3-command ctx=n/a result=none'] },
  { name: 'a local class named like a command is not a site', mode: 'js', code: "class EncryptCommand { constructor(i) { this.i = i; } }\nnew EncryptCommand({ KeyId: 'k' });", sites: [] },
  { name: 'an import from another package is not a site', mode: 'js', code: "import { EncryptCommand } from './my-commands.js';\nnew EncryptCommand({ KeyId: 'k' });", sites: [] },
  { name: 'shadowed import name is not a site', mode: 'js', code: "import { DecryptCommand } from '@aws-sdk/client-kms';\nfunction f(DecryptCommand) { return new DecryptCommand({}); }", sites: [] },
  // ---- v3 aggregated client ----
  { name: 'aggregated client through a variable', mode: 'js', code: "import { KMS } from '@aws-sdk/client-kms';\nconst kms = new KMS({});\nconst r = await kms.decrypt({ CiphertextBlob: b });", sites: ['Decrypt@3 v3-aggregated ctx=absent result=r'] },
  { name: 'aggregated client called inline', mode: 'js', code: "import { KMS } from '@aws-sdk/client-kms';\nconst r = await new KMS({}).generateDataKey({ KeyId: 'k', KeySpec: 'AES_256', EncryptionContext: { x: 'y' } });", sites: ['GenerateDataKey@2 v3-aggregated ctx=present {x} result=r'] },
  { name: 'aggregated client with a callback', mode: 'js', code: "import { KMS } from '@aws-sdk/client-kms';\nconst kms = new KMS({});\nkms.encrypt({ KeyId: 'k', Plaintext: p }, (err, data) => {});", sites: ['Encrypt@3 v3-aggregated ctx=absent result=data'] },
  { name: 'aggregated client in a class field', mode: 'ts', code: "import { KMS } from '@aws-sdk/client-kms';\nclass A {\n  private kms = new KMS({});\n  go() { return this.kms.decrypt({ CiphertextBlob: b }); }\n}", sites: ['Decrypt@4 v3-aggregated ctx=absent result=none'] },
  { name: 'aggregated client assigned in the constructor', mode: 'js', code: "import { KMS } from '@aws-sdk/client-kms';\nclass A {\n  constructor() { this.kms = new KMS({}); }\n  async go() { const out = await this.kms.encrypt({ KeyId: 'k', Plaintext: p }); }\n}", sites: ['Encrypt@4 v3-aggregated ctx=absent result=out'] },
  { name: 'non-operation methods of a client are ignored', mode: 'js', code: "import { KMS } from '@aws-sdk/client-kms';\nconst kms = new KMS({});\nkms.destroy();\nkms.middlewareStack.add(() => {});", sites: [] },
  // ---- v2 ----
  { name: 'v2 require + .promise()', mode: 'js', code: "const AWS = require('aws-sdk');\nconst kms = new AWS.KMS({ region: 'eu-west-1' });\nconst res = await kms.encrypt({ KeyId: 'k', Plaintext: 'x' }).promise();", sites: ['Encrypt@3 v2 ctx=absent result=res'] },
  { name: 'v2 default import', mode: 'js', code: "import AWS from 'aws-sdk';\nconst kms = new AWS.KMS();\nconst { Plaintext } = await kms.decrypt({ CiphertextBlob: b, EncryptionContext: { a: 'b' } }).promise();", sites: ['Decrypt@3 v2 ctx=present {a} result={ Plaintext }'] },
  { name: 'v2 named import', mode: 'js', code: "import { KMS } from 'aws-sdk';\nnew KMS().generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' }, function (err, data) {});", sites: ['GenerateDataKey@2 v2 ctx=absent result=data'] },
  { name: 'v2 single-client module', mode: 'js', code: "const KMS = require('aws-sdk/clients/kms');\nconst kms = new KMS();\nkms.reEncrypt({ CiphertextBlob: b, DestinationKeyId: 'd' }).promise().then((r) => r);", sites: ['ReEncrypt@3 v2 ctx=absent result=r'] },
  { name: 'v2 S3 putObject', mode: 'js', code: "const AWS = require('aws-sdk');\nconst s3 = new AWS.S3();\nawait s3.putObject({ Bucket: 'b', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms' }).promise();", sites: ['PutObject@3 v2 ctx=n/a result=none'] },
  // ---- S3 v3 ----
  { name: 'S3 PutObjectCommand', mode: 'js', code: "import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nawait s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));", sites: ['PutObject@3 v3-command ctx=n/a result=none'] },
  { name: 'S3 GetObject response', mode: 'js', code: "import { GetObjectCommand } from '@aws-sdk/client-s3';\nconst { Body } = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' }));", sites: ['GetObject@2 v3-command ctx=n/a result={ Body }'] },
  { name: 'lib-storage Upload params', mode: 'js', code: "import { Upload } from '@aws-sdk/lib-storage';\nconst up = new Upload({ client: s3, params: { Bucket: 'b', Key: 'k', Body: stream, ServerSideEncryption: 'aws:kms' } });", sites: ['PutObject@2 lib-storage ctx=n/a result=none'] },
  // ---- Encryption SDK ----
  { name: 'Encryption SDK destructured encrypt', mode: 'js', code: "import { buildClient, CommitmentPolicy } from '@aws-crypto/client-node';\nconst { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);\nconst { result } = await encrypt(keyring, data, { encryptionContext: { purpose: 'p' } });\nconst out = await decrypt(keyring, result);", sites: ['encrypt@3 encryption-sdk ctx=present {purpose} result={ result }', 'decrypt@4 encryption-sdk ctx=n/a result=out'] },
  { name: 'Encryption SDK client object', mode: 'js', code: "const { buildClient } = require('@aws-crypto/client-node');\nconst client = buildClient();\nclient.encrypt(keyring, data);", sites: ['encrypt@3 encryption-sdk ctx=absent result=none'] },
  // ---- CDK ----
  { name: 'CDK Bucket through a namespace import', mode: 'ts', code: "import * as s3 from 'aws-cdk-lib/aws-s3';\nnew s3.Bucket(this, 'Docs', { encryption: s3.BucketEncryption.KMS });", sites: ['Bucket@2 cdk ctx=n/a result=none'] },
  { name: 'CDK Bucket and Key through aws-cdk-lib', mode: 'ts', code: "import { aws_s3 as s3, aws_kms as kms } from 'aws-cdk-lib';\nconst key = new kms.Key(this, 'K');\nnew s3.Bucket(this, 'B', { encryptionKey: key });", sites: ['Key@2 cdk ctx=n/a result=none', 'Bucket@3 cdk ctx=n/a result=none'] },
  // ---- input evaluation ----
  { name: 'input from a const object with a spread', mode: 'js', code: `${V3}\nconst base = { KeyId: 'k' };\nconst input = { ...base, Plaintext: p, EncryptionContext: { tenant: 't', stage: 's' } };\nawait client.send(new EncryptCommand(input));`, sites: ['Encrypt@5 v3-command ctx=present {tenant,stage} result=none'] },
  { name: 'unknown spread keeps the context unknown', mode: 'js', code: `${V3}\nexport const f = (extra) => client.send(new DecryptCommand({ CiphertextBlob: b, ...extra }));`, sites: ['Decrypt@3 v3-command ctx=unknown result=none'] },
  { name: 'exported function parameter is unknown', mode: 'js', code: `${V3}\nexport function f(input) { return client.send(new DecryptCommand(input)); }`, sites: ['Decrypt@3 v3-command ctx=unknown result=none'] },
  { name: 'parameter resolved through its only call site', mode: 'js', code: `${V3}\nfunction f(ctx) { return client.send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: ctx })); }\nf({ app: 'a' });`, sites: ['Decrypt@3 v3-command ctx=present {app} result=none'] },
  { name: 'conditional context, one branch undefined', mode: 'js', code: `${V3}\nconst ctx = flag ? { a: '1' } : undefined;\nawait client.send(new DecryptCommand({ CiphertextBlob: b, EncryptionContext: ctx }));`, sites: ['Decrypt@4 v3-command ctx=absent(some) result=none'] },
  { name: 'computed key from a const', mode: 'js', code: `${V3}\nconst K = 'EncryptionContext';\nawait client.send(new DecryptCommand({ CiphertextBlob: b, [K]: { a: '1' } }));`, sites: ['Decrypt@4 v3-command ctx=present {a} result=none'] },
  { name: 'unknown computed key makes the input incomplete', mode: 'js', code: `${V3}\nexport const f = (k) => client.send(new DecryptCommand({ CiphertextBlob: b, [k]: { a: '1' } }));`, sites: ['Decrypt@3 v3-command ctx=unknown result=none'] },
  { name: 'reassigned let is unknown', mode: 'js', code: `${V3}\nlet params = { CiphertextBlob: b };\nparams = other;\nawait client.send(new DecryptCommand(params));`, sites: ['Decrypt@5 v3-command ctx=unknown result=none'] },
  // ---- TypeScript syntax ----
  { name: 'as const / satisfies / non-null are transparent', mode: 'ts', code: `${V3}\nconst ctx = { tenantId: 't' } as const satisfies Record<string, string>;\nawait client.send(new EncryptCommand({ KeyId: 'k', Plaintext: p!, EncryptionContext: ctx }));`, sites: ['Encrypt@4 v3-command ctx=present {tenantId} result=none'] },
  { name: 'typed response annotation', mode: 'ts', code: `${V3}\nconst out: { Plaintext?: Uint8Array } = await client.send(new DecryptCommand({ CiphertextBlob: b as Uint8Array }));`, sites: ['Decrypt@3 v3-command ctx=absent result=out: { Plaintext?: Uint8Array }'] },
  // ---- typed ----
  { name: 'typed: KMSClient parameter, command inline', mode: 'typed', code: "import { EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';\nexport async function f(c: KMSClient, p: Uint8Array) { return c.send(new EncryptCommand({ KeyId: 'k', Plaintext: p })); }", sites: ['Encrypt@2 v3-command ctx=absent result=none'] },
  { name: 'typed: aggregated client received as a parameter', mode: 'typed', code: "import type { KMS } from '@aws-sdk/client-kms';\nexport async function f(kms: KMS, b: Uint8Array) { const r = await kms.decrypt({ CiphertextBlob: b }); return r; }", sites: ['Decrypt@2 v3-aggregated typed ctx=absent result=r'] },
  { name: 'typed: v2 client received as a parameter', mode: 'typed', code: "import type { KMS } from 'aws-sdk';\nexport function f(kms: KMS, b: Buffer) { return kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' }).promise(); }", sites: ['GenerateDataKey@2 v2 typed ctx=absent result=none'] },
  { name: 'typed: a command passed in as a parameter', mode: 'typed', code: "import type { KMSClient, DecryptCommand } from '@aws-sdk/client-kms';\nexport async function f(c: KMSClient, cmd: DecryptCommand) { const out = await c.send(cmd); return out; }", sites: ['Decrypt@2 v3-command typed ctx=unknown result=out'] },
  { name: 'typed: an S3 client received as a parameter', mode: 'typed', code: "import type { S3 } from '@aws-sdk/client-s3';\nexport function f(s3: S3) { return s3.putObject({ Bucket: 'b', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms' }); }", sites: ['PutObject@2 v3-aggregated typed ctx=n/a result=none'] },
  { name: 'typed: a look-alike class is not a client', mode: 'typed', code: "class Vault { decrypt(x: object) { return x; } }\nexport const out = new Vault().decrypt({ CiphertextBlob: 'x' });", sites: [] },
  // ---- clients received from elsewhere, recognised by the request's shape ----
  { name: 'shape: v2 client injected through the constructor', mode: 'js', code: "class Enc {\n  constructor(kms) { this.kms = kms; }\n  seal(p) { return this.kms.encrypt({ KeyId: 'k', Plaintext: p }).promise(); }\n}", sites: ['Encrypt@3 v2 shape ctx=absent result=none'] },
  { name: 'shape: client from a factory, awaited', mode: 'js', code: "const kms = getKmsClient();\nconst { Plaintext } = await kms.generateDataKey({ KeyId: 'k', KeySpec: 'AES_256' });", sites: ['GenerateDataKey@2 v3-aggregated shape ctx=absent result={ Plaintext }'] },
  { name: 'shape: v2 callback on a client of any name', mode: 'js', code: "export function f(client, blob) { client.decrypt({ CiphertextBlob: blob }, (err, data) => {}); }", sites: ['Decrypt@1 v2 shape ctx=absent result=data'] },
  { name: 'shape: AWS namespace passed in', mode: 'js', code: "export function f(AWS, b) { const kms = new AWS.KMS(); const params = { CiphertextBlob: b, EncryptionContext: { a: 'b' } }; return kms.decrypt(params).promise(); }", sites: ['Decrypt@1 v2 shape ctx=present {a} result=none'] },
  { name: 'shape: injected S3 client', mode: 'js', code: "export class Store { constructor(s3) { this.s3 = s3; }\n  put(b) { return this.s3.putObject({ Bucket: 'b', Key: 'k', Body: b, ServerSideEncryption: 'aws:kms' }).promise(); } }", sites: ['PutObject@2 v2 shape ctx=n/a result=none'] },
  { name: 'shape: not without the required members', mode: 'js', code: "const kms = getKms();\nkms.encrypt(key, text);\nkms.encrypt({ plaintext: 'x', keyName: 'k' });\nkms.decrypt({ ciphertext: c });", sites: [] },
  { name: 'shape: not on an instance of a class of this file', mode: 'js', code: "class KmsFake { encrypt(p) { return p; } }\nconst kms = new KmsFake();\nkms.encrypt({ KeyId: 'k', Plaintext: 'x' });", sites: [] },
  { name: 'shape: not on a receiver that does not look like the client', mode: 'js', code: "const vault = getVault();\nawait vault.encrypt({ KeyId: 'k', Plaintext: p });", sites: [] },
  { name: 'shape typed: not on a wrapper class of the project', mode: 'typed', code: "class KmsService { async encrypt(input: { KeyId: string; Plaintext: Uint8Array }) { return input; } }\nconst kms = new KmsService();\nexport const out = kms.encrypt({ KeyId: 'k', Plaintext: new Uint8Array(1) });", sites: [] },
  { name: 'shape typed: an untyped (any) client is inferred', mode: 'typed', code: "declare const kms: any;\nexport const out = kms.decrypt({ CiphertextBlob: new Uint8Array(1), KeyId: 'k' });", sites: ['Decrypt@2 v3-aggregated shape ctx=absent result=out'] },
];

describe('call-sites', () => {
  it('has at least 40 rows across plain JS, TypeScript syntax and typed code', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(new Set(rows.map((row) => row.mode))).toEqual(new Set(['js', 'ts', 'typed']));
  });

  it.each(rows)('$mode: $name', ({ code, mode, sites }) => {
    const found = analyse(code, mode, (analysis) => analysis.callSites.map((site) => summarise(site, analysis)));
    expect(found).toEqual(sites);
  });
});
