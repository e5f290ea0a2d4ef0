/**
 * Key commitment in the AWS Encryption SDK for JavaScript (DATA only).
 *
 * `CommitmentPolicy` is a string enum whose values equal its names (aws-encryption-sdk-javascript
 * `modules/material-management/src/algorithm_suites.ts`); `buildEncrypt`/`buildDecrypt` (and `buildClient`, which
 * calls both) default `commitmentPolicy` to `REQUIRE_ENCRYPT_REQUIRE_DECRYPT` when called with no argument or with an
 * options object that leaves it out (`modules/encrypt-node/src/encrypt_client.ts`,
 * `modules/decrypt-node/src/decrypt_client.ts`). Developer Guide: https://docs.aws.amazon.com/encryption-sdk/latest/developer-guide/concepts.html#commitment-policy
 */

/** The three commitment policies, weakest first. */
export const COMMITMENT_POLICIES = ['FORBID_ENCRYPT_ALLOW_DECRYPT', 'REQUIRE_ENCRYPT_ALLOW_DECRYPT', 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT'] as const;

/** A commitment policy name. */
export type CommitmentPolicyName = (typeof COMMITMENT_POLICIES)[number];

/** The policy the factories use when none is given. */
export const DEFAULT_COMMITMENT_POLICY: CommitmentPolicyName = 'REQUIRE_ENCRYPT_REQUIRE_DECRYPT';

/** The member of the factories' options object that holds the policy (`buildClient({ commitmentPolicy })`). */
export const COMMITMENT_POLICY_MEMBER = 'commitmentPolicy';

/** Client methods that write messages (the rest only read them). */
export const ENCRYPTING_METHODS: ReadonlySet<string> = new Set(['encrypt', 'encryptStream']);

/**
 * The encryption-context key prefix the AWS Encryption SDK specification reserves (`aws-crypto-`); the JavaScript
 * implementation itself refuses only `aws-crypto-public-key`, which it writes for signing algorithm suites
 * (`modules/serialize/src/identifiers.ts` `ENCODED_SIGNER_KEY`).
 */
export const RESERVED_CONTEXT_PREFIX = 'aws-crypto-';
