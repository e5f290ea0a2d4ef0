/**
 * The audit report and its output formats: `text` (for a terminal), `json` (for tools), `markdown` (for a pull
 * request or a wiki page), `sarif` (SARIF 2.1.0, for GitHub code scanning; `sarif.ts`) and `cbom` (a CycloneDX 1.6
 * cryptography bill of materials; `cbom.ts`). Formatting functions are pure: report in, string out (the SARIF
 * fingerprints read the findings' source lines).
 */
import type { ESLint, Linter } from 'eslint';
import { SYMMETRIC_DEFAULT } from './algorithms.js';
import { type CdkKeyDefinition, type InventoryEntry, UNKNOWN_KEY } from './inventory.js';

/** One finding: a rule's report, or a file that could not be parsed (`fatal`, `ruleId: null`). */
export interface Finding {
  /** Path relative to the report root, `/`-separated. */
  readonly file: string;
  /** 1-based line and column. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number | null;
  readonly endColumn: number | null;
  readonly severity: 'error' | 'warning';
  /** `aws-kms/<rule>`, or `null` for a parse error. */
  readonly ruleId: string | null;
  readonly message: string;
  /** True when the file could not be parsed (or linted); such a file has no other findings. */
  readonly fatal: boolean;
}

/** Counts for the summary line. */
export interface Summary {
  /** Files linted (after ignores). */
  readonly filesScanned: number;
  /** Files whose ESLint run had a TypeScript program (parser services with a `program`), from any config. */
  readonly filesTyped: number;
  readonly filesUntyped: number;
  readonly errors: number;
  readonly warnings: number;
  /** Files that could not be parsed (counted in `errors` too). */
  readonly parseErrors: number;
  /** Findings per rule id (parse errors under `parse-error`), sorted by count, then name. */
  readonly byRule: Readonly<Record<string, number>>;
  /**
   * Distinct statically known keys in the inventory, each CDK key construct one key (`(unknown key)` is not a key and
   * is not counted).
   */
  readonly keys: number;
  /** Call sites in the inventory (a ReEncrypt naming two keys counts once). */
  readonly callSites: number;
}

/** Everything an audit produces. The JSON format is this object as is. */
export interface AuditReport {
  /** Version of eslint-plugin-aws-kms that produced the report. */
  readonly version: string;
  /** Absolute directory the report's paths are relative to. */
  readonly root: string;
  readonly summary: Summary;
  readonly findings: readonly Finding[];
  readonly inventory: readonly InventoryEntry[];
  /** Notes for the reader: missing or unusable tsconfigs, files linted without type information, … */
  readonly notes: readonly string[];
}

/** The output formats `--format` accepts. */
export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'cbom'] as const;
/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

/** The levels `--fail-on` accepts: exit 1 when a finding at or above the level exists; `never` always exits 0. */
export const FAIL_ON_LEVELS = ['error', 'warn', 'never'] as const;
/** One of {@link FAIL_ON_LEVELS}. */
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

/** Rule id under which parse errors are counted in the summary. */
export const PARSE_ERROR = 'parse-error';

/**
 * Turns ESLint results into findings, keeping only this plugin's rules (`aws-kms/…`) and fatal parse errors: the audit
 * is about KMS, so other rules of a `--config` file and "unused eslint-disable" notices are left out.
 * @param results ESLint's lint results
 * @param display turns an absolute path into the path shown in the report
 */
export function toFindings(results: readonly ESLint.LintResult[], display: (file: string) => string): Finding[] {
  const findings: Finding[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      if (!isAuditMessage(message)) continue;
      findings.push({
        file: display(result.filePath),
        line: message.line ?? 1,
        column: message.column ?? 1,
        endLine: message.endLine ?? null,
        endColumn: message.endColumn ?? null,
        severity: message.fatal || message.severity === 2 ? 'error' : 'warning',
        ruleId: message.fatal ? null : message.ruleId,
        message: message.message,
        fatal: message.fatal === true,
      });
    }
  }
  return findings.sort(compareFindings);
}

