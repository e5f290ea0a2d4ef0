import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Both cores of a CI machine like ours (vitest would otherwise leave one idle): the suite is CPU-bound.
    maxWorkers: 2,
  },
});
