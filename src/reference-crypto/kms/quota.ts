/**
 * The shared request quota of AWS KMS, simulated: per account and Region, one budget shared by the
 * symmetric cryptographic operations and a separate, lower one for the RSA and ECC operations
 * (KMS Developer Guide, "Request quotas" / "requests per second"; see `KMS-FACTS.md`). When a
 * budget is used up the request fails with `ThrottlingException`.
 *
 * The window is the whole second of the injected clock (`floor(now() / 1000)`): at most `limit`
 * requests of a bucket succeed in each such second, and the count starts again in the next. That
 * makes tests deterministic: with a fake clock, the outcome depends only on the calls made.
 *
 * @module
 */
import { KmsError } from '../errors.js';

/** The two buckets of the quota. */
export type QuotaBucket = 'symmetric' | 'asymmetric';

/**
 * Operations that share the symmetric cryptographic quota (KMS-FACTS: Encrypt, Decrypt,
 * GenerateDataKey(+WithoutPlaintext), GenerateMac, VerifyMac, GenerateRandom, ReEncrypt). This
 * reference also counts GenerateDataKeyPair(+WithoutPlaintext) here: the KMS key they use is a
 * symmetric one. Encrypt, Decrypt and ReEncrypt with an RSA key count in the asymmetric bucket.
 */
export const SYMMETRIC_QUOTA_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'VerifyMac',
  'GenerateRandom', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
]);

/** Operations that always count in the asymmetric (RSA/ECC) bucket. */
export const ASYMMETRIC_QUOTA_OPERATIONS: ReadonlySet<string> = new Set(['Sign', 'Verify', 'GetPublicKey']);

/** Per-second request limits; `undefined` disables a bucket. */
export interface QuotaLimits {
  readonly symmetric?: number;
  readonly asymmetric?: number;
}

/** Counts requests per (account, Region, bucket) in one-second windows of a clock. */
export class RequestQuota {
  readonly #limits: QuotaLimits;
  readonly #now: () => number;
  readonly #windows = new Map<string, { second: number; count: number }>();

  /**
   * @param limits requests per second per bucket (positive integers).
   * @param now clock in milliseconds since the epoch.
   */
  constructor(limits: QuotaLimits, now: () => number) {
    this.#limits = limits;
    this.#now = now;
  }

  /**
   * Counts one request; throws when the bucket's budget for the current second is spent.
   * @throws {KmsError} `ThrottlingException`.
   */
  charge(accountId: string, region: string, bucket: QuotaBucket): void {
    const limit = this.#limits[bucket];
    if (limit === undefined) return;
    const second = Math.floor(this.#now() / 1000);
    const id = `${accountId}/${region}/${bucket}`;
    let window = this.#windows.get(id);
    if (window === undefined || window.second !== second) {
      window = { second, count: 0 };
      this.#windows.set(id, window);
    }
    if (window.count >= limit) {
      throw new KmsError(
        'ThrottlingException',
        `Rate exceeded: the ${bucket} cryptographic request quota of ${limit} per second for account ${accountId} in ${region} is used up.`,
      );
    }
    window.count++;
  }
}
