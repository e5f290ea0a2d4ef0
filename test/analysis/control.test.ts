/**
 * Table-driven tests of the control queries (`control.ts`). In each snippet the call `target()` is the node asked
 * about; for coverage rows `cover()` is the covering call and every `use()` a use it must follow.
 */
import { describe, expect, it } from 'vitest';
import type { TSESTree } from '@typescript-eslint/utils';
import { getControl, type ControlQueries } from '../../src/analysis/index.js';
import { walk } from '../../src/analysis/call-sites.js';
import { analyse, type ParseMode } from './harness.js';

function findCalls(root: TSESTree.Node, keys: Parameters<typeof walk>[1], name: string): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  walk(root, keys, (node) => {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === name) calls.push(node);
  });
  return calls.sort((a, b) => a.range[0] - b.range[0]);
}

function ask(code: string, mode: ParseMode, question: (control: ControlQueries, target: TSESTree.CallExpression, find: (name: string) => TSESTree.CallExpression[]) => string): string {
  return analyse(code, mode, (analysis) => {
    const find = (name: string): TSESTree.CallExpression[] => findCalls(analysis.sourceCode.ast, analysis.sourceCode.visitorKeys, name);
    const target = find('target')[0] ?? find('cover')[0];
    if (!target) throw new Error('no target() in the snippet');
    return question(getControl(analysis), target, find);
  });
}

type Row = { name: string; mode?: ParseMode; code: string; expected: string };

function table(title: string, rows: Row[], question: Parameters<typeof ask>[2]): void {
  describe(title, () => {
    for (const row of rows) {
      it(`${row.name} (${row.mode ?? 'js'})`, () => {
        expect(ask(row.code, row.mode ?? 'js', question)).toBe(row.expected);
      });
    }
  });
}

table(
  'iteration around a node',
  [
    { name: 'no loop', code: 'export async function f() { await target(); }', expected: 'none' },
    { name: 'for…of', code: 'export async function f(items) { for (const x of items) await target(x); }', expected: 'loop:for-of:?' },
    { name: 'for await', code: 'export async function f(items) { for await (const x of items) await target(x); }', expected: 'loop:for-await:?' },
    { name: 'for with a constant bound', code: 'const N = 3;\nexport async function f() { for (let i = 0; i < N; i++) await target(i); }', expected: 'loop:for:3' },
    { name: 'for…of over a literal array', code: 'export async function f(a, b) { for (const x of [a, b]) await target(x); }', expected: 'loop:for-of:2' },
    { name: 'while', code: 'export async function f(q) { while (q.length) await target(q.pop()); }', expected: 'loop:while:?' },
    { name: 'the iterable of a for…of is not in the loop', code: 'export async function f() { for (const x of await target()) console.log(x); }', expected: 'none' },
    { name: 'forEach callback', code: 'export function f(items) { items.forEach((x) => target(x)); }', expected: 'iteration-callback:forEach:?' },
    { name: 'reduce callback', code: 'export function f(items) { return items.reduce(async (acc, x) => [...(await acc), await target(x)], []); }', expected: 'iteration-callback:reduce:?' },
    { name: 'Promise.all over map: fan-out', code: 'export function f(items) { return Promise.all(items.map(async (x) => target(x))); }', expected: 'fan-out:map:?' },
    { name: 'Promise.allSettled over flatMap', code: 'export function f(items) { return Promise.allSettled(items.flatMap((x) => [target(x)])); }', expected: 'fan-out:flatMap:?' },
    { name: 'map without Promise.all is an iteration callback', code: 'export function f(items) { return items.map((x) => target(x)); }', expected: 'iteration-callback:map:?' },
    { name: 'a named function called from a loop: not seen from inside', code: 'function one(x) { return target(x); }\nexport function f(items) { for (const x of items) one(x); }', expected: 'none' },
    { name: 'a callback that is not an iteration', code: 'export function f(emitter) { emitter.on("x", () => target()); }', expected: 'none' },
  ],
  (control, target) => {
    const iteration = control.getIteration(target);
    return iteration ? `${iteration.kind}:${iteration.form}:${iteration.bound ?? '?'}` : 'none';
  },
);

