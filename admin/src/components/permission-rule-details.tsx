import type { ContentTypeInfo } from '../api/types';
import type { PermissionRule } from '../content/permission-rules';
import { humanize } from '../content/humanize';
import { FieldFrame, fieldIds } from './field-frame';
import { JsonEditor } from './fields/json-editor';

interface RuleDetailsProps {
  rule: PermissionRule;
  label: string;
  type: ContentTypeInfo | undefined;
  readOnly: boolean;
  error?: string;
  onChange(patch: Partial<PermissionRule>): void;
  onAddRule(): void;
  onRemove?: () => void;
}

/** A rule's conditions (the filters language) and its field allow-list. */
export function RuleDetails({ rule, label, type, readOnly, error, onChange, onAddRule, onRemove }: RuleDetailsProps) {
  const ids = fieldIds(`${rule.key}-conditions`, true, error);
  const attributes = type ? Object.keys(type.attributes) : [];
  const fields = rule.fields;
  const toggleField = (name: string) => {
    const current = fields ?? attributes;
    onChange({ fields: current.includes(name) ? current.filter((item) => item !== name) : [...current, name] });
  };
  return (
    <div class="rule-details">
      <FieldFrame ids={ids} label={`Conditions for ${label}`} error={error} hint='Filters language; variables $user.id, $user.role and $now. Example: { "createdBy": { "id": { "$eq": "$user.id" } } }'>
        <JsonEditor ids={ids} value={rule.conditionsText} onInput={(conditionsText) => onChange({ conditionsText })} disabled={readOnly} />
      </FieldFrame>
      {attributes.length > 0 ? (
        <fieldset class="field">
          <legend class="field-label">Fields {label} may read and write</legend>
          <label class="checkbox">
            <input type="checkbox" checked={fields === null} disabled={readOnly} onChange={() => onChange({ fields: fields === null ? [...attributes] : null })} />
            All fields
          </label>
          {fields !== null ? (
            <div class="checkbox-grid">
              {attributes.map((name) => (
                <label key={name} class="checkbox">
                  <input type="checkbox" checked={fields.includes(name)} disabled={readOnly} onChange={() => toggleField(name)} />
                  {humanize(name)}
                </label>
              ))}
            </div>
          ) : null}
        </fieldset>
      ) : null}
      {!readOnly ? (
        <div class="form-actions">
          <button type="button" class="btn btn-small" onClick={onAddRule}>Add another rule for {label}</button>
          {onRemove ? <button type="button" class="btn btn-small btn-danger-quiet" onClick={onRemove}>Remove this rule</button> : null}
        </div>
      ) : null}
    </div>
  );
}
