/**
 * The facade of the analysis layer: the only module rules (`src/rules/*`) and the CLI (`src/cli/*`) import from
 * `src/analysis`. It re-exports; it holds no logic, and no analysis module imports it (test/repo.test.ts checks both).
 *
 * Entry point: `getKmsModel(context)` builds the per-file model once and caches it by the `Program` node, so every
 * rule that asks shares one walk (DESIGN "How data flows", step 2). The facets below answer further questions about
 * the same file (provenance of a plaintext, key material, context sites, S3 encryption settings).
 */
export type * from './model.js';
export type * from './flow/tracker.js';
export type * from './control.js';
export type * from './flow/ciphers.js';
export type { CipherRole, CryptoApi, CryptoApiInfo, SinkKind } from './catalog/crypto-sinks.js';
export { getKmsModel } from './file-model.js';
export { getTypeServices, setTypeQueryRecorder, type TypeServices } from './types.js';

// Static values (three-valued evaluation, property lookups, AST name helpers).
export {
  ValueEvaluator,
  containsNode,
  getByteLength,
  getCalleeName,
  getStaticKey,
  getStaticMemberName,
  lookupProperty,
  toStringValue,
  toStringValueIfString,
  unknownValue,
} from './values.js';

// AST primitives: the one walker and the one wrapper skipper.
export { walk, type WalkOptions } from './ast/walk.js';
export { isValueWrapper, skipWrappers, skipWrappersUp, type WrapperOptions } from './ast/wrappers.js';

// Call-site recognition.
export { getEncryptionSdkOptionsIndex, withImplicitRequire } from './call-sites.js';

// The SDK catalogue (data).
export {
  CDK_BUCKET_SSE,
  CONTEXT_OPERATIONS,
  S3_BUCKET_SSE,
  getContextGroups,
  getEncryptionSdkPositions,
  getOperationSpec,
  getResponseMembers,
  isAsymmetricEncryptionAlgorithm,
  toMethodName,
  type ContextUse,
  type EncryptionSdkPositions,
  type GroupSide,
  type OperationSpec,
  type ResponseKind,
  type ResponseMember,
  type RoleGroup,
  type SseMembers,
} from './catalog/sdk.js';

// Role groups resolved on a call site: key identity, context, algorithm, payload.
export {
  getKnownStrings,
  getResolvedGroups,
  parseKeyIdentity,
  type KeyIdentity,
  type KeyLookup,
  type KeyReferenceForm,
  type ResolvedGroup,
} from './roles.js';

// Encryption-context sites and their comparisons, per file and program-wide.
export {
  comparePlaces,
  findKeySpellingConflicts,
  findUnmatchedKeySets,
  findValueCaseMismatches,
  getFileContextSites,
  getKeySet,
  normalizeContextKey,
  uniqueEntries,
  type ContextEntry,
  type ContextSide,
  type ContextSite,
  type ContextValueInfo,
  type KeyForm,
  type NonStringType,
  type SourcePlace,
  type SourceRange,
  type SpellingConflict,
  type UnmatchedKeySet,
  type ValueCaseMismatch,
} from './context-sites.js';
export { getContextSiteScope, getProgramCallScope, type ContextSiteScope, type ProgramCallScope } from './program-index.js';
export type { IndexedCall } from './program-index.js';

// Encryption algorithms per KMS key: decrypt sides that omit or change an asymmetric Encrypt's algorithm.
export { findAlgorithmMismatches, type AlgorithmMismatch, type AlgorithmProducer } from './key-algorithms.js';

// Provenance of values (origins, size bounds, guards).
export { describeOrigin, getProvenanceAnalysis, isUnboundedOrigin, type Origin, type ProvenanceAnalysis } from './provenance.js';

// Plaintext key material and its uses.
export { getAllUses, getKeyMaterial, type KeyMaterial, type KeyMaterialOptions, type KeyRegion, type KeyUse, type LeakKind } from './key-material.js';

// S3 server-side encryption settings.
export { getBooleanFlag, getCdkEncryptionKinds, getS3EncryptionKinds, type EncryptionKind } from './s3-encryption.js';

// Forward flow, control context and cipher uses (lazy per-file facets).
export { getCipherUses, getControl, getFlow, mentionsCipherApi } from './facets.js';

// The cost gate: whether a file names anything the analysis recognises.
export { getGateKey, isAnalysisCandidate, isCandidateSource } from './gate.js';

