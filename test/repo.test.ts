/**
 * Checks of the repository itself (as typescript-eslint's docs and rules-index tests do): every rule is exported and
 * configured from its metadata, has a docs page whose options match its schema, and says truthfully whether it needs
 * type information.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import awsKms from '../src/index.js';
import type { rules as ruleModules } from '../src/rules/index.js';
import { setTypeQueryRecorder } from '../src/analysis/index.js';
import { checkTypeCheckingClaim, findLayeringViolations, findTypeScriptBoundImports, measureTypeUse, type SourceFile } from './repo-checks.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ruleFiles = readdirSync(path.join(repoRoot, 'src/rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.replace(/\.ts$/, ''));
/** The plugin object with its precise types (the package declares them loosely: see `CompatibleConfig`). */
const plugin = awsKms as unknown as { rules: typeof ruleModules; configs: Record<string, TSESLint.FlatConfig.Config> };
const rules = Object.entries(plugin.rules);

/** Typed code every rule has something to say about: the runtime fixtures, with their own tsconfig. */
const typedSourcesDir = path.join(repoRoot, 'fixtures/runtime');
const typedSources: SourceFile[] = readdirSync(typedSourcesDir)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file: path.join(typedSourcesDir, file), text: readFileSync(path.join(typedSourcesDir, file), 'utf8') }));

function countTypedQueries(run: () => void): number {
  let count = 0;
  setTypeQueryRecorder(() => count++);
  try {
    run();
  } finally {
    setTypeQueryRecorder(undefined);
  }
  return count;
}

function listSources(dir: string): SourceFile[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file: path.join(dir, file), text: readFileSync(path.join(dir, file), 'utf8') }));
}

describe('rule index', () => {
  it('lists every file in src/rules, and nothing else', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual([...ruleFiles].sort());
  });
});

describe.each(rules)('%s', (name, rule) => {
  const docsPath = path.join(repoRoot, 'docs/rules', `${name}.md`);

  it('has a docs page, and its docs URL points at it', () => {
    expect(existsSync(docsPath)).toBe(true);
    expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
  });

  it('has a test file', () => {
    expect(existsSync(path.join(repoRoot, 'test/rules', `${name}.test.ts`))).toBe(true);
  });

  it('documents every option with its own heading, and describes it in the schema', () => {
    const docs = readFileSync(docsPath, 'utf8');
    const schema = (rule.meta.schema as unknown as Array<{ properties?: Record<string, { description?: string }>; additionalProperties?: boolean }>)[0];
    for (const [option, definition] of Object.entries(schema?.properties ?? {})) {
      expect(docs, `docs/rules/${name}.md lacks "### \`${option}\`"`).toContain(`### \`${option}\``);
      expect(definition.description, `${name}.${option} has no description`).toBeTruthy();
    }
    if (schema) expect(schema.additionalProperties).toBe(false);
  });

  it('has the sections every docs page needs', () => {
    const docs = readFileSync(docsPath, 'utf8');
    for (const heading of ['## Why', '## Options', '## When not to use it', '## AWS references']) expect(docs).toContain(heading);
    expect(docs).toContain('<!-- end auto-generated rule header -->');
  });

  it('says truthfully whether it needs type information (measured: typed queries on typed code, untyped linting)', () => {
    const use = measureTypeUse(rule as never, typedSources, typedSourcesDir, countTypedQueries);
    expect(checkTypeCheckingClaim(Boolean(rule.meta.docs?.requiresTypeChecking), use)).toEqual([]);
  });

  it('uses messageIds, never raw messages, and offers suggestions only if it declares them', () => {
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    for (const id of Object.keys(rule.meta.messages)) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    const source = readFileSync(path.join(repoRoot, 'src/rules', `${name}.ts`), 'utf8');
    if (/suggest:/.test(source)) expect(rule.meta.hasSuggestions).toBe(true);
  });
});

describe('layering (STYLE "One door")', () => {
  const srcDir = path.join(repoRoot, 'src');

  it('rules and the CLI import the analysis only through its facade, and no analysis module imports the facade', () => {
    expect(findLayeringViolations(srcDir, listSources(srcDir))).toEqual([]);
  });

  it('the check catches each kind of bad import', () => {
    const at = (file: string, text: string): SourceFile => ({ file: path.join(srcDir, file), text });
    const bad = [
      at('rules/some-rule.ts', "import { lookupProperty } from '../analysis/values.js';"),
      at('rules/other-rule.ts', "import { x } from '../cli/report.js';"),
      at('cli/inventory.ts', "import type { CallSite } from '../analysis/model.js';"),
      at('analysis/values.ts', "export { getKmsModel } from './index.js';"),
      at('analysis/catalog/sdk.ts', "const m = await import('../index.js');"),
    ];
    expect(findLayeringViolations(srcDir, bad)).toHaveLength(bad.length);
    const good = [
      at('rules/some-rule.ts', "import { getKmsModel } from '../analysis/index.js';\nimport { createRule } from '../util/create-rule.js';\nimport path from 'node:path';"),
      at('cli/run.ts', "import { getKmsModel } from '../analysis/index.js';"),
      at('analysis/index.ts', "export { lookupProperty } from './values.js';"),
      at('analysis/roles.ts', "import { lookupProperty } from './values.js';"),
    ];
    expect(findLayeringViolations(srcDir, good)).toEqual([]);
  });
});

