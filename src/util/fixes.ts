/**
 * Fix and suggestion builders shared by rules: each turns an edit place the analysis found into the text ESLint
 * applies. They only build text; whether an edit is offered (fix or suggestion) stays the rule's decision.
 */
import type { TSESLint, TSESTree } from './ts-eslint.js';
import type { ContextEntry, ContextInsertion } from '../analysis/index.js';

/**
 * The edit that puts `member: value` where a context is missing or empty (see {@link ContextInsertion}): a new options
 * argument `{ member: value }`, a new last member of the request object, or `value` in place of an empty `{}`.
 */
export function getContextInsertionFix(insertion: ContextInsertion, member: string, value: string): TSESLint.ReportFixFunction {
  switch (insertion.kind) {
    case 'add-options':
      return (fixer) => fixer.insertTextAfter(insertion.after, `, { ${member}: ${value} }`);
    case 'replace-value':
      return (fixer) => fixer.replaceText(insertion.value, value);
    case 'add-member': {
      const object = insertion.object;
      const last = object.properties[object.properties.length - 1];
      return (fixer) => (last ? fixer.insertTextAfter(last, `, ${member}: ${value}`) : fixer.replaceText(object, `{ ${member}: ${value} }`));
    }
  }
}

/**
 * The edit that inserts `member: true` right after `property`, on its own line with the same indentation when the
 * property starts a line, so an existing trailing comma stays valid.
 */
export function getInsertTrueMemberFix(sourceCode: Readonly<TSESLint.SourceCode>, property: TSESTree.Property, member: string): TSESLint.ReportFixFunction {
  const lineStart = sourceCode.getIndexFromLoc({ line: property.loc.start.line, column: 0 });
  const before = sourceCode.text.slice(lineStart, property.range[0]);
  const text = /^\s*$/.test(before) ? `,\n${before}${member}: true` : `, ${member}: true`;
  return (fixer) => fixer.insertTextAfter(property, text);
}

/** The edit that replaces `property` (`member: false`, or a shorthand holding `false`) with `member: true`. */
export function getReplaceWithTrueMemberFix(property: TSESTree.Property, member: string): TSESLint.ReportFixFunction {
  return (fixer) => fixer.replaceText(property, `${member}: true`);
}

/**
 * The edit that renames an encryption-context key to `expected`, keeping the key's form (bare, quoted with the same
 * quote, or a shorthand turned into `expected: name`); `undefined` for a computed key, which names a constant elsewhere.
 */
export function getRenameContextKeyFix(entry: ContextEntry, expected: string): TSESLint.ReportFixFunction | undefined {
  let text: string;
  switch (entry.keyForm) {
    case 'identifier':
    case 'string':
      text = formatKey(expected, entry.quote);
      break;
    case 'shorthand':
      text = `${formatKey(expected, undefined)}: ${entry.name}`;
      break;
    default:
      return undefined;
  }
  const range = entry.key.range;
  return (fixer) => fixer.replaceTextRange([range[0], range[1]], text);
}

/** A property key for `name`: bare when it is an identifier, otherwise quoted (with the original quote when known). */
function formatKey(name: string, quote: string | undefined): string {
  if (quote === undefined && /^[A-Za-z_$][\w$]*$/.test(name)) return name;
  const q = quote ?? "'";
  return `${q}${name.replaceAll('\\', '\\\\').replaceAll(q, `\\${q}`)}${q}`;
}
