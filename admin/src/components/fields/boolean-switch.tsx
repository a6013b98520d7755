import type { FieldIds } from '../field-frame';
import { a11y } from './input-props';

interface BooleanSwitchProps {
  ids: FieldIds;
  value: boolean;
  onChange(value: boolean): void;
  disabled?: boolean;
}

/** A checkbox with the switch role: Space toggles it, and it says "on"/"off" to screen readers. */
export function BooleanSwitch({ ids, value, onChange, disabled }: BooleanSwitchProps) {
  return (
    <span class="switch">
      <input
        type="checkbox"
        role="switch"
        {...a11y(ids)}
        checked={value}
        disabled={disabled}
        onChange={(event) => onChange((event.currentTarget as HTMLInputElement).checked)}
      />
      <span class="switch-track" aria-hidden="true" />
      <span class="switch-text" aria-hidden="true">{value ? 'On' : 'Off'}</span>
    </span>
  );
}
