/**
 * Which KMS algorithm a call site uses, for the inventory and the CycloneDX CBOM: the value of the operation's
 * algorithm member (`EncryptionAlgorithm`, `SourceEncryptionAlgorithm`, `SigningAlgorithm`, `MacAlgorithm`) when it is
 * a statically known string, KMS's default when the member is absent, and nothing when it is not known.
 *
 * Sources: AWS KMS API Reference (Encrypt, Decrypt, ReEncrypt: `EncryptionAlgorithm` defaults to `SYMMETRIC_DEFAULT`;
 * GenerateDataKey*: symmetric encryption KMS keys only; Sign/Verify `SigningAlgorithm` and GenerateMac/VerifyMac
 * `MacAlgorithm` are required), AWS KMS Developer Guide "Key spec reference" (SYMMETRIC_DEFAULT is AES-256-GCM).
 */
import { type CallSite, type ResolvedGroup, isAsymmetricEncryptionAlgorithm, toStringValueIfString } from '../analysis/index.js';

/** KMS's symmetric encryption algorithm: AES-256-GCM under a SYMMETRIC_DEFAULT key. */
export const SYMMETRIC_DEFAULT = 'SYMMETRIC_DEFAULT';

/** Algorithm members for which KMS defaults to `SYMMETRIC_DEFAULT` when the member is absent. */
const DEFAULTING_MEMBERS: ReadonlySet<string> = new Set(['EncryptionAlgorithm', 'SourceEncryptionAlgorithm', 'DestinationEncryptionAlgorithm']);

/** KMS operations whose key must be a symmetric encryption key (they wrap under SYMMETRIC_DEFAULT). */
const SYMMETRIC_ONLY: ReadonlySet<string> = new Set([
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
]);

/**
 * The algorithm one resolved role group of a KMS call uses (ReEncrypt has a source and a destination group).
 * @param site the call site
 * @param group the resolved catalogue group (`getResolvedGroups(site)`), or `undefined` when the operation has none
 * @returns the algorithm name (`RSAES_OAEP_SHA_256`, `SYMMETRIC_DEFAULT` also when the member is absent and KMS
 *   defaults to it); `undefined` when the value is not statically known, the member is absent with no default
 *   (a required member), or the operation uses no algorithm (CreateGrant, DescribeKey, …)
 */
export function getCallAlgorithm(site: CallSite, group: ResolvedGroup | undefined): string | undefined {
  if (site.service !== 'kms') return undefined;
  if (SYMMETRIC_ONLY.has(site.operation)) return SYMMETRIC_DEFAULT;
  const member = group?.algorithmMember;
  const lookup = group?.algorithm;
  if (member === undefined || lookup === undefined) return undefined;
  if (lookup.state === 'absent') return lookup.paths === 'all' && DEFAULTING_MEMBERS.has(member) ? SYMMETRIC_DEFAULT : undefined;
  if (lookup.state !== 'present') return undefined;
  return toStringValueIfString(lookup.value) ?? undefined;
}

/**
 * True when the algorithm takes no encryption context (RSA and SM2 encryption; KMS Developer Guide, "Encryption
 * context": asymmetric keys do not support it).
 * @param algorithm an algorithm name from {@link getCallAlgorithm}
 */
export function takesNoEncryptionContext(algorithm: string | undefined): boolean {
  return algorithm !== undefined && isAsymmetricEncryptionAlgorithm(algorithm);
}
