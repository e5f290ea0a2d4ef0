/**
 * The scaffolding script (scripts/new-rule.mjs) creates a rule, its test and its docs page and registers the rule —
 * in a scratch copy of the files it touches, never in this repository.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'new-rule-'));
mkdirSync(path.join(scratch, 'src/rules'), { recursive: true });
mkdirSync(path.join(scratch, 'test/rules'), { recursive: true });
mkdirSync(path.join(scratch, 'docs/rules'), { recursive: true });
cpSync(path.join(repoRoot, 'src/rules/index.ts'), path.join(scratch, 'src/rules/index.ts'));
const script = path.join(repoRoot, 'scripts/new-rule.mjs');

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('scripts/new-rule.mjs', () => {
  it('creates the three files and registers the rule', () => {
    execFileSync(process.execPath, [script, '--root', scratch, 'no-example-thing', 'Disallow the example thing'], { encoding: 'utf8' });
    for (const file of ['src/rules/no-example-thing.ts', 'test/rules/no-example-thing.test.ts', 'docs/rules/no-example-thing.md']) {
      expect(existsSync(path.join(scratch, file)), file).toBe(true);
    }
    const index = readFileSync(path.join(scratch, 'src/rules/index.ts'), 'utf8');
    expect(index).toContain("import noExampleThing from './no-example-thing.js';");
    expect(index).toContain("'no-example-thing': noExampleThing,");
    expect(readFileSync(path.join(scratch, 'src/rules/no-example-thing.ts'), 'utf8')).toContain('"Disallow the example thing"');
  });

  it('refuses to overwrite, with one line and exit 2', () => {
    const before = readFileSync(path.join(scratch, 'src/rules/index.ts'), 'utf8');
    const run = spawnSync(process.execPath, [script, '--root', scratch, 'no-example-thing', 'again'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('already exists');
    expect(readFileSync(path.join(scratch, 'src/rules/index.ts'), 'utf8')).toBe(before);
  });

  it('rejects a bad name', () => {
    const run = spawnSync(process.execPath, [script, '--root', scratch, 'Bad_Name', 'x'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^new-rule: usage/);
  });
});
