import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

interface DialogProps {
  title: string;
  /** Escape and the close button call this. */
  onClose(): void;
  children: ComponentChildren;
  footer?: ComponentChildren;
  wide?: boolean;
  /** False when the user must choose one of the footer's actions (no ×, Escape does nothing). */
  dismissible?: boolean;
}

/**
 * A modal on the native <dialog>: the browser traps focus, makes the rest of
 * the page inert and returns focus to where it was when the dialog closes.
 */
export function Dialog({ title, onClose, children, footer, wide, dismissible = true }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    opener.current = document.activeElement;
    dialog.showModal();
    return () => {
      dialog.close();
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => { event.preventDefault(); if (dismissible) onClose(); }}
    >
      <header class="dialog-header">
        <h2 id={titleId}>{title}</h2>
        {dismissible ? <button type="button" class="icon-button" aria-label="Close" onClick={onClose}>×</button> : null}
      </header>
      <div class="dialog-body">{children}</div>
      {footer ? <footer class="dialog-footer">{footer}</footer> : null}
    </dialog>
  );
}
