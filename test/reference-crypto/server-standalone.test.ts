/**
 * The `reference-kms` executable (built dist/reference-crypto/bin.js) as a user runs it: flags, the seed-keys file,
 * the printed endpoint, a clean stop on SIGINT/SIGTERM, and one stderr line with exit code 2 for bad input.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DecryptCommand, DescribeKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceKms } from '../../src/reference-crypto/index.js';
import { startStandalone } from '../../src/reference-crypto/standalone.js';
import { referenceKmsBin, repoRoot, spawnReferenceKms } from './server-process.js';

let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'reference-kms-'));
});

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

function writeSeed(name: string, content: unknown): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function runBin(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [referenceKmsBin, ...args], { cwd: scratch, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the command in this process (as bin.ts would) with string streams: the fast path for bad-input cases. */
async function runInProcess(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void): NodeJS.WritableStream =>
    ({ write: (text: string) => (append(text), true) }) as unknown as NodeJS.WritableStream;
  const result = await startStandalone(args, { stdout: sink((t) => (stdout += t)), stderr: sink((t) => (stderr += t)), cwd: scratch });
  if (typeof result !== 'number') {
    await result.stop();
    throw new Error(`expected ${JSON.stringify(args)} to fail, but it started a server`);
  }
  return { status: result, stdout, stderr };
}

const clientFor = (endpoint: string): KMSClient =>
  new KMSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });

describe('package.json', () => {
  it('maps the reference-kms bin to the built entry, which starts with a node shebang', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(path.resolve(repoRoot, manifest.bin['reference-kms']!)).toBe(referenceKmsBin);
    expect(fs.readFileSync(referenceKmsBin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});

describe('a running standalone server', () => {
  it('--port 0 picks a free port, prints the endpoint and the seeded keys, serves the SDK, and stops on SIGTERM with exit 0', async () => {
    const seed = writeSeed('seed.json', {
      keys: [
        { Description: 'orders table', Aliases: ['alias/orders', 'alias/orders-v2'] },
        { Description: 'no alias', Tags: [{ TagKey: 'team', TagValue: 'payments' }] },
      ],
    });
    const running = await spawnReferenceKms(['--port', '0', '--seed-keys', seed]);
    const client = clientFor(running.endpoint);
    try {
      expect(Number(new URL(running.endpoint).port)).toBeGreaterThan(0);
      const seededLines = running.stdout().split('\n').filter((l) => l.startsWith('reference-kms seeded '));
      expect(seededLines).toHaveLength(2);
      expect(seededLines[0]).toMatch(/^reference-kms seeded arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36} alias\/orders alias\/orders-v2$/);
      const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: 'alias/orders-v2' }));
      expect(KeyMetadata?.Description).toBe('orders table');
      expect(seededLines[0]).toContain(KeyMetadata!.Arn!);
      const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: 'alias/orders', Plaintext: new Uint8Array([7, 7]), EncryptionContext: { table: 'orders' } }));
      const { Plaintext } = await client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { table: 'orders' } }));
      expect([...Plaintext!]).toEqual([7, 7]);
    } finally {
      client.destroy();
    }
    expect(await running.stop('SIGTERM')).toBe(0);
    expect(running.stdout()).toMatch(/reference-kms stopped \(SIGTERM\)\n$/);
    expect(running.stderr()).toBe('');
    await expect(fetch(`${running.endpoint}/`, { method: 'POST' })).rejects.toThrow();
  });

  it('stops on SIGINT with exit 0', async () => {
    const running = await spawnReferenceKms(['--port', '0']);
    expect(await running.stop('SIGINT')).toBe(0);
    expect(running.stdout()).toContain('reference-kms stopped (SIGINT)');
  });

  it('listens on 127.0.0.1 at the --port given, and a taken port is one stderr line and exit 1', async () => {
    // find a free port by letting the OS pick one, then free it
    const probe = await startReferenceKms();
    const port = probe.port;
    await probe.close();
    const running = await spawnReferenceKms(['--port', String(port)]);
    try {
      expect(running.endpoint).toBe(`http://127.0.0.1:${port}`);
      const taken = runBin(['--port', String(port)]);
      expect(taken.status).toBe(1);
      expect(taken.stderr).toBe(`reference-kms: cannot listen on 127.0.0.1:${port}: port ${port} is already in use\n`);
      expect(taken.stdout).toBe('');
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it('--region sets the Region of unsigned requests and of seeded keys without a Region', async () => {
    const seed = writeSeed('region.json', { keys: [{ Aliases: ['alias/eu'] }] });
    const running = await spawnReferenceKms(['--port', '0', '--region', 'eu-central-1', '--account-id', '123456789012', '--seed-keys', seed]);
    try {
      expect(running.stdout()).toMatch(/^reference-kms seeded arn:aws:kms:eu-central-1:123456789012:key\/\S+ alias\/eu$/m);
      const res = await fetch(`${running.endpoint}/`, { method: 'POST', headers: { 'x-amz-target': 'TrentService.DescribeKey' }, body: '{"KeyId":"alias/eu"}' });
      const body = (await res.json()) as { KeyMetadata: { Arn: string; AWSAccountId: string } };
      expect(body.KeyMetadata.Arn).toMatch(/^arn:aws:kms:eu-central-1:123456789012:key\//);
      expect(body.KeyMetadata.AWSAccountId).toBe('123456789012');
    } finally {
      await running.stop();
    }
  });
});

describe('--requests-per-second', () => {
  it('simulates the shared quota: requests over it get ThrottlingException (HTTP 400), the error the SDKs retry with back-off', async () => {
    const perSecond = 2;
    const running = await spawnReferenceKms(['--port', '0', '--requests-per-second', String(perSecond)]);
    const client = clientFor(running.endpoint);
    try {
      const created = await fetch(`${running.endpoint}/`, { method: 'POST', headers: { 'x-amz-target': 'TrentService.CreateKey' }, body: '{}' });
      const { KeyMetadata } = (await created.json()) as { KeyMetadata: { KeyId: string } };
      const started = Date.now();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, () => client.send(new EncryptCommand({ KeyId: KeyMetadata.KeyId, Plaintext: new Uint8Array([1]) }))),
      );
      const seconds = Math.ceil((Date.now() - started) / 1000) + 1; // whole-second windows the burst can touch
      const succeeded = outcomes.filter((o) => o.status === 'fulfilled').length;
      const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error & { $metadata?: { httpStatusCode?: number } }] : []));
      expect(succeeded).toBeGreaterThanOrEqual(1);
      expect(succeeded).toBeLessThanOrEqual(perSecond * seconds);
      expect(errors.length).toBe(40 - succeeded);
      expect(new Set(errors.map((e) => e.name))).toEqual(new Set(['ThrottlingException']));
      expect(errors[0]?.$metadata?.httpStatusCode).toBe(400);
      expect(errors[0]?.message).toMatch(/quota/);
    } finally {
      client.destroy();
      await running.stop();
    }
  });
});

