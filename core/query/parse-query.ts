import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { ValidationError } from '../errors.js';
import { isPlainObject } from './is-plain-object.js';
import { parseFields } from './parse-fields.js';
import { parseFilters } from './parse-filters.js';
import { parsePagination } from './parse-pagination.js';
import { parsePopulate } from './parse-populate.js';
import { parseSort } from './parse-sort.js';
import type { ParsedQuery, ReadPolicy, Status } from './types.js';

const KEYS = ['filters', 'sort', 'pagination', 'fields', 'populate', 'status', 'locale', '_q'];
const ALLOWED = new Set(KEYS);

/** Validates the qs-parsed params for one type. Allowed top-level keys: filters, sort, pagination, fields, populate, status, locale, _q. Anything else → ValidationError naming the key. Throws ValidationError / PaginationError (core/errors.ts). */
export function parseQuery(
  params: Record<string, unknown>, type: ContentType, registry: ContentTypeRegistry, policy: ReadPolicy, dialect: Dialect,
): ParsedQuery {
  if (!isPlainObject(params)) throw new ValidationError('Query parameters must be an object');
  // Unknown keys are refused, always: Strapi's `where` and `lookup` were real leaks (DESIGN §4).
  for (const key of Object.keys(params)) {
    if (!ALLOWED.has(key)) throw ValidationError.at([key], `Invalid query parameter ${key}; allowed: ${KEYS.join(', ')}`);
  }
  const sort = parseSort(params.sort, type, registry, policy, ['sort']);
  const query: ParsedQuery = {
    sort,
    pagination: parsePagination(params.pagination, sort, dialect),
    populate: parsePopulate(params.populate, type, registry, policy, dialect, ['populate']),
    status: parseStatus(params.status, type),
  };
  const filters = parseFilters(params.filters, type, registry, policy, dialect, ['filters']);
  if (filters) query.filters = filters;
  const fields = parseFields(params.fields, type, registry, policy, ['fields']);
  if (fields) query.fields = fields;
  if (params._q !== undefined) {
    if (typeof params._q !== 'string') throw ValidationError.at(['_q'], '_q must be a single search phrase');
    if (params._q.includes('\u0000')) throw ValidationError.at(['_q'], '_q must not contain NUL characters');
    if (params._q !== '') query.q = params._q;
  }
  // No i18n yet: a locale is accepted so Strapi clients keep working, and ignored.
  if (params.locale !== undefined && typeof params.locale !== 'string') throw ValidationError.at(['locale'], 'locale must be a string');
  return query;
}

function parseStatus(raw: unknown, type: ContentType): Status {
  if (raw === undefined) return 'published';
  if (!type.draftAndPublish) {
    throw ValidationError.at(['status'], `status applies only to types with draft & publish; ${type.singularName} has none`);
  }
  if (raw === 'published' || raw === 'draft') return raw;
  throw ValidationError.at(['status'], 'status must be published or draft');
}
