/**
 * The published type declarations as a user's `eslint.config.ts` sees them: `tsc` type-checks
 * fixtures/consumer-types (the import names the package, which resolves through its own `exports` to
 * dist/index.d.ts, with `skipLibCheck` off so the declarations themselves are checked too). The config file must
 * compile with typescript-eslint's `tseslint.config`, ESLint's `defineConfig` and as a `Linter.Config[]`; the misuse file must fail on exactly
 * its two wrong lines, so the plugin's types are real types, not `any`. The README says the declarations need
 * TypeScript 5.6 or later; this runs the development TypeScript.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('the published type declarations in an eslint.config.ts', () => {
  it('type-check next to typescript-eslint and defineConfig, and catch a misuse', async () => {
    const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
    const outcome = await execFileAsync(process.execPath, [tsc, '-p', 'fixtures/consumer-types/tsconfig.json', '--pretty', 'false'], { cwd: repoRoot }).then(
      (done) => ({ code: 0, stdout: done.stdout }),
      (failed: { code?: number; stdout?: string }) => ({ code: failed.code ?? -1, stdout: failed.stdout ?? '' }),
    );
    const errors = outcome.stdout.split('\n').filter((line) => line.includes('error TS'));
    expect(errors.map((line) => line.replace(/: error (TS\d+):.*/u, ' $1'))).toEqual([
      'fixtures/consumer-types/misuse.ts(4,14) TS2322',
      'fixtures/consumer-types/misuse.ts(5,14) TS2322',
    ]);
    expect(outcome.code).toBe(2);
  }, 60_000);
});
