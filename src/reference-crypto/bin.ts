#!/usr/bin/env node
/**
 * `reference-kms` executable. All behaviour is in `standalone.ts`; this file maps its result to the exit code and
 * stops the server on SIGINT/SIGTERM (exit code 0 once it has closed). The signal handlers are installed before the
 * server starts, so a signal that arrives right after the endpoint line is printed still stops it cleanly.
 */
import { startStandalone, type StandaloneServer } from './standalone.js';

let running: StandaloneServer | undefined;
let signalled: NodeJS.Signals | undefined;

function stop(server: StandaloneServer, signal: NodeJS.Signals): void {
  server.stop().then(
    () => {
      process.stdout.write(`reference-kms stopped (${signal})\n`);
      process.exitCode = 0;
    },
    (error: unknown) => {
      process.stderr.write(`reference-kms: stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

function onSignal(signal: NodeJS.Signals): void {
  if (signalled !== undefined) return;
  signalled = signal;
  if (running !== undefined) stop(running, signal);
}

process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

startStandalone(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(
  (result) => {
    if (typeof result === 'number') {
      process.exitCode = result;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      return;
    }
    running = result;
    if (signalled !== undefined) stop(result, signalled);
  },
  (error: unknown) => {
    // startStandalone() never rejects; this is the last line of defence against a stack trace.
    process.stderr.write(`reference-kms: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exitCode = 2;
  },
);
