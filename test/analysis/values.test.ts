/**
 * Table-driven tests of static evaluation: each row evaluates the argument of `probe(…)` in a snippet and compares
 * a compact description of the three-valued answer.
 */
import { describe, expect, it } from 'vitest';
import type { TSESTree } from '@typescript-eslint/utils';
import type { StaticValue } from '../../src/analysis/model.js';
import { encodedByteLength, getByteLength, lookupProperty, utf8ByteLength } from '../../src/analysis/values.js';
import { walk } from '../../src/analysis/call-sites.js';
import { analyse, type ParseMode } from './harness.js';

function describeValue(value: StaticValue): string {
  switch (value.kind) {
    case 'unknown':
      return 'unknown';
    case 'primitive':
      return typeof value.value === 'string' ? `string(${value.byteLength}B)=${value.value.length > 20 ? value.value.slice(0, 20) + '…' : value.value}` : `${typeof value.value}=${String(value.value)}`;
    case 'bytes':
      return `bytes(${value.byteLength ?? '?'})`;
    case 'object':
      return `{${value.properties.map((property) => `${property.name}:${describeValue(property.value)}`).join(',')}${value.complete ? '' : ',…'}}`;
    case 'array':
      return `[${value.elements.map(describeValue).join(',')}${value.complete ? '' : ',…'}]`;
    case 'union':
      return value.options.map(describeValue).join(' | ');
  }
}

function evaluateProbe(code: string, mode: ParseMode): string {
  return analyse(code, mode, (analysis) => {
    let argument: TSESTree.Node | undefined;
    walk(analysis.sourceCode.ast, analysis.sourceCode.visitorKeys, (node) => {
      if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'probe') argument = node.arguments[0];
    });
    if (!argument) throw new Error('no probe(...) call in the snippet');
    return describeValue(analysis.evaluator.evaluate(argument));
  });
}

