/**
 * Checks of the repository itself (as typescript-eslint's docs and rules-index tests do): every rule is exported and
 * configured from its metadata, has a docs page whose options match its schema, and says truthfully whether it needs
 * type information.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ruleFiles = readdirSync(path.join(repoRoot, 'src/rules'))
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.replace(/\.ts$/, ''));
const rules = Object.entries(plugin.rules);

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

  it('says truthfully whether it needs type information', () => {
    const source = readFileSync(path.join(repoRoot, 'src/rules', `${name}.ts`), 'utf8');
    const asksForServices = /getParserServices\(/.test(source);
    expect(Boolean(rule.meta.docs?.requiresTypeChecking)).toBe(asksForServices);
  });

  it('uses messageIds, never raw messages, and offers suggestions only if it declares them', () => {
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    for (const id of Object.keys(rule.meta.messages)) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    const source = readFileSync(path.join(repoRoot, 'src/rules', `${name}.ts`), 'utf8');
    if (/suggest:/.test(source)) expect(rule.meta.hasSuggestions).toBe(true);
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
