import type { ErrorObject } from 'ajv';
import { SYSTEM_FIELDS } from '../content-types/types.js';
import type { ValidationIssue } from '../errors.js';

const SYSTEM = new Set<string>(SYSTEM_FIELDS);
/** Keys that could reach an object's prototype if some later code merged the input. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Words ajv's errors the way Strapi's validator does (`title must be at most
 * 120 characters`), one issue per problem, so a client can show each beside
 * its field. Front-ends parse these messages; keep their wording stable.
 */
export function toValidationIssues(errors: readonly ErrorObject[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  // Once a value has the wrong JSON type, what else it fails (enum, castsAs) is noise.
  const wrongType = new Set(errors.filter((error) => error.keyword === 'type').map((error) => error.instancePath));
  for (const error of errors) {
    if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue;
    const issue = toIssue(error);
    if (!issue) continue;
    const key = JSON.stringify([issue.path, issue.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/** `tags.connect[0].documentId`: how Strapi names a nested path in messages. */
export function displayPath(path: readonly string[]): string {
  return path
    .map((segment, index) => (/^\d+$/.test(segment) ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

export function issueAt(path: string[], message: string): ValidationIssue {
  return { path, message, name: 'ValidationError' };
}

function toIssue(error: ErrorObject): ValidationIssue | undefined {
  // An if/then/else failure repeats the branch's own errors, which are reported already.
  if (error.keyword === 'if') return undefined;
  const at = parsePointer(error.instancePath);
  if (error.keyword === 'required') {
    const path = [...at, String(error.params.missingProperty)];
    return issueAt(path, `${displayPath(path)} must be defined.`);
  }
  if (error.keyword === 'additionalProperties') {
    return unknownKey(at, String(error.params.additionalProperty), schemaMessage(error));
  }
  // null fails only where null is not allowed: a required attribute outside a draft.
  if (error.data === null && at.length === 1) return issueAt(at, `${displayPath(at)} must be defined.`);
  return issueAt(at, `${displayPath(at)} ${schemaMessage(error) ?? describe(error)}`);
}

function unknownKey(at: string[], key: string, hint: string | undefined): ValidationIssue {
  const path = [...at, key];
  if (at.length === 0) {
    if (FORBIDDEN_KEYS.has(key)) return issueAt(path, `"${key}" is not allowed`);
    if (SYSTEM.has(key)) return issueAt(path, `"${key}" is a system field and cannot be written`);
    return issueAt(path, `Unknown attribute "${key}"`);
  }
  return issueAt(path, `${displayPath(at)} has an unknown key "${key}"${hint ? `: it ${hint}` : ''}`);
}

function schemaMessage(error: ErrorObject): string | undefined {
  const messages = (error.parentSchema as { larderMessages?: Record<string, string> } | undefined)?.larderMessages;
  return messages?.[error.keyword];
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'maxLength': return `must be at most ${String(params.limit)} characters`;
    case 'minLength': return `must be at least ${String(params.limit)} characters`;
    case 'maximum': return `must be less than or equal to ${String(params.limit)}`;
    case 'minimum': return `must be greater than or equal to ${String(params.limit)}`;
    case 'maxItems': return `must contain at most ${String(params.limit)} items`;
    case 'minItems': return `must contain at least ${String(params.limit)} items`;
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).filter((value) => value !== null);
      return `must be one of the following values: ${allowed.join(', ')}`;
    }
    case 'format': return `must be a valid ${String(params.format)}`;
    case 'requiredRelation': return 'cannot be empty';
    default: return error.message ?? 'is invalid';
  }
}

/** ajv's instancePath is a JSON Pointer (RFC 6901): `/tags/1`, with `~1` for '/' and `~0` for '~'. */
function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
