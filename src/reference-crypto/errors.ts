/**
 * Errors of the reference KMS. Each carries, as `name`, the exact error code AWS KMS returns
 * (the `__type` of a KMS JSON 1.1 error response), so `err.name` matches what the AWS SDK for
 * JavaScript v3 puts in `.name` of the exception it throws for the real service.
 *
 * Source of the names and meanings: AWS KMS API Reference, "Errors" section of each operation
 * (https://docs.aws.amazon.com/kms/latest/APIReference/CommonErrors.html and e.g.
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html#API_Decrypt_Errors).
 *
 * @module
 */

/**
 * The KMS error codes the reference KMS can return.
 *
 * - `ValidationException`: an input is out of range or malformed (HTTP 400).
 * - `InvalidCiphertextException`: the ciphertext blob is not a ciphertext of this KMS, was changed,
 *   or the encryption context does not match exactly.
 * - `IncorrectKeyException`: `Decrypt`/`ReEncrypt` named a KMS key that did not encrypt the blob.
 * - `NotFoundException`: no such key, alias or grant.
 * - `AlreadyExistsException`: the alias name is taken.
 * - `DisabledException`: the key is disabled.
 * - `KMSInvalidStateException`: the key state does not allow the operation (e.g. `PendingDeletion`).
 * - `InvalidKeyUsageException`: key usage or encryption algorithm incompatible with the key spec.
 * - `UnsupportedOperationException`: the operation is not supported for this key (e.g. rotating an
 *   asymmetric key).
 * - `InvalidGrantTokenException`: a grant token in `GrantTokens` is not one this KMS issued.
 * - `KMSInternalException`: an unexpected failure inside the reference KMS (HTTP 500).
 * - `UnknownOperationException`, `SerializationException`: protocol-level errors of the server.
 * - `DryRunOperationException`: `DryRun: true` and the request would have succeeded.
 * - `LimitExceededException`: a per-resource limit (e.g. on-demand rotations of one key) is used up.
 * - `ThrottlingException`: the request quota of the account and Region is used up for this second.
 * - `KMSInvalidSignatureException` / `KMSInvalidMacException`: `Verify` / `VerifyMac` found the
 *   signature or MAC not valid (the service throws; it never answers `false`).
 * - `NotAuthorizedException`: e.g. creating an alias under the reserved `alias/aws/` prefix.
 * - `TagException`: a tag key is reserved (`aws:`), duplicated, or there are too many tags.
 * - `MalformedPolicyDocumentException`: a key policy that is not a JSON policy document.
 * - `InvalidArnException`: an ARN member that is not a KMS key ARN.
 * - `InvalidGrantIdException`: a grant id that names no grant of the key.
 * - `InvalidImportTokenException`, `ExpiredImportTokenException`, `IncorrectKeyMaterialException`:
 *   `ImportKeyMaterial` with a foreign or expired token, or material other than the key's.
 * - `InvalidMarkerException`: a paging `Marker` this KMS did not hand out.
 * - `AccessDeniedException`: never produced today (authorization is not modelled); listed so
 *   callers can name it.
 */
export type KmsErrorName =
  | 'ValidationException'
  | 'InvalidCiphertextException'
  | 'IncorrectKeyException'
  | 'NotFoundException'
  | 'AlreadyExistsException'
  | 'DisabledException'
  | 'KMSInvalidStateException'
  | 'InvalidKeyUsageException'
  | 'UnsupportedOperationException'
  | 'InvalidGrantTokenException'
  | 'KMSInternalException'
  | 'UnknownOperationException'
  | 'SerializationException'
  | 'DryRunOperationException'
  | 'LimitExceededException'
  | 'ThrottlingException'
  | 'KMSInvalidSignatureException'
  | 'KMSInvalidMacException'
  | 'NotAuthorizedException'
  | 'TagException'
  | 'MalformedPolicyDocumentException'
  | 'InvalidArnException'
  | 'InvalidGrantIdException'
  | 'InvalidImportTokenException'
  | 'ExpiredImportTokenException'
  | 'IncorrectKeyMaterialException'
  | 'InvalidMarkerException'
  | 'AccessDeniedException';

/**
 * An error of the reference KMS. `name` is the service's error code (see {@link KmsErrorName});
 * `statusCode` is the HTTP status the loopback server answers with (400, or 500 for
 * `KMSInternalException`).
 */
export class KmsError extends Error {
  override readonly name: KmsErrorName;
  readonly statusCode: number;

  constructor(name: KmsErrorName, message: string) {
    super(message);
    this.name = name;
    this.statusCode = name === 'KMSInternalException' ? 500 : 400;
  }
}

/** True when `value` is a {@link KmsError}, optionally with the given `name`. */
export function isKmsError(value: unknown, name?: KmsErrorName): value is KmsError {
  return value instanceof KmsError && (name === undefined || value.name === name);
}
