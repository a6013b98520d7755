import type { ComponentChildren } from 'preact';

export interface FieldIds {
  /** The input's id, for <label for>. */
  id: string;
  /** Hint and error ids, for aria-describedby. */
  describedBy: string;
  invalid: boolean;
}

interface FieldFrameProps {
  ids: FieldIds;
  label: string;
  required?: boolean;
  hint?: string;
  error?: string;
  /** Boolean switches put their label beside the control. */
  inline?: boolean;
  children: ComponentChildren;
}

/** Label, control, constraints and the error, tied together for assistive technology. */
export function FieldFrame({ ids, label, required, hint, error, inline, children }: FieldFrameProps) {
  return (
    <div class={`field${error ? ' field-invalid' : ''}${inline ? ' field-inline' : ''}`} data-field={ids.id}>
      <label for={ids.id} class="field-label">
        {label}
        {required ? <span class="required-mark" aria-hidden="true"> *</span> : null}
      </label>
      {children}
      {hint ? <p class="field-hint" id={`${ids.id}-hint`}>{hint}</p> : null}
      {error ? <p class="field-error" id={`${ids.id}-error`}>{error}</p> : null}
    </div>
  );
}

/** The ids one field uses; `describedBy` names only what is rendered. */
export function fieldIds(id: string, hasHint: boolean, error: string | undefined): FieldIds {
  const described = [hasHint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, describedBy: described, invalid: Boolean(error) };
}
