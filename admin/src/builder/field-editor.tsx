import { FieldFrame, fieldIds } from '../components/field-frame';
import type { RelationKind } from '../api/types';
import { FIELD_TYPES, hasLength, hasMinMax, RELATION_KINDS, type FieldDraft } from './type-draft';

interface FieldEditorProps {
  field: FieldDraft;
  /** Singular names a relation may point at. */
  targets: string[];
  /** Server issues for this field, by option (`type`, `maxLength`…; '' for the field as a whole). */
  errors: Record<string, string>;
  onChange(field: FieldDraft): void;
  onRemove(): void;
}

type TextOption = 'name' | 'min' | 'max' | 'minLength' | 'maxLength' | 'enumValues';
type FlagOption = 'required' | 'unique' | 'private';

/** One attribute: its name, type and the options that type takes. */
export function FieldEditor({ field, targets, errors, onChange, onRemove }: FieldEditorProps) {
  const id = (option: string) => `field-${field.key}-${option}`;
  const label = field.name || 'new field';

  const textInput = (option: TextOption, text: string, inputMode?: 'decimal') => {
    const ids = fieldIds(id(option), false, errors[option === 'enumValues' ? 'enum' : option]);
    return (
      <FieldFrame ids={ids} label={text} error={errors[option === 'enumValues' ? 'enum' : option]}>
        <input
          id={ids.id} class={`input${option === 'name' || option === 'enumValues' ? '' : ' input-small'}`} type="text" value={field[option]}
          inputMode={inputMode} autoComplete="off" aria-invalid={ids.invalid || undefined} aria-describedby={ids.describedBy || undefined}
          onInput={(event) => onChange({ ...field, [option]: (event.currentTarget as HTMLInputElement).value })}
        />
      </FieldFrame>
    );
  };

  const flag = (option: FlagOption, text: string) => (
    <label class="checkbox" for={id(option)}>
      <input id={id(option)} type="checkbox" checked={field[option]}
        onChange={(event) => onChange({ ...field, [option]: (event.currentTarget as HTMLInputElement).checked })} />
      {text}
    </label>
  );

  const select = (option: 'type' | 'relation' | 'target', text: string, choices: readonly string[]) => {
    const ids = fieldIds(id(option), false, errors[option]);
    return (
      <FieldFrame ids={ids} label={text} error={errors[option]}>
        <select id={ids.id} class="input" value={field[option]} aria-invalid={ids.invalid || undefined} aria-describedby={ids.describedBy || undefined}
          onChange={(event) => {
            const value = (event.currentTarget as HTMLSelectElement).value;
            // A new type drops the options only the old one understood (targetField, inversedBy…);
            // a new relation kind or target drops the inverse side named on the old one.
            const { inversedBy: _inversedBy, mappedBy: _mappedBy, ...unpaired } = field.rest;
            onChange(option === 'type' ? { ...field, type: value, rest: {} }
              : option === 'relation' ? { ...field, relation: value as RelationKind, rest: unpaired } : { ...field, target: value, rest: unpaired });
          }}>
          {option === 'target' && !choices.includes(field.target) ? <option value={field.target}>{field.target || 'Choose a type'}</option> : null}
          {choices.map((choice) => <option key={choice} value={choice}>{choice}</option>)}
        </select>
      </FieldFrame>
    );
  };

  return (
    <fieldset class="card stack builder-field" data-field-name={field.name}>
      <legend>Field <code>{label}</code></legend>
      {errors[''] ? <p class="field-error" role="alert">{errors['']}</p> : null}
      <div class="builder-row">
        {textInput('name', 'Name')}
        {select('type', 'Type', FIELD_TYPES)}
        {field.type === 'relation' ? select('relation', 'Relation', RELATION_KINDS) : null}
        {field.type === 'relation' ? select('target', 'Target type', targets) : null}
      </div>
      <div class="builder-row">
        {hasMinMax(field.type) ? <>{textInput('min', 'Min', 'decimal')}{textInput('max', 'Max', 'decimal')}</> : null}
        {hasLength(field.type) ? <>{textInput('minLength', 'Min length', 'decimal')}{textInput('maxLength', 'Max length', 'decimal')}</> : null}
        {field.type === 'enumeration' ? textInput('enumValues', 'Values (comma-separated)') : null}
      </div>
      <div class="builder-row">
        {flag('required', 'Required')}
        {field.type !== 'relation' ? flag('unique', 'Unique') : null}
        {flag('private', 'Private')}
        <button type="button" class="btn btn-small btn-danger-quiet" onClick={onRemove} aria-label={`Remove field ${label}`}>Remove field</button>
      </div>
    </fieldset>
  );
}
