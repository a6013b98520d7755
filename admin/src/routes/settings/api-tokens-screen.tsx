import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/api-error';
import { listApiTokens, revokeApiToken } from '../../api/api-tokens';
import type { ApiToken, CreatedApiToken } from '../../api/types';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice } from '../../components/error-notice';
import { Loading } from '../../components/loading';
import { formatTimestamp } from '../../content/local-date-time';
import { useApi } from '../../state/api-context';
import { useToast } from '../../state/toasts';
import { useResource } from '../../state/use-resource';
import { NewTokenDialog } from './new-token-dialog';
import { TokenCreatedDialog } from './token-created-dialog';

const TYPE_LABELS = { 'read-only': 'Read-only', 'full-access': 'Full access', custom: 'Custom' } as const;

/** API tokens for scripts and front-ends: create (shown once), see when each was last used, revoke. */
export function ApiTokensScreen() {
  const client = useApi();
  const notify = useToast();
  const tokens = useResource(() => listApiTokens(client), [client]);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [busy, setBusy] = useState(false);

  const revoke = async (token: ApiToken) => {
    setBusy(true);
    try {
      await revokeApiToken(client, token.id);
      notify(`Revoked “${token.name}”.`);
      tokens.reload();
    } catch (error) {
      notify(errorMessage(error), 'error');
    } finally {
      setBusy(false);
      setRevoking(null);
    }
  };

  return (
    <>
      <header class="page-header">
        <div>
          <h1>API tokens</h1>
          <p class="muted">Send a token as <code>Authorization: Bearer …</code>. Its value is shown once, when it is created.</p>
        </div>
        <button type="button" class="btn btn-primary" onClick={() => setCreating(true)}>Create API token</button>
      </header>
      {tokens.error ? <ErrorNotice title="Could not load API tokens" error={tokens.error} onRetry={tokens.reload} /> : null}
      {!tokens.data && tokens.loading ? <Loading label="Loading API tokens…" /> : null}
      {tokens.data && tokens.data.length === 0 ? (
        <EmptyState title="No API tokens yet.">
          <p class="muted">Create one for a front-end or a script that reads or writes content.</p>
        </EmptyState>
      ) : null}
      {tokens.data && tokens.data.length > 0 ? (
        <DataTable<ApiToken>
          caption="API tokens"
          rows={tokens.data}
          rowKey={(token) => String(token.id)}
          columns={[
            { key: 'name', label: 'Name', render: (token) => <><strong>{token.name}</strong>{token.description ? <div class="muted small">{token.description}</div> : null}</> },
            { key: 'type', label: 'Type', render: (token) => <span class="badge">{TYPE_LABELS[token.type]}</span> },
            { key: 'created', label: 'Created', render: (token) => formatTimestamp(token.createdAt) },
            { key: 'expires', label: 'Expires', render: (token) => token.expiresAt ? formatTimestamp(token.expiresAt) : 'Never' },
            { key: 'used', label: 'Last used', render: (token) => token.lastUsedAt ? formatTimestamp(token.lastUsedAt) : <span class="muted">Never</span> },
            {
              key: 'actions', label: 'Actions',
              render: (token) => (
                <button type="button" class="btn btn-small btn-danger-quiet" onClick={() => setRevoking(token)}>
                  Revoke<span class="visually-hidden"> {token.name}</span>
                </button>
              ),
            },
          ]}
        />
      ) : null}
      {creating ? (
        <NewTokenDialog onClose={() => setCreating(false)} onCreated={(token) => { setCreating(false); setCreated(token); tokens.reload(); }} />
      ) : null}
      {created ? <TokenCreatedDialog token={created} onClose={() => setCreated(null)} /> : null}
      {revoking ? (
        <ConfirmDialog title={`Revoke “${revoking.name}”?`} confirmLabel="Revoke token" tone="danger" busy={busy} onCancel={() => setRevoking(null)} onConfirm={() => void revoke(revoking)}>
          <p>Anything using this token stops working at once.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
