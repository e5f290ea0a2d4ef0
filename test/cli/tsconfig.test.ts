/** Unit tests of the typed/untyped split: nearest including tsconfig per file, unusable tsconfigs, notes. */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planTypeInformation } from '../../src/cli/tsconfig.js';
import { createProject, removeProject } from './temp-project.js';

const projects: string[] = [];
afterAll(() => {
  for (const directory of projects) removeProject(directory);
});

function project(files: Record<string, string>): string {
  const directory = createProject(files);
  projects.push(directory);
  return directory;
}

const tsconfig = (include: string[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [], ...extra }, include });

describe('planTypeInformation', () => {
  it('types each file with the nearest tsconfig that includes it, walking up past one that does not', async () => {
    const root = project({
      'tsconfig.json': tsconfig(['packages/*/test']),
      'packages/a/tsconfig.json': tsconfig(['src']),
      'packages/a/src/index.ts': 'export const a = 1;\n',
      'packages/a/test/index.test.ts': 'export const t = 1;\n',
      'packages/a/scripts/seed.ts': 'export const s = 1;\n',
      'packages/a/src/legacy.js': 'export const l = 1;\n',
    });
    const files = ['packages/a/src/index.ts', 'packages/a/test/index.test.ts', 'packages/a/scripts/seed.ts', 'packages/a/src/legacy.js'].map((file) => path.join(root, file));
    const plan = await planTypeInformation(files, [{ given: '.', absolute: root }], (file) => path.relative(root, file));
    expect(plan.typed.map((group) => [path.relative(root, group.tsconfig), group.files.map((file) => path.relative(root, file))])).toEqual([
      ['packages/a/tsconfig.json', ['packages/a/src/index.ts']],
      ['tsconfig.json', ['packages/a/test/index.test.ts']],
    ]);
    // legacy.js: no allowJs, so not in the program; seed.ts: outside every include.
    expect(plan.untyped.map((file) => path.relative(root, file))).toEqual(['packages/a/scripts/seed.ts', 'packages/a/src/legacy.js']);
    expect(plan.notes).toEqual([
      '1 TypeScript file is not included by any tsconfig.json above it (e.g. packages/a/scripts/seed.ts): linted without type information',
    ]);
  });

  it('says once per path when there is no tsconfig at all', async () => {
    const root = project({ 'a/x.js': '', 'b/y.ts': '' });
    const targets = ['a', 'b'].map((given) => ({ given, absolute: path.join(root, given) }));
    const plan = await planTypeInformation([path.join(root, 'a/x.js'), path.join(root, 'b/y.ts')], targets, (file) => file);
    expect(plan.typed).toEqual([]);
    expect(plan.notes).toEqual([
      'no tsconfig.json found at or above a: linting without type information (encryption contexts are still compared across files; imported keys, clients and constants are not resolved)',
      'no tsconfig.json found at or above b: linting without type information (encryption contexts are still compared across files; imported keys, clients and constants are not resolved)',
    ]);
  });

  it('skips a tsconfig that cannot be parsed, and summarises when many cannot', async () => {
    const files: Record<string, string> = {};
    for (const name of ['p1', 'p2', 'p3', 'p4']) {
      files[`${name}/tsconfig.json`] = JSON.stringify({ extends: 'shared-config/base.json', include: ['.'] });
      files[`${name}/index.ts`] = 'export {};\n';
    }
    files['ok/tsconfig.json'] = '{ "include": [ "." ], }'; // trailing comma: tsc accepts it
    files['ok/index.ts'] = 'export {};\n';
    files['bad/tsconfig.json'] = '{ "compilerOptions": { "target": "ES1999" }, "include": ["."] }';
    files['bad/index.ts'] = 'export {};\n';
    const root = project(files);
    const display = (file: string): string => path.relative(root, file);

    const one = await planTypeInformation([path.join(root, 'bad/index.ts'), path.join(root, 'ok/index.ts')], [{ given: '.', absolute: root }], display);
    expect(one.typed.map((group) => display(group.tsconfig))).toEqual(['ok/tsconfig.json']);
    expect(one.untyped.map(display)).toEqual(['bad/index.ts']);
    expect(one.notes).toEqual([expect.stringMatching(/^cannot use bad\/tsconfig\.json \(line 1, column 34: Argument for '--target' option must be: .*\): its files are linted without type information$/u)]);

    const many = await planTypeInformation(['p1', 'p2', 'p3', 'p4'].map((name) => path.join(root, name, 'index.ts')), [{ given: '.', absolute: root }], display);
    expect(many.typed).toEqual([]);
    expect(many.notes).toEqual([
      "cannot use 4 tsconfig.json files (e.g. p1/tsconfig.json: line 1, column 12: File 'shared-config/base.json' not found.): their files are linted without type information",
    ]);
  });

  it('says where the files of an unusable tsconfig went: to the program of a tsconfig above that includes them, or untyped', async () => {
    const root = project({
      'tsconfig.json': tsconfig(['packages']),
      'packages/syntax/tsconfig.json': '{ "compilerOptions": { "strict": true, }, "include": [".", }',
      'packages/syntax/index.ts': 'export {};\n',
      'packages/extends/tsconfig.json': JSON.stringify({ extends: './missing-base.json', include: ['.'] }),
      'packages/extends/index.ts': 'export {};\n',
      'packages/extends/scripts/run.ts': 'export {};\n',
      'packages/excluded/tsconfig.json': tsconfig(['src']),
      'packages/excluded/index.ts': 'export {};\n',
      'tools/tsconfig.json': JSON.stringify({ extends: './missing-base.json', include: ['.'] }),
      'tools/build.ts': 'export {};\n',
    });
    const display = (file: string): string => path.relative(root, file);
    const files = ['packages/syntax/index.ts', 'packages/extends/index.ts', 'packages/extends/scripts/run.ts', 'packages/excluded/index.ts', 'tools/build.ts'].map((file) => path.join(root, file));
    const plan = await planTypeInformation(files, [{ given: '.', absolute: root }], display);
    // The root tsconfig includes packages/ (so the files under the broken ones) but not tools/.
    expect(plan.typed.map((group) => [display(group.tsconfig), group.files.map(display)])).toEqual([
      ['tsconfig.json', ['packages/syntax/index.ts', 'packages/extends/index.ts', 'packages/extends/scripts/run.ts', 'packages/excluded/index.ts']],
    ]);
    expect(plan.untyped.map(display)).toEqual(['tools/build.ts']);
    expect(plan.notes).toEqual([
      "cannot use packages/syntax/tsconfig.json (line 1, column 60: Expression or comma expected.): its file is linted with the program of tsconfig.json instead",
      expect.stringMatching(/^cannot use packages\/extends\/tsconfig\.json \(.*missing-base\.json.*\): its 2 files are linted with the program of tsconfig\.json instead$/u),
      expect.stringMatching(/^cannot use tools\/tsconfig\.json \(.*missing-base\.json.*\): its files are linted without type information$/u),
    ]);
  });

  it('summarises many unusable tsconfigs with where their files went', async () => {
    const files: Record<string, string> = { 'tsconfig.json': tsconfig(['p1', 'p2', 'p3']) };
    for (const name of ['p1', 'p2', 'p3', 'p4']) {
      files[`${name}/tsconfig.json`] = JSON.stringify({ extends: 'shared-config/base.json', include: ['.'] });
      files[`${name}/index.ts`] = 'export {};\n';
    }
    const root = project(files);
    const plan = await planTypeInformation(['p1', 'p2', 'p3', 'p4'].map((name) => path.join(root, name, 'index.ts')), [{ given: '.', absolute: root }], (file) => path.relative(root, file));
    expect(plan.typed.map((group) => group.files.length)).toEqual([3]);
    expect(plan.notes).toEqual([
      "cannot use 4 tsconfig.json files (e.g. p1/tsconfig.json: line 1, column 12: File 'shared-config/base.json' not found.): 3 of their files are linted with the program of a tsconfig.json above them, 1 without type information",
    ]);
  });

  it('places an error in a config that a tsconfig extends by that file, relative to the tsconfig', async () => {
    const root = project({
      'app/tsconfig.json': JSON.stringify({ extends: '../shared/base.json', include: ['.'] }),
      'app/index.ts': 'export {};\n',
      'shared/base.json': '{\n  "compilerOptions": { "module": "amd3" }\n}\n',
    });
    const display = (file: string): string => path.relative(root, file);
    const plan = await planTypeInformation([path.join(root, 'app/index.ts')], [{ given: '.', absolute: root }], display);
    expect(plan.typed).toEqual([]);
    expect(plan.notes).toEqual([
      expect.stringMatching(/^cannot use app\/tsconfig\.json \(\.\.\/shared\/base\.json line 2, column 34: Argument for '--module' option must be: .*\): its files are linted without type information$/u),
    ]);
  });
});

