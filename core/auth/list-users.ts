import type { Knex } from 'knex';
import type { Dialect } from '../db/connect.js';
import { PaginationError, ValidationError } from '../errors.js';
import { isPlainObject } from '../query/is-plain-object.js';
import { parsePagination } from '../query/parse-pagination.js';
import { parseQueryString } from '../query/parse-query-string.js';
import { SYSTEM_TABLE } from '../schema/system-tables.js';
import { toUserView, type UserRow, type UserView } from './users.js';

const { users, roles } = SYSTEM_TABLE;

/**
 * `GET /api/users` (DESIGN §10): an allow-listed subset of the query
 * language over the user columns an admin screen needs. Every other key,
 * field or operator is a 400, and the password column is out of reach.
 */
type Kind = 'string' | 'integer' | 'boolean' | 'datetime';

const FIELDS: Record<string, { column: string; kind: Kind }> = {
  id: { column: `${users}.id`, kind: 'integer' },
  documentId: { column: `${users}.document_id`, kind: 'string' },
  username: { column: `${users}.username`, kind: 'string' },
  email: { column: `${users}.email`, kind: 'string' },
  confirmed: { column: `${users}.confirmed`, kind: 'boolean' },
  blocked: { column: `${users}.blocked`, kind: 'boolean' },
  createdAt: { column: `${users}.created_at`, kind: 'datetime' },
  updatedAt: { column: `${users}.updated_at`, kind: 'datetime' },
};
const ROLE_FIELDS: Record<string, { column: string; kind: Kind }> = {
  id: { column: `${roles}.id`, kind: 'integer' },
  type: { column: `${roles}.type`, kind: 'string' },
  name: { column: `${roles}.name`, kind: 'string' },
};
const OPERATORS: Record<Kind, readonly string[]> = {
  string: ['$eq', '$ne', '$in', '$notIn', '$eqi', '$contains', '$containsi', '$null', '$notNull'],
  integer: ['$eq', '$ne', '$in', '$notIn', '$lt', '$lte', '$gt', '$gte'],
  boolean: ['$eq', '$ne'],
  datetime: ['$eq', '$ne', '$lt', '$lte', '$gt', '$gte'],
};
const QUERY_KEYS = ['filters', 'sort', 'pagination', 'populate'];
const SORTABLE = ['id', 'username', 'email', 'confirmed', 'blocked', 'createdAt', 'updatedAt'];
const COMPARISON: Record<string, string> = { $eq: '=', $ne: '<>', $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' };
const TRUE = new Set<unknown>([true, 'true', '1', 't']);
const FALSE = new Set<unknown>([false, 'false', '0', 'f']);

export async function listUsers(knex: Knex, dialect: Dialect, querystring: string): Promise<UserView[]> {
  const query = parseQueryString(querystring);
  for (const key of Object.keys(query)) {
    if (!QUERY_KEYS.includes(key)) throw ValidationError.at([key], `Invalid query key ${key}; allowed: ${QUERY_KEYS.join(', ')}`);
  }
  const withRole = readPopulate(query.populate);
  const pagination = parsePagination(query.pagination, [], dialect);
  if (pagination.mode === 'keyset') throw new PaginationError('pagination.after is not supported on /api/users');

  // The role comes from the same join the role filters use: one query per page.
  const select = knex(users).leftJoin(roles, `${roles}.id`, `${users}.role_id`)
    .select<RowWithRole[]>(`${users}.*`, `${roles}.type as role_type`, `${roles}.name as role_name`);
  if (query.filters !== undefined) applyFilters(select, query.filters, dialect);
  for (const [field, direction] of readSort(query.sort)) select.orderBy(FIELDS[field]!.column, direction);
  select.orderBy(`${users}.id`, 'asc');
  if (pagination.mode === 'page') select.limit(pagination.pageSize).offset((pagination.page - 1) * pagination.pageSize);
  else select.limit(pagination.limit).offset(pagination.start);

  const rows = await select;
  if (!withRole) return rows.map((row) => toUserView(row));
  return rows.map((row) => toUserView(row, row.role_id === null || row.role_type === null
    ? null
    : { id: Number(row.role_id), type: row.role_type, name: row.role_name ?? '' }));
}

interface RowWithRole extends UserRow {
  role_type: string | null;
  role_name: string | null;
}

/** `populate=role`, `populate=*`, `populate[0]=role` or `populate[role]=true`. */
export function readPopulate(raw: unknown): boolean {
  if (raw === undefined) return false;
  const names = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : isPlainObject(raw) ? Object.keys(raw) : undefined;
  if (!names || names.some((name) => name !== 'role' && name !== '*')) {
    throw ValidationError.at(['populate'], 'Only populate=role is supported on users');
  }
  return names.length > 0;
}

function readSort(raw: unknown): Array<[string, 'asc' | 'desc']> {
  if (raw === undefined) return [];
  const items = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : undefined;
  if (!items || items.some((item) => typeof item !== 'string')) throw ValidationError.at(['sort'], 'sort must be e.g. createdAt:desc');
  return (items as string[]).map((item) => {
    const [field = '', direction = 'asc'] = item.trim().split(':');
    if (!SORTABLE.includes(field)) throw ValidationError.at(['sort'], `Cannot sort users by ${field}; use one of ${SORTABLE.join(', ')}`);
    const lower = direction.toLowerCase();
    if (lower !== 'asc' && lower !== 'desc') throw ValidationError.at(['sort'], `Invalid sort direction ${direction}; use asc or desc`);
    return [field, lower];
  });
}

function applyFilters(select: Knex.QueryBuilder, raw: unknown, dialect: Dialect): void {
  if (!isPlainObject(raw)) throw ValidationError.at(['filters'], 'filters must be an object, e.g. filters[username][$eq]=bob');
  for (const [field, condition] of Object.entries(raw)) {
    if (field === 'role') {
      applyRoleFilter(select, condition, dialect);
      continue;
    }
    const spec = FIELDS[field];
    if (!spec) throw ValidationError.at(['filters', field], `Cannot filter users by ${field}; use one of ${[...Object.keys(FIELDS), 'role'].join(', ')}`);
    applyCondition(select, spec, condition, ['filters', field], dialect);
  }
}

function applyRoleFilter(select: Knex.QueryBuilder, raw: unknown, dialect: Dialect): void {
  if (!isPlainObject(raw)) {
    applyCondition(select, ROLE_FIELDS.id!, raw, ['filters', 'role'], dialect);
    return;
  }
  for (const [field, condition] of Object.entries(raw)) {
    const spec = ROLE_FIELDS[field];
    if (!spec) throw ValidationError.at(['filters', 'role', field], `Cannot filter roles by ${field}; use id, type or name`);
    applyCondition(select, spec, condition, ['filters', 'role', field], dialect);
  }
}

function applyCondition(select: Knex.QueryBuilder, spec: { column: string; kind: Kind }, raw: unknown, path: string[], dialect: Dialect): void {
  const operators = isPlainObject(raw) ? raw : { $eq: raw };
  for (const [operator, value] of Object.entries(operators)) {
    const at = [...path, operator];
    if (!OPERATORS[spec.kind].includes(operator)) {
      throw ValidationError.at(at, `Invalid operator ${operator}; use one of ${OPERATORS[spec.kind].join(', ')}`);
    }
    const { column } = spec;
    if (operator === '$in' || operator === '$notIn') {
      const list = (Array.isArray(value) ? value : [value]).map((item) => cast(spec.kind, item, at));
      if (operator === '$in') select.whereIn(column, list);
      else select.whereNotIn(column, list);
    } else if (operator === '$null' || operator === '$notNull') {
      // DESIGN §10: every value except false, 'false', '0', 'f' and '' means true.
      const truthy = !FALSE.has(value) && value !== '';
      if ((operator === '$null') === truthy) select.whereNull(column);
      else select.whereNotNull(column);
    } else if (operator === '$eqi') {
      select.whereRaw('lower(??) = lower(?)', [column, cast(spec.kind, value, at)]);
    } else if (operator === '$contains' || operator === '$containsi') {
      // instr/strpos, not LIKE: case-sensitive on both databases, no wildcards to escape (DESIGN §10).
      const find = dialect === 'postgres' ? 'strpos' : 'instr';
      const needle = cast(spec.kind, value, at);
      if (operator === '$contains') select.whereRaw(`${find}(??, ?) > 0`, [column, needle]);
      else select.whereRaw(`${find}(lower(??), lower(?)) > 0`, [column, needle]);
    } else {
      select.where(column, COMPARISON[operator]!, cast(spec.kind, value, at));
    }
  }
}

function cast(kind: Kind, value: unknown, path: string[]): string | number | boolean {
  const fail = (): never => {
    throw ValidationError.at(path, `Invalid ${kind} value ${JSON.stringify(value)} at ${path.join('.')}`);
  };
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fail();
    case 'integer': {
      const text = typeof value === 'number' ? String(value) : value;
      return typeof text === 'string' && /^-?\d{1,15}$/.test(text) ? Number(text) : fail();
    }
    case 'boolean':
      return TRUE.has(value) ? true : FALSE.has(value) ? false : fail();
    case 'datetime': {
      const time = typeof value === 'string' ? Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`) : Number.NaN;
      return Number.isNaN(time) ? fail() : new Date(time).toISOString();
    }
  }
}
