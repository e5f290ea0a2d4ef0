/** The rule map. `test/repo.test.ts` checks that every file in this folder is listed here. */
import requireEncryptionContext from './require-encryption-context.js';
import requireBucketKey from './require-bucket-key.js';
import consistentEncryptionContext from './consistent-encryption-context.js';
import requireDataKeyZeroization from './require-data-key-zeroization.js';
import noUnboundedEncryptPlaintext from './no-unbounded-encrypt-plaintext.js';
import aesGcmIv from './aes-gcm-iv.js';
import aesGcmAuthTag from './aes-gcm-auth-tag.js';
import noPerItemKmsCall from './no-per-item-kms-call.js';
import preferGenerateDataKeyWithoutPlaintext from './prefer-generate-data-key-without-plaintext.js';
import noFailOpenDecrypt from './no-fail-open-decrypt.js';
import noDataKeyExposure from './no-data-key-exposure.js';
import preferReencrypt from './prefer-reencrypt.js';
import requireKeyRotation from './require-key-rotation.js';
import requireKeyPolicyIamDelegation from './require-key-policy-iam-delegation.js';
import noCrossRegionKey from './no-cross-region-key.js';
import noStringCiphertextBlob from './no-string-ciphertext-blob.js';
import requireGrantConstraints from './require-grant-constraints.js';
import noInvalidKmsInput from './no-invalid-kms-input.js';
import lambdaEnvDecryptContext from './lambda-env-decrypt-context.js';
import requireCommitmentPolicy from './require-commitment-policy.js';
import requireDecryptKeyId from './require-decrypt-key-id.js';
import consistentEncryptionAlgorithm from './consistent-encryption-algorithm.js';

export const rules = {
  'require-encryption-context': requireEncryptionContext,
  'require-bucket-key': requireBucketKey,
  'consistent-encryption-context': consistentEncryptionContext,
  'require-data-key-zeroization': requireDataKeyZeroization,
  'no-unbounded-encrypt-plaintext': noUnboundedEncryptPlaintext,
  'aes-gcm-iv': aesGcmIv,
  'aes-gcm-auth-tag': aesGcmAuthTag,
  'no-per-item-kms-call': noPerItemKmsCall,
  'prefer-generate-data-key-without-plaintext': preferGenerateDataKeyWithoutPlaintext,
  'no-fail-open-decrypt': noFailOpenDecrypt,
  'no-data-key-exposure': noDataKeyExposure,
  'prefer-reencrypt': preferReencrypt,
  'require-key-rotation': requireKeyRotation,
  'require-key-policy-iam-delegation': requireKeyPolicyIamDelegation,
  'no-cross-region-key': noCrossRegionKey,
  'no-string-ciphertext-blob': noStringCiphertextBlob,
  'require-grant-constraints': requireGrantConstraints,
  'no-invalid-kms-input': noInvalidKmsInput,
  'lambda-env-decrypt-context': lambdaEnvDecryptContext,
  'require-commitment-policy': requireCommitmentPolicy,
  'require-decrypt-key-id': requireDecryptKeyId,
  'consistent-encryption-algorithm': consistentEncryptionAlgorithm,
};

export type RuleName = keyof typeof rules;
