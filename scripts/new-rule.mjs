#!/usr/bin/env node
/**
 * Scaffolds a rule: `npm run new-rule -- <rule-name> "<description>"` creates src/rules/<name>.ts,
 * test/rules/<name>.test.ts and docs/rules/<name>.md from the house templates and adds the rule to src/rules/index.ts.
 * It refuses to overwrite anything. The generated test and docs are deliberately incomplete: `npm test` fails until the
 * rule has real cases (the repo checks require docs sections, a schema description per option, and tests).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  process.stderr.write(`new-rule: ${message}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { root: { type: 'string' } } });
} catch (error) {
  fail(error.message);
}
const [name, description] = parsed.positionals;
const base = parsed.values.root ? path.resolve(parsed.values.root) : root;
if (!name || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) fail('usage: new-rule <kebab-case-name> "<description>"');
if (!description) fail('a one-line description is required (it becomes meta.docs.description)');

const camel = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const files = {
  [`src/rules/${name}.ts`]: `import { getKmsModel } from '../analysis/index.js';
import { createRule } from '../util/create-rule.js';

export type Options = [{}];
export type MessageId = 'TODO';

export default createRule<Options, MessageId>({
  name: '${name}',
  meta: {
    type: 'problem',
    docs: { description: ${JSON.stringify(description)} },
    messages: { TODO: 'TODO: say what is wrong and what KMS does about it ({{operation}}).' },
    schema: [{ type: 'object', additionalProperties: false, properties: {} }],
  },
  defaultOptions: [{}],
  create(context) {
    return {
      'Program:exit'() {
        for (const site of getKmsModel(context).callSites) {
          void site; // TODO: decide from the model, report definite answers only
        }
      },
    };
  },
});
`,
  [`test/rules/${name}.test.ts`]: `import rule from '../../src/rules/${name}.js';
import { plainJsTester, tsTester, typedTester } from '../rule-tester.js';

// TODO: at least 12 valid and 12 invalid cases across the three levels; unknown inputs are valid cases.
plainJsTester.run('${name} (plain JS)', rule, { valid: [], invalid: [] });
tsTester.run('${name} (TypeScript syntax)', rule, { valid: [], invalid: [] });
typedTester.run('${name} (typed)', rule, { valid: [], invalid: [] });
`,
  [`docs/rules/${name}.md`]: `# aws-kms/${name}

<!-- end auto-generated rule header -->

TODO: what the rule catches.

## Why

TODO: the AWS behaviour it prevents (with the error name), from ../shared/KMS-FACTS.md.

## Examples

❌ Incorrect

\`\`\`ts
\`\`\`

✅ Correct

\`\`\`ts
\`\`\`

## Options

<!-- begin auto-generated rule options list -->
<!-- end auto-generated rule options list -->

## When not to use it

TODO

## AWS references

- TODO
`,
};

for (const file of Object.keys(files)) {
  if (existsSync(path.join(base, file))) fail(`${file} already exists; nothing was written`);
}
const indexPath = path.join(base, 'src/rules/index.ts');
if (!existsSync(indexPath)) fail(`${indexPath} not found`);
const index = readFileSync(indexPath, 'utf8');
const importLine = `import ${camel} from './${name}.js';\n`;
const lastImport = index.lastIndexOf('\nimport ');
const importEnd = index.indexOf('\n', lastImport + 1) + 1;
const mapEnd = index.indexOf('\n};');
if (lastImport < 0 || mapEnd < 0) fail('src/rules/index.ts does not have the expected shape (imports, then `export const rules = { … };`)');
const updated = index.slice(0, importEnd) + importLine + index.slice(importEnd, mapEnd) + `\n  '${name}': ${camel},` + index.slice(mapEnd);

for (const [file, text] of Object.entries(files)) writeFileSync(path.join(base, file), text, { flag: 'wx' });
writeFileSync(indexPath, updated);
process.stdout.write(`created ${Object.keys(files).join(', ')}; added ${name} to src/rules/index.ts\n`);
