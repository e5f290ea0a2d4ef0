/**
 * Report places for rules whose findings are character ranges (possibly of other files' sites): one report per
 * messageId and range, and other places written as `src/store.ts:42` relative to ESLint's working directory.
 */
import path from 'node:path';
import type { TSESLint } from './ts-eslint.js';
import type { SourcePlace, SourceRange } from '../analysis/index.js';

/** Reports ranges of the linted file, each messageId once per range. `file` is how the analysis spells the linted file. */
export class RangeReporter<MessageId extends string> {
  private readonly reported = new Set<string>();

  constructor(
    private readonly context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>,
    private readonly file: string,
  ) {}

  /** Reports `range` (character offsets in the linted file) unless the same messageId was reported there already. */
  report(range: SourceRange, messageId: MessageId, data: Readonly<Record<string, string>>, suggest: TSESLint.SuggestionReportDescriptor<MessageId>[] = []): void {
    const id = `${messageId}:${range[0]}:${range[1]}`;
    if (this.reported.has(id)) return;
    this.reported.add(id);
    const sourceCode = this.context.sourceCode;
    this.context.report({ loc: { start: sourceCode.getLocFromIndex(range[0]), end: sourceCode.getLocFromIndex(range[1]) }, messageId, data, suggest });
  }

  /** `src/store.ts:42`: the place's file relative to ESLint's working directory, with `/` separators. */
  formatPlace(place: SourcePlace): string {
    const file = place.file === this.file ? this.context.filename : place.file;
    const relative = path.relative(this.context.cwd, file) || path.basename(file);
    return `${relative.replaceAll('\\', '/')}:${place.line}`;
  }
}
