import type { QueryValue } from '../api/query-string';
import type { ContentTypeInfo, Entry, ScalarType } from '../api/types';
import type { Column } from '../components/data-table';
import { StatusBadge } from '../components/status-badge';
import type { PublicationStatus } from './publication';
import { Link } from '../router/link';
import { humanize } from './humanize';
import { formatTimestamp } from './local-date-time';
import { entryLabel, mainField } from './main-field';

// uid is left out: it mostly repeats the main field, and lists need the width.
const SHOWN: ReadonlySet<ScalarType> = new Set([
  'string', 'email', 'integer', 'biginteger', 'float', 'decimal', 'boolean', 'date', 'time', 'datetime', 'enumeration',
]);
const NUMERIC: ReadonlySet<ScalarType> = new Set(['integer', 'biginteger', 'float', 'decimal']);
const MAX_SCALARS = 3;
const MAX_RELATIONS = 1;

type TypeLookup = (singular: string) => ContentTypeInfo | undefined;

interface ColumnPlan {
  scalars: string[];
  /** To-one relations shown by the related entry's main field. */
  relations: Array<{ name: string; target: ContentTypeInfo; field: string }>;
}

/**
 * Which attributes a list shows: the main field, a few short scalar fields,
 * to-one relations by their main field, then status and last update.
 */
function planColumns(type: ContentTypeInfo, typeOf: TypeLookup): ColumnPlan {
  const main = mainField(type);
  const scalars = main ? [main] : [];
  const relations: ColumnPlan['relations'] = [];
  for (const [name, attribute] of Object.entries(type.attributes)) {
    if (attribute.private) continue;
    if (attribute.type === 'relation') {
      const target = typeOf(attribute.target);
      const field = target && target.actions.includes('find') ? mainField(target) : null;
      const toOne = attribute.relation === 'oneToOne' || attribute.relation === 'manyToOne';
      if (toOne && target && field && relations.length < MAX_RELATIONS) relations.push({ name, target, field });
    } else if (SHOWN.has(attribute.type) && name !== main && scalars.length < MAX_SCALARS + (main ? 1 : 0)) {
      scalars.push(name);
    }
  }
  return { scalars, relations };
}

/** `fields` and `populate` for exactly the columns shown: a list never fetches bodies it does not show. */
export function columnsQuery(type: ContentTypeInfo, typeOf: TypeLookup): Record<string, QueryValue> {
  const plan = planColumns(type, typeOf);
  const fields = [...plan.scalars, 'updatedAt', ...(type.draftAndPublish ? ['publishedAt'] : [])];
  const populate: Record<string, QueryValue> = {};
  for (const relation of plan.relations) populate[relation.name] = { fields: [relation.field] };
  return { fields, ...(plan.relations.length > 0 ? { populate } : {}) };
}

/** `statusOf` is given for draft & publish types whose list shows drafts. */
export function listColumns(type: ContentTypeInfo, typeOf: TypeLookup, statusOf?: (entry: Entry) => PublicationStatus | undefined): Column<Entry>[] {
  const plan = planColumns(type, typeOf);
  const main = mainField(type);
  const editPath = (entry: Entry) => `/content/${type.pluralName}/${entry.documentId}`;
  const columns: Column<Entry>[] = plan.scalars.map((name, index) => {
    const attribute = type.attributes[name]!;
    const numeric = NUMERIC.has(attribute.type as ScalarType);
    return {
      key: name,
      label: humanize(name),
      sortField: name,
      numeric,
      wrap: index === 0 && name === main,
      render: (entry: Entry) => index === 0 && name === main
        ? <Link to={editPath(entry)}>{entryLabel(type, entry)}</Link>
        : formatCell(attribute.type as ScalarType, entry[name]),
    };
  });
  if (!main) columns.unshift({ key: 'documentId', label: 'Document', wrap: true, render: (entry) => <Link to={editPath(entry)}>{entry.documentId}</Link> });
  for (const relation of plan.relations) {
    columns.push({
      key: relation.name,
      label: humanize(relation.name),
      sortField: `${relation.name}.${relation.field}`,
      render: (entry) => {
        const related = entry[relation.name];
        return related && typeof related === 'object' ? entryLabel(relation.target, related as Entry) : <span class="muted">—</span>;
      },
    });
  }
  if (type.draftAndPublish) {
    columns.push({
      key: 'status', label: 'Status',
      render: (entry) => {
        const status = statusOf ? statusOf(entry) : 'published';
        return status ? <StatusBadge status={status} /> : <span class="muted">…</span>;
      },
    });
  }
  columns.push({ key: 'updatedAt', label: 'Updated', sortField: 'updatedAt', render: (entry) => formatTimestamp(entry.updatedAt) });
  return columns;
}

function formatCell(type: ScalarType, value: unknown) {
  if (value === null || value === undefined || value === '') return <span class="muted">—</span>;
  if (type === 'boolean') return value ? 'Yes' : 'No';
  if (type === 'datetime' && typeof value === 'string') return formatTimestamp(value);
  const text = String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
