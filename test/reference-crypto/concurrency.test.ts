/**
 * 1,000 concurrent Encrypt→Decrypt round trips through the real `@aws-sdk/client-kms` against one loopback server:
 * all complete, with 0 failures and each plaintext returned intact under its own encryption context. Bounded: at most
 * 64 sockets, a 20 s request (idle socket) timeout, no SDK retries (a retry would hide a failure), and a 120 s test timeout (about 8 s on an idle 2-core machine).
 */
import { Agent } from 'node:http';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startReferenceKms, type RunningReferenceKms } from '../../src/reference-crypto/index.js';

const ROUND_TRIPS = 1000;
const MAX_SOCKETS = 64;

let server: RunningReferenceKms;
let agent: Agent;
let client: KMSClient;

beforeAll(async () => {
  server = await startReferenceKms();
  agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  client = new KMSClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
    requestHandler: { httpAgent: agent, requestTimeout: 20_000 },
  });
});

afterAll(async () => {
  client?.destroy();
  agent?.destroy();
  await server?.close();
});

it(`${ROUND_TRIPS} concurrent Encrypt→Decrypt round trips complete with 0 failures`, { timeout: 120_000 }, async () => {
  const { KeyMetadata } = server.kms.createKey({ Description: 'concurrency' });
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const results = await Promise.allSettled(
    Array.from({ length: ROUND_TRIPS }, async (_, i) => {
      const context = { request: String(i) };
      const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: KeyMetadata.KeyId, Plaintext: encoder.encode(`message ${i}`), EncryptionContext: context }));
      const { Plaintext, KeyId } = await client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: context, KeyId: KeyMetadata.KeyId }));
      return { text: decoder.decode(Plaintext), keyId: KeyId };
    }),
  );
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`#${i}: ${(r.reason as Error).name}: ${(r.reason as Error).message}`] : []));
  expect(failures.slice(0, 5)).toEqual([]);
  expect(failures).toHaveLength(0);
  results.forEach((r, i) => {
    expect(r.status === 'fulfilled' && r.value).toEqual({ text: `message ${i}`, keyId: KeyMetadata.Arn });
  });
  // the agent really bounded the connections
  expect(Object.values(agent.freeSockets).flat().length).toBeLessThanOrEqual(MAX_SOCKETS);
});