describe('TypeScript stays optional (STYLE "Dependencies as a library publishes them")', () => {
  const srcDir = path.join(repoRoot, 'src');

  it('no source file imports a TypeScript-bound package at runtime', () => {
    expect(findTypeScriptBoundImports(srcDir, listSources(srcDir))).toEqual([]);
  });

  it('the check catches runtime imports and lets type-only ones pass', () => {
    const at = (file: string, text: string): SourceFile => ({ file: path.join(srcDir, file), text });
    const bad = [
      at('analysis/flow/x.ts', "import { ASTUtils, type TSESTree } from '@typescript-eslint/utils';"),
      at('cli/x.ts', "import * as parser from '@typescript-eslint/parser';"),
      at('analysis/y.ts', "import ts from 'typescript';"),
      at('index.ts', "export { ESLintUtils } from '@typescript-eslint/utils';"),
    ];
    expect(findTypeScriptBoundImports(srcDir, bad)).toHaveLength(bad.length);
    const good = [
      at('analysis/z.ts', "import type { TSESTree } from '@typescript-eslint/utils';"),
      at('analysis/w.ts', "import { type TSESLint, type TSESTree } from '@typescript-eslint/utils';"),
      at('analysis/v.ts', "import type * as ts from 'typescript';\nexport type { TSESLint } from '@typescript-eslint/utils';"),
      at('rules/r.ts', "import { AST_NODE_TYPES } from '../util/ts-eslint.js';"),
    ];
    expect(findTypeScriptBoundImports(srcDir, good)).toEqual([]);
  });
});

describe('the requiresTypeChecking check', () => {
  const probe = (requiresTypeChecking: boolean, create: (context: TSESLint.RuleContext<'none', []>) => TSESLint.RuleListener) =>
    ({ defaultOptions: [], meta: { type: 'problem', docs: { description: 'probe', requiresTypeChecking }, messages: { none: 'none' }, schema: [] }, create }) as never;

  it('fails a rule that claims no need of types but demands them', () => {
    const rule = probe(false, (context) => {
      ESLintUtils.getParserServices(context);
      return {};
    });
    const problems = checkTypeCheckingClaim(false, measureTypeUse(rule, typedSources.slice(0, 1), typedSourcesDir, countTypedQueries));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/fails/);
  });

  it('fails a rule that claims to need types but never asks the checker', () => {
    const rule = probe(true, () => ({}));
    const use = measureTypeUse(rule, typedSources.slice(0, 1), typedSourcesDir, countTypedQueries);
    expect(use.typedQueries).toBe(0);
    expect(checkTypeCheckingClaim(true, use)).toHaveLength(1);
  });

  it('counts the checker calls the analysis makes for a rule on typed code', () => {
    const use = measureTypeUse(plugin.rules['require-encryption-context'] as never, typedSources, typedSourcesDir, countTypedQueries);
    expect(use.typedQueries).toBeGreaterThan(0);
    expect(use.untypedError).toBeUndefined();
  });
});

describe('configs', () => {
  it('derive from rule metadata', () => {
    const recommended = plugin.configs.recommended.rules ?? {};
    for (const [name, rule] of rules) {
      expect(recommended[`aws-kms/${name}`]).toBe(rule.meta.docs?.recommended);
      expect(plugin.configs.strict.rules?.[`aws-kms/${name}`]).toBe('error');
      expect(plugin.configs.audit.rules?.[`aws-kms/${name}`]).toBe(rule.meta.docs?.recommended ?? 'warn');
    }
  });

  it('are named, and the type-checked variants leave project and projectService to the user', () => {
    for (const [key, config] of Object.entries(plugin.configs)) {
      if (key.startsWith('legacy-')) continue;
      expect((config as { name?: string }).name).toBe(`aws-kms/${key}`);
    }
    for (const key of ['recommended-type-checked', 'strict-type-checked'] as const) {
      const languageOptions = plugin.configs[key].languageOptions;
      expect(languageOptions?.parserOptions).toBeUndefined();
      expect((languageOptions?.parser as { meta?: { name?: string } }).meta?.name).toBe('eslint-plugin-aws-kms/typed-parser');
    }
  });
});

describe('README', () => {
  it('shows the two Quick start commands and the test command', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm test');
  });

  it('.ci/run installs from the lockfile (and boto3 for the reference KMS test) and runs npm test, nothing else hidden', () => {
    const ci = readFileSync(path.join(repoRoot, '.ci/run'), 'utf8');
    const commands = ci.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#') && !line.startsWith('set ') && !line.startsWith('cd '));
    expect(commands).toEqual(['npm ci --no-audit --no-fund', 'bash .ci/ensure-boto3', 'npm test']);
  });
});

describe('links', () => {
  it('every relative link in README.md and docs/ points at a file that exists', () => {
    const pages = ['README.md', 'docs/cli.md', 'docs/reference-crypto.md', ...readdirSync(path.join(repoRoot, 'docs/rules')).map((file) => `docs/rules/${file}`)];
    const broken: string[] = [];
    for (const page of pages) {
      if (!existsSync(path.join(repoRoot, page))) continue;
      const text = readFileSync(path.join(repoRoot, page), 'utf8');
      for (const match of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(path.resolve(path.dirname(path.join(repoRoot, page)), target))) broken.push(`${page} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('package entry points', () => {
  it('CommonJS require() returns the plugin object itself (CJS eslint.config.js, ESLint 9 eslintrc)', async () => {
    const { createRequire } = await import('node:module');
    const required = createRequire(import.meta.url)(path.join(repoRoot, 'dist/index.js')) as typeof plugin;
    expect(Object.keys(required.rules).sort()).toEqual(Object.keys(plugin.rules).sort());
    expect(required.configs['legacy-recommended']).toMatchObject({ plugins: ['aws-kms'], parser: path.join(repoRoot, 'dist/configs/legacy-parser.js') });
  });
});
