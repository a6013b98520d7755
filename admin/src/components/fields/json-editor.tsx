import { useMemo } from 'preact/hooks';
import { a11y, inputValue, type InputProps } from './input-props';

function jsonStatus(text: string): { ok: boolean; message: string } {
  if (text.trim() === '') return { ok: true, message: 'Empty' };
  try {
    JSON.parse(text);
    return { ok: true, message: 'Valid JSON' };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'Syntax error' };
  }
}

/** A monospace editor that checks the syntax as you type and formats on request. */
export function JsonEditor({ ids, value, onInput, disabled }: InputProps) {
  const status = useMemo(() => jsonStatus(value), [value]);
  const statusId = `${ids.id}-json-status`;
  const format = () => onInput(JSON.stringify(JSON.parse(value), null, 2));
  return (
    <div class="code-editor">
      <textarea
        class="input input-code"
        rows={8}
        spellcheck={false}
        {...a11y(ids)}
        aria-describedby={[ids.describedBy, statusId].filter(Boolean).join(' ')}
        value={value}
        disabled={disabled}
        onInput={(event) => onInput(inputValue(event))}
      />
      <div class="editor-bar">
        <span id={statusId} class={status.ok ? 'syntax-ok' : 'syntax-bad'} aria-live="polite">{status.message}</span>
        <button type="button" class="btn btn-small" onClick={format} disabled={disabled || !status.ok || value.trim() === ''}>Format</button>
      </div>
    </div>
  );
}
