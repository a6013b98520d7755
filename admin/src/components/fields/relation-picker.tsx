import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../api/api-error';
import { listEntries } from '../../api/content';
import type { ContentTypeInfo, RelationAttributeInfo } from '../../api/types';
import { isToOne, type RelationRef } from '../../content/form-values';
import { entryLabel, mainField } from '../../content/main-field';
import { useApi } from '../../state/api-context';
import { can } from '../../state/content-types';
import type { FieldIds } from '../field-frame';
import { a11y } from './input-props';

interface RelationPickerProps {
  ids: FieldIds;
  attribute: RelationAttributeInfo;
  /** Undefined when the user may not see the related type. */
  target: ContentTypeInfo | undefined;
  value: RelationRef | RelationRef[] | null;
  onChange(value: RelationRef | RelationRef[] | null): void;
  disabled?: boolean;
}

/**
 * A combobox (WAI-ARIA APG pattern) that searches the related type with `_q`
 * and shows each entry by its main field. To-many relations collect chips.
 */
export function RelationPicker({ ids, attribute, target, value, onChange, disabled }: RelationPickerProps) {
  const client = useApi();
  const many = !isToOne(attribute);
  const selected: RelationRef[] = Array.isArray(value) ? value : value ? [value] : [];
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<RelationRef[]>([]);
  const [active, setActive] = useState(-1);
  const [problem, setProblem] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const browsable = target !== undefined && can(target, 'find');
  const listId = `${ids.id}-options`;

  useEffect(() => {
    if (!open || !target || !browsable) return undefined;
    const controller = new AbortController();
    const field = mainField(target);
    const timer = window.setTimeout(() => {
      setSearching(true);
      listEntries(client, target, {
        pagination: { page: 1, pageSize: 8 },
        ...(query.trim() ? { _q: query.trim() } : {}),
        ...(field ? { fields: [field] } : {}),
      }, controller.signal).then((result) => {
        setOptions(result.data.map((entry) => ({ documentId: entry.documentId, label: entryLabel(target, entry) })));
        setActive(result.data.length > 0 ? 0 : -1);
        setProblem(null);
        setSearching(false);
      }, (error: unknown) => {
        if (controller.signal.aborted) return;
        setProblem(errorMessage(error));
        setSearching(false);
      });
    }, 150);
    return () => { window.clearTimeout(timer); controller.abort(); };
  }, [open, query, target, browsable, client]);

  const isSelected = (ref: RelationRef) => selected.some((item) => item.documentId === ref.documentId);
  const choose = (ref: RelationRef) => {
    if (many) onChange(isSelected(ref) ? selected.filter((item) => item.documentId !== ref.documentId) : [...selected, ref]);
    else onChange(ref);
    setQuery('');
    if (!many) setOpen(false);
  };
  const remove = (ref: RelationRef) => onChange(many ? selected.filter((item) => item.documentId !== ref.documentId) : null);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive((index) => Math.min(options.length - 1, index + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(0, index - 1));
    } else if (event.key === 'Enter' && open) {
      // Enter picks an option; it must not submit the form.
      event.preventDefault();
      const option = options[active];
      if (option) choose(option);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  const chips = selected.length > 0 ? (
    <ul class="chips" aria-label={`Selected ${attribute.target} entries`}>
      {selected.map((ref) => (
        <li key={ref.documentId} class="chip">
          <span>{ref.label}</span>
          {!disabled ? <button type="button" class="chip-remove" aria-label={`Remove ${ref.label}`} onClick={() => remove(ref)}>×</button> : null}
        </li>
      ))}
    </ul>
  ) : null;

  if (!browsable) {
    return (
      <div class="relation-picker">
        {chips ?? <p class="muted" id={ids.id}>None</p>}
        <p class="field-hint">You cannot browse {attribute.target} entries, so this relation cannot be changed here.</p>
      </div>
    );
  }

  return (
    <div class="relation-picker">
      {chips}
      <div class="combobox">
        <input
          class="input"
          type="text"
          role="combobox"
          autoComplete="off"
          {...a11y(ids)}
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          placeholder={many || selected.length === 0 ? `Search ${target.displayName}…` : `Replace with another ${target.displayName}…`}
          value={query}
          disabled={disabled}
          onInput={(event) => { setQuery((event.currentTarget as HTMLInputElement).value); setOpen(true); }}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        {open ? (
          <ul class="listbox" id={listId} role="listbox" aria-label={`${target.displayName} entries`} aria-multiselectable={many || undefined}>
            {options.map((option, index) => (
              <li
                key={option.documentId}
                id={`${listId}-${index}`}
                role="option"
                class={index === active ? 'option option-active' : 'option'}
                aria-selected={isSelected(option)}
                // mousedown, not click: the input must keep focus, or blur closes the list first.
                onMouseDown={(event) => { event.preventDefault(); choose(option); }}
              >
                <span>{option.label}</span>
                {isSelected(option) ? <span class="option-check" aria-hidden="true">✓</span> : null}
              </li>
            ))}
            {options.length === 0 ? (
              <li class="option option-empty" role="presentation">{problem ?? (searching ? 'Searching…' : 'No matching entries')}</li>
            ) : null}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
