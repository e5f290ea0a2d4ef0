/**
 * Patterns from real code that the analysis must see (recall), and two adversarial inputs it must not take for the
 * SDK (precision). Each row is written for this project; none is copied from the code bases that use the pattern.
 * Sites are summarised as `<Operation>@<line> <style>[ wrapper]`.
 */
import { describe, expect, it } from 'vitest';
import { Linter } from 'eslint';
import * as espree from 'espree';
import type { CallSite } from '../../src/analysis/index.js';
import { lookupProperty } from '../../src/analysis/values.js';
import { getFileContextSites } from '../../src/analysis/context-sites.js';
import plugin from '../../src/index.js';
import { analyse, type ParseMode } from './harness.js';

function summarise(site: CallSite): string {
  return `${site.operation}@${site.node.loc.start.line} ${site.style}${site.viaWrapper ? ' wrapper' : ''}`;
}

interface Row {
  readonly name: string;
  readonly mode: ParseMode;
  readonly code: string;
  readonly sites: readonly string[];
}

const precision: Row[] = [
  {
    name: 'a command binding replaced by a local class is no longer the SDK',
    mode: 'js',
    code: "import { EncryptCommand } from '@aws-sdk/client-kms';\nlet Cmd = EncryptCommand;\nCmd = class { constructor(input) { this.input = input; } };\nexport const make = (KeyId, Plaintext) => new Cmd({ KeyId, Plaintext });",
    sites: [],
  },
  {
    name: 'the same binding typed',
    mode: 'typed',
    code: "import { EncryptCommand } from '@aws-sdk/client-kms';\nlet Cmd: any = EncryptCommand;\nCmd = class { constructor(public input: unknown) {} };\nexport const make = (KeyId: string, Plaintext: Uint8Array) => new Cmd({ KeyId, Plaintext });",
    sites: [],
  },
  {
    name: 'a binding that is never replaced still is',
    mode: 'js',
    code: "import { EncryptCommand } from '@aws-sdk/client-kms';\nconst Cmd = EncryptCommand;\nexport const make = (KeyId, Plaintext) => new Cmd({ KeyId, Plaintext });",
    sites: ['Encrypt@3 v3-command'],
  },
  {
    name: 'a static method of a class declared in the file is not a KMS client call',
    mode: 'js',
    code: 'class Kms {\n  static encrypt(request) { return request; }\n}\nexport const seal = (KeyId, Plaintext) => Kms.encrypt({ KeyId, Plaintext });',
    sites: [],
  },
  {
    name: 'nor one of a class expression bound to a const',
    mode: 'ts',
    code: 'const kms = class {\n  static encrypt(request: unknown) { return request; }\n};\nexport const seal = (KeyId: string, Plaintext: Uint8Array) => kms.encrypt({ KeyId, Plaintext });',
    sites: [],
  },
];

const recall: Row[] = [
  {
    name: 'Serverless provider.request with service and operation as strings',
    mode: 'js',
    code: "export async function rotate(provider, blob) {\n  const out = await provider.request('KMS', 'encrypt', { KeyId: 'alias/app', Plaintext: blob });\n  return out.CiphertextBlob;\n}",
    sites: ['Encrypt@2 v2 wrapper'],
  },
  {
    name: 'Serverless provider.request for an S3 upload',
    mode: 'js',
    code: "export const push = (provider, body) =>\n  provider.request('S3', 'upload', { Bucket: 'deploy', Key: 'a.zip', Body: body, ServerSideEncryption: 'aws:kms' });",
    sites: ['PutObject@2 v2 wrapper'],
  },
  {
    name: 'a request call whose service is not a string KMS/S3 is not a site',
    mode: 'js',
    code: "export const f = (http, s) => http.request(s, 'encrypt', { KeyId: 'k', Plaintext: 'p' });\nexport const g = (http) => http.request('GET', '/encrypt', {});",
    sites: [],
  },
  {
    name: 'client method picked by a known string',
    mode: 'js',
    code: "import { KMS } from '@aws-sdk/client-kms';\nclass Vault {\n  constructor() { this.kms = new KMS({}); }\n  seal(data) {\n    const method = 'encrypt';\n    return this.kms[method]({ KeyId: 'alias/v', Plaintext: data });\n  }\n}\nexport default Vault;",
    sites: ['Encrypt@6 v3-aggregated'],
  },
  {
    name: 'client method picked by an unknown string is not a site',
    mode: 'js',
    code: "import { KMS } from '@aws-sdk/client-kms';\nconst kms = new KMS({});\nexport const call = (method, params) => kms[method](params);",
    sites: [],
  },
  {
    name: 'split Encryption SDK packages: buildEncrypt and buildDecrypt',
    mode: 'js',
    code: "import { buildEncrypt } from '@aws-crypto/encrypt-node';\nimport { buildDecrypt } from '@aws-crypto/decrypt-node';\nconst { encrypt } = buildEncrypt();\nconst { decrypt, decryptStream } = buildDecrypt();\nexport const seal = (k, d) => encrypt(k, d, { encryptionContext: { app: 'a' } });\nexport const open = (k, c) => decrypt(k, c);\nexport const openStream = (k) => decryptStream(k);",
    sites: ['encrypt@5 encryption-sdk', 'decrypt@6 encryption-sdk', 'decryptStream@7 encryption-sdk'],
  },
  {
    name: 'buildEncrypt does not hand out decrypt',
    mode: 'js',
    code: "import { buildEncrypt } from '@aws-crypto/encrypt-node';\nconst sdk = buildEncrypt();\nexport const open = (k, c) => sdk.decrypt(k, c);",
    sites: [],
  },
];

