/**
 * Request-member checks of the reference KMS. Inputs may come straight from JSON, so every member
 * is checked for its JSON type first: a member of the wrong type (a string `Limit`, a number where
 * a string belongs) is a `SerializationException`, as the KMS JSON 1.1 front end answers; a member
 * of the right type that breaks a constraint of the KMS model (length, range, enum) is a
 * `ValidationException` with the service's "1 validation error detected" wording.
 *
 * Source of the constraints: the KMS API Reference page of each operation and the KMS service
 * model (`apis/kms-2014-11-01.normal.json`).
 *
 * @module
 */
import { KmsError } from '../errors.js';

/** Encryption context: non-secret string→string pairs bound to a ciphertext as AAD. */
export type EncryptionContext = Record<string, string>;

/** A `ValidationException` in the service's wording. */
export function validation(message: string): KmsError {
  return new KmsError('ValidationException', `1 validation error detected: ${message}`);
}

/** A `ValidationException` whose message is given as is (service messages that are not constraint lists). */
export function invalid(message: string): KmsError {
  return new KmsError('ValidationException', message);
}

function wrongType(member: string, expected: string): KmsError {
  return new KmsError('SerializationException', `Member '${member}' must be ${expected}`);
}

/** The request object; absent → `{}`; not an object → `SerializationException`. */
export function asRecord(input: unknown, member = 'request'): Record<string, unknown> {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input) || input instanceof Uint8Array) throw wrongType(member, 'a JSON object');
  return input as Record<string, unknown>;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A required string of at least `min` (default 1) characters. */
export function requiredString(value: unknown, member: string, max = Number.POSITIVE_INFINITY): string {
  if (!present(value)) {
    throw validation(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  const s = optionalString(value, member, max);
  if (s === undefined || s.length === 0) {
    throw validation(`Value at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  }
  return s;
}

/** An optional string of at most `max` characters. */
export function optionalString(value: unknown, member: string, max = Number.POSITIVE_INFINITY): string | undefined {
  if (!present(value)) return undefined;
  if (typeof value !== 'string') throw wrongType(member, 'a string');
  if (value.length > max) {
    throw validation(`Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  }
  return value;
}

/** An optional boolean. */
export function optionalBoolean(value: unknown, member: string): boolean | undefined {
  if (!present(value)) return undefined;
  if (typeof value !== 'boolean') throw wrongType(member, 'a boolean');
  return value;
}

/** A required blob (`Uint8Array`) of `min..max` bytes. */
export function requiredBytes(value: unknown, member: string, min: number, max: number): Uint8Array {
  if (!present(value)) throw validation(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  if (!(value instanceof Uint8Array)) throw wrongType(member, 'a base64-encoded blob');
  if (value.length < min) {
    throw validation(`Value at '${member}' failed to satisfy constraint: Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    throw validation(`Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  }
  return value;
}

/** An optional integer in `min..max`; a non-number is a `SerializationException`. */
export function optionalInteger(value: unknown, member: string, min: number, max: number): number | undefined {
  if (!present(value)) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(member, 'an integer');
  if (value < min) {
    throw validation(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  }
  if (value > max) {
    throw validation(`Value '${value}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
  return value;
}

/** An optional timestamp (`Date`, or epoch seconds as the JSON protocol sends it). */
export function optionalDate(value: unknown, member: string): Date | undefined {
  if (!present(value)) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
  throw wrongType(member, 'a timestamp');
}

/** An optional enum member; absent → `fallback`. */
export function optionalEnum<T extends string>(value: unknown, member: string, allowed: readonly T[], fallback?: T): T | undefined {
  if (!present(value)) return fallback;
  if (typeof value !== 'string') throw wrongType(member, 'a string');
  if (!(allowed as readonly string[]).includes(value)) {
    throw validation(`Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}

/** A required enum member. */
export function requiredEnum<T extends string>(value: unknown, member: string, allowed: readonly T[]): T {
  if (!present(value)) throw validation(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  return optionalEnum(value, member, allowed)!;
}

/** An optional list of strings (each 1..`max` characters), at most `maxItems` long. */
export function optionalStringList(value: unknown, member: string, maxItems = Number.POSITIVE_INFINITY): string[] | undefined {
  if (!present(value)) return undefined;
  if (!Array.isArray(value)) throw wrongType(member, 'a list');
  if (value.length > maxItems) {
    throw validation(`Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${maxItems}`);
  }
  return value.map((v, i) => {
    if (typeof v !== 'string') throw wrongType(`${member}.${i + 1}.member`, 'a string');
    return v;
  });
}

/**
 * An optional encryption context (string→string map). Every own key is kept — including
 * `__proto__`, `constructor` and the like — in an object without a prototype, so no key can be
 * lost or turned into a prototype change: the whole context is bound.
 */
export function optionalContext(value: unknown, member: string): EncryptionContext {
  const out = Object.create(null) as EncryptionContext;
  if (!present(value)) return out;
  if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) throw wrongType(member, 'a map of strings to strings');
  for (const key of Object.keys(value as object)) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v !== 'string') throw wrongType(`${member}.${key}`, 'a string');
    Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Whether a context has any pair. */
export function hasPairs(context: EncryptionContext): boolean {
  return Object.keys(context).length > 0;
}

/**
 * Paging as the List* operations do it: `Limit` 1..`maxLimit` (default `defaultLimit`), `Marker`
 * an opaque string this KMS handed out as `NextMarker`.
 *
 * @returns the page, `Truncated`, and `NextMarker` when truncated.
 * @throws {KmsError} `ValidationException` (Limit out of range), `SerializationException` (Limit
 *   not a number), `InvalidMarkerException` (a marker not handed out here).
 */
export function page<T>(
  items: readonly T[],
  req: Record<string, unknown>,
  maxLimit = 1000,
  defaultLimit = 100,
): { items: T[]; Truncated: boolean; NextMarker?: string } {
  const limit = optionalInteger(req.Limit, 'limit', 1, maxLimit) ?? defaultLimit;
  const marker = optionalString(req.Marker, 'marker', 1024);
  let start = 0;
  if (marker !== undefined) {
    const m = /^rkms-page-(\d{1,9})$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
    if (m === null || Number(m[1]) > items.length) throw new KmsError('InvalidMarkerException', 'The marker is not valid.');
    start = Number(m[1]);
  }
  const end = Math.min(items.length, start + limit);
  const out = { items: items.slice(start, end), Truncated: end < items.length };
  return end < items.length ? { ...out, NextMarker: Buffer.from(`rkms-page-${end}`).toString('base64url') } : out;
}
