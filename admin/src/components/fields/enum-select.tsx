import { a11y, inputValue, type InputProps } from './input-props';

/** An enumeration as a select; "None" only when a value is not required. */
export function EnumSelect({ ids, value, onInput, required, disabled, options }: InputProps & { options: readonly string[] }) {
  return (
    <select class="input" {...a11y(ids)} value={value} required={required} disabled={disabled} onChange={(event) => onInput(inputValue(event))}>
      {!required || value === '' ? <option value="">{required ? 'Choose…' : '— None —'}</option> : null}
      {options.map((option) => <option key={option} value={option}>{option}</option>)}
    </select>
  );
}
