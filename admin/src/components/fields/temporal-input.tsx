import { a11y, inputValue, type InputProps } from './input-props';

const INPUT_TYPE = { date: 'date', time: 'time', datetime: 'datetime-local' } as const;

/** The browser's own date, time and date-time pickers; seconds are kept. */
export function TemporalInput({ ids, value, onInput, required, disabled, kind }: InputProps & { kind: keyof typeof INPUT_TYPE }) {
  return (
    <input
      class="input input-temporal"
      type={INPUT_TYPE[kind]}
      step={kind === 'date' ? undefined : 1}
      {...a11y(ids)}
      value={value}
      required={required}
      disabled={disabled}
      onInput={(event) => onInput(inputValue(event))}
    />
  );
}
