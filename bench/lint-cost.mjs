#!/usr/bin/env node
/**
 * Benchmark: what the plugin adds to an ESLint run, as ratios against a baseline measured in the same process.
 *
 * Corpus: fixtures/sample-service (or the folder given as the first argument). Configurations, each timed over
 * several interleaved rounds (median wall time):
 * - baseline: the same parser and parser options, no rules (parsing, scope analysis, and — typed — the TS program);
 * - one rule: aws-kms/require-encryption-context only;
 * - all rules: every aws-kms rule (shows that the shared per-file model makes extra rules cheap).
 * Both untyped and typed (projectService) variants. Needs `npm run build` first (imports dist/).
 * Not a test: it prints numbers, and asserts nothing.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import plugin from '../dist/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(process.argv[2] ?? path.join(repoRoot, 'fixtures/sample-service'));
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const ruleNames = Object.keys(plugin.rules).map((name) => `aws-kms/${name}`);

function makeEslint(rules, typed) {
  return new ESLint({
    cwd: corpus,
    overrideConfigFile: true,
    cache: false,
    overrideConfig: [
      {
        files: ['**/*.{js,ts}'],
        plugins: { 'aws-kms': plugin },
        languageOptions: {
          parser: tsParser,
          parserOptions: typed ? { projectService: true, tsconfigRootDir: corpus } : { ecmaVersion: 'latest', sourceType: 'module' },
        },
        rules: Object.fromEntries(rules.map((rule) => [rule, 'error'])),
      },
    ],
  });
}

async function timeOnce(rules, typed) {
  const eslint = makeEslint(rules, typed);
  const start = performance.now();
  const results = await eslint.lintFiles(['.']);
  return { ms: performance.now() - start, files: results.length };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

for (const typed of [false, true]) {
  const variants = { baseline: [], 'one rule': [], 'all rules': [] };
  const sets = { baseline: [], 'one rule': ['aws-kms/require-encryption-context'], 'all rules': ruleNames };
  let files = 0;
  await timeOnce(ruleNames, typed); // warm-up: module loading, JIT
  for (let round = 0; round < rounds; round++) {
    for (const [name, rules] of Object.entries(sets)) {
      const { ms, files: count } = await timeOnce(rules, typed);
      variants[name].push(ms);
      files = count;
    }
  }
  const base = median(variants.baseline);
  console.log(`\n${typed ? 'typed (projectService)' : 'untyped'} — ${files} files in ${path.relative(process.cwd(), corpus) || '.'}, ${rounds} rounds, median wall time`);
  for (const [name, times] of Object.entries(variants)) {
    const ms = median(times);
    console.log(`  ${name.padEnd(10)} ${ms.toFixed(0).padStart(6)} ms   ×${(ms / base).toFixed(2)} of baseline`);
  }
}