function isAuditMessage(message: Linter.LintMessage): boolean {
  if (message.fatal) return true;
  return typeof message.ruleId === 'string' && message.ruleId.startsWith('aws-kms/');
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId ?? '').localeCompare(b.ruleId ?? '');
}

/**
 * Computes the summary counts.
 * @param findings the findings of the run
 * @param inventory the inventory of the run
 * @param files how many files were linted, and how many of them with type information
 * @param callSites how many call sites the inventory was built from
 */
export function summarise(
  findings: readonly Finding[],
  inventory: readonly InventoryEntry[],
  files: { readonly scanned: number; readonly typed: number },
  callSites: number,
): Summary {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const rule = finding.ruleId ?? PARSE_ERROR;
    counts.set(rule, (counts.get(rule) ?? 0) + 1);
  }
  const byRule = Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  return {
    filesScanned: files.scanned,
    filesTyped: files.typed,
    filesUntyped: files.scanned - files.typed,
    errors: findings.filter((finding) => finding.severity === 'error').length,
    warnings: findings.filter((finding) => finding.severity === 'warning').length,
    parseErrors: findings.filter((finding) => finding.fatal).length,
    byRule,
    keys: inventory.filter((entry) => entry.key !== UNKNOWN_KEY).length,
    callSites,
  };
}

/**
 * The exit code for a report: 1 when a finding at or above `failOn` exists, otherwise 0.
 * @param report the audit report
 * @param failOn `error` (errors only), `warn` (errors and warnings) or `never`
 */
export function getExitCode(report: AuditReport, failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const failing = failOn === 'error' ? report.summary.errors : report.summary.errors + report.summary.warnings;
  return failing > 0 ? 1 : 0;
}

/**
 * Renders a report in one of the formats. The SARIF and CBOM writers (and the rule metadata and libraries they
 * need) are loaded only when asked for, so `--help` and the other formats do not wait for them.
 * @param report the audit report
 * @param format one of {@link FORMATS}
 */
export async function renderReport(report: AuditReport, format: Format): Promise<string> {
  if (format === 'sarif') return (await import('./sarif.js')).formatSarif(report);
  if (format === 'cbom') return (await import('./cbom.js')).formatCbom(report);
  return formatReport(report, format);
}

/**
 * Renders a report in one of the formats that need no extra library.
 * @param report the audit report
 * @param format `text`, `json` or `markdown`
 */
export function formatReport(report: AuditReport, format: Exclude<Format, 'sarif' | 'cbom'>): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'markdown':
      return formatMarkdown(report);
    default:
      return formatText(report);
  }
}

/** The report as pretty-printed JSON: `{ version, root, summary, findings, inventory, notes }`. */
export function formatJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The one-line summary: finding counts, files, and counts per rule. */
export function formatSummaryLine(summary: Summary): string {
  const problems = summary.errors + summary.warnings;
  const files = `${plural(summary.filesScanned, 'file')} (${summary.filesTyped} with type information)`;
  if (problems === 0) return `No findings in ${files}.`;
  const perRule = Object.entries(summary.byRule)
    .map(([rule, count]) => `${rule}: ${count}`)
    .join(', ');
  return `${plural(problems, 'finding')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}) in ${files} — ${perRule}`;
}

/**
 * Text: findings grouped by file (`line:col  severity  message  rule`), the summary line, then the inventory.
 * @param report the audit report
 */
export function formatText(report: AuditReport): string {
  const lines: string[] = [];
  const byFile = groupBy(report.findings, (finding) => finding.file);
  for (const [file, findings] of byFile) {
    lines.push(file);
    const positions = findings.map((finding) => `${finding.line}:${finding.column}`);
    const positionWidth = Math.max(...positions.map((position) => position.length));
    findings.forEach((finding, index) => {
      const rule = finding.ruleId ?? PARSE_ERROR;
      lines.push(`  ${positions[index]!.padEnd(positionWidth)}  ${finding.severity.padEnd(7)}  ${oneLine(finding.message)}  ${rule}`);
    });
    lines.push('');
  }
  lines.push(formatSummaryLine(report.summary), '');
  lines.push(...formatTextInventory(report.inventory, report.summary));
  return `${lines.join('\n').replace(/\n+$/u, '')}\n`;
}

