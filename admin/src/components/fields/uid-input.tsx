// The server's own rule, so "Generate" shows exactly the uid the server would make.
import { slugify } from '../../../../core/validation/slugify.js';
import type { ScalarAttributeInfo } from '../../api/types';
import { a11y, inputValue, type InputProps } from './input-props';

/** A uid, with "Generate from <targetField>" using the server's own rule. */
export function UidInput({ ids, value, onInput, required, disabled, attribute, source }: InputProps & { attribute: ScalarAttributeInfo; source: string }) {
  const target = attribute.targetField;
  return (
    <div class="input-group">
      <input
        class="input"
        type="text"
        autoComplete="off"
        spellcheck={false}
        {...a11y(ids)}
        value={value}
        required={required}
        disabled={disabled}
        maxLength={attribute.maxLength}
        onInput={(event) => onInput(inputValue(event))}
      />
      {target ? (
        <button type="button" class="btn" disabled={disabled || source.trim() === ''} onClick={() => onInput(slugify(source, attribute.maxLength))}>
          Generate from {target}
        </button>
      ) : null}
    </div>
  );
}
