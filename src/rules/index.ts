/** The rule map. `test/repo.test.ts` checks that every file in this folder is listed here. */
import requireEncryptionContext from './require-encryption-context.js';
import requireBucketKey from './require-bucket-key.js';

export const rules = {
  'require-encryption-context': requireEncryptionContext,
  'require-bucket-key': requireBucketKey,
};

export type RuleName = keyof typeof rules;
