/**
 * A second real client, Python's boto3, drives the standalone `reference-kms` executable: CreateKey, Encrypt with an
 * encryption context, Decrypt, and a Decrypt under a different context that must raise InvalidCiphertextException —
 * plus the JavaScript SDK decrypting boto3's ciphertext, so both clients agree on the wire format.
 *
 * boto3 must be importable by `python3` or `/usr/bin/python3` (CI's machines ship it; `.ci/ensure-boto3`, run by
 * `.ci/run`, installs Debian's `python3-boto3` where it is missing). If no interpreter can import it, this test FAILS
 * with a message saying so: it never skips.
 * `REFERENCE_KMS_PYTHON` names another interpreter to try first.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnReferenceKms, type SpawnedReferenceKms } from './server-process.js';

const BOTO3_SCRIPT = String.raw`
import base64, json, sys
import boto3
from botocore.config import Config

endpoint, region = sys.argv[1], sys.argv[2]
kms = boto3.client(
    "kms",
    endpoint_url=endpoint,
    region_name=region,
    aws_access_key_id="AKIDEXAMPLE",
    aws_secret_access_key="not-a-secret",
    config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=10),
)
out = {"boto3": boto3.__version__}
key = kms.create_key(Description="created by boto3")["KeyMetadata"]
out["keyArn"] = key["Arn"]
out["keySpec"] = key["KeySpec"]
context = {"purpose": "boto3-test", "tenant": "t-1"}
enc = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"hello from boto3", EncryptionContext=context)
out["encryptKeyId"] = enc["KeyId"]
out["ciphertext"] = base64.b64encode(enc["CiphertextBlob"]).decode()
dec = kms.decrypt(CiphertextBlob=enc["CiphertextBlob"], EncryptionContext=dict(reversed(list(context.items()))))
out["plaintext"] = dec["Plaintext"].decode()
out["decryptKeyId"] = dec["KeyId"]
try:
    kms.decrypt(CiphertextBlob=enc["CiphertextBlob"], EncryptionContext={"purpose": "boto3-test", "tenant": "t-2"})
    out["mismatch"] = "decrypted"
except kms.exceptions.InvalidCiphertextException as e:
    out["mismatch"] = e.response["Error"]["Code"]
    out["mismatchStatus"] = e.response["ResponseMetadata"]["HTTPStatusCode"]
try:
    kms.describe_key(KeyId="alias/seeded-by-file")
    out["seeded"] = kms.describe_key(KeyId="alias/seeded-by-file")["KeyMetadata"]["Description"]
except Exception as e:
    out["seeded"] = repr(e)
try:
    kms.describe_key(KeyId="alias/does-not-exist")
    out["missing"] = "found"
except kms.exceptions.NotFoundException as e:
    out["missing"] = e.response["Error"]["Code"]
print(json.dumps(out))
`;

/** The first interpreter that can `import boto3`, and what the others said. */
function findPython(): { python?: string; tried: string[] } {
  const candidates = [process.env.REFERENCE_KMS_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => c !== undefined && c !== '');
  const tried: string[] = [];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import boto3'], { encoding: 'utf8', timeout: 30_000 });
    if (probe.status === 0) return { python: candidate, tried };
    tried.push(`${candidate}: ${probe.error?.message ?? probe.stderr.trim().split('\n').pop() ?? `exit ${probe.status}`}`);
  }
  return { tried };
}

function withoutAwsVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('AWS_')));
}

let server: SpawnedReferenceKms;
let scratch: string;

beforeAll(async () => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'reference-kms-boto3-'));
  const seedFile = path.join(scratch, 'seed.json');
  fs.writeFileSync(seedFile, JSON.stringify({ keys: [{ Description: 'from the seed file', Aliases: ['alias/seeded-by-file'], Region: 'us-west-2' }] }));
  server = await spawnReferenceKms(['--port', '0', '--seed-keys', seedFile]);
});

afterAll(async () => {
  if (server !== undefined) expect(await server.stop()).toBe(0);
  if (scratch !== undefined) fs.rmSync(scratch, { recursive: true, force: true });
});

it('boto3 creates a key, encrypts under a context, decrypts, and a mismatched context is InvalidCiphertextException', async () => {
  const { python, tried } = findPython();
  if (python === undefined) {
    throw new Error(
      `boto3 is not importable (${tried.join('; ')}). Install it (Debian: apt-get install python3-boto3, as .ci/ensure-boto3 does) ` +
        'or set REFERENCE_KMS_PYTHON to an interpreter that has it.',
    );
  }
  // not the server's default Region (us-east-1): boto3's requests must be served in the Region of their SigV4 scope
  const region = 'us-west-2';
  const run = spawnSync(python, ['-c', BOTO3_SCRIPT, server.endpoint, region], {
    encoding: 'utf8',
    timeout: 60_000,
    // no AWS_* variable or config file of the machine may redirect or sign differently
    env: { ...withoutAwsVariables(process.env), AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  expect(run.error).toBeUndefined();
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const out = JSON.parse(run.stdout) as Record<string, string | number>;
  expect(out.keyArn).toMatch(/^arn:aws:kms:us-west-2:111122223333:key\/[0-9a-f-]{36}$/);
  expect(out.keySpec).toBe('SYMMETRIC_DEFAULT');
  expect(out.encryptKeyId).toBe(out.keyArn);
  expect(out.plaintext).toBe('hello from boto3');
  expect(out.decryptKeyId).toBe(out.keyArn);
  expect(out.mismatch).toBe('InvalidCiphertextException');
  expect(out.mismatchStatus).toBe(400);
  expect(out.seeded).toBe('from the seed file');
  expect(out.missing).toBe('NotFoundException');

  // the JavaScript SDK opens boto3's ciphertext under the same context
  const client = new KMSClient({ endpoint: server.endpoint, region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
  try {
    const { Plaintext } = await client.send(
      new DecryptCommand({ CiphertextBlob: Buffer.from(String(out.ciphertext), 'base64'), EncryptionContext: { tenant: 't-1', purpose: 'boto3-test' } }),
    );
    expect(new TextDecoder().decode(Plaintext)).toBe('hello from boto3');
  } finally {
    client.destroy();
  }
}, 90_000);
