import type { ScalarAttributeInfo } from '../../api/types';
import { a11y, inputValue, type InputProps } from './input-props';

/** string, email, password, biginteger and (multi-line) text. */
export function TextInput({ ids, value, onInput, required, disabled, attribute }: InputProps & { attribute: ScalarAttributeInfo }) {
  const shared = {
    ...a11y(ids),
    value,
    required,
    disabled,
    maxLength: attribute.maxLength,
    minLength: attribute.minLength,
    onInput: (event: Event) => onInput(inputValue(event)),
  };
  switch (attribute.type) {
    case 'text': return <textarea class="input" rows={4} {...shared} />;
    case 'password': return <input class="input" type="password" autoComplete="new-password" placeholder="Leave empty to keep the current value" {...shared} />;
    case 'email': return <input class="input" type="email" autoComplete="off" {...shared} />;
    case 'biginteger': return <input class="input" type="text" inputMode="numeric" autoComplete="off" {...shared} />;
    default: return <input class="input" type="text" autoComplete="off" {...shared} />;
  }
}
