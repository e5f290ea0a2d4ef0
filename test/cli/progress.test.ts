/**
 * The progress display: drawn only on a terminal outside CI, and naming the slow phase — TypeScript building a
 * tsconfig's program before the first file of a typed group is linted — instead of sitting at 0/N.
 */
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { shouldShowProgress } from '../../src/cli/progress.js';
import { TYPED_PROJECT, createProject, removeProject } from './temp-project.js';

const projects: string[] = [];
afterAll(() => {
  for (const directory of projects) removeProject(directory);
});

describe('shouldShowProgress', () => {
  it('is on for a terminal only, off with --quiet or CI set', () => {
    expect(shouldShowProgress({ isTTY: true }, false, {})).toBe(true);
    expect(shouldShowProgress({ isTTY: false }, false, {})).toBe(false);
    expect(shouldShowProgress({}, false, {})).toBe(false);
    expect(shouldShowProgress({ isTTY: true }, true, {})).toBe(false);
    expect(shouldShowProgress({ isTTY: true }, false, { CI: 'true' })).toBe(false);
    expect(shouldShowProgress({ isTTY: true }, false, { CI: '' })).toBe(true);
  });
});

describe('progress phases', { timeout: 180_000 }, () => {
  async function run(env: NodeJS.ProcessEnv): Promise<string> {
    const directory = createProject(TYPED_PROJECT);
    projects.push(directory);
    const { main } = await import('../../src/cli/main.js');
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 200 });
    await main(['--fail-on', 'never'], { stdout: new PassThrough(), stderr, cwd: directory, env });
    // Keep only what was drawn, without cursor movements and line clears.
    return String(stderr.read() ?? '').replace(/\u001B\[[0-9;?]*[A-Za-z]/gu, '\n');
  }

  it('names the TypeScript program build of the tsconfig at 0 files, then the linting', async () => {
    const drawn = await run({});
    expect(drawn).toMatch(/ 0\/\d+ files \| \d+s \| building the TypeScript program of tsconfig\.json, then linting \d+ files/u);
    expect(drawn).toMatch(/ \d+\/\d+ files \| \d+s \| linting \d+ files of tsconfig\.json/u);
  });

  it('draws nothing when CI is set', async () => {
    expect(await run({ CI: '1' })).not.toMatch(/files \|/u);
  });
});
