import { Ajv, type ErrorObject } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { ScalarAttribute } from '../content-types/types.js';
import { CastError, castBoolean, castDate, castDateTime, castTime, castValue } from '../values/cast-value.js';

type CastType = 'boolean' | 'date' | 'time' | 'datetime' | 'biginteger';
type KeywordValidator = ((data: unknown) => boolean) & { errors?: Partial<ErrorObject>[] };

/** castValue reads only `type`; this stands in for any biginteger attribute, whose bounds come from the schema. */
const BIGINT: ScalarAttribute = {
  kind: 'scalar', name: 'biginteger', type: 'biginteger', column: 'biginteger',
  required: false, private: false, unique: false, index: false,
};

/**
 * The lenient input forms of DESIGN §10 are exactly what castValue accepts, so
 * ajv asks it rather than restating the rules in patterns that could drift.
 */
const CASTS: Record<CastType, (input: unknown) => unknown> = {
  boolean: castBoolean,
  date: castDate,
  time: castTime,
  datetime: castDateTime,
  biginteger: (input) => castValue(BIGINT, input, 'postgres'),
};

/**
 * One ajv instance per app: compiled schemas and their caches stay with the
 * app, so two apps in one process never share them.
 */
export function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    // `["string", "null"]` is how a nullable attribute is written.
    allowUnionTypes: true,
    // ajv-errors.ts needs the failing value (is it null?) and the schema's larderMessages.
    verbose: true,
    // A key on the prototype chain is never part of the input.
    ownProperties: true,
  });
  formatsPlugin.default(ajv, ['email']);

  // Annotation only: per-keyword wording that ajv-errors.ts prefers over its defaults.
  ajv.addKeyword({ keyword: 'larderMessages', schemaType: 'object' });

  ajv.addKeyword({
    keyword: 'castsAs',
    schemaType: 'string',
    metaSchema: { enum: Object.keys(CASTS) },
    errors: true,
    compile(type: CastType) {
      const cast = CASTS[type];
      const validate: KeywordValidator = (data) => {
        if (data === null) return true; // nullability is the `type` keyword's call
        try {
          cast(data);
          return true;
        } catch (error) {
          if (!(error instanceof CastError)) throw error;
          validate.errors = [{ keyword: 'castsAs', message: error.message, params: { type } }];
          return false;
        }
      };
      return validate;
    },
  });

  ajv.addKeyword({
    keyword: 'bigintRange',
    schemaType: 'object',
    metaSchema: {
      type: 'object',
      properties: { minimum: { type: 'string' }, maximum: { type: 'string' } },
      additionalProperties: false,
    },
    errors: true,
    compile(range: { minimum?: string; maximum?: string }) {
      const minimum = range.minimum === undefined ? undefined : BigInt(range.minimum);
      const maximum = range.maximum === undefined ? undefined : BigInt(range.maximum);
      const validate: KeywordValidator = (data) => {
        let value: bigint;
        try {
          value = BigInt(castValue(BIGINT, data, 'postgres') as string);
        } catch {
          return true; // not an integer at all: castsAs reports it
        }
        if (minimum !== undefined && value < minimum) {
          validate.errors = [{ keyword: 'bigintRange', message: `must be greater than or equal to ${minimum}`, params: { minimum: String(minimum) } }];
          return false;
        }
        if (maximum !== undefined && value > maximum) {
          validate.errors = [{ keyword: 'bigintRange', message: `must be less than or equal to ${maximum}`, params: { maximum: String(maximum) } }];
          return false;
        }
        return true;
      };
      return validate;
    },
  });

  ajv.addKeyword({
    keyword: 'requiredRelation',
    schemaType: 'string',
    metaSchema: { enum: ['create', 'update'] },
    compile(mode: 'create' | 'update') {
      return (data: unknown) => !isEmptyRelation(data, mode);
    },
  });

  return ajv;
}

/**
 * Would this relation input leave a required relation empty? Malformed input
 * counts as not empty: the shape keywords report it. On update, connect and
 * disconnect change a set this validator cannot see, so only `set`, `[]` and
 * `null` are known to empty it.
 */
function isEmptyRelation(data: unknown, mode: 'create' | 'update'): boolean {
  if (Array.isArray(data)) return data.length === 0;
  if (typeof data !== 'object' || data === null) return false;
  const form = data as Record<string, unknown>;
  if (Object.hasOwn(form, 'documentId')) return false;
  if (Object.hasOwn(form, 'set')) return Array.isArray(form.set) && form.set.length === 0;
  if (mode === 'update') return false;
  return !Array.isArray(form.connect) || form.connect.length === 0;
}
