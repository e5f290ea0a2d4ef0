/**
 * The SARIF 2.1.0 format of the audit report (`kms-audit --format sarif`), for GitHub code scanning and SARIF viewers.
 * Built with node-sarif-builder; this module decides only what goes where:
 *
 * - one run, tool `kms-audit`, one rule descriptor per aws-kms rule (`helpUri`: the rule's docs page) plus
 *   `parse-error` for files that could not be parsed or linted;
 * - one result per finding, with a physical location relative to `%SRCROOT%` (the report root) and
 *   `partialFingerprints` that survive edits elsewhere in the file (see {@link computeFingerprints});
 * - the inventory, summary and notes in `runs[0].properties` (the notes also as tool execution notifications).
 *
 * SARIF 2.1.0: OASIS standard, errata 01. GitHub code scanning's limits ("SARIF results exceed limit"): at most 20
 * runs per file, 25,000 results and 25,000 rules per run, 1,000 locations per result, 20 tags per rule, and 10 MB per
 * gzip-compressed file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Log, Notification, Region, Result } from 'sarif';
import { rules } from '../rules/index.js';
import { type AuditReport, type Finding, PARSE_ERROR } from './report.js';

/** The `uriBaseId` every result location is relative to: the report root (`AuditReport.root`). */
export const SRCROOT = '%SRCROOT%';
/** Key of the fingerprint in each result's `partialFingerprints` (versioned: a new scheme gets a new key). */
export const FINGERPRINT_KEY = 'kmsAuditFinding/v1';
/** Where the tool is documented (the repository the rule docs live in). */
const INFORMATION_URI = 'https://github.com/eslint-plugin-aws-kms/eslint-plugin-aws-kms';

/** What a rule descriptor needs from a rule's `meta`. */
interface RuleMeta {
  readonly docs?: { readonly description?: string; readonly url?: string };
}

/**
 * The rule descriptors: every aws-kms rule (`aws-kms/<name>`, short description and `helpUri` from its meta), then
 * `parse-error`.
 */
function buildRules(): SarifRuleBuilder[] {
  const descriptors = Object.entries(rules as Record<string, { meta: RuleMeta }>).map(([name, rule]) =>
    new SarifRuleBuilder().initSimple({
      ruleId: `aws-kms/${name}`,
      shortDescriptionText: rule.meta.docs?.description ?? name,
      helpUri: rule.meta.docs?.url,
    }),
  );
  descriptors.push(
    new SarifRuleBuilder().initSimple({
      ruleId: PARSE_ERROR,
      shortDescriptionText: 'The file could not be parsed or linted, so none of its KMS calls were checked.',
      helpUri: `${INFORMATION_URI}#audit-a-codebase-kms-audit`,
    }),
  );
  return descriptors;
}

/**
 * One fingerprint per finding (same order): the first 32 hex digits of SHA-256 over the rule id, the file path, the
 * finding's source line with whitespace collapsed, and how many earlier findings share those three. Line numbers
 * are not part of it, so inserting lines above a finding keeps its fingerprint; the message is not either (it may
 * name the line of another call).
 * @param findings the report's findings, in report order (sorted by file and position)
 * @param readLine the source text of a 1-based line of a report-relative file, or `undefined` when unreadable
 */
export function computeFingerprints(findings: readonly Finding[], readLine: (file: string, line: number) => string | undefined): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const text = (readLine(finding.file, finding.line) ?? '').replace(/\s+/gu, ' ').trim();
    const base = [finding.ruleId ?? PARSE_ERROR, finding.file, text].join('\0');
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    return createHash('sha256').update(`${base}\0${occurrence}`).digest('hex').slice(0, 32);
  });
}

/** Reads source lines of report-relative files under `root`, each file once. */
function createLineReader(root: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!cache.has(file)) {
      let lines: string[] | undefined;
      try {
        lines = fs.readFileSync(path.join(root, ...file.split('/')), 'utf8').split(/\r\n|\r|\n/u);
      } catch {
        lines = undefined;
      }
      cache.set(file, lines);
    }
    return cache.get(file)?.[line - 1];
  };
}

/** A report-relative path as a relative URI reference (each segment percent-encoded). */
function toRelativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function toRegion(finding: Finding): Region {
  const region: Region = { startLine: finding.line, startColumn: finding.column };
  if (finding.endLine !== null && finding.endColumn !== null && finding.endLine >= finding.line) {
    region.endLine = finding.endLine;
    // SARIF's endColumn is exclusive, like ESLint's; an empty range becomes one character wide.
    region.endColumn = finding.endLine === finding.line ? Math.max(finding.endColumn, finding.column + 1) : finding.endColumn;
  }
  return region;
}

/**
 * Builds the SARIF log of a report. Reads the source lines of the findings' files (under `report.root`) for the
 * fingerprints; a file that cannot be read gets a fingerprint without line text.
 * @param report the audit report
 * @param readLine source of line texts; defaults to reading the files under `report.root`
 * @returns a SARIF 2.1.0 log with one run
 */
export function buildSarifLog(report: AuditReport, readLine = createLineReader(report.root)): Log {
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'kms-audit', toolDriverVersion: report.version, url: INFORMATION_URI });
  for (const rule of buildRules()) run.addRule(rule);
  const fingerprints = computeFingerprints(report.findings, readLine);
  report.findings.forEach((finding, index) => {
    const result = new SarifResultBuilder().initSimple({
      level: finding.severity,
      messageText: finding.message,
      ruleId: finding.ruleId ?? PARSE_ERROR,
    });
    result.setLocationArtifactUri({ uri: toRelativeUri(finding.file), uriBaseId: SRCROOT });
    result.setLocationRegion(toRegion(finding));
    (result.result as Result).partialFingerprints = { [FINGERPRINT_KEY]: fingerprints[index]! };
    run.addResult(result);
  });
  const sarifRun = run.run;
  sarifRun.tool.driver.semanticVersion = report.version;
  sarifRun.tool.driver.fullName = 'kms-audit (eslint-plugin-aws-kms)';
  sarifRun.originalUriBaseIds = { [SRCROOT]: { uri: pathToFileURL(`${report.root.replace(/[\\/]+$/u, '')}/`).href } };
  sarifRun.columnKind = 'utf16CodeUnits';
  const notifications: Notification[] = report.notes.map((note) => ({ level: 'note', message: { text: note } }));
  sarifRun.invocations = [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }];
  sarifRun.properties = { summary: report.summary, inventory: report.inventory, notes: report.notes };
  const builder = new SarifBuilder();
  builder.addRun(run);
  const log = builder.buildSarifOutput();
  // The builder lists each result's file as an artifact; its location is relative to the same base as the results'.
  for (const artifact of log.runs[0]?.artifacts ?? []) if (artifact.location) artifact.location.uriBaseId = SRCROOT;
  log.$schema = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
  return log;
}

/**
 * The report as a SARIF 2.1.0 JSON document (pretty-printed, newline-terminated).
 * @param report the audit report
 */
export function formatSarif(report: AuditReport): string {
  return `${JSON.stringify(buildSarifLog(report), null, 2)}\n`;
}