table(
  'guarded by a cache lookup',
  [
    { name: 'no guard', code: 'export async function f(items) { for (const x of items) await target(x); }', expected: 'no' },
    { name: 'if (!cache.has(k))', code: 'const cache = new Map();\nexport async function f(k) { if (!cache.has(k)) cache.set(k, await target(k)); return cache.get(k); }', expected: 'yes' },
    { name: 'if (!cached) with assignment', code: 'let cachedKey;\nexport async function f() { if (!cachedKey) { cachedKey = await target(); } return cachedKey; }', expected: 'yes' },
    { name: 'cache.get(k) ?? await …', code: 'export async function f(cache, k) { return cache.get(k) ?? (await target(k)); }', expected: 'yes' },
    { name: 'cachedKey ??= …', code: 'let cachedKey;\nexport async function f() { cachedKey ??= await target(); return cachedKey; }', expected: 'yes' },
    { name: 'early return on a hit', code: 'export async function f(memo, k) { const hit = memo[k]; if (memo[k]) return hit; return target(k); }', expected: 'yes' },
    { name: 'a hit test with the call in the hit branch', code: 'export async function f(cache, k) { if (cache.has(k)) { return target(k); } }', expected: 'no' },
    { name: 'an unrelated condition', code: 'export async function f(x) { if (x.enabled) await target(x); }', expected: 'no' },
    { name: 'a cache named in a test of unknown shape', code: 'export async function f(cache, k) { if (cache.size > 10) await target(k); }', expected: 'unknown' },
  ],
  (control, target) => control.isGuardedByCacheLookup(target),
);

table(
  'handler or module scope',
  [
    { name: 'module scope', code: 'await target();', expected: 'module' },
    { name: 'export const handler = async (event, context) =>', code: 'export const handler = async (event, context) => { await target(); };', expected: 'handler:lambda' },
    { name: 'export async function handler', code: 'export async function handler(event) { return target(event); }', expected: 'handler:lambda' },
    { name: 'exports.handler', code: 'exports.handler = async function (event) { return target(); };', expected: 'handler:lambda' },
    { name: 'module.exports.handler through a name', code: 'const run = async (event) => target(event);\nmodule.exports.handler = run;', expected: 'handler:lambda' },
    { name: 'module.exports = { handler }', code: 'async function handler(event) { return target(); }\nmodule.exports = { handler };', expected: 'handler:lambda' },
    { name: 'a nested callback inside a handler', code: 'export const handler = async (event) => Promise.all(event.Records.map((r) => target(r)));', expected: 'handler:lambda' },
    { name: 'express route', code: 'export function routes(app) { app.post("/x", async (req, res) => { res.json(await target()); }); }', expected: 'handler:http' },
    { name: 'router callback named differently', code: 'export function routes(router) { router.get("/x", async (ctx) => target(ctx)); }', expected: 'handler:http' },
    { name: '(req, res) parameters alone', code: 'export async function serve(req, res) { res.end(await target()); }', expected: 'handler:http' },
    { name: 'a plain exported helper', code: 'export async function decryptSecret(blob) { return target(blob); }', expected: 'function' },
    { name: 'an exported *Handler without an event parameter', code: 'export async function errorHandler(err) { return target(err); }', expected: 'function' },
    { name: 'TypeScript handler with types', mode: 'ts', code: 'export const handler = async (event: unknown, context: unknown): Promise<void> => { await target(); };', expected: 'handler:lambda' },
  ],
  (control, target) => {
    const scope = control.getExecutionScope(target);
    return scope.kind === 'handler' ? `handler:${scope.handler.kind}` : scope.kind;
  },
);

