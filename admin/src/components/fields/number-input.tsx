import type { ScalarAttributeInfo } from '../../api/types';
import { a11y, inputValue, type InputProps } from './input-props';

/** integer, float and decimal, with the attribute's min and max. */
export function NumberInput({ ids, value, onInput, required, disabled, attribute }: InputProps & { attribute: ScalarAttributeInfo }) {
  return (
    <input
      class="input input-number"
      type="number"
      {...a11y(ids)}
      value={value}
      required={required}
      disabled={disabled}
      min={attribute.min}
      max={attribute.max}
      step={attribute.type === 'integer' ? 1 : 'any'}
      onInput={(event) => onInput(inputValue(event))}
    />
  );
}
