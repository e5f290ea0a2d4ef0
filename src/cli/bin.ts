#!/usr/bin/env node
/**
 * `kms-audit` executable. All behaviour is in `main.ts`; this file only maps its result to the process exit code.
 * The exit code is set (not forced with `process.exit`) so a large report on a pipe is flushed completely.
 */
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // main() never rejects; this is the last line of defence against a stack trace.
    process.stderr.write(`kms-audit: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exitCode = 2;
  },
);