describe('precision: adversarial look-alikes are not the SDK', () => {
  it.each(precision)('$name ($mode)', (row) => {
    expect(analyse(row.code, row.mode, (analysis) => analysis.callSites.map(summarise))).toEqual(row.sites);
  });
});

describe('recall: real-code patterns are sites', () => {
  it.each(recall)('$name ($mode)', (row) => {
    expect(analyse(row.code, row.mode, (analysis) => analysis.callSites.map(summarise))).toEqual(row.sites);
  });
});

/** The keys of the encryption context the single site of `code` sends, or `unknown`. */
function contextOf(code: string, member = 'EncryptionContext'): string {
  return analyse(code, 'js', (analysis) => {
    const site = analysis.callSites[0];
    if (!site) return 'no site';
    const lookup = lookupProperty(site.input, member);
    if (lookup.state !== 'present') return lookup.state;
    const value = lookup.value;
    const describe = (v: typeof value): string => (v.kind === 'object' ? `{${v.properties.map((p) => p.name).join(',')}}${v.complete ? '' : '+'}` : v.kind === 'union' ? v.options.map(describe).join(' | ') : v.kind);
    return describe(value);
  });
}

describe('recall: request objects assembled step by step', () => {
  const V3 = "import { KMSClient, EncryptCommand } from '@aws-sdk/client-kms';\nconst client = new KMSClient({});";

  it('Object.assign({}, base, extra) merges the known members', () => {
    const code = `${V3}\nconst base = { KeyId: 'alias/a' };\nconst extra = { EncryptionContext: { tenant: 't' } };\nexport const seal = (p) => client.send(new EncryptCommand(Object.assign({}, base, extra, { Plaintext: p })));`;
    expect(contextOf(code)).toBe('{tenant}');
  });

  it('a variable assigned in each case of a switch is the union of the assignments', () => {
    const code = `${V3}\nexport function seal(kind, p) {\n  let params;\n  switch (kind) {\n    case 'a':\n      params = { KeyId: 'alias/a', Plaintext: p, EncryptionContext: { kind: 'a' } };\n      break;\n    default:\n      params = { KeyId: 'alias/b', Plaintext: p, EncryptionContext: { kind: 'b', tier: 't' } };\n  }\n  return client.send(new EncryptCommand(params));\n}`;
    expect(contextOf(code)).toBe('{kind} | {kind,tier}');
  });

  it('an assignment after the use keeps the value unknown', () => {
    const code = `${V3}\nexport function seal(p) {\n  let params = { KeyId: 'k', Plaintext: p };\n  const out = client.send(new EncryptCommand(params));\n  params = { KeyId: 'k', Plaintext: p, EncryptionContext: { a: '1' } };\n  return out;\n}`;
    expect(contextOf(code)).toBe('unknown');
  });

  it('a straight-line overwrite hides the earlier value', () => {
    const code = `${V3}\nexport function seal(p) {\n  let ctx = {};\n  ctx = { a: '1' };\n  return client.send(new EncryptCommand({ KeyId: 'k', Plaintext: p, EncryptionContext: ctx }));\n}`;
    expect(contextOf(code)).toBe('{a}');
  });
});