const rows: Array<{ name: string; mode: ParseMode; code: string; expected: string }> = [
  { name: 'string literal', mode: 'js', code: "probe('abc');", expected: 'string(3B)=abc' },
  { name: 'UTF-8 bytes, not characters', mode: 'js', code: "probe('€€');", expected: 'string(6B)=€€' },
  { name: 'repeat of a literal', mode: 'js', code: "probe('€'.repeat(2000));", expected: 'string(6000B)=€€€€€€€€€€€€€€€€€€€€…' },
  { name: 'template literal with consts', mode: 'js', code: "const t = 'acme'; const n = 3;\nprobe(`${t}-${n}`);", expected: 'string(6B)=acme-3' },
  { name: 'template literal with an unknown part', mode: 'js', code: 'export const f = (x) => probe(`a${x}`);', expected: 'unknown' },
  { name: 'string concatenation', mode: 'js', code: "const a = 'ab';\nprobe(a + 'cd');", expected: 'string(4B)=abcd' },
  { name: 'Buffer.from utf8', mode: 'js', code: "probe(Buffer.from('héllo'));", expected: 'bytes(6)' },
  { name: 'Buffer.from base64', mode: 'js', code: "probe(Buffer.from('AAAA', 'base64'));", expected: 'bytes(3)' },
  { name: 'Buffer.from hex', mode: 'js', code: "probe(Buffer.from('deadbeef', 'hex'));", expected: 'bytes(4)' },
  { name: 'Buffer.alloc', mode: 'js', code: 'probe(Buffer.alloc(8192));', expected: 'bytes(8192)' },
  { name: 'randomBytes', mode: 'js', code: "import { randomBytes } from 'node:crypto';\nprobe(randomBytes(32));", expected: 'bytes(32)' },
  { name: 'createHash(…).update(…).digest(): the hash length', mode: 'js', code: "import { createHash } from 'node:crypto';\nexport const f = (x) => probe(createHash('sha384').update(x, 'utf8').digest());", expected: 'bytes(48)' },
  { name: 'digest() of a Hash held in a const, hash name in any case', mode: 'ts', code: "import crypto from 'node:crypto';\nconst h = crypto.createHash('SHA-512');\nh.update('a');\nprobe(h.digest());", expected: 'bytes(64)' },
  { name: 'digest() of a hash whose name is not known', mode: 'js', code: "import { createHash } from 'node:crypto';\nexport const f = (alg) => probe(createHash(alg).digest());", expected: 'unknown' },
  { name: 'digest() of an object that is not a Hash', mode: 'js', code: 'export const f = (hmac) => probe(hmac.digest());', expected: 'unknown' },
  { name: 'digest with an encoding is a string of unknown value', mode: 'js', code: "import { createHash } from 'node:crypto';\nprobe(createHash('sha256').update('a').digest('hex'));", expected: 'unknown' },
  { name: 'new Uint8Array(n)', mode: 'js', code: 'const N = 16;\nprobe(new Uint8Array(N));', expected: 'bytes(16)' },
  { name: 'TextEncoder', mode: 'js', code: "probe(new TextEncoder().encode('ab€'));", expected: 'bytes(5)' },
  { name: 'TextEncoder held in a const', mode: 'js', code: "const enc = new TextEncoder();\nprobe(enc.encode('abc'));", expected: 'bytes(3)' },
  { name: 'Buffer.concat of known parts', mode: 'js', code: "probe(Buffer.concat([Buffer.alloc(2), Buffer.from('abc')]));", expected: 'bytes(5)' },
  { name: 'Buffer.from of an unknown value: bytes of unknown length', mode: 'js', code: 'export const f = (x) => probe(Buffer.from(x));', expected: 'bytes(?)' },
  { name: 'object with spread and shorthand', mode: 'js', code: "const tenantId = 't';\nconst base = { a: '1' };\nprobe({ ...base, tenantId });", expected: '{a:string(1B)=1,tenantId:string(1B)=t}' },
  { name: 'spread of an unknown object', mode: 'js', code: "export const f = (x) => probe({ a: '1', ...x });", expected: '{a:string(1B)=1,…}' },
  { name: 'later property wins', mode: 'js', code: "probe({ a: '1', ...{ a: '2' } });", expected: '{a:string(1B)=2}' },
  { name: 'conditional: both branches', mode: 'js', code: "export const f = (c) => probe(c ? 'x' : undefined);", expected: 'string(1B)=x | undefined=undefined' },
  { name: 'logical or with unknown left', mode: 'js', code: 'export const f = (o) => probe(o || {});', expected: 'unknown | {}' },
  { name: 'logical or with known truthy left', mode: 'js', code: "const o = { a: 'b' };\nprobe(o || {});", expected: '{a:string(1B)=b}' },
  { name: 'nullish coalescing with null left', mode: 'js', code: "const o = null;\nprobe(o ?? 'd');", expected: 'string(1B)=d' },
  { name: 'member of a const object', mode: 'js', code: "const cfg = { keys: { docs: 'alias/docs' } };\nprobe(cfg.keys.docs);", expected: 'string(10B)=alias/docs' },
  { name: 'destructured const', mode: 'js', code: "const { alias = 'alias/x' } = {};\nprobe(alias);", expected: 'string(7B)=alias/x' },
  { name: 'parameter with two call sites', mode: 'js', code: "function f(k) { probe(k); }\nf('a');\nf('bb');", expected: 'string(1B)=a | string(2B)=bb' },
  { name: 'parameter of an exported function', mode: 'js', code: 'export function f(k) { probe(k); }\nf(1);', expected: 'unknown' },
  { name: 'parameter of a function passed as a callback', mode: 'js', code: "function f(k) { probe(k); }\n['x'].map(f);", expected: 'unknown' },
  { name: 'reassigned let', mode: 'js', code: "let a = 'x';\na = y;\nprobe(a);", expected: 'unknown' },
  { name: 'never reassigned let', mode: 'js', code: "let a = 'x';\nprobe(a);", expected: 'string(1B)=x' },
  { name: 'array grown by push is no longer known', mode: 'js', code: 'const chunks = [];\nfor (const c of src) chunks.push(c);\nprobe(Buffer.concat(chunks));', expected: 'bytes(?)' },
  { name: 'object changed by member assignment is no longer known', mode: 'js', code: "const ctx = { a: '1' };\nctx.b = '2';\nprobe(ctx);", expected: 'unknown' },
  { name: 'object changed by Object.assign is no longer known', mode: 'js', code: "const ctx = {};\nObject.assign(ctx, extra);\nprobe(ctx);", expected: 'unknown' },
  { name: 'object only read stays known', mode: 'js', code: "const ctx = { a: '1' };\nconsole.log(ctx.a, ctx);\nprobe(ctx);", expected: '{a:string(1B)=1}' },
  { name: 'length of a known string', mode: 'js', code: "const s = 'abcd';\nprobe(s.length);", expected: 'number=4' },
  { name: 'await is unknown', mode: 'js', code: 'probe(await fetchIt());', expected: 'unknown' },
  { name: 'TS wrappers are transparent', mode: 'ts', code: "const k = 'alias/a' as const;\nprobe(k! satisfies string);", expected: 'string(7B)=alias/a' },
  { name: 'TS enum member is unknown (not followed)', mode: 'ts', code: "enum E { A = 'a' }\nprobe(E.A);", expected: 'unknown' },
  { name: 'typed: same answers with type information', mode: 'typed', code: "const ctx = { tenantId: 't' };\nprobe({ ...ctx, v: `${1 + 1}` });", expected: '{tenantId:string(1B)=t,v:string(1B)=2}' },
];

describe('values', () => {
  it.each(rows)('$mode: $name', ({ code, mode, expected }) => {
    expect(evaluateProbe(code, mode)).toBe(expected);
  });

  it('counts UTF-8 bytes and encodings as Node does', () => {
    expect(utf8ByteLength('€')).toBe(3);
    expect(encodedByteLength('AAAA', 'base64')).toBe(3);
    expect(encodedByteLength('x', 'no-such-encoding')).toBeUndefined();
    expect(getByteLength({ kind: 'unknown', node: undefined })).toBeUndefined();
  });

  it('looks properties up three-valuedly', () => {
    const object: StaticValue = { kind: 'object', properties: [], complete: true, node: undefined };
    expect(lookupProperty(object, 'A')).toEqual({ state: 'absent', paths: 'all' });
    expect(lookupProperty({ ...object, complete: false }, 'A')).toEqual({ state: 'unknown' });
    expect(lookupProperty({ kind: 'unknown', node: undefined }, 'A')).toEqual({ state: 'unknown' });
  });
});
