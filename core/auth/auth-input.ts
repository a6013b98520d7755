import { ValidationError } from '../errors.js';
import { isPlainObject } from '../query/is-plain-object.js';

/**
 * Parsing of auth, user and token request bodies. Each body is an
 * allow-list: any other key is a 400, which is what stops a client from
 * choosing its own role, `confirmed` or `blocked` at registration.
 */

export const PASSWORD_MIN_LENGTH = 8;
/** scrypt takes any length; the cap keeps a megabyte "password" from being hashed. */
export const PASSWORD_MAX_LENGTH = 256;
const USERNAME_MIN_LENGTH = 3;
const USERNAME_MAX_LENGTH = 255;
const EMAIL_MAX_LENGTH = 255;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Control characters in a username would end up in logs and admin screens.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The body as an object with only `allowed` keys (and all of `required`). */
export function readFields(body: unknown, allowed: readonly string[], required: readonly string[] = allowed): Record<string, unknown> {
  if (!isPlainObject(body)) throw new ValidationError('The request body must be a JSON object');
  rejectPrototypeKeys(body, []);
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new ValidationError(`Invalid key${unknown.length > 1 ? 's' : ''} in the request body: ${unknown.join(', ')}`,
      unknown.map((key) => ({ path: [key], message: `${key} is not allowed here`, name: 'ValidationError' })));
  }
  const missing = required.filter((key) => body[key] === undefined || body[key] === null);
  if (missing.length > 0) {
    throw new ValidationError(`${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required`,
      missing.map((key) => ({ path: [key], message: `${key} is required`, name: 'ValidationError' })));
  }
  return body;
}

/** `__proto__`, `constructor` and `prototype` keys, at any depth, are refused outright. */
function rejectPrototypeKeys(value: unknown, path: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => rejectPrototypeKeys(item, [...path, String(index)]));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) throw ValidationError.at([...path, key], `Invalid key ${key}`);
    rejectPrototypeKeys((value as Record<string, unknown>)[key], [...path, key]);
  }
}

export function readString(fields: Record<string, unknown>, key: string, maxLength = 1024): string {
  const value = fields[key];
  if (typeof value !== 'string' || value === '') throw ValidationError.at([key], `${key} must be a non-empty string`);
  if (value.length > maxLength) throw ValidationError.at([key], `${key} must be at most ${maxLength} characters`);
  return value;
}

export function readOptionalString(fields: Record<string, unknown>, key: string, maxLength = 1024): string | undefined {
  return fields[key] === undefined ? undefined : readString(fields, key, maxLength);
}

export function readBoolean(fields: Record<string, unknown>, key: string): boolean | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw ValidationError.at([key], `${key} must be true or false`);
  return value;
}

export function readPassword(fields: Record<string, unknown>, key = 'password'): string {
  const value = fields[key];
  if (typeof value !== 'string') throw ValidationError.at([key], `${key} must be a string`);
  if (value.length < PASSWORD_MIN_LENGTH) throw ValidationError.at([key], `${key} must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (value.length > PASSWORD_MAX_LENGTH) throw ValidationError.at([key], `${key} must be at most ${PASSWORD_MAX_LENGTH} characters`);
  return value;
}

/** A new password and its confirmation, which must match. */
export function readNewPassword(fields: Record<string, unknown>): string {
  const password = readPassword(fields, 'password');
  if (fields.passwordConfirmation !== password) throw ValidationError.at(['passwordConfirmation'], 'Passwords do not match');
  return password;
}

export function readUsername(fields: Record<string, unknown>, key = 'username'): string {
  const value = readString(fields, key, USERNAME_MAX_LENGTH);
  if (value.length < USERNAME_MIN_LENGTH) throw ValidationError.at([key], `${key} must be at least ${USERNAME_MIN_LENGTH} characters`);
  if (value.trim() !== value || CONTROL_CHARACTERS.test(value)) {
    throw ValidationError.at([key], `${key} must not start or end with spaces or contain control characters`);
  }
  return value;
}

/** An email, case-folded. */
export function readEmail(fields: Record<string, unknown>, key = 'email'): string {
  const value = readString(fields, key, EMAIL_MAX_LENGTH).trim().toLowerCase();
  if (!EMAIL_PATTERN.test(value)) throw ValidationError.at([key], `${key} must be a valid email address`);
  return value;
}
