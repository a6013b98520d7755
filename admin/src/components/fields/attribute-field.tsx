import type { AttributeInfo, ContentTypeInfo } from '../../api/types';
import { constraintHint } from '../../content/constraint-hint';
import { humanize } from '../../content/humanize';
import type { FormValue, RelationRef } from '../../content/form-values';
import { FieldFrame, fieldIds } from '../field-frame';
import { BooleanSwitch } from './boolean-switch';
import { EnumSelect } from './enum-select';
import { JsonEditor } from './json-editor';
import { MarkdownEditor } from './markdown-editor';
import { NumberInput } from './number-input';
import { RelationPicker } from './relation-picker';
import { TemporalInput } from './temporal-input';
import { TextInput } from './text-input';
import { UidInput } from './uid-input';

interface AttributeFieldProps {
  name: string;
  attribute: AttributeInfo;
  value: FormValue;
  error?: string;
  /** For uid: the current value of its targetField. */
  uidSource: string;
  /** For relations: the related type, when the user may see it. */
  target: ContentTypeInfo | undefined;
  onChange(name: string, value: FormValue): void;
  disabled?: boolean;
}

/** One attribute of a form: the input that fits its type, inside its label, hint and error. */
export function AttributeField({ name, attribute, value, error, uidSource, target, onChange, disabled }: AttributeFieldProps) {
  const hint = constraintHint(attribute);
  const ids = fieldIds(`field-${name}`, hint !== '', error);
  const required = attribute.required === true;
  const text = typeof value === 'string' ? value : '';
  const common = { ids, value: text, required, disabled, onInput: (next: string) => onChange(name, next) };
  return (
    <FieldFrame ids={ids} label={humanize(name)} required={required} hint={hint} error={error} inline={attribute.type === 'boolean'}>
      {renderInput()}
    </FieldFrame>
  );

  function renderInput() {
    switch (attribute.type) {
      case 'relation':
        return (
          <RelationPicker
            ids={ids}
            attribute={attribute}
            target={target}
            value={value as RelationRef | RelationRef[] | null}
            onChange={(next) => onChange(name, next)}
            disabled={disabled}
          />
        );
      case 'boolean':
        return <BooleanSwitch ids={ids} value={value === true} onChange={(next) => onChange(name, next)} disabled={disabled} />;
      case 'integer': case 'float': case 'decimal':
        return <NumberInput {...common} attribute={attribute} />;
      case 'enumeration':
        return <EnumSelect {...common} options={attribute.enum ?? []} />;
      case 'date': case 'time': case 'datetime':
        return <TemporalInput {...common} kind={attribute.type} />;
      case 'json':
        return <JsonEditor {...common} />;
      case 'richtext':
        return <MarkdownEditor {...common} />;
      case 'uid':
        return <UidInput {...common} attribute={attribute} source={uidSource} />;
      default:
        return <TextInput {...common} attribute={attribute} />;
    }
  }
}
