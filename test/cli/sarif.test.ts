/**
 * `kms-audit --format sarif`: the built CLI's SARIF log of the sample service is valid SARIF 2.1.0 (the OASIS
 * errata01 schema, vendored in test/cli/schemas as data), fits GitHub code scanning's upload limits, and its
 * fingerprints are stable when lines move.
 *
 * GitHub's limits ("SARIF results exceed limit" in the code scanning docs): 20 runs per file, 25,000 results per run,
 * 25,000 rules per run, 100 tool extensions per run, 1,000 locations per result, 20 tags per rule, and 10 MB per
 * gzip-compressed file ("Uploading a SARIF file to GitHub").
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Log } from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/index.js';
import type { AuditReport, Finding } from '../../src/cli/report.js';
import { FINGERPRINT_KEY, SRCROOT, buildSarifLog, computeFingerprints } from '../../src/cli/sarif.js';
import { spawnSync } from 'node:child_process';
import { assertBuilt, binPath, repoRoot } from './temp-project.js';

const require = createRequire(import.meta.url);
const Ajv04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

const GITHUB_LIMITS = { runs: 20, resultsPerRun: 25_000, rulesPerRun: 25_000, extensionsPerRun: 100, locationsPerResult: 1_000, tagsPerRule: 20, gzipBytes: 10 * 1024 * 1024 };

function compileSchema(): (data: unknown) => boolean {
  const schema = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'schemas/sarif-schema-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (data) => {
    const valid = validate(data);
    if (!valid) throw new Error(`invalid SARIF: ${JSON.stringify(validate.errors?.slice(0, 5))}`);
    return valid;
  };
}

describe('kms-audit fixtures/sample-service --format sarif', () => {
  let text: string;
  let log: Log;
  beforeAll(() => {
    assertBuilt();
    // Spawned here (not with runCli) for a longer kill timeout: the typed audit of the sample service is slow on a loaded machine.
    const run = spawnSync(process.execPath, [binPath, 'fixtures/sample-service', '--format', 'sarif', '--fail-on', 'never', '--quiet'], { cwd: repoRoot, encoding: 'utf8', timeout: 230_000, maxBuffer: 64 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(0);
    text = run.stdout;
    log = JSON.parse(text) as Log;
  }, 240_000);

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(compileSchema()(log)).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it("fits GitHub code scanning's upload limits", () => {
    expect(log.runs.length).toBeLessThanOrEqual(GITHUB_LIMITS.runs);
    for (const run of log.runs) {
      expect(run.results!.length).toBeLessThanOrEqual(GITHUB_LIMITS.resultsPerRun);
      expect(run.tool.driver.rules!.length).toBeLessThanOrEqual(GITHUB_LIMITS.rulesPerRun);
      expect(run.tool.extensions?.length ?? 0).toBeLessThanOrEqual(GITHUB_LIMITS.extensionsPerRun);
      for (const result of run.results!) expect(result.locations!.length).toBeLessThanOrEqual(GITHUB_LIMITS.locationsPerResult);
      for (const rule of run.tool.driver.rules!) expect(rule.properties?.tags?.length ?? 0).toBeLessThanOrEqual(GITHUB_LIMITS.tagsPerRule);
    }
    expect(gzipSync(text).byteLength).toBeLessThanOrEqual(GITHUB_LIMITS.gzipBytes);
  });

  it('describes every aws-kms rule with its docs page as helpUri, and parse errors', () => {
    const descriptors = log.runs[0]!.tool.driver.rules!;
    const expected = Object.entries(rules).map(([name, rule]) => ({ id: `aws-kms/${name}`, helpUri: rule.meta.docs?.url }));
    expect(descriptors.map((rule) => ({ id: rule.id, helpUri: rule.helpUri }))).toEqual(expect.arrayContaining(expected));
    expect(descriptors.map((rule) => rule.id)).toContain('parse-error');
    for (const rule of descriptors) expect(rule.helpUri).toMatch(/^https:\/\//u);
  });

  it('has one result per finding, each with a relative %SRCROOT% location, a known rule and a fingerprint', () => {
    const run = log.runs[0]!;
    const summary = (run.properties as { summary: AuditReport['summary'] }).summary;
    expect(run.results).toHaveLength(summary.errors + summary.warnings);
    expect(run.results!.length).toBeGreaterThan(0);
    const ruleIds = new Set(run.tool.driver.rules!.map((rule) => rule.id));
    for (const result of run.results!) {
      expect(ruleIds.has(result.ruleId!)).toBe(true);
      expect(run.tool.driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
      const location = result.locations![0]!.physicalLocation!;
      expect(location.artifactLocation!.uriBaseId).toBe(SRCROOT);
      expect(location.artifactLocation!.uri).toMatch(/^fixtures\/sample-service\/src\/[\w/.-]+\.[cm]?[jt]s$/u);
      expect(location.region!.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints![FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/u);
    }
    const fingerprints = run.results!.map((result) => result.partialFingerprints![FINGERPRINT_KEY]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    expect(run.originalUriBaseIds![SRCROOT]!.uri).toBe(`${new URL(`file://${repoRoot}/`).href}`);
  });

  it('carries the inventory in the run properties, with the keys of the text report', () => {
    const properties = log.runs[0]!.properties as { inventory: AuditReport['inventory'] };
    const keys = properties.inventory.map((entry) => entry.key);
    expect(keys).toContain('alias/docstore-documents');
    expect(keys).toContain('arn:aws:kms:eu-west-1:111122223333:key/0f6d2f4e-8a55-4c7e-9a0b-3c1d2e4f5a6b');
    expect(keys.at(-1)).toBe('(unknown key)');
  });
});

describe('SARIF fingerprints', () => {
  const finding = (line: number, ruleId: string | null = 'aws-kms/require-encryption-context'): Finding => ({
    file: 'src/a.ts',
    line,
    column: 3,
    endLine: line,
    endColumn: 9,
    severity: 'error',
    ruleId,
    message: `message naming line ${line}`,
    fatal: ruleId === null,
  });
  const reader = (lines: readonly string[]) => (_file: string, line: number) => lines[line - 1];
  const source = ['import x from "y";', '  await kms.decrypt({ KeyId });', 'other();', '  await kms.decrypt({ KeyId });'];

  it('do not change when lines are inserted above the finding, nor with the message', () => {
    const before = computeFingerprints([finding(2), finding(4)], reader(source));
    const shifted = ['// a new comment', '', ...source.map((line) => `${line}  `)];
    const after = computeFingerprints([finding(4), finding(6)], reader(shifted));
    expect(after).toEqual(before);
  });

  it('tell apart identical lines by occurrence, and rules on the same line', () => {
    const [first, second] = computeFingerprints([finding(2), finding(4)], reader(source));
    expect(first).not.toBe(second);
    const [context, parse] = computeFingerprints([finding(2), finding(2, null)], reader(source));
    expect(context).not.toBe(parse);
  });

  it('a log built twice from the same report is identical', () => {
    const report: AuditReport = {
      version: '0.1.0',
      root: repoRoot,
      summary: { filesScanned: 1, filesTyped: 0, filesUntyped: 1, errors: 1, warnings: 0, parseErrors: 0, byRule: {}, keys: 0, callSites: 0 },
      findings: [finding(2)],
      inventory: [],
      notes: ['a note'],
    };
    const first = buildSarifLog(report, reader(source));
    expect(buildSarifLog(report, reader(source))).toEqual(first);
    expect(first.runs[0]!.invocations![0]!.toolExecutionNotifications).toEqual([{ level: 'note', message: { text: 'a note' } }]);
    expect(first.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 2, startColumn: 3, endLine: 2, endColumn: 9 });
  });
});