// Response members a call site's response is read for (lazy per-file facet).
export { getResponseMembersRead } from './facets.js';
export type { ResponseMembers } from './flow/response-members.js';

// Numeric limits of KMS requests (data).
export * from './catalog/kms-limits.js';

// KMS cryptographic calls repeated per item of a loop, callback or fan-out.
export { describeRepetition, getPerItemKmsCalls, isRetryLoop, type PerItemCall, type PerItemCallOptions } from './repetition.js';

// Missing and empty encryption contexts.
export { getContextGaps, getEmptiness, type ContextGap, type ContextGapOptions, type ContextInsertion } from './context-gaps.js';

// Encryption contexts that cannot match, placed in one file.
export {
  describeContextOperation,
  describeNonStringType,
  formatKeySet,
  getContextProblems,
  type ContextProblem,
  type ContextProblemKind,
  type ContextProblemOptions,
} from './context-problems.js';

// KMS Encrypt plaintexts over the service limit.
export {
  getPlaintextLimit,
  getPlaintextLimitProblems,
  type PlaintextLimit,
  type PlaintextLimitOptions,
  type PlaintextLimitProblem,
  type RsaKeySpec,
} from './plaintext-limits.js';

// SSE-KMS settings without an S3 Bucket Key.
export { getBucketKeyProblems, isDirectoryBucketRequest, type BucketKeyEdit, type BucketKeyLevel, type BucketKeyOptions, type BucketKeyProblem } from './bucket-keys.js';

// AES-GCM IV and authentication-tag problems of the file's cipher uses.
export {
  getAuthTagProblems,
  getIvProblems,
  type AuthTagProblemKind,
  type AuthTagProblemOptions,
  type CipherProblem,
  type IvProblemKind,
  type IvProblemOptions,
} from './cipher-problems.js';
// Key policies (SDK CreateKey / PutKeyPolicy, CDK Key / CfnKey) and whether they delegate to IAM.
export {
  getIamDelegation,
  getSdkKeyPolicySites,
  isAccountRootString,
  type IamDelegation,
  type KeyPolicy,
  type KeyPolicySite,
  type KeyPolicyStatement,
  type PrincipalKind,
} from './key-policy.js';

// CDK KMS keys: kind, rotation, rotation period, key policy.
export { getCdkKeyPolicySites, getCdkKeys, getCdkMajorVersion, type CdkKey, type CdkKeyKind, type CdkSetting } from './cdk-keys.js';
// The client a KMS call goes through and its Region.
export { getClientRegion, type ClientRegion } from './clients.js';

// Text given where KMS expects bytes (blob members).
export { getStringBlobEvidence, isBase64Text, type StringBlobEvidence, type StringBlobKind } from './blob-values.js';

// Grant operations and the constraints that govern them (data).
export { GRANT_CONSTRAINT_MEMBERS, GRANT_CONTEXT_OPERATIONS } from './catalog/grants.js';
// Statically known request inputs KMS refuses.
export { getInputProblems, type InputProblem, type InputProblemKind } from './input-problems.js';
// Lambda environment variables decrypted with KMS: source variable, Lambda context state, two attempts, per invocation.
export { getLambdaEnvDecrypts, type LambdaContextState, type LambdaEnvDecrypt } from './lambda.js';
export { LAMBDA_CONTEXT_KEY, LAMBDA_FUNCTION_NAME_VARIABLE } from './catalog/lambda.js';

// Encryption SDK key commitment: client factory calls with their policy, reserved `aws-crypto-` context keys.
export { getEncryptionSdkClientBuilds, getReservedContextKeys, type EncryptionSdkClientBuild, type ReservedContextKey } from './commitment.js';
export { COMMITMENT_POLICIES, DEFAULT_COMMITMENT_POLICY, RESERVED_CONTEXT_PREFIX, type CommitmentPolicyName } from './catalog/commitment.js';
// Key flow across functions and modules: helpers that return plaintext key bytes, and their callers.
export { getKeyReturningFunctions, getReturnedKeys, type KeyReturningFunction, type ReturnedKey } from './flow/returned-keys.js';
export type { KeyMaterialOperation, KeyMember, TrackedKey } from './key-material.js';
export { getTryFinallyEdit, type TryFinallyEdit } from './flow/try-finally.js';

// Fail-open decrypts: the ciphertext a decrypt reads and whether a fallback is that undecrypted value.
export { getChainStart, getCiphertextNode, getSources, isDecrypt, isUndecryptedValue, getOneLineText, type Sources } from './flow/fail-open.js';
