/**
 * Unit tests of the cross-file post-pass: records of two files produced by the records rule (through ESLint's
 * `Linter`), compared by `compareAcrossFiles` — rule settings per file, suppression comments, de-duplication — and
 * `isSuppressed` on its own, and `--shard` parsing and assignment.
 */
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import { type RecordedFile, type RuleSetting, compareAcrossFiles, isSuppressed, mergeCrossFileFindings } from '../../src/cli/post-pass.js';
import recordsPlugin, { type DirectiveRecord, RECORDS_PLUGIN_NAME, RECORDS_RULE_ID, readFileRecords } from '../../src/cli/records.js';
import { toRecordedFile } from '../../src/cli/run.js';
import { isInShard, parseShard } from '../../src/cli/shard.js';

const HEADER = "import { KMSClient, EncryptCommand, DecryptCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\n";
const ENCRYPT = `${HEADER}kms.send(new EncryptCommand({ KeyId: 'alias/docs', Plaintext: p, EncryptionContext: { tenantId: t } }));\n`;
const DECRYPT = `${HEADER}kms.send(new DecryptCommand({ KeyId: 'alias/docs', CiphertextBlob: c, EncryptionContext: { TenantId: t } }));\n`;
const ERROR: RuleSetting = { severity: 'error', options: {} };

/** The records of `code` linted as `/project/src/<name>`, re-rooted on `/project`. */
function record(name: string, code: string, setting: RuleSetting | null = ERROR): RecordedFile {
  const linter = new Linter({ configType: 'flat', cwd: '/project' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser as unknown as Linter.Parser },
        plugins: { [RECORDS_PLUGIN_NAME]: recordsPlugin as never },
        rules: { [RECORDS_RULE_ID]: 'warn' },
      },
    ],
    `/project/src/${name}`,
  );
  const records = readFileRecords({ messages });
  if (!records) throw new Error('no records message');
  return toRecordedFile(records, setting, (file) => file.replace('/project/', ''));
}

describe('compareAcrossFiles', () => {
  it('reports the decrypt side of a spelling that differs across files, with the rule text and the other file', () => {
    const findings = compareAcrossFiles([record('a.ts', ENCRYPT), record('b.ts', DECRYPT)], '/project', '/project');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'src/b.ts', line: 3, column: 92, endLine: 3, endColumn: 100, severity: 'error', ruleId: 'aws-kms/consistent-encryption-context' });
    expect(findings[0]!.message).toMatch(/^Encryption context key `TenantId` here, but `tenantId` in the Encrypt at src\/a\.ts:3 for the same KMS key \(alias\/docs\)\./u);
  });

  it('follows the setting of the file where the finding lands: severity, off, checkKeyNames: false', () => {
    const warn = compareAcrossFiles([record('a.ts', ENCRYPT), record('b.ts', DECRYPT, { severity: 'warning', options: {} })], '/project', '/project');
    expect(warn.map((finding) => finding.severity)).toEqual(['warning']);
    expect(compareAcrossFiles([record('a.ts', ENCRYPT), record('b.ts', DECRYPT, null)], '/project', '/project')).toEqual([]);
    // With spellings unchecked, the key set `{TenantId}` that no encrypt produces is reported instead.
    const sets = compareAcrossFiles([record('a.ts', ENCRYPT), record('b.ts', DECRYPT, { severity: 'error', options: { checkKeyNames: false } })], '/project', '/project');
    expect(sets).toHaveLength(1);
    expect(sets[0]!.message).toMatch(/^Decrypt presents the context keys \{ TenantId \} for alias\/docs, but no encrypt site for that key produces them: \{ tenantId \} at src\/a\.ts:3\./u);
  });

  it('honours an eslint-disable-next-line comment for the rule, and a blanket one', () => {
    const named = DECRYPT.replace('kms.send(new Decrypt', '// eslint-disable-next-line aws-kms/consistent-encryption-context\nkms.send(new Decrypt');
    const blanket = DECRYPT.replace('kms.send(new Decrypt', '/* eslint-disable */\nkms.send(new Decrypt');
    const other = DECRYPT.replace('kms.send(new Decrypt', '// eslint-disable-next-line aws-kms/require-encryption-context\nkms.send(new Decrypt');
    expect(compareAcrossFiles([record('a.ts', ENCRYPT), record('b.ts', named)], '/project', '/project')).toEqual([]);
    expect(compareAcrossFiles([record('a.ts', ENCRYPT), record('b.ts', blanket)], '/project', '/project')).toEqual([]);
    expect(compareAcrossFiles([record('a.ts', ENCRYPT), record('b.ts', other)], '/project', '/project')).toHaveLength(1);
  });

  it('writes locations relative to ESLint base directory, as the rule does', () => {
    const [finding] = compareAcrossFiles([record('a.ts', ENCRYPT), record('b.ts', DECRYPT)], '/project', '/');
    expect(finding!.message).toContain('in the Encrypt at project/src/a.ts:3 ');
  });
});

describe('mergeCrossFileFindings', () => {
  it('adds only findings that are not already there (same place, rule, severity and text)', () => {
    const [finding] = compareAcrossFiles([record('a.ts', ENCRYPT), record('b.ts', DECRYPT)], '/project', '/project');
    expect(mergeCrossFileFindings([finding!], [finding!])).toEqual({ findings: [finding], added: [] });
    expect(mergeCrossFileFindings([], [finding!])).toEqual({ findings: [finding], added: [finding] });
  });
});

describe('isSuppressed', () => {
  const rule = 'aws-kms/consistent-encryption-context';
  const at = (type: DirectiveRecord['type'], line: number, rules: string[] | null = [rule], column = 0): DirectiveRecord => ({ type, rules, line, column, endLine: line });
  const rows: Array<{ name: string; directives: DirectiveRecord[]; line: number; expected: boolean }> = [
    { name: 'no directive', directives: [], line: 5, expected: false },
    { name: 'disable-next-line on the line before', directives: [at('disable-next-line', 4)], line: 5, expected: true },
    { name: 'disable-next-line two lines before', directives: [at('disable-next-line', 3)], line: 5, expected: false },
    { name: 'disable-line on the line', directives: [at('disable-line', 5)], line: 5, expected: true },
    { name: 'disable-line for another rule', directives: [at('disable-line', 5, ['aws-kms/other'])], line: 5, expected: false },
    { name: 'block disable above', directives: [at('disable', 1, null)], line: 5, expected: true },
    { name: 'block disable then enable above', directives: [at('disable', 1), at('enable', 3)], line: 5, expected: false },
    { name: 'block disable below', directives: [at('disable', 6)], line: 5, expected: false },
  ];
  it.each(rows)('$name', ({ directives, line, expected }) => {
    expect(isSuppressed(directives, line, 10)).toBe(expected);
  });
});

describe('--shard', () => {
  it('parses I/N and refuses anything out of range', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1', '1/257']) expect(() => parseShard(bad), bad).toThrow(/^--shard '/u);
  });

  it('puts every path in exactly one shard, the same one every time', () => {
    const paths = Array.from({ length: 60 }, (_, index) => `src/module-${index}.ts`);
    const shards = [1, 2, 3].map((index) => paths.filter((file) => isInShard(file, { index, total: 3 })));
    expect(shards.flat().sort()).toEqual([...paths].sort());
    expect(shards.every((shard) => shard.length > 0)).toBe(true);
    expect([1, 2, 3].map((index) => paths.filter((file) => isInShard(file, { index, total: 3 })))).toEqual(shards);
  });
});