/** In the text format, at most this many files per key are listed (one per line); JSON and Markdown list all. */
export const MAX_TEXT_FILES = 10;
/** In the text format, at most this many line numbers per file are listed. */
export const MAX_TEXT_LINES = 20;
/** In the text format, an operations or encryption-context line longer than this is split into one item per line. */
export const MAX_TEXT_WIDTH = 120;
/** In the text format, at most this many key expressions per key are listed (one per line). */
export const MAX_TEXT_EXPRESSIONS = 5;

function formatTextInventory(inventory: readonly InventoryEntry[], summary: Summary): string[] {
  if (inventory.length === 0) return ['Inventory: no KMS call sites found.'];
  const unknown = inventory.some((entry) => entry.key === UNKNOWN_KEY) ? ' (+ calls whose key is not static)' : '';
  const lines = [`Inventory: ${plural(summary.keys, 'key')}${unknown}, ${plural(summary.callSites, 'call site')}`];
  for (const entry of inventory) {
    lines.push(`  ${entry.key}`);
    lines.push(...wrapped('operations:', entry.operations.map(({ operation, count }) => `${operation} ×${count}`), ', '));
    if (entry.encryptionContextKeySets.length > 0) {
      lines.push(...wrapped('encryption context:', entry.encryptionContextKeySets.map((set) => `${set.label} ×${set.count} (${set.operations.join(', ')})`), '; '));
    }
    if (entry.algorithms.length > 0) {
      lines.push(...wrapped('algorithms:', entry.algorithms.map(formatAlgorithm), ', '));
    }
    if (entry.cdkKey) {
      lines.push(...labelled('rotation:', [formatRotation(entry.cdkKey)]), ...labelled('key spec:', [entry.cdkKey.keySpec ?? 'unknown']));
    }
    lines.push(...labelled('files:', capped(entry.files.map(formatFileLines), MAX_TEXT_FILES, 'file')));
    if (entry.keyExpressions.length > 0) {
      lines.push(...labelled('key expressions:', capped(entry.keyExpressions, MAX_TEXT_EXPRESSIONS, 'expression')));
    }
  }
  return lines;
}

/** `label` then the first item on one line, the other items below it, aligned with the first. */
function labelled(label: string, items: readonly string[]): string[] {
  const indent = '    ';
  const width = 'encryption context: '.length;
  return items.map((item, index) => `${indent}${(index === 0 ? label : '').padEnd(width)}${item}`);
}

/** The first `max` items, and `… and N more <noun>s` for the rest. */
function capped(items: readonly string[], max: number, noun: string): string[] {
  if (items.length <= max) return [...items];
  const rest = items.length - max;
  return [...items.slice(0, max), `… and ${plural(rest, `more ${noun}`)}`];
}

/** A CDK key's automatic rotation: `on`, `on (every 180 days)`, `off` or `unknown`. */
function formatRotation(definition: CdkKeyDefinition): string {
  return definition.rotationPeriodDays === null ? definition.rotation : `${definition.rotation} (every ${definition.rotationPeriodDays} days)`;
}

/** `RSAES_OAEP_SHA_256 ×2 (Decrypt, Encrypt)`; SYMMETRIC_DEFAULT is named with what it is (AES-256-GCM). */
function formatAlgorithm(use: InventoryEntry['algorithms'][number]): string {
  const name = use.algorithm === SYMMETRIC_DEFAULT ? `${SYMMETRIC_DEFAULT} (AES-256-GCM)` : use.algorithm;
  return `${name} ×${use.count} (${use.operations.join(', ')})`;
}

