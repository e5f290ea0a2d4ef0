/**
 * The reference KMS's documentation is tested: the README's in-process snippet runs as written (against the built
 * package), the seed-keys example of docs/reference-crypto.md starts the standalone server, and the docs' operations
 * table names exactly the operations `ReferenceKms.operations` implements.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceKms } from '../../src/reference-crypto/index.js';
import { repoRoot, spawnReferenceKms } from './server-process.js';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const docs = fs.readFileSync(path.join(repoRoot, 'docs/reference-crypto.md'), 'utf8');

/** The first fenced code block after `marker`. */
function blockAfter(text: string, marker: string, language: string): string {
  const at = text.indexOf(marker);
  expect(at, `marker ${marker}`).toBeGreaterThanOrEqual(0);
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(text.slice(at));
  expect(match, `a ${language} block after ${marker}`).not.toBeNull();
  return match![1]!;
}

let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'reference-kms-docs-'));
});

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('README', () => {
  it('the in-process snippet runs as written, importing the built package entry', () => {
    const snippet = blockAfter(readme, '<!-- README in-process snippet', 'ts');
    const entry = pathToFileURL(path.join(repoRoot, 'dist/reference-crypto/index.js')).href;
    expect(snippet).toContain("from 'eslint-plugin-aws-kms/reference-crypto'");
    // the snippet is plain JavaScript apart from its file name; run it as an ES module where the repo's node_modules
    // (the user's dependencies: @aws-sdk/client-kms) resolve
    fs.mkdirSync(path.join(repoRoot, 'node_modules/.cache'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(repoRoot, 'node_modules/.cache/reference-kms-readme-'));
    const script = path.join(dir, 'readme-snippet.mjs');
    fs.writeFileSync(script, `${snippet.replace("'eslint-plugin-aws-kms/reference-crypto'", JSON.stringify(entry))}\nconsole.log('snippet done');\n`);
    const run = spawnSync(process.execPath, [script], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.stderr.replace(/\(node:\d+\) (Warning: )?NodeVersionSupportWarning[\s\S]*?trace-warnings[^\n]*\n/, '')).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('snippet done\n');
  });

  it('the standalone example uses the documented command and flags', () => {
    const sh = blockAfter(readme, 'Standalone, for any SDK', 'sh');
    expect(sh).toMatch(/^npx reference-kms --port 4599 --seed-keys seed-keys\.json/m);
    expect(sh).toContain('AWS_ENDPOINT_URL_KMS=http://127.0.0.1:4599');
  });
});

describe('docs/reference-crypto.md', () => {
  it('the seed-keys example starts the standalone server, and its keys are there in their Regions', async () => {
    const seed = path.join(scratch, 'seed-keys.json');
    fs.writeFileSync(seed, blockAfter(docs, '<!-- seed-keys example', 'json'));
    const entries = (JSON.parse(fs.readFileSync(seed, 'utf8')) as { keys: { Aliases: string[]; Region?: string; Description: string }[] }).keys;
    const running = await spawnReferenceKms(['--port', '0', '--seed-keys', seed]);
    try {
      expect(running.stdout().split('\n').filter((l) => l.startsWith('reference-kms seeded '))).toHaveLength(entries.length);
      for (const entry of entries) {
        const region = entry.Region ?? 'us-east-1';
        const client = new KMSClient({ endpoint: running.endpoint, region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
        try {
          const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: entry.Aliases[0] }));
          expect(KeyMetadata?.Description).toBe(entry.Description);
          expect(KeyMetadata?.Arn?.split(':')[3]).toBe(region);
        } finally {
          client.destroy();
        }
      }
    } finally {
      expect(await running.stop()).toBe(0);
    }
  });

  it('the operations table lists exactly the operations ReferenceKms implements', () => {
    const section = docs.slice(docs.indexOf('### Operations'), docs.indexOf('### Errors'));
    const documented = [...section.matchAll(/^\| ([^|]+) \|/gm)]
      .flatMap((row) => [...row[1]!.matchAll(/`([A-Z][A-Za-z]+)`/g)].map((m) => m[1]!))
      .sort();
    expect(documented).toEqual([...ReferenceKms.operations].sort());
  });
});
