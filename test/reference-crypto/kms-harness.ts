/**
 * Shared set-up of the kms-*.test.ts files: a loopback reference KMS and real `@aws-sdk/client-kms`
 * clients (one per Region asked for), with retries off so every service error reaches the test.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll } from 'vitest';
import { startReferenceKms, type RunningReferenceKms, type StartReferenceKmsOptions } from '../../src/reference-crypto/index.js';

/** The running server and a `clientIn(region)` factory, filled in `beforeAll`. */
export interface Harness {
  server: RunningReferenceKms;
  client: KMSClient;
  clientIn(region: string): KMSClient;
}

/** Starts a server for the calling test file and closes it (and its clients) afterwards. */
export function useReferenceKms(options: StartReferenceKmsOptions = {}): Harness {
  const clients: KMSClient[] = [];
  const h = {} as Harness;
  beforeAll(async () => {
    h.server = await startReferenceKms(options);
    h.clientIn = (region: string) => {
      const c = new KMSClient({ endpoint: h.server.endpoint, region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
      clients.push(c);
      return c;
    };
    h.client = h.clientIn('us-east-1');
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await h.server?.close();
  });
  return h;
}

/** Runs `p`, expects it to reject, and returns the rejection's `.name` (the service error code). */
export async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).name;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Runs `p`, expects it to reject, and returns the error. */
export async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b);