table(
  'catch clauses and what they fall back to',
  [
    { name: 'no try', code: 'export async function f() { return target(); }', expected: 'none' },
    { name: 'rethrows', code: 'export async function f(x) { try { return await target(x); } catch (e) { throw new Error("no", { cause: e }); } }', expected: 'rethrows:returns=0:empty=false' },
    { name: 'returns the input: a fallback', code: 'export async function f(blob) { try { return await target(blob); } catch { return blob; } }', expected: 'returns:returns=blob:empty=false' },
    { name: 'logs and returns undefined', code: 'export async function f(blob) { try { return await target(blob); } catch (e) { console.error(e); return; } }', expected: 'returns:returns=<bare>:empty=false' },
    { name: 'swallows', code: 'export async function f(blob) { let out; try { out = await target(blob); } catch {} return out; }', expected: 'continues:returns=0:empty=true' },
    { name: 'assigns a fallback to an outer variable', code: 'export async function f(raw) { let secret; try { secret = await target(raw); } catch { secret = raw; } return secret; }', expected: 'continues:returns=0:empty=false:assigns=secret' },
    { name: 'exits the process', code: 'export async function f(raw) { try { return await target(raw); } catch (e) { console.error(e); process.exit(1); } }', expected: 'exits:returns=0:empty=false' },
    { name: 'mixed paths', code: 'export async function f(raw, strict) { try { return await target(raw); } catch (e) { if (strict) throw e; return raw; } }', expected: 'mixed:returns=raw:empty=false' },
    { name: 'in the catch clause itself: not around the node', code: 'export async function f(raw) { try { return JSON.parse(raw); } catch { return target(raw); } }', expected: 'none' },
  ],
  (control, target) => {
    const contexts = control.getCatchContexts(target);
    const first = contexts[0];
    if (!first) return 'none';
    const returns = first.returns.length === 0 ? '0' : first.returns.map((value) => (value === null ? '<bare>' : value.type === 'Identifier' ? value.name : value.type)).join(',');
    const assigns = first.assignments.map((assignment) => (assignment.left.type === 'Identifier' ? assignment.left.name : '?')).join(',');
    return `${first.outcome}:returns=${returns}:empty=${first.empty}${assigns ? `:assigns=${assigns}` : ''}`;
  },
);

table(
  'promise .catch fallback',
  [
    { name: '.catch returning the input', code: 'export const f = (raw) => target(raw).catch(() => raw);', expected: 'returns:raw' },
    { name: '.then(…).catch that rethrows', code: 'export const f = (raw) => target(raw).then((x) => x).catch((e) => { throw e; });', expected: 'rethrows:' },
    { name: 'no catch', code: 'export const f = (raw) => target(raw).then((x) => x);', expected: 'none' },
  ],
  (control, target) => {
    const found = control.getPromiseCatch(target);
    if (!found) return 'none';
    return `${found.outcome}:${found.returns.map((value) => (value?.type === 'Identifier' ? value.name : String(value?.type))).join(',')}`;
  },
);

table(
  'covered on every path after the last use',
  [
    { name: 'straight line, nothing between', code: 'export function f(k) { use(k); cover(k); }', expected: 'yes' },
    { name: 'finally covers a throwing use', code: 'export async function f(k) { try { await use(k); use(k); } finally { cover(k); } }', expected: 'yes' },
    { name: 'a use after the cover', code: 'export function f(k) { use(k); cover(k); use(k); }', expected: 'no' },
    { name: 'a call that may throw between (exceptions count)', code: 'export function f(k, g) { use(k); g(); cover(k); }', expected: 'no' },
    { name: 'an early return between', code: 'export function f(k, c) { use(k); if (c) return 1; cover(k); }', expected: 'no' },
    { name: 'a conditional cover', code: 'export function f(k, c) { use(k); if (c) cover(k); }', expected: 'no' },
    { name: 'cover inside a callback: another function', code: 'export function f(k, later) { use(k); later(() => cover(k)); }', expected: 'unknown' },
    { name: 'conditional cover inside finally', code: 'export function f(k, c) { try { use(k); } finally { if (c) cover(k); } }', expected: 'no' },
    { name: 'the use nested inside an if before the cover', code: 'export function f(k, c) { if (c) { use(k); } cover(k); }', expected: 'yes' },
    { name: 'cover in the same expression after the use', code: 'export function f(d, ct) { return Buffer.concat([use(ct), cover()]); }', expected: 'yes' },
  ],
  (control, target, find) => control.isCoveredOnEveryPath(target, { after: find('use'), allowed: new Set(find('use')) }),
);

table(
  'covered ignoring exceptions (final() after update())',
  [
    { name: 'a call between does not matter', code: 'export function f(d, ct, log) { const p = use(ct); log(p); cover(); return p; }', expected: 'yes' },
    { name: 'a return between does', code: 'export function f(d, ct, fast) { const p = use(ct); if (fast) return p; cover(); return p; }', expected: 'no' },
  ],
  (control, target, find) => control.isCoveredOnEveryPath(target, { after: find('use'), exceptions: false }),
);
