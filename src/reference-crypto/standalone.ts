/**
 * The `reference-kms` command: the loopback reference KMS as a standalone process, so any AWS SDK or the AWS CLI
 * can use it (`AWS_ENDPOINT_URL_KMS=http://127.0.0.1:4599`). Parses its flags with commander, creates the keys of a
 * seed file, starts the server, prints `reference-kms listening on <endpoint>` on stdout, and stops on SIGINT or
 * SIGTERM.
 *
 * Exit codes: 0 stopped by a signal (or `--help`), 1 the server could not listen (e.g. the port is taken), 2 a bad
 * flag or seed file. Every failure is one line on stderr (`reference-kms: <reason>`), never a stack trace.
 *
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { KmsError } from './errors.js';
import { ReferenceKms, type ReferenceKmsOptions } from './kms.js';
import { startReferenceKms, type ReferenceKmsRequestContext, type RunningReferenceKms } from './server.js';

/** Where the command writes and which directory relative paths start from; tests pass their own. */
export interface StandaloneIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
}

/**
 * One entry of a seed-keys file: a `CreateKey` request as the KMS API Reference spells it (`Description`,
 * `KeySpec`, `KeyUsage`, `MultiRegion`, `Origin`, `Tags`, …), plus two members of the seed format itself:
 * `Aliases` (alias names to point at the new key, each starting `alias/`) and `Region` (where to create it; the
 * server's `--region` when absent).
 */
export interface SeedKey {
  readonly Aliases?: readonly string[];
  readonly Region?: string;
  readonly [createKeyMember: string]: unknown;
}

/** A seed-keys file: `{ "keys": [SeedKey, …] }`. */
export interface SeedKeysFile {
  readonly keys: readonly SeedKey[];
}

/** A seeded key as created: its ARN and the aliases that now point at it. */
export interface SeededKey {
  readonly arn: string;
  readonly aliases: readonly string[];
}

/** A running standalone server: the server itself, the seeded keys, and `stop()` (what the signals call). */
export interface StandaloneServer {
  readonly server: RunningReferenceKms;
  readonly seeded: readonly SeededKey[];
  stop(): Promise<void>;
}

/** A bad flag or seed file: exit code 2. */
class UsageError extends Error {}

interface StandaloneOptions {
  readonly port: number;
  readonly seedKeys?: string;
  readonly requestsPerSecond?: number;
  readonly asymmetricRequestsPerSecond?: number;
  readonly region: string;
  readonly accountId: string;
}

/**
 * Runs `reference-kms` with `argv` (without `node` and the script path). Resolves to the exit code for `--help`
 * and for failures, and to a {@link StandaloneServer} once it is listening; never throws, never exits the process,
 * installs no signal handlers (bin.ts does).
 *
 * @param argv e.g. `['--port', '0', '--seed-keys', 'keys.json']`.
 * @param io the streams and working directory to use.
 */
