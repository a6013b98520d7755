import type { VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/confirm-dialog';
import { blockNavigation } from '../router/history';

/**
 * While `dirty`, leaving the screen asks first: in-app navigation through a
 * dialog, closing or reloading the tab through the browser's own prompt.
 * Render the returned element somewhere on the screen.
 */
export function useUnsavedGuard(dirty: boolean): VNode | null {
  const [pending, setPending] = useState<(() => void) | null>(null);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  useEffect(() => {
    if (!dirty) return undefined;
    const release = blockNavigation((proceed) => setPending(() => proceed));
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      release();
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [dirty]);

  if (!pending) return null;
  return (
    <ConfirmDialog
      title="Discard unsaved changes?"
      confirmLabel="Discard changes"
      cancelLabel="Keep editing"
      tone="danger"
      onCancel={() => setPending(null)}
      onConfirm={() => {
        const proceed = pending;
        setPending(null);
        proceed();
      }}
    >
      <p>You have changes that are not saved. If you leave now, they are lost.</p>
    </ConfirmDialog>
  );
}
