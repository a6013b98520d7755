import { useState } from 'preact/hooks';
import type { CreatedApiToken } from '../../api/types';
import { Dialog } from '../../components/dialog';

/** The one time a token's value is visible: copy it now. */
export function TokenCreatedDialog({ token, onClose }: { token: CreatedApiToken; onClose(): void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.accessKey);
      setCopied('yes');
    } catch {
      // Clipboard access can be refused (no permission, insecure origin): select it for Ctrl+C instead.
      document.querySelector<HTMLInputElement>('#token-value')?.select();
      setCopied('failed');
    }
  };
  return (
    <Dialog title={`Token “${token.name}” created`} onClose={onClose} footer={<button type="button" class="btn btn-primary" onClick={onClose}>Done</button>}>
      <div class="stack">
        <p class="notice notice-warning">Copy this token now. It is not stored in readable form and will not be shown again.</p>
        <label class="field">
          <span class="field-label">Token</span>
          <span class="input-group">
            <input id="token-value" class="input input-code" readOnly value={token.accessKey} onFocus={(event) => (event.currentTarget as HTMLInputElement).select()} />
            <button type="button" class="btn" onClick={() => void copy()} autofocus>Copy</button>
          </span>
        </label>
        <p role="status" class="small">
          {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'The browser did not allow copying: the token is selected, press Ctrl+C.' : ''}
        </p>
      </div>
    </Dialog>
  );
}
