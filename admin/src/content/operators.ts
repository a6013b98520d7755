import type { AttributeInfo, ScalarType } from '../api/types';

export interface Operator {
  /** The query language operator, e.g. `$containsi`. */
  id: string;
  label: string;
  /** `$null` / `$notNull` take no value from the user. */
  takesValue: boolean;
}

const op = (id: string, label: string, takesValue = true): Operator => ({ id, label, takesValue });
const EMPTY = [op('$null', 'is empty', false), op('$notNull', 'is not empty', false)];

const TEXT = [
  op('$containsi', 'contains'), op('$notContainsi', 'does not contain'), op('$eqi', 'is'), op('$nei', 'is not'),
  op('$startsWithi', 'starts with'), op('$endsWithi', 'ends with'), ...EMPTY,
];
const NUMBER = [
  op('$eq', '='), op('$ne', '≠'), op('$gt', '>'), op('$gte', '≥'), op('$lt', '<'), op('$lte', '≤'), ...EMPTY,
];
const TEMPORAL = [
  op('$eq', 'is'), op('$ne', 'is not'), op('$gt', 'is after'), op('$gte', 'is on or after'),
  op('$lt', 'is before'), op('$lte', 'is on or before'), ...EMPTY,
];
const CHOICE = [op('$eq', 'is'), op('$ne', 'is not'), ...EMPTY];
const BOOLEAN = [op('$eq', 'is')];

const BY_TYPE: Partial<Record<ScalarType, Operator[]>> = {
  string: TEXT, text: TEXT, richtext: TEXT, email: TEXT, uid: TEXT,
  integer: NUMBER, biginteger: NUMBER, float: NUMBER, decimal: NUMBER,
  date: TEMPORAL, time: TEMPORAL, datetime: TEMPORAL,
  enumeration: CHOICE, boolean: BOOLEAN,
};

/** What the filter builder offers for an attribute; empty when it cannot be filtered (json, password, private). */
export function operatorsFor(attribute: AttributeInfo): Operator[] {
  if (attribute.private || attribute.type === 'relation') return [];
  return BY_TYPE[attribute.type] ?? [];
}

/** An operator's label for this attribute, falling back to its id for hand-written URLs. */
export function operatorLabel(attribute: AttributeInfo | undefined, id: string): string {
  return (attribute ? operatorsFor(attribute) : []).find((candidate) => candidate.id === id)?.label ?? id;
}
