/**
 * Table-driven tests of `getContextProblems` (`context-problems.ts`) over one file (no type information), and of its
 * descriptions. Problems are written `kind@line:detail`, the detail being the message data that names the problem
 * (other places written `L<line>`); 'none' when there are none.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeNonStringType, getContextProblems, getContextSiteScope, type ContextProblem, type ContextProblemOptions } from '../../src/analysis/index.js';
import { typedFixturesDir } from '../rule-tester.js';
import { analyse, type ParseMode } from './harness.js';

const KMS = "import { KMSClient, EncryptCommand, DecryptCommand } from '@aws-sdk/client-kms';\nconst kms = new KMSClient({});\n";
const ALL: ContextProblemOptions = { checkKeyNames: true, checkKeySets: true, checkValues: true, checkValueTypes: true };

type Row = { name: string; code: string; expected: string; mode?: ParseMode; options?: Partial<ContextProblemOptions> };

const pair = (encrypt: string, decrypt: string): string =>
  `${KMS}export const e = (p) => kms.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: p, EncryptionContext: ${encrypt} }));\nexport const d = (b) => kms.send(new DecryptCommand({ KeyId: 'alias/a', CiphertextBlob: b, EncryptionContext: ${decrypt} }));`;

function describeProblem(problem: ContextProblem, lineOf: (offset: number) => number): string {
  const { data } = problem;
  const detail = problem.kind === 'unmatchedKeySet' ? `${data.keys} vs ${data.produced}` : problem.kind.startsWith('keySpelling') ? `${data.key}->${data.expected} at ${data.location}` : problem.kind === 'valueCase' ? `${data.value}->${data.expected}` : `${data.key}${data.type ? ` is ${data.type}` : ''}`;
  return `${problem.kind}@${lineOf(problem.range[0])}:${detail}`;
}

const rows: Row[] = [
  { name: 'matching contexts', code: pair("{ tenantId: 't' }", "{ tenantId: 't' }"), expected: 'none' },
  { name: 'a key spelled differently on the decrypt side', code: pair("{ tenantId: 't' }", "{ TenantId: 't' }"), expected: 'keySpelling@4:TenantId->tenantId at L3' },
  { name: 'spellings when key names are not checked', options: { checkKeyNames: false }, code: pair("{ tenantId: 't' }", "{ TenantId: 't' }"), expected: 'unmatchedKeySet@4:{ TenantId } vs { tenantId } at L3' },
  { name: 'a decrypt key set no encrypt produces', code: pair("{ tenantId: 't' }", "{ tenantId: 't', extra: 'x' }"), expected: 'unmatchedKeySet@4:{ extra, tenantId } vs { tenantId } at L3' },
  { name: 'key sets when they are not checked', options: { checkKeySets: false }, code: pair("{ tenantId: 't' }", "{ tenantId: 't', extra: 'x' }"), expected: 'none' },
  { name: 'a value that differs only in case', code: pair("{ tier: 'Gold' }", "{ tier: 'gold' }"), expected: 'valueCase@4:gold->Gold' },
  { name: 'a number value', code: pair('{ n: 1 }', "{ n: '1' }"), expected: 'nonStringValue@3:n is a number' },
  { name: 'a null value', code: pair('{ n: null }', "{ n: 'x' }"), expected: 'nullValue@3:n' },
  { name: 'value types when they are not checked', options: { checkValueTypes: false }, code: pair('{ n: 1 }', "{ n: '1' }"), expected: 'none' },
  { name: 'a file with no context site', code: "export const x = 1;", expected: 'none' },
  { name: 'a spelling in TypeScript', mode: 'ts', code: pair("{ 'tenant-id': 't' }", "{ tenant_id: 't' }"), expected: 'keySpelling@4:tenant_id->tenant-id at L3' },
];

describe('getContextProblems', () => {
  for (const row of rows) {
    it(`${row.name} (${row.mode ?? 'js'})`, () => {
      const mode = row.mode ?? 'js';
      const filename = path.join(typedFixturesDir, mode === 'js' ? 'file.js' : 'file.ts');
      const found = analyse(row.code, mode, (analysis) => {
        const scope = getContextSiteScope(analysis, filename);
        const lineOf = (offset: number): number => analysis.sourceCode.getLocFromIndex(offset).line;
        return getContextProblems(scope, { ...ALL, ...row.options }, (place) => `L${place.line}`).map((problem) => describeProblem(problem, lineOf));
      });
      expect(found.join(' | ') || 'none').toBe(row.expected);
    });
  }
});

describe('describeNonStringType', () => {
  const cases: [Parameters<typeof describeNonStringType>[0], string][] = [
    ['number', 'a number'],
    ['array', 'an array'],
    ['object', 'an object'],
    ['bytes', 'a byte array'],
  ];
  for (const [type, expected] of cases) it(type, () => expect(describeNonStringType(type)).toBe(expected));
});
