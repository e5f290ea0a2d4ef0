/**
 * Grant operations (CreateGrant `Operations`) and which of them an encryption-context grant constraint governs.
 * Data only.
 *
 * Source: KMS API Reference, CreateGrant, `Constraints`: "Grant constraints are supported only on grant operations
 * that include an EncryptionContext parameter, such as cryptographic operations on symmetric encryption KMS keys.
 * Grants with grant constraints can include the DescribeKey and RetireGrant operations, but the constraint doesn't
 * apply to these operations." and the KMS Developer Guide, "Grant constraints" (the list of operations that accept an
 * encryption context); asymmetric and HMAC operations (Sign, Verify, GetPublicKey, GenerateMac, VerifyMac,
 * DeriveSharedSecret) take no encryption context.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html#grant-constraints
 */

/** Grant operations that take an encryption context, so that a grant for them can be limited to one. */
export const GRANT_CONTEXT_OPERATIONS: ReadonlySet<string> = new Set([
  'Encrypt',
  'Decrypt',
  'ReEncryptFrom',
  'ReEncryptTo',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
]);

/** The members of CreateGrant `Constraints` that carry encryption-context pairs. */
export const GRANT_CONSTRAINT_MEMBERS: readonly string[] = ['EncryptionContextEquals', 'EncryptionContextSubset'];
