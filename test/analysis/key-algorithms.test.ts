/**
 * Table-driven tests of `key-algorithms.ts`: which decrypt sides disagree with their key's asymmetric encrypt sides,
 * described as `operation@line member found->expected (producer@line)`.
 */
import { describe, expect, it } from 'vitest';
import { findAlgorithmMismatches } from '../../src/analysis/key-algorithms.js';
import { analyse, type ParseMode } from './harness.js';

const HEADER = "import { KMS } from '@aws-sdk/client-kms';\nconst kms = new KMS({});";

function describeMismatches(code: string, mode: ParseMode): string[] {
  return analyse(`${HEADER}\n${code}`, mode, (analysis) =>
    findAlgorithmMismatches(analysis, 'file.ts').map(
      (m) => `${m.site.operation}@${m.site.node.loc.start.line} ${m.member} ${m.found?.join('|') ?? 'absent'}->${m.expected.join('|')} (${m.producer.operation}@${m.producer.place.line})`,
    ),
  );
}

const rows: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['omitted', "const K = 'alias/rsa';\nkms.encrypt({ KeyId: K, Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });\nkms.decrypt({ KeyId: K, CiphertextBlob: c });", ['Decrypt@5 EncryptionAlgorithm absent->RSAES_OAEP_SHA_256 (Encrypt@4)']],
  ['changed', "kms.encrypt({ KeyId: 'alias/rsa', Plaintext: p, EncryptionAlgorithm: 'SM2PKE' });\nkms.decrypt({ KeyId: 'alias/rsa', CiphertextBlob: c, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' });", ['Decrypt@4 EncryptionAlgorithm RSAES_OAEP_SHA_1->SM2PKE (Encrypt@3)']],
  ['two producers, the first named', "kms.encrypt({ KeyId: 'alias/rsa', Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' });\nkms.encrypt({ KeyId: 'alias/rsa', Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });\nkms.decrypt({ KeyId: 'alias/rsa', CiphertextBlob: c });", ['Decrypt@5 EncryptionAlgorithm absent->RSAES_OAEP_SHA_1|RSAES_OAEP_SHA_256 (Encrypt@3)']],
  ['one of two producers matches', "kms.encrypt({ KeyId: 'alias/rsa', Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' });\nkms.encrypt({ KeyId: 'alias/rsa', Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });\nkms.decrypt({ KeyId: 'alias/rsa', CiphertextBlob: c, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' });", []],
  ['ReEncrypt source', "kms.encrypt({ KeyId: 'alias/rsa', Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' });\nkms.reEncrypt({ CiphertextBlob: c, SourceKeyId: 'alias/rsa', DestinationKeyId: 'alias/app' });", ['ReEncrypt@4 SourceEncryptionAlgorithm absent->RSAES_OAEP_SHA_1 (Encrypt@3)']],
  ['mixed key', "kms.encrypt({ KeyId: 'alias/k', Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' });\nkms.encrypt({ KeyId: 'alias/k', Plaintext: p });\nkms.decrypt({ KeyId: 'alias/k', CiphertextBlob: c });", []],
  ['decrypt without a key', "kms.encrypt({ KeyId: 'alias/rsa', Plaintext: p, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' });\nkms.decrypt({ CiphertextBlob: c });", []],
];

describe('findAlgorithmMismatches', () => {
  for (const mode of ['js', 'ts'] as const) {
    it.each(rows)(`${mode}: %s`, (_name, code, expected) => {
      expect(describeMismatches(code, mode)).toEqual(expected);
    });
  }
});
