/**
 * The demo input lights up exactly as `fixtures/sample-service/EXPECTED.md` says — for every rule the plugin has
 * today: each intended finding is reported, and nothing else is (no more, no fewer). Rules of the catalogue that are
 * not implemented yet are skipped by name, not by test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/sample-service');

/** `file:line rule` strings from the "Intended findings" tables of EXPECTED.md. */
function readExpected(): string[] {
  const text = readFileSync(path.join(root, 'EXPECTED.md'), 'utf8');
  const intended = text.slice(text.indexOf('## Intended findings'), text.indexOf('## Must not be flagged'));
  const rows: string[] = [];
  for (const line of intended.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|\s*(\d+)\s*\|\s*`([^`]+)`\s*\|/.exec(line);
    if (match) rows.push(`${match[1]}:${match[2]} ${match[3]}`);
  }
  return rows;
}

describe('fixtures/sample-service', () => {
  it('reports exactly the findings EXPECTED.md lists for the implemented rules (typed)', async () => {
    const implemented = new Set(Object.keys(plugin.rules));
    const expected = readExpected();
    expect(expected.length).toBeGreaterThan(20);
    // Every rule of the catalogue has landed: a row naming a rule the plugin lacks is a typo or a lost rule.
    expect([...new Set(expected.map((row) => row.split(' ')[1]!))].filter((name) => !implemented.has(name))).toEqual([]);
    const eslint = new ESLint({
      cwd: root,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts', '**/*.js'],
          plugins: { 'aws-kms': plugin as never },
          languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: root } },
          rules: Object.fromEntries([...implemented].map((name) => [`aws-kms/${name}`, 'error'])),
        },
      ],
    });
    const results = await eslint.lintFiles(['src']);
    const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal).map((message) => `${result.filePath}: ${message.message}`));
    expect(fatal).toEqual([]);
    const actual = results
      .flatMap((result) =>
        result.messages.map((message) => `${path.relative(root, result.filePath)}:${message.line} ${message.ruleId?.replace('aws-kms/', '')}`),
      )
      .sort();
    const wanted = expected.filter((row) => implemented.has(row.split(' ')[1]!)).sort();
    expect(actual).toEqual(wanted);
  });
});
