import type { Ajv, ValidateFunction } from 'ajv';
import type { ContentType } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { isPlainObject } from '../query/is-plain-object.js';
import { issueAt, toValidationIssues } from './ajv-errors.js';
import { applyCreateDefaults } from './apply-create-defaults.js';
import { checkDefaults } from './check-defaults.js';
import type { TypeValidators, WriteOptions } from './create-validation.js';
import { entrySchema, type WriteMode } from './json-schema.js';
import { toEntryWrite } from './to-entry-write.js';

/**
 * The four validators of a type (create and update, each published and
 * draft), each compiled once, on its first use: compiling them all at boot
 * cost about a fifth of the cold start and memory for types only ever read.
 * The defaults are checked at boot, so a bad config still fails there.
 */
export function compileTypeValidators(ajv: Ajv, type: ContentType, dialect: Dialect): TypeValidators {
  checkDefaults(ajv, type);
  const compiled = new Map<string, ValidateFunction>();
  const validator = (mode: WriteMode, options: WriteOptions): ValidateFunction => {
    const key = `${mode}:${options.draft}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(entrySchema(type, { mode, draft: options.draft }));
      compiled.set(key, validate);
    }
    return validate;
  };

  return {
    create(data, options) {
      const body = applyCreateDefaults(type, readBody(data));
      check(validator('create', options), body);
      return toEntryWrite(type, body, dialect);
    },
    update(data, options) {
      const body = readBody(data);
      check(validator('update', options), body);
      return toEntryWrite(type, body, dialect);
    },
  };
}

function readBody(data: unknown): Record<string, unknown> {
  if (data === undefined) throw failure([issueAt([], 'Missing "data" payload in the request body')]);
  if (!isPlainObject(data)) throw failure([issueAt([], 'data must be an object')]);
  return data;
}

function check(validate: ValidateFunction, body: Record<string, unknown>): void {
  if (validate(body)) return;
  throw failure(toValidationIssues(validate.errors ?? []));
}

function failure(issues: ValidationIssue[]): ValidationError {
  const message = issues.length === 1 ? issues[0]!.message : `${issues.length} errors occurred`;
  return new ValidationError(message, issues);
}