describe('bad input: one stderr line, exit 2, nothing listening', () => {
  it('the executable prints one line and exits 2 for a bad flag and for a bad seed file', () => {
    const flag = runBin(['--port', 'http']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toBe("reference-kms: option '-p, --port <port>' argument 'http' is invalid. expected an integer in 0..65535.\n");
    expect(flag.stdout).toBe('');
    writeSeed('broken.json', '[');
    const seed = runBin(['--seed-keys', 'broken.json']);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toMatch(/^reference-kms: --seed-keys broken\.json: not valid JSON \([^\n]+\)\n$/);
    expect(seed.stdout).toBe('');
  });

  it.each([
    [['--port', 'http'], /^reference-kms: option '-p, --port <port>' argument 'http' is invalid\. expected an integer in 0\.\.65535\.\n$/],
    [['--port', '70000'], /argument '70000' is invalid/],
    [['--requests-per-second', '0'], /argument '0' is invalid\. expected a positive integer\.\n$/],
    [['--requests-per-second', 'fast'], /expected a positive integer/],
    [['--asymmetric-requests-per-second', '-1'], /argument '-1' is invalid\. expected a positive integer/],
    [['--region', 'US_EAST'], /expected a Region name/],
    [['--account-id', '42'], /expected 12 digits/],
    [['--listen', '0.0.0.0'], /^reference-kms: unknown option '--listen'\n$/],
    [['serve'], /^reference-kms: too many arguments/],
    [['--seed-keys', 'missing.json'], /^reference-kms: --seed-keys missing\.json: no such file\n$/],
  ])('%j', async (args, message) => {
    const result = await runInProcess(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it.each([
    ['not JSON', '{keys: []}', /^reference-kms: --seed-keys bad\.json: not valid JSON \(/],
    ['no keys array', { Keys: [] }, /^reference-kms: --seed-keys bad\.json: the file must be a JSON object with a "keys" array\n$/],
    ['an extra top-level member', { keys: [], aliases: [] }, /member "aliases" is not part of the seed format/],
    ['an entry that is not an object', { keys: ['alias/x'] }, /keys\[0\] must be an object/],
    ['Aliases not an array of strings', { keys: [{ Aliases: 'alias/x' }] }, /keys\[0\]\.Aliases must be an array of alias names/],
    ['a bad Region', { keys: [{}, { Region: 'Mars 1' }] }, /keys\[1\]\.Region must be a Region name/],
    ['a CreateKey request the KMS refuses', { keys: [{ KeySpec: 'AES_512' }] }, /^reference-kms: --seed-keys bad\.json: keys\[0\]: CreateKey refused \(ValidationException: /],
    ['an alias the KMS refuses', { keys: [{ Aliases: ['orders'] }] }, /keys\[0\]: CreateAlias refused \(\w+Exception: /],
    ['the same alias twice', { keys: [{ Aliases: ['alias/a'] }, { Aliases: ['alias/a'] }] }, /keys\[1\]: CreateAlias refused \(AlreadyExistsException: /],
  ])('a seed file with %s', async (_what, content, message) => {
    writeSeed('bad.json', content);
    const result = await runInProcess(['--seed-keys', 'bad.json', '--port', '0']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('--help prints the flags and exits 0', async () => {
    const result = await runInProcess(['--help']);
    expect(result.status).toBe(0);
    for (const flag of ['--port', '--seed-keys', '--requests-per-second', '--asymmetric-requests-per-second', '--region', '--account-id']) expect(result.stdout).toContain(flag);
  });
});
