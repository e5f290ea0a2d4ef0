#!/usr/bin/env node
/**
 * `reference-kms` executable. All behaviour is in `standalone.ts`; this file maps its result to the exit code and
 * stops the server on SIGINT/SIGTERM (exit code 0 once it has closed).
 */
import { startStandalone } from './standalone.js';

startStandalone(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(
  (result) => {
    if (typeof result === 'number') {
      process.exitCode = result;
      return;
    }
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      result.stop().then(
        () => {
          process.stdout.write(`reference-kms stopped (${signal})\n`);
          process.exitCode = 0;
        },
        (error: unknown) => {
          process.stderr.write(`reference-kms: stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exitCode = 1;
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: unknown) => {
    // startStandalone() never rejects; this is the last line of defence against a stack trace.
    process.stderr.write(`reference-kms: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exitCode = 2;
  },
);