describe('one context-site pipeline: encrypt and encryptStream read their options where the SDK takes them', () => {
  it('both report a non-string context value untyped', () => {
    const code = "import { buildClient } from '@aws-crypto/client-node';\nconst { encrypt, encryptStream } = buildClient();\nexport const a = (k, d) => encrypt(k, d, { encryptionContext: { n: 1 } });\nexport const b = (k) => encryptStream(k, { encryptionContext: { n: 1 } });";
    const sites = analyse(code, 'js', (analysis) => getFileContextSites(analysis, 'file.js').map((site) => `${site.operation}:${site.entries.map((e) => `${e.name}=${e.value.kind}`).join(',')}`));
    expect(sites).toEqual(['encrypt:n=non-string', 'encryptStream:n=non-string']);
    const linter = new Linter({ configType: 'flat' });
    const messages = linter.verify(code, [
      { languageOptions: { parser: espree, parserOptions: { ecmaVersion: 2024, sourceType: 'module' } }, plugins: { 'aws-kms': plugin as never }, rules: { 'aws-kms/consistent-encryption-context': 'error' } },
    ]);
    expect(messages.map((message) => `${message.messageId}@${message.line}`)).toEqual(['nonStringValue@3', 'nonStringValue@4']);
  });
});

describe('recall through the rules (plain JavaScript)', () => {
  const lint = (code: string, rule: string) =>
    new Linter({ configType: 'flat' })
      .verify(code, [{ languageOptions: { parser: espree, parserOptions: { ecmaVersion: 2024, sourceType: 'module' } }, plugins: { 'aws-kms': plugin as never }, rules: { [`aws-kms/${rule}`]: 'error' } }])
      .map((message) => `${message.messageId}@${message.line}:${message.column}`);

  it('no-unbounded-encrypt-plaintext follows a file through a same-class method called via this.', () => {
    const code = "import { readFileSync } from 'node:fs';\nimport { KMS } from '@aws-sdk/client-kms';\nexport class Vault {\n  constructor() { this.kms = new KMS({}); }\n  seal(data) { return this.kms.encrypt({ KeyId: 'alias/v', Plaintext: data, EncryptionContext: { app: 'v' } }); }\n  sealFile(path) { return this.seal(readFileSync(path)); }\n}";
    expect(lint(code, 'no-unbounded-encrypt-plaintext')).toHaveLength(1);
  });

  it('no-unbounded-encrypt-plaintext sees JSON.stringify(items.map(…)) of a parameter array', () => {
    const code = "import { KMS } from '@aws-sdk/client-kms';\nconst kms = new KMS({});\nexport const sealAll = (items) => kms.encrypt({ KeyId: 'alias/v', Plaintext: JSON.stringify(items.map((item) => item.secret)), EncryptionContext: { app: 'v' } });";
    expect(lint(code, 'no-unbounded-encrypt-plaintext')).toHaveLength(1);
  });

  it('require-encryption-context sees the Serverless provider.request Encrypt', () => {
    const code = "export const seal = (provider, blob) => provider.request('KMS', 'encrypt', { KeyId: 'alias/app', Plaintext: blob });";
    expect(lint(code, 'require-encryption-context')).toEqual(['missingEncryptionContext@1:41']);
  });

  it('require-encryption-context reads the union of a request assigned in a switch', () => {
    const code = "import { KMSClient, EncryptCommand } from '@aws-sdk/client-kms';\nconst client = new KMSClient({});\nexport function seal(kind, p) {\n  let params;\n  switch (kind) {\n    case 'a':\n      params = { KeyId: 'alias/a', Plaintext: p, EncryptionContext: { kind } };\n      break;\n    default:\n      params = { KeyId: 'alias/b', Plaintext: p };\n  }\n  return client.send(new EncryptCommand(params));\n}";
    expect(lint(code, 'require-encryption-context')).toEqual(['emptyEncryptionContext@12:22']);
  });

  it('no rule takes the local class or the replaced binding for the SDK', () => {
    const code = "import { EncryptCommand } from '@aws-sdk/client-kms';\nlet Cmd = EncryptCommand;\nCmd = class { constructor(input) { this.input = input; } };\nexport const a = (KeyId, Plaintext) => new Cmd({ KeyId, Plaintext });\nclass Kms { static encrypt(x) { return x; } }\nexport const b = (KeyId, Plaintext) => Kms.encrypt({ KeyId, Plaintext });";
    expect(lint(code, 'require-encryption-context')).toEqual([]);
  });
});
