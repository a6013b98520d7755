import { useState } from 'preact/hooks';
import type { AttributeInfo } from '../api/types';
import type { FilterableField } from '../content/filterable-fields';
import { pathKey } from '../content/filterable-fields';
import type { FilterCondition } from '../content/list-params';
import { fromLocalDateTime } from '../content/local-date-time';
import { humanize } from '../content/humanize';
import { operatorLabel, operatorsFor } from '../content/operators';

interface FilterBuilderProps {
  fields: FilterableField[];
  filters: FilterCondition[];
  onChange(filters: FilterCondition[]): void;
}

/**
 * Active filters as removable chips, and a small form that adds one
 * condition (field, operator, value). Conditions combine with AND.
 */
export function FilterBuilder({ fields, filters, onChange }: FilterBuilderProps) {
  const [adding, setAdding] = useState(false);
  const byPath = new Map(fields.map((field) => [pathKey(field.path), field]));
  const describe = (filter: FilterCondition) => {
    const field = byPath.get(pathKey(filter.path));
    const label = field ? labelOf(field) : filter.path.join('.');
    const operator = operatorLabel(field?.attribute, filter.operator);
    return filter.operator === '$null' || filter.operator === '$notNull' ? `${label} ${operator}` : `${label} ${operator} “${filter.value}”`;
  };

  return (
    <div class={adding ? 'filters filters-open' : 'filters'}>
      {filters.length > 0 ? (
        <ul class="chips" aria-label="Active filters">
          {filters.map((filter, index) => (
            <li key={`${pathKey(filter.path)}-${index}`} class="chip chip-filter">
              <span>{describe(filter)}</span>
              <button type="button" class="chip-remove" aria-label={`Remove filter: ${describe(filter)}`} onClick={() => onChange(filters.filter((_, at) => at !== index))}>×</button>
            </li>
          ))}
          {filters.length > 1 ? <li><button type="button" class="link-button" onClick={() => onChange([])}>Clear all</button></li> : null}
        </ul>
      ) : null}
      {adding ? (
        <FilterForm fields={fields} onCancel={() => setAdding(false)} onAdd={(filter) => { onChange([...filters, filter]); setAdding(false); }} />
      ) : (
        <button type="button" class="btn" onClick={() => setAdding(true)} disabled={fields.length === 0}>+ Add filter</button>
      )}
    </div>
  );
}

function labelOf(field: FilterableField): string {
  return field.path.map(humanize).join(' › ');
}

function FilterForm({ fields, onAdd, onCancel }: { fields: FilterableField[]; onAdd(filter: FilterCondition): void; onCancel(): void }) {
  const [fieldKey, setFieldKey] = useState(pathKey(fields[0]!.path));
  const field = fields.find((candidate) => pathKey(candidate.path) === fieldKey) ?? fields[0]!;
  const operators = operatorsFor(field.attribute);
  const [operatorId, setOperatorId] = useState(operators[0]!.id);
  const operator = operators.find((candidate) => candidate.id === operatorId) ?? operators[0]!;
  const [value, setValue] = useState('');

  const submit = (event: Event) => {
    event.preventDefault();
    if (operator.takesValue && value.trim() === '' && field.attribute.type !== 'boolean') return;
    const apiValue = !operator.takesValue ? 'true'
      : field.attribute.type === 'boolean' ? (value || 'true')
        : field.attribute.type === 'datetime' ? fromLocalDateTime(value) : value;
    onAdd({ path: field.path, operator: operator.id, value: apiValue });
  };

  return (
    // A group, not a nested <form>: the list's search form is its sibling, and the builder may sit inside other forms later.
    <div class="filter-form" role="group" aria-label="New filter" onKeyDown={(event) => { if (event.key === 'Enter' && (event.target as HTMLElement).tagName !== 'BUTTON') submit(event); if (event.key === 'Escape') onCancel(); }}>
      <label>
        <span class="field-label">Field</span>
        <select class="input" value={fieldKey} autofocus onChange={(event) => {
          setFieldKey((event.currentTarget as HTMLSelectElement).value);
          setOperatorId('');
          setValue('');
        }}>
          {fields.map((candidate) => <option key={pathKey(candidate.path)} value={pathKey(candidate.path)}>{labelOf(candidate)}</option>)}
        </select>
      </label>
      <label>
        <span class="field-label">Operator</span>
        <select class="input" value={operator.id} onChange={(event) => setOperatorId((event.currentTarget as HTMLSelectElement).value)}>
          {operators.map((candidate) => <option key={candidate.id} value={candidate.id}>{candidate.label}</option>)}
        </select>
      </label>
      {operator.takesValue ? (
        <label>
          <span class="field-label">Value</span>
          <FilterValueInput attribute={field.attribute} value={value} onInput={setValue} />
        </label>
      ) : null}
      <div class="filter-form-actions">
        <button type="button" class="btn btn-primary" onClick={submit}>Apply filter</button>
        <button type="button" class="btn" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}

function FilterValueInput({ attribute, value, onInput }: { attribute: AttributeInfo; value: string; onInput(value: string): void }) {
  const onChange = (event: Event) => onInput((event.currentTarget as HTMLInputElement | HTMLSelectElement).value);
  if (attribute.type === 'boolean') {
    return (
      <select class="input" value={value || 'true'} onChange={onChange}>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  }
  if (attribute.type === 'enumeration') {
    return (
      <select class="input" value={value} onChange={onChange}>
        <option value="">Choose…</option>
        {(attribute.enum ?? []).map((option) => <option key={option} value={option}>{option}</option>)}
      </select>
    );
  }
  switch (attribute.type) {
    case 'integer': case 'float': case 'decimal': return <input class="input" type="number" step="any" value={value} onInput={onChange} />;
    case 'date': return <input class="input" type="date" value={value} onInput={onChange} />;
    case 'time': return <input class="input" type="time" step={1} value={value} onInput={onChange} />;
    case 'datetime': return <input class="input" type="datetime-local" step={1} value={value} onInput={onChange} />;
    default: return <input class="input" type="text" value={value} onInput={onChange} />;
  }
}
