/** Unit tests of the optional-peer loader: the order of the places it looks, broken copies, TypeScript 7. */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as TypeScript from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { SUPPORTED_TYPESCRIPT, checkTypeScriptSupport, getPeerBases, loadPeerFrom, loadTypeScript, loadTypeScriptParser } from '../../src/util/peers.js';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-kms-peers-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A directory holding `node_modules/fake-peer` whose index is `source`; returns a file in it to resolve from. */
function place(name: string, source: string | null): string {
  const directory = path.join(scratch, name);
  if (source !== null) {
    const pkg = path.join(directory, 'node_modules/fake-peer');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), '{ "name": "fake-peer", "version": "1.0.0", "main": "index.js" }\n');
    fs.writeFileSync(path.join(pkg, 'index.js'), source);
  } else {
    fs.mkdirSync(directory, { recursive: true });
  }
  return path.join(directory, 'index.js');
}

describe('loadPeerFrom', () => {
  const first = place('first', "exports.where = 'first';\n");
  const second = place('second', "exports.where = 'second';\n");
  const broken = place('broken', "throw new Error('this copy refuses to load\\nsecond line');\n");
  const empty = place('empty', null);

  it('takes the first place where the package resolves', () => {
    const load = loadPeerFrom<{ where: string }>('fake-peer', [first, second]);
    expect(load).toMatchObject({ ok: true, module: { where: 'first' } });
    expect(load.ok && load.file).toBe(path.join(scratch, 'first/node_modules/fake-peer/index.js'));
  });

  it('goes on past a place without it (the plugin in npx’s cache) to the next (the project)', () => {
    expect(loadPeerFrom<{ where: string }>('fake-peer', [empty, second])).toMatchObject({ ok: true, module: { where: 'second' } });
  });

  it('goes on past a copy that throws while loading, and reports that copy’s first line when no copy loads', () => {
    expect(loadPeerFrom<{ where: string }>('fake-peer', [broken, second])).toMatchObject({ ok: true, module: { where: 'second' } });
    expect(loadPeerFrom('fake-peer', [broken, empty])).toEqual({ ok: false, error: 'this copy refuses to load' });
  });

  it('found nowhere: no error to report', () => {
    expect(loadPeerFrom('fake-peer', [empty])).toEqual({ ok: false, error: null });
  });

  it('looks next to the plugin first, then in the given directory', () => {
    const bases = getPeerBases('/some/project');
    expect(bases).toHaveLength(2);
    expect(bases[0]).toMatch(/^file:.*\/util\/peers\.(?:ts|js)$/u);
    expect(path.dirname(bases[1]!)).toBe(path.resolve('/some/project'));
  });
});

describe('loadTypeScript', () => {
  it('is the typescript that the loaded @typescript-eslint/parser uses', () => {
    const parser = loadTypeScriptParser();
    expect(parser.ok).toBe(true);
    const parsersTypeScript = createRequire(createRequire(parser.ok ? parser.file : '').resolve('@typescript-eslint/typescript-estree'))('typescript') as { version: string };
    const load = loadTypeScript();
    expect(load.ok).toBe(true);
    expect(load.ok && load.module).toBe(parsersTypeScript);
  });

  it('refuses a TypeScript without the compiler API, naming its version (TypeScript 7 exports only its version)', () => {
    const typescript7 = { version: '7.0.2', versionMajorMinor: '7.0' } as unknown as typeof TypeScript;
    expect(checkTypeScriptSupport({ module: typescript7, file: '/p/node_modules/typescript/lib/version.cjs' })).toEqual({
      ok: false,
      unsupported: '7.0.2',
      error: 'TypeScript 7.0.2 has no compiler API that typescript-eslint can use (it supports TypeScript >=4.8.4 <6.1.0)',
    });
    const real = loadTypeScript();
    expect(real.ok && checkTypeScriptSupport(real)).toEqual(real);
  });
});

describe('SUPPORTED_TYPESCRIPT', () => {
  it('is the plugin’s typescript peer range and the one typescript-eslint 8 (its typescript-estree) declares', () => {
    const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { peerDependencies: Record<string, string> };
    const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
    expect(read(path.join(repoRoot, 'package.json')).peerDependencies.typescript).toBe(SUPPORTED_TYPESCRIPT);
    const estree = createRequire(path.join(repoRoot, 'package.json')).resolve('@typescript-eslint/typescript-estree/package.json');
    expect(read(estree).peerDependencies.typescript).toBe(SUPPORTED_TYPESCRIPT);
  });
});
