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
export { getContextSiteScope, type ContextSiteScope } from './program-index.js';

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
