/**
 * Which KMS algorithm a call site uses, for the inventory and the CycloneDX CBOM: the value of the operation's
 * algorithm member (`EncryptionAlgorithm`, `SourceEncryptionAlgorithm`, `SigningAlgorithm`, `MacAlgorithm`) when it is
 * a statically known string, KMS's default when the member is absent, and nothing when it is not known.
 *
 * Sources: AWS KMS API Reference (Encrypt, Decrypt, ReEncrypt: `EncryptionAlgorithm` defaults to `SYMMETRIC_DEFAULT`;
 * GenerateDataKey*: symmetric encryption KMS keys only; Sign/Verify `SigningAlgorithm` and GenerateMac/VerifyMac
 * `MacAlgorithm` are required), AWS KMS Developer Guide "Key spec reference" (SYMMETRIC_DEFAULT is AES-256-GCM).
 */
import type { CallSite, StaticValue } from '../analysis/model.js';
import { getOperationSpec, isAsymmetricEncryptionAlgorithm } from '../analysis/sdk-catalog.js';
import { lookupProperty, toStringValueIfString } from '../analysis/values.js';

/** KMS's symmetric encryption algorithm: AES-256-GCM under a SYMMETRIC_DEFAULT key. */
export const SYMMETRIC_DEFAULT = 'SYMMETRIC_DEFAULT';

/** Algorithm members of the operations the encryption catalogue does not list (one key, one algorithm). */
const OTHER_ALGORITHM_MEMBERS: Readonly<Record<string, string>> = {
  Sign: 'SigningAlgorithm',
  Verify: 'SigningAlgorithm',
  GenerateMac: 'MacAlgorithm',
  VerifyMac: 'MacAlgorithm',
};

/** KMS operations whose key must be a symmetric encryption key (they wrap under SYMMETRIC_DEFAULT). */
const SYMMETRIC_ONLY: ReadonlySet<string> = new Set([
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
]);

/**
 * The algorithm side `index` of a KMS call uses (side 0, or 1 for ReEncrypt's destination).
 * @param site the call site
 * @param index the key side, as in the operation's `keyId` roles
 * @returns the algorithm name (`RSAES_OAEP_SHA_256`, `SYMMETRIC_DEFAULT` also when the member is absent and KMS
 *   defaults to it); `undefined` when the value is not statically known, the member is absent with no default
 *   (a required member), or the operation uses no algorithm (CreateGrant, DescribeKey, …)
 */
export function getCallAlgorithm(site: CallSite, index: number): string | undefined {
  if (site.service !== 'kms') return undefined;
  if (SYMMETRIC_ONLY.has(site.operation)) return SYMMETRIC_DEFAULT;
  const encryptionMember = getOperationSpec('kms', site.operation)?.roles.encryptionAlgorithm?.[index];
  const member = encryptionMember ?? (index === 0 ? OTHER_ALGORITHM_MEMBERS[site.operation] : undefined);
  if (member === undefined) return undefined;
  const value = readString(site.input, member);
  if (value === null) return encryptionMember === undefined ? undefined : SYMMETRIC_DEFAULT;
  return value;
}

/** The string a member holds; `null` when it is absent on every path; `undefined` when not statically known. */
function readString(input: StaticValue, member: string): string | null | undefined {
  const lookup = lookupProperty(input, member);
  if (lookup.state === 'absent') return lookup.paths === 'all' ? null : undefined;
  if (lookup.state !== 'present') return undefined;
  return toStringValueIfString(lookup.value);
}

/**
 * True when the algorithm takes no encryption context (RSA and SM2 encryption; KMS Developer Guide, "Encryption
 * context": asymmetric keys do not support it).
 * @param algorithm an algorithm name from {@link getCallAlgorithm}
 */
export function takesNoEncryptionContext(algorithm: string | undefined): boolean {
  return algorithm !== undefined && isAsymmetricEncryptionAlgorithm(algorithm);
}
