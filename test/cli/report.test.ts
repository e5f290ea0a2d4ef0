/** Unit tests of the report: findings from ESLint results, the summary, exit codes and the three formats. */
import type { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { CONTEXT_NOT_SUPPORTED, type InventoryEntry } from '../../src/cli/inventory.js';
import { type AuditReport, formatJson, formatMarkdown, formatText, getExitCode, renderReport, summarise, toFindings } from '../../src/cli/report.js';
import { makeCdkKeyEntry } from './inventory-entries.js';

function result(filePath: string, messages: ESLint.LintResult['messages']): ESLint.LintResult {
  return {
    filePath,
    messages,
    suppressedMessages: [],
    errorCount: 0,
    fatalErrorCount: 0,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  };
}

const results = [
  result('/p/src/b.ts', [
    { ruleId: 'aws-kms/require-encryption-context', severity: 2, message: 'Decrypt is called without EncryptionContext.', line: 4, column: 3, endLine: 4, endColumn: 9 },
    { ruleId: 'no-console', severity: 2, message: 'Unexpected console statement.', line: 1, column: 1 },
    { ruleId: null, severity: 1, message: "Unused eslint-disable directive (no problems were reported from 'x').", line: 2, column: 1 },
    { ruleId: 'aws-kms/require-bucket-key', severity: 1, message: 'PutObject | without BucketKeyEnabled.', line: 2, column: 5 },
  ]),
  result('/p/src/a.ts', [{ ruleId: null, fatal: true, severity: 2, message: "Parsing error: ';' expected.", line: 1, column: 14 }]),
  result('/p/src/c.ts', []),
];

const inventory: InventoryEntry[] = [
  {
    key: 'alias/docs',
    callSites: 2,
    operations: [
      { operation: 'Encrypt', count: 1 },
      { operation: 'Decrypt', count: 1 },
    ],
    encryptionContextKeySets: [
      { label: '{tenantId}', keys: ['tenantId'], count: 1, operations: ['Encrypt'] },
      { label: '(none)', keys: null, count: 1, operations: ['Decrypt'] },
    ],
    files: [{ file: 'src/b.ts', lines: [4, 9] }],
    keyExpressions: [],
    algorithms: [],
  },
];

function makeReport(): AuditReport {
  const findings = toFindings(results, (file) => file.slice(3));
  return {
    version: '0.1.0',
    root: '/p',
    summary: summarise(findings, inventory, { scanned: 3, typed: 2 }, 2),
    findings,
    inventory,
    notes: ['no tsconfig.json found at or above x'],
  };
}

describe('toFindings and summarise', () => {
  it('keeps aws-kms rules and parse errors, sorted by file and position', () => {
    const report = makeReport();
    expect(report.findings.map((finding) => [finding.file, finding.line, finding.ruleId, finding.severity, finding.fatal])).toEqual([
      ['src/a.ts', 1, null, 'error', true],
      ['src/b.ts', 2, 'aws-kms/require-bucket-key', 'warning', false],
      ['src/b.ts', 4, 'aws-kms/require-encryption-context', 'error', false],
    ]);
    expect(report.summary).toEqual({
      filesScanned: 3,
      filesTyped: 2,
      filesUntyped: 1,
      errors: 2,
      warnings: 1,
      parseErrors: 1,
      byRule: { 'aws-kms/require-bucket-key': 1, 'aws-kms/require-encryption-context': 1, 'parse-error': 1 },
      keys: 1,
      callSites: 2,
    });
  });

  it('exit code follows --fail-on', () => {
    const report = makeReport();
    expect(getExitCode(report, 'error')).toBe(1);
    expect(getExitCode(report, 'warn')).toBe(1);
    expect(getExitCode(report, 'never')).toBe(0);
    const warningsOnly = { ...report, summary: { ...report.summary, errors: 0 } };
    expect(getExitCode(warningsOnly, 'error')).toBe(0);
    expect(getExitCode(warningsOnly, 'warn')).toBe(1);
  });
});

describe('formats', () => {
  it('text', () => {
    expect(formatText(makeReport())).toBe(
      [
        'src/a.ts',
        "  1:14  error    Parsing error: ';' expected.  parse-error",
        '',
        'src/b.ts',
        '  2:5  warning  PutObject | without BucketKeyEnabled.  aws-kms/require-bucket-key',
        '  4:3  error    Decrypt is called without EncryptionContext.  aws-kms/require-encryption-context',
        '',
        '3 findings (2 errors, 1 warning) in 3 files (2 with type information) — aws-kms/require-bucket-key: 1, aws-kms/require-encryption-context: 1, parse-error: 1',
        '',
        'Inventory: 1 key, 2 call sites',
        '  alias/docs',
        '    operations:         Encrypt ×1, Decrypt ×1',
        '    encryption context: {tenantId} ×1 (Encrypt); (none) ×1 (Decrypt)',
        '    files:              src/b.ts:4,9',
        '',
      ].join('\n'),
    );
  });

  it('text: (unknown key) is not counted as a key; long file and expression lists are wrapped and capped', () => {
    const unknown: InventoryEntry = {
      key: '(unknown key)',
      callSites: 13,
      operations: [{ operation: 'Decrypt', count: 13 }],
      encryptionContextKeySets: [],
      files: Array.from({ length: 12 }, (_, index) => ({ file: `src/f${String(index).padStart(2, '0')}.ts`, lines: index === 0 ? Array.from({ length: 22 }, (_, line) => line + 1) : [1] })),
      keyExpressions: Array.from({ length: 6 }, (_, index) => `process.env.K${index}`),
      algorithms: [],
    };
    const base = makeReport();
    const all = [...inventory, unknown];
    const report: AuditReport = { ...base, inventory: all, summary: summarise(base.findings, all, { scanned: 3, typed: 2 }, 15) };
    expect(report.summary.keys).toBe(1);
    const text = formatText(report);
    expect(text).toContain('Inventory: 1 key (+ calls whose key is not static), 15 call sites\n');
    expect(text).toContain(
      [
        '  (unknown key)',
        '    operations:         Decrypt ×13',
        '    files:              src/f00.ts:1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20 (+2 more lines)',
        '                        src/f01.ts:1',
        '                        src/f02.ts:1',
        '                        src/f03.ts:1',
        '                        src/f04.ts:1',
        '                        src/f05.ts:1',
        '                        src/f06.ts:1',
        '                        src/f07.ts:1',
        '                        src/f08.ts:1',
        '                        src/f09.ts:1',
        '                        … and 2 more files',
        '    key expressions:    process.env.K0',
        '                        process.env.K1',
        '                        process.env.K2',
        '                        process.env.K3',
        '                        process.env.K4',
        '                        … and 1 more expression',
        '',
      ].join('\n'),
    );
    // An encryption-context line over 120 characters is split into one key set per line; nothing is dropped.
    const contexts = Array.from({ length: 4 }, (_, index) => ({ label: `{tenantId, documentId${index}}`, keys: ['tenantId', `documentId${index}`], count: 1, operations: ['Decrypt'] }));
    const wide: AuditReport = { ...report, inventory: [{ ...inventory[0]!, encryptionContextKeySets: contexts }] };
    expect(formatText(wide)).toContain(
      [
        '    encryption context: {tenantId, documentId0} ×1 (Decrypt)',
        '                        {tenantId, documentId1} ×1 (Decrypt)',
        '                        {tenantId, documentId2} ×1 (Decrypt)',
        '                        {tenantId, documentId3} ×1 (Decrypt)',
        '    files:',
      ].join('\n'),
    );
    // JSON keeps everything.
    const json = JSON.parse(formatJson(report)) as AuditReport;
    expect(json.inventory[1]!.files).toHaveLength(12);
    expect(json.inventory[1]!.files[0]!.lines).toHaveLength(22);
  });

  it('markdown escapes table cells', () => {
    const markdown = formatMarkdown(makeReport());
    expect(markdown).toContain('| `src/b.ts` | 2:5 | warning | `aws-kms/require-bucket-key` | PutObject \\| without BucketKeyEnabled. |');
    expect(markdown).toContain('| `alias/docs` | Encrypt ×1<br>Decrypt ×1 | `{tenantId}` ×1 (Encrypt)<br>`(none)` ×1 (Decrypt) | — | `src/b.ts`: 4, 9 |');
    expect(markdown).toContain('## Notes\n\n- no tsconfig.json found at or above x');
  });

  it('labels key expressions in markdown, and lists algorithms; an RSA call is shown as taking no context', () => {
    const rsa: InventoryEntry = {
      key: '(unknown key)',
      callSites: 2,
      operations: [{ operation: 'Decrypt', count: 2 }],
      encryptionContextKeySets: [
        { label: CONTEXT_NOT_SUPPORTED, keys: null, count: 1, operations: ['Decrypt'] },
        { label: '(none)', keys: null, count: 1, operations: ['Decrypt'] },
      ],
      files: [{ file: 'src/p.ts', lines: [3, 7] }],
      keyExpressions: ['process.env.PARTNER_KEY'],
      algorithms: [
        { algorithm: 'RSAES_OAEP_SHA_256', count: 1, operations: ['Decrypt'], files: [{ file: 'src/p.ts', lines: [3] }] },
        { algorithm: 'SYMMETRIC_DEFAULT', count: 1, operations: ['Decrypt'], files: [{ file: 'src/p.ts', lines: [7] }] },
      ],
    };
    const report: AuditReport = { ...makeReport(), inventory: [rsa] };
    expect(formatMarkdown(report)).toContain(
      '| `(unknown key)`<br>key expressions:<br>`process.env.PARTNER_KEY` | Decrypt ×2 | `(not supported by the algorithm)` ×1 (Decrypt)<br>`(none)` ×1 (Decrypt) | RSAES_OAEP_SHA_256 ×1 (Decrypt)<br>SYMMETRIC_DEFAULT (AES-256-GCM) ×1 (Decrypt) | `src/p.ts`: 3, 7 |',
    );
    expect(formatText(report)).toContain(
      [
        '    encryption context: (not supported by the algorithm) ×1 (Decrypt); (none) ×1 (Decrypt)',
        '    algorithms:         RSAES_OAEP_SHA_256 ×1 (Decrypt), SYMMETRIC_DEFAULT (AES-256-GCM) ×1 (Decrypt)',
        '    files:              src/p.ts:3,7',
        '    key expressions:    process.env.PARTNER_KEY',
      ].join('\n'),
    );
  });

  it('lists a CDK key construct with its rotation and key spec in text and markdown, and counts it as a key', () => {
    const keys = [
      ...inventory,
      makeCdkKeyEntry({ id: 'DocumentsKey', line: 12, rotation: 'off', keySpec: 'SYMMETRIC_DEFAULT' }),
      makeCdkKeyEntry({ id: 'SecretsKey', line: 20, rotation: 'on', keySpec: 'SYMMETRIC_DEFAULT', rotationPeriodDays: 180 }),
      makeCdkKeyEntry({ id: 'MaybeKey', line: 30, rotation: 'unknown', keySpec: null }),
    ];
    const base = makeReport();
    const report: AuditReport = { ...base, inventory: keys, summary: summarise(base.findings, keys, { scanned: 3, typed: 2 }, 5) };
    expect(report.summary.keys).toBe(4);
    const text = formatText(report);
    expect(text).toContain(
      [
        '  DocumentsKey (CDK kms.Key)',
        '    operations:         cdk-kms:Key ×1',
        '    rotation:           off',
        '    key spec:           SYMMETRIC_DEFAULT',
        '    files:              infra/stack.ts:12',
        '  SecretsKey (CDK kms.Key)',
        '    operations:         cdk-kms:Key ×1',
        '    rotation:           on (every 180 days)',
        '    key spec:           SYMMETRIC_DEFAULT',
        '    files:              infra/stack.ts:20',
        '  MaybeKey (CDK kms.Key)',
        '    operations:         cdk-kms:Key ×1',
        '    rotation:           unknown',
        '    key spec:           unknown',
        '    files:              infra/stack.ts:30',
      ].join('\n'),
    );
    const markdown = formatMarkdown(report);
    expect(markdown).toContain('| `SecretsKey (CDK kms.Key)`<br>rotation: on (every 180 days)<br>key spec: SYMMETRIC_DEFAULT | cdk-kms:Key ×1 | — | — | `infra/stack.ts`: 20 |');
    expect(markdown).toContain('| `MaybeKey (CDK kms.Key)`<br>rotation: unknown<br>key spec: unknown | cdk-kms:Key ×1 | — | — | `infra/stack.ts`: 30 |');
    expect((JSON.parse(formatJson(report)) as AuditReport).inventory[2]!.cdkKey).toEqual({ construct: 'Key', id: 'SecretsKey', rotation: 'on', rotationPeriodDays: 180, keySpec: 'SYMMETRIC_DEFAULT' });
  });

  it('renderReport loads the SARIF and CBOM writers only for those formats', async () => {
    const report = makeReport();
    expect(await renderReport(report, 'markdown')).toBe(formatMarkdown(report));
    expect(JSON.parse(await renderReport(report, 'sarif'))).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'kms-audit' } } }] });
    expect(JSON.parse(await renderReport(report, 'cbom'))).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
  });

  it('json is the report object', () => {
    const report = makeReport();
    expect(JSON.parse(formatJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
