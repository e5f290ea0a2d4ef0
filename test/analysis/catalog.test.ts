/**
 * The SDK catalogue against the SDK itself: every KMS command of `@aws-sdk/client-kms` is listed, and every member a
 * role group, SSE table or response names exists on the operation's generated request / response interface.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTEXT_OPERATIONS, ENCRYPTION_SDK_OPERATIONS, KMS_OPERATIONS, S3_OPERATIONS, getContextGroups, type OperationSpec } from '../../src/analysis/catalog/sdk.js';

const modules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');

function readModels(pkg: string): string {
  const dir = path.join(modules, pkg, 'dist-types/models');
  return readdirSync(dir).map((file) => readFileSync(path.join(dir, file), 'utf8')).join('\n');
}

/** The member names of `export interface <name> { … }` in generated model text (top-level members only). */
function getInterfaceMembers(models: string, name: string): Set<string> | undefined {
  const start = models.indexOf(`export interface ${name} {`);
  if (start < 0) return undefined;
  const end = models.indexOf('\n}\n', start);
  const body = models.slice(start, end).replace(/\/\*\*[\s\S]*?\*\//g, '');
  return new Set([...body.matchAll(/^ {4}(\w+)\??:/gm)].map((match) => match[1]!));
}

function getNamedMembers(spec: OperationSpec): { request: string[]; response: string[] } {
  const request = spec.groups.flatMap((group) => [group.keyMember, group.contextMember, group.algorithmMember, group.payloadMember].filter((m): m is string => m !== undefined));
  if (spec.sse) request.push(spec.sse.algorithmMember, spec.sse.keyMember, spec.sse.bucketKeyMember, spec.sse.contextMember);
  return { request, response: spec.responses.map((response) => response.member) };
}

describe('KMS operations', () => {
  const commands = readdirSync(path.join(modules, '@aws-sdk/client-kms/dist-types/commands'))
    .filter((file) => file.endsWith('Command.d.ts'))
    .map((file) => file.replace(/Command\.d\.ts$/, ''));
  const models = readModels('@aws-sdk/client-kms');

  it('lists every command of @aws-sdk/client-kms, and nothing else', () => {
    expect(commands.length).toBeGreaterThan(50);
    expect(KMS_OPERATIONS.map((spec) => spec.operation).sort()).toEqual([...commands].sort());
  });

  it.each(KMS_OPERATIONS.map((spec) => [spec.operation, spec] as const))('%s: every member the catalogue names is on its request or response', (operation, spec) => {
    const { request, response } = getNamedMembers(spec);
    const requestMembers = getInterfaceMembers(models, `${operation}Request`);
    const responseMembers = getInterfaceMembers(models, `${operation}Response`);
    for (const member of request) expect(requestMembers, `${operation}Request`).toContain(member);
    for (const member of response) expect(responseMembers, `${operation}Response`).toContain(member);
  });

  it('the interface reader can tell a missing member (a misspelt catalogue entry would fail above)', () => {
    const members = getInterfaceMembers(models, 'EncryptRequest');
    expect(members).toContain('EncryptionContext');
    expect(members).not.toContain('EncryptionContexts');
  });

  it('pairs ReEncrypt source and destination members in their own groups, with the context use of each', () => {
    expect(getContextGroups('kms', 'ReEncrypt')).toEqual([
      expect.objectContaining({ side: 'source', keyMember: 'SourceKeyId', contextMember: 'SourceEncryptionContext', contextUse: 'decrypt', algorithmMember: 'SourceEncryptionAlgorithm' }),
      expect.objectContaining({ side: 'destination', keyMember: 'DestinationKeyId', contextMember: 'DestinationEncryptionContext', contextUse: 'encrypt', algorithmMember: 'DestinationEncryptionAlgorithm' }),
    ]);
    expect([...CONTEXT_OPERATIONS].sort()).toEqual(['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'ReEncrypt']);
  });
});

describe('S3 operations', () => {
  const models = readModels('@aws-sdk/client-s3');
  it.each(S3_OPERATIONS.map((spec) => [spec.operation, spec] as const))('%s: every member the catalogue names exists', (operation, spec) => {
    const { request, response } = getNamedMembers(spec);
    const requestMembers = getInterfaceMembers(models, `${operation}Request`);
    for (const member of request) expect(requestMembers, `${operation}Request`).toContain(member);
    const output = getInterfaceMembers(models, `${operation}Output`);
    for (const member of response) expect(output, `${operation}Output`).toContain(member);
  });
});

describe('Encryption SDK positions', () => {
  it('put the options third for encrypt/decrypt and second for the stream methods', () => {
    const positions = Object.fromEntries(ENCRYPTION_SDK_OPERATIONS.map((spec) => [spec.operation, spec.positions?.optionsIndex]));
    expect(positions).toEqual({ encrypt: 2, decrypt: 2, encryptStream: 1, decryptStream: 1, decryptUnsignedMessageStream: 1 });
  });
});
