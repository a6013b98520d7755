import type { FieldIds } from '../field-frame';

/** What every text-like input gets from the form. */
export interface InputProps {
  ids: FieldIds;
  value: string;
  onInput(value: string): void;
  required?: boolean;
  disabled?: boolean;
}

/** The accessibility attributes an input carries, from its field ids. */
export function a11y(ids: FieldIds) {
  return {
    id: ids.id,
    'aria-describedby': ids.describedBy || undefined,
    'aria-invalid': ids.invalid ? ('true' as const) : undefined,
  };
}

export function inputValue(event: Event): string {
  return (event.currentTarget as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value;
}