function formatFileLines({ file, lines }: InventoryEntry['files'][number]): string {
  const shown = lines.slice(0, MAX_TEXT_LINES).join(',');
  return lines.length > MAX_TEXT_LINES ? `${file}:${shown} (+${lines.length - MAX_TEXT_LINES} more lines)` : `${file}:${shown}`;
}

/**
 * `label` and the items joined by `separator` on one line when that fits in {@link MAX_TEXT_WIDTH} characters;
 * otherwise one item per line (nothing is dropped).
 */
function wrapped(label: string, items: readonly string[], separator: string): string[] {
  const single = labelled(label, [items.join(separator)]);
  return single[0]!.length <= MAX_TEXT_WIDTH ? single : labelled(label, items);
}

/**
 * Markdown: a summary, a findings table, findings per rule, an inventory table and the notes.
 * @param report the audit report
 */
export function formatMarkdown(report: AuditReport): string {
  const { summary } = report;
  const out: string[] = ['# kms-audit report', ''];
  out.push(`${escapeCell(formatSummaryLine(summary))}`, '');
  out.push('## Findings', '');
  if (report.findings.length === 0) {
    out.push('None.', '');
  } else {
    out.push('| File | Line | Severity | Rule | Message |', '| --- | --- | --- | --- | --- |');
    for (const finding of report.findings) {
      out.push(
        `| ${code(finding.file)} | ${finding.line}:${finding.column} | ${finding.severity} | ${code(finding.ruleId ?? PARSE_ERROR)} | ${escapeCell(finding.message)} |`,
      );
    }
    out.push('', '| Rule | Findings |', '| --- | ---: |');
    for (const [rule, count] of Object.entries(summary.byRule)) out.push(`| ${code(rule)} | ${count} |`);
    out.push('');
  }
  out.push('## Inventory', '');
  if (report.inventory.length === 0) {
    out.push('No KMS call sites found.', '');
  } else {
    out.push('| Key | Operations | Encryption context key sets | Algorithms | Files |', '| --- | --- | --- | --- | --- |');
    for (const entry of report.inventory) {
      const expressions = entry.keyExpressions.length > 0 ? `<br>key expressions:<br>${entry.keyExpressions.map(code).join('<br>')}` : '';
      const definition = entry.cdkKey ? `<br>rotation: ${escapeCell(formatRotation(entry.cdkKey))}<br>key spec: ${escapeCell(entry.cdkKey.keySpec ?? 'unknown')}` : '';
      const key = `${code(entry.key)}${expressions}${definition}`;
      const algorithms = entry.algorithms.length === 0 ? '—' : entry.algorithms.map((use) => escapeCell(formatAlgorithm(use))).join('<br>');
      const operations = entry.operations.map(({ operation, count }) => `${escapeCell(operation)} ×${count}`).join('<br>');
      const contexts =
        entry.encryptionContextKeySets.length === 0
          ? '—'
          : entry.encryptionContextKeySets.map((set) => `${code(set.label)} ×${set.count} (${escapeCell(set.operations.join(', '))})`).join('<br>');
      const files = entry.files.map(({ file, lines }) => `${code(file)}: ${lines.join(', ')}`).join('<br>');
      out.push(`| ${key} | ${operations} | ${contexts} | ${algorithms} | ${files} |`);
    }
    out.push('');
  }
  if (report.notes.length > 0) {
    out.push('## Notes', '');
    for (const note of report.notes) out.push(`- ${escapeCell(note)}`);
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/u, '')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/gu, ' ');
}

/** Escapes text for a Markdown table cell (pipes, newlines, HTML). */
function escapeCell(text: string): string {
  return oneLine(text).replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/\|/gu, '\\|');
}

/** A code span for a table cell; falls back to escaped text when the value contains a backtick. */
function code(text: string): string {
  if (text.includes('`')) return escapeCell(text);
  return `\`${oneLine(text).replace(/\|/gu, '\\|')}\``;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}
