/**
 * Runs the built `reference-kms` executable (dist/reference-crypto/bin.js, made by `npm run build`, which `npm test`
 * runs first) as a child process, for the standalone-server and boto3 tests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const referenceKmsBin = path.join(repoRoot, 'dist/reference-crypto/bin.js');

/** A spawned `reference-kms` that has printed its endpoint. */
export interface SpawnedReferenceKms {
  readonly endpoint: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout / stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Sends `signal` and resolves to the exit code (`null` if killed by a signal) once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Spawns `node dist/reference-crypto/bin.js ...args` and resolves once it prints `reference-kms listening on <url>`.
 * @throws {Error} (as a rejection) when the build is missing, the process exits first, or 20 s pass without the line.
 */
export function spawnReferenceKms(args: readonly string[], cwd = repoRoot): Promise<SpawnedReferenceKms> {
  if (!fs.existsSync(referenceKmsBin)) {
    return Promise.reject(new Error(`${referenceKmsBin} is missing: run \`npm run build\` first (npm test does)`));
  }
  const child = spawn(process.execPath, [referenceKmsBin, ...args], { cwd, stdio: 'pipe' });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`reference-kms printed no endpoint within 20 s; stdout: ${out} stderr: ${err}`));
    }, 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /^reference-kms listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (match !== null) {
        clearTimeout(timer);
        resolve({
          endpoint: match[1]!,
          child,
          stdout: () => out,
          stderr: () => err,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            return exited.finally(() => clearTimeout(killer));
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`reference-kms exited with ${code} before listening; stderr: ${err}`));
    });
  });
}
