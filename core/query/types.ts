/**
 * The typed, validated query: what parseQuery makes of a query string for one
 * content type, and what findMany/findOne/findFirst compile to SQL. Every name
 * in it is already resolved to an attribute, so nothing below the parser looks
 * at raw input again.
 */
import type { ContentType, RelationAttribute, ScalarAttribute } from '../content-types/types.js';
import type { StorageValue } from '../values/cast-value.js';

/** Operators that compare a field with one value (DESIGN §4). An array of values means OR. */
export const COMPARE_OPERATORS = [
  '$eq', '$eqi', '$ne', '$nei', '$lt', '$lte', '$gt', '$gte',
  '$contains', '$notContains', '$containsi', '$notContainsi',
  '$startsWith', '$startsWithi', '$endsWith', '$endsWithi',
] as const;
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];

/** Every operator of the filter language, as spelled in the query string. */
export const FILTER_OPERATORS: ReadonlySet<string> = new Set<string>([
  ...COMPARE_OPERATORS, '$in', '$notIn', '$null', '$notNull', '$between', '$and', '$or', '$not',
]);

/** One step of a path through a relation: the relation and the type it leads to. */
export interface RelationStep {
  attribute: RelationAttribute;
  target: ContentType;
}

/**
 * A filter as a typed tree. Values are already cast to storage form.
 * `relation` means "some related entry matches `filter`" and compiles to a
 * subquery over the link table, so rows are never duplicated.
 */
export type FilterNode =
  | { kind: 'and'; children: FilterNode[] }
  | { kind: 'or'; children: FilterNode[] }
  | { kind: 'not'; child: FilterNode }
  | { kind: 'compare'; attribute: ScalarAttribute; operator: CompareOperator; value: StorageValue }
  | { kind: 'in'; attribute: ScalarAttribute; negated: boolean; values: StorageValue[] }
  | { kind: 'between'; attribute: ScalarAttribute; low: StorageValue; high: StorageValue }
  | { kind: 'null'; attribute: ScalarAttribute; isNull: boolean }
  | { kind: 'relation'; step: RelationStep; filter: FilterNode }
  /** `filters[author][$null]=true`: whether any related entry exists. */
  | { kind: 'related'; step: RelationStep; exists: boolean };

export type SortDirection = 'asc' | 'desc';

/** Sort by a scalar of this type, or of a related type reached through `through`. */
export interface SortKey {
  through: RelationStep[];
  attribute: ScalarAttribute;
  direction: SortDirection;
}

/** Where a keyset page starts: the sort values and id of the last row already seen. */
export interface Cursor {
  values: StorageValue[];
  id: number;
}

export type PaginationRequest =
  | { mode: 'page'; page: number; pageSize: number; withCount: boolean }
  | { mode: 'offset'; start: number; limit: number; withCount: boolean }
  | { mode: 'keyset'; after: Cursor; limit: number };

/** One relation to load, with the query that applies inside it. */
export interface PopulateNode {
  attribute: RelationAttribute;
  target: ContentType;
  /** Scalar attribute names of the target; absent means every readable one. */
  fields?: string[];
  filters?: FilterNode;
  sort: SortKey[];
  populate: PopulateTree;
}

/** Relations to load, in request order. */
export type PopulateTree = PopulateNode[];

export type Status = 'published' | 'draft';

export interface ParsedQuery {
  filters?: FilterNode;
  /** The requested order; compilation appends the `id` tie-break. */
  sort: SortKey[];
  pagination: PaginationRequest;
  /** Scalar attribute names; id & documentId are always included. */
  fields?: string[];
  populate: PopulateTree;
  status: Status;
  /** `_q`: a case-insensitive substring search over readable string fields. */
  q?: string;
}

export interface ReadPolicy {
  /** May this caller read (hence filter/sort/search/select) this attribute of this type? Default policy: everything except private attributes. Permissions (a later issue) plug in here. */
  canRead(type: ContentType, attributeName: string): boolean;
  /** May this caller read entries of this type at all (for populate)? */
  canReadType(type: ContentType): boolean;
  /**
   * Row conditions on entries of `type` reached through a relation (populate,
   * relation filters, relation sorts), so no query surface reveals rows
   * outside the caller's scope. Undefined: every row.
   */
  relatedRows?(type: ContentType): FilterNode | undefined;
}

export const defaultReadPolicy: ReadPolicy = {
  canRead(type, attributeName) {
    // Who wrote an entry is private too (DESIGN §3).
    if (attributeName === 'createdBy' || attributeName === 'updatedBy') return false;
    const attribute = type.attributes.get(attributeName);
    return attribute === undefined || !attribute.private;
  },
  canReadType: () => true,
};

export const DEFAULT_PAGE_SIZE = 25;
/** pageSize and limit are capped here (DESIGN §8). */
export const MAX_PAGE_SIZE = 100;
/** Nested $and/$or/$not levels (DESIGN §10). */
export const MAX_FILTER_DEPTH = 10;
export const MAX_POPULATE_DEPTH = 5;