describe('planTypeInformation with a TypeScript that has no compiler API (TypeScript 7)', () => {
  const typescript7 = { ok: false, unsupported: '7.0.2', error: 'TypeScript 7.0.2 has no compiler API' } as const;

  it('refuses TypeScript files with one line that names the version, the supported range and a way out', async () => {
    const root = project({ 'tsconfig.json': tsconfig(['src']), 'src/a.js': 'export {};\n', 'src/b.ts': 'export {};\n' });
    const files = [path.join(root, 'src/a.js'), path.join(root, 'src/b.ts')];
    const planned = planTypeInformation(files, [{ given: '.', absolute: root }], (file) => path.relative(root, file), typescript7);
    await expect(planned).rejects.toMatchObject({
      name: 'UsageError',
      message: expect.stringMatching(/^TypeScript 7\.0\.2 is installed, which typescript-eslint cannot parse src\/b\.ts with \(it supports TypeScript >=4\.8\.4 <6\.1\.0\): .*--package typescript@~6\.0\.0 /u),
    });
  });

  it('lints JavaScript files without type information, with a note saying why', async () => {
    const root = project({ 'tsconfig.json': tsconfig(['src'], { allowJs: true }), 'src/a.js': 'export {};\n' });
    const plan = await planTypeInformation([path.join(root, 'src/a.js')], [{ given: '.', absolute: root }], (file) => path.relative(root, file), typescript7);
    expect(plan.typed).toEqual([]);
    expect(plan.untyped).toEqual([path.join(root, 'src/a.js')]);
    expect(plan.notes).toEqual([expect.stringMatching(/^TypeScript 7\.0\.2 has no compiler API that typescript-eslint supports \(>=4\.8\.4 <6\.1\.0\): linting without type information/u)]);
  });
});