export async function startStandalone(argv: readonly string[], io: StandaloneIo): Promise<number | StandaloneServer> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      return fail(io, error.message.replace(/^error: /u, ''), 2);
    }
    return fail(io, describe(error), 2);
  }
  const options = program.opts<StandaloneOptions>();
  let kms: ReferenceKms;
  let seeded: SeededKey[];
  try {
    const kmsOptions: ReferenceKmsOptions = {
      region: options.region,
      accountId: options.accountId,
      ...(options.requestsPerSecond === undefined ? {} : { requestsPerSecond: options.requestsPerSecond }),
      ...(options.asymmetricRequestsPerSecond === undefined ? {} : { asymmetricRequestsPerSecond: options.asymmetricRequestsPerSecond }),
    };
    kms = new ReferenceKms(kmsOptions);
    seeded = options.seedKeys === undefined ? [] : seedKeys(kms, readSeedFile(path.resolve(io.cwd, options.seedKeys), options.seedKeys), options.seedKeys);
  } catch (error) {
    return fail(io, describe(error), 2);
  }
  let server: RunningReferenceKms;
  try {
    server = await startReferenceKms({ kms, port: options.port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${options.port} is already in use` : describe(error);
    return fail(io, `cannot listen on 127.0.0.1:${options.port}: ${reason}`, 1);
  }
  for (const key of seeded) io.stdout.write(`reference-kms seeded ${key.arn}${key.aliases.map((a) => ` ${a}`).join('')}\n`);
  io.stdout.write(`reference-kms listening on ${server.endpoint}\n`);
  return { server, seeded, stop: () => server.close() };
}

function createProgram(io: StandaloneIo): Command {
  return new Command()
    .name('reference-kms')
    .description(
      'Serve the reference AWS KMS (in memory, 127.0.0.1 only) to any AWS SDK or the AWS CLI.\n' +
        'Point the SDK at the printed endpoint, e.g. AWS_ENDPOINT_URL_KMS=http://127.0.0.1:4599; any credentials work.\n' +
        'A test and demo tool, never a key store: keys live in memory and are gone when it stops.',
    )
    .addOption(new Option('-p, --port <port>', 'TCP port on 127.0.0.1; 0 picks a free one').default(4599).argParser(parsePort))
    .addOption(new Option('--seed-keys <file>', 'create the keys and aliases of this JSON file at start (see docs/reference-crypto.md)'))
    .addOption(
      new Option('--requests-per-second <n>', 'simulate the shared KMS request quota: at most <n> cryptographic requests per second per account and Region').argParser(
        parsePositiveInteger,
      ),
    )
    .addOption(
      new Option(
        '--asymmetric-requests-per-second <n>',
        'the separate RSA/ECC quota (Sign, Verify, GetPublicKey, RSA Encrypt/Decrypt); default a tenth of --requests-per-second',
      ).argParser(parsePositiveInteger),
    )
    .addOption(new Option('--region <region>', 'Region of requests that carry no SigV4 credential scope').default('us-east-1').argParser(parseRegion))
    .addOption(new Option('--account-id <id>', 'the 12-digit account id in ARNs').default('111122223333').argParser(parseAccountId))
    .helpOption('-h, --help', 'show this help and exit')
    .addHelpText('after', '\nExit codes: 0 stopped by SIGINT/SIGTERM, 1 cannot listen, 2 bad flag or seed file.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    })
    .allowExcessArguments(false);
}

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('expected an integer in 0..65535.');
  return Number(value);
}

function parsePositiveInteger(value: string): number {
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new InvalidArgumentError('expected a positive integer.');
  return Number(value);
}

function parseRegion(value: string): string {
  if (!/^[a-z0-9-]{1,64}$/.test(value)) throw new InvalidArgumentError('expected a Region name such as us-east-1.');
  return value;
}

function parseAccountId(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError('expected 12 digits.');
  return value;
}

/** Reads and shape-checks a seed file; the KMS itself validates each `CreateKey` request when it is seeded. */
function readSeedFile(file: string, shown: string): SeedKeysFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--seed-keys ${shown}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : describe(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--seed-keys ${shown}: not valid JSON (${describe(error)})`);
  }
  const bad = (where: string, what: string): UsageError => new UsageError(`--seed-keys ${shown}: ${where} ${what}`);
  if (!isPlainObject(parsed) || !Array.isArray(parsed.keys)) throw bad('the file', 'must be a JSON object with a "keys" array');
  for (const name of Object.keys(parsed)) if (name !== 'keys') throw bad(`member "${name}"`, 'is not part of the seed format (only "keys")');
  parsed.keys.forEach((entry: unknown, i: number) => {
    if (!isPlainObject(entry)) throw bad(`keys[${i}]`, 'must be an object (a CreateKey request, plus Aliases and Region)');
    const aliases = entry.Aliases;
    if (aliases !== undefined && (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string'))) {
      throw bad(`keys[${i}].Aliases`, 'must be an array of alias names');
    }
    if (entry.Region !== undefined && (typeof entry.Region !== 'string' || !/^[a-z0-9-]{1,64}$/.test(entry.Region))) {
      throw bad(`keys[${i}].Region`, 'must be a Region name such as eu-west-1');
    }
  });
  return { keys: parsed.keys as SeedKey[] };
}

/**
 * Creates the keys and aliases of a seed file through {@link ReferenceKms#dispatch}, as requests would.
 * @throws {UsageError} naming the entry when the KMS refuses a request (its error name and message).
 */
function seedKeys(kms: ReferenceKms, file: SeedKeysFile, shown: string): SeededKey[] {
  const out: SeededKey[] = [];
  file.keys.forEach((entry, i) => {
    const { Aliases: aliases = [], Region: region, ...createKey } = entry;
    const context: ReferenceKmsRequestContext = region === undefined ? {} : { region };
    const call = (operation: string, input: unknown): unknown => {
      try {
        return kms.dispatch(operation, input, context);
      } catch (error) {
        const reason = error instanceof KmsError ? `${error.name}: ${error.message}` : 'the reference KMS failed';
        throw new UsageError(`--seed-keys ${shown}: keys[${i}]: ${operation} refused (${reason})`);
      }
    };
    const created = call('CreateKey', createKey) as { KeyMetadata: { KeyId: string; Arn: string } };
    for (const alias of aliases) call('CreateAlias', { AliasName: alias, TargetKeyId: created.KeyMetadata.KeyId });
    out.push({ arn: created.KeyMetadata.Arn, aliases: [...aliases] });
  });
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

function fail(io: StandaloneIo, message: string, code: number): number {
  io.stderr.write(`reference-kms: ${message}\n`);
  return code;
}
