/**
 * `kms-audit merge`: joins the JSON reports of `kms-audit --shard I/N` runs into the report one unsharded run would
 * have produced. Each shard report carries its files' records (`records` in the JSON); the merge rebuilds the
 * inventory from all of them and runs the cross-file post-pass again over every shard's context sites, so findings
 * that pair a file of one shard with a file of another appear exactly once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './files.js';
import type { RecordedFile } from './post-pass.js';
import { RECORDS_FORMAT as REPORT_RECORDS_FORMAT } from './record-format.js';
import type { Finding } from './report.js';
import type { RecordedAuditReport } from './run.js';

/**
 * Reads and merges shard reports.
 * @param reports the report files as given on the command line
 * @param cwd the directory relative paths are resolved against
 * @param version this kms-audit's version: every report must have been written by it
 * @throws UsageError for a missing, unreadable or invalid report, a report of another version, and reports that are
 *   not shards of one run (two of the same shard, different shard counts, a shard missing, a file in two reports)
 */
export async function mergeReports(reports: readonly string[], cwd: string, version: string): Promise<RecordedAuditReport> {
  const loaded = reports.map((given) => ({ given, report: readReport(given, cwd, version) }));
  checkShards(loaded);
  // Loaded once the inputs are known to be good: the post-pass needs the rules (and so ESLint's dependencies).
  const [{ compareAcrossFiles, getCallSites, getFindingKey, mergeCrossFileFindings }, { buildInventory }, { summarise }] = await Promise.all([
    import('./post-pass.js'),
    import('./inventory.js'),
    import('./report.js'),
  ]);
  const first = loaded[0]!.report;
  const owner = new Map<string, string>();
  const files: RecordedFile[] = [];
  const findings: Finding[] = [];
  const notes: string[] = [];
  let scanned = 0;
  let typed = 0;
  for (const { given, report } of loaded) {
    for (const file of report.records.files) {
      const other = owner.get(file.file);
      if (other !== undefined) throw new UsageError(`${other} and ${given} both cover ${file.file}: not shards of one run`);
      owner.set(file.file, given);
      files.push(file);
    }
    // The post-pass findings of a shard saw only that shard: recomputed below over every shard.
    const crossFile = new Set(report.records.crossFile.map(getFindingKey));
    findings.push(...report.findings.filter((finding) => !crossFile.has(getFindingKey(finding))));
    for (const note of report.notes) if (!notes.includes(note)) notes.push(note);
    scanned += report.summary.filesScanned;
    typed += report.summary.filesTyped;
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const cross = compareAcrossFiles(files, first.root, first.records.base);
  const merged = mergeCrossFileFindings(findings, cross);
  const callSites = getCallSites(files);
  const inventory = buildInventory(callSites, (file) => file);
  return {
    version: first.version,
    root: first.root,
    summary: summarise(merged.findings, inventory, { scanned, typed }, callSites.length),
    findings: merged.findings,
    inventory,
    notes,
    records: { format: REPORT_RECORDS_FORMAT, base: first.records.base, shard: null, files, crossFile: merged.added },
  };
}

function readReport(given: string, cwd: string, version: string): RecordedAuditReport {
  const absolute = path.resolve(cwd, given);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`${given}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${given} is a directory, not a JSON report`);
    throw new UsageError(`${given}: cannot read (${code ?? String(error)})`);
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new UsageError(`${given} is not JSON: write shard reports with kms-audit --format json`);
  }
  if (!isRecordedReport(report)) {
    throw new UsageError(`${given} is not a kms-audit JSON report with records (written by kms-audit --format json)`);
  }
  if (report.version !== version) {
    throw new UsageError(`${given} was written by eslint-plugin-aws-kms ${report.version}; this kms-audit is ${version}: run every shard and the merge with one version`);
  }
  if (report.records.format !== REPORT_RECORDS_FORMAT) {
    throw new UsageError(`${given} has records of format ${String(report.records.format)}; this kms-audit reads format ${REPORT_RECORDS_FORMAT}`);
  }
  return report;
}

/** A shape check of what the merge reads (the report was written by this program; this guards against other JSON). */
function isRecordedReport(value: unknown): value is RecordedAuditReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Partial<RecordedAuditReport>;
  const records = report.records as Partial<RecordedAuditReport['records']> | undefined;
  return (
    typeof report.version === 'string' &&
    typeof report.root === 'string' &&
    typeof report.summary === 'object' &&
    report.summary !== null &&
    Array.isArray(report.findings) &&
    Array.isArray(report.notes) &&
    typeof records === 'object' &&
    records !== null &&
    typeof records.base === 'string' &&
    Array.isArray(records.files) &&
    Array.isArray(records.crossFile)
  );
}

/** Reports that name a shard must be distinct shards of one N, all of them. */
function checkShards(loaded: ReadonlyArray<{ given: string; report: RecordedAuditReport }>): void {
  const sharded = loaded.filter(({ report }) => report.records.shard !== null);
  if (sharded.length === 0) return;
  if (sharded.length !== loaded.length) {
    const whole = loaded.find(({ report }) => report.records.shard === null)!;
    throw new UsageError(`${whole.given} is not a shard report (no --shard), but ${sharded[0]!.given} is: merge the reports of one sharded run`);
  }
  const total = sharded[0]!.report.records.shard!.total;
  const seen = new Map<number, string>();
  for (const { given, report } of sharded) {
    const shard = report.records.shard!;
    if (shard.total !== total) throw new UsageError(`${sharded[0]!.given} is a shard of ${total} but ${given} of ${shard.total}: merge the reports of one sharded run`);
    const other = seen.get(shard.index);
    if (other !== undefined) throw new UsageError(`${other} and ${given} are both shard ${shard.index}/${total}`);
    seen.set(shard.index, given);
  }
  const missing = Array.from({ length: total }, (_, index) => index + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new UsageError(`shard ${missing.map((index) => `${index}/${total}`).join(', ')} missing: merge the reports of every shard`);
}
