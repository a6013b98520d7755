import { useState } from 'preact/hooks';
import { errorMessage } from '../../api/api-error';
import { listRoles } from '../../api/roles';
import type { User } from '../../api/types';
import { deleteUser, listUsers, updateUser, USERS_PAGE } from '../../api/users';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { ErrorNotice } from '../../components/error-notice';
import { Loading } from '../../components/loading';
import { formatTimestamp } from '../../content/local-date-time';
import { useApi } from '../../state/api-context';
import { useSession } from '../../state/session';
import { useToast } from '../../state/toasts';
import { useResource } from '../../state/use-resource';
import { NewUserDialog } from './new-user-dialog';

/** Users: create, change role, block and delete. */
export function UsersScreen() {
  const client = useApi();
  const notify = useToast();
  const me = useSession().user;
  const users = useResource(() => listUsers(client), [client]);
  const roles = useResource(() => listRoles(client), [client]);
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<User | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const change = async (user: User, changes: { blocked?: boolean; role?: number }, message: string) => {
    setBusy(user.id);
    try {
      await updateUser(client, user.id, changes);
      notify(message);
      users.reload();
    } catch (error) {
      notify(errorMessage(error), 'error');
    } finally {
      setBusy(null);
    }
  };

  const remove = async (user: User) => {
    setBusy(user.id);
    try {
      await deleteUser(client, user.id);
      notify(`Deleted ${user.username}.`);
      setRemoving(null);
      users.reload();
    } catch (error) {
      notify(errorMessage(error), 'error');
      setRemoving(null);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <header class="page-header">
        <div>
          <h1>Users</h1>
          <p class="muted">Everyone who can sign in, and the role each one acts under.</p>
        </div>
        <button type="button" class="btn btn-primary" onClick={() => setCreating(true)} disabled={!roles.data}>Create user</button>
      </header>
      {users.error ? <ErrorNotice title="Could not load users" error={users.error} onRetry={users.reload} /> : null}
      {roles.error ? <ErrorNotice title="Could not load roles" error={roles.error} onRetry={roles.reload} /> : null}
      {!users.data && users.loading ? <Loading label="Loading users…" /> : null}
      {users.data ? (
        <DataTable<User>
          caption="Users"
          rows={users.data}
          rowKey={(user) => String(user.id)}
          columns={[
            { key: 'username', label: 'Username', render: (user) => <>{user.username}{user.id === me?.id ? <span class="muted"> (you)</span> : null}</> },
            { key: 'email', label: 'Email', render: (user) => user.email },
            {
              key: 'role', label: 'Role',
              render: (user) => (
                <select
                  class="input input-small"
                  aria-label={`Role of ${user.username}`}
                  value={user.role ? String(user.role.id) : ''}
                  disabled={busy === user.id || user.id === me?.id || !roles.data}
                  onChange={(event) => {
                    const role = Number((event.currentTarget as HTMLSelectElement).value);
                    void change(user, { role }, `${user.username} now has the role ${roles.data?.find((item) => item.id === role)?.name ?? role}.`);
                  }}
                >
                  {!user.role ? <option value="">No role</option> : null}
                  {(roles.data?.filter((role) => role.type !== 'public') ?? (user.role ? [user.role] : [])).map((role) => <option key={role.id} value={String(role.id)}>{role.name}</option>)}
                </select>
              ),
            },
            { key: 'status', label: 'Status', render: (user) => user.blocked ? <span class="badge badge-danger">Blocked</span> : <span class="badge badge-published">Active</span> },
            { key: 'created', label: 'Created', render: (user) => formatTimestamp(user.createdAt) },
            {
              key: 'actions', label: 'Actions',
              render: (user) => user.id === me?.id ? <span class="muted">—</span> : (
                <span class="row-actions">
                  <button type="button" class="btn btn-small" disabled={busy === user.id} onClick={() => void change(user, { blocked: !user.blocked }, user.blocked ? `${user.username} can sign in again.` : `${user.username} is blocked.`)}>
                    {user.blocked ? 'Unblock' : 'Block'}<span class="visually-hidden"> {user.username}</span>
                  </button>
                  <button type="button" class="btn btn-small btn-danger-quiet" disabled={busy === user.id} onClick={() => setRemoving(user)}>
                    Delete<span class="visually-hidden"> {user.username}</span>
                  </button>
                </span>
              ),
            },
          ]}
        />
      ) : null}
      {users.data?.length === USERS_PAGE ? <p class="muted">Showing the first {USERS_PAGE} users, by username.</p> : null}
      {creating && roles.data ? (
        <NewUserDialog roles={roles.data} onClose={() => setCreating(false)} onCreated={(user) => { setCreating(false); notify(`Created ${user.username}.`); users.reload(); }} />
      ) : null}
      {removing ? (
        <ConfirmDialog title={`Delete ${removing.username}?`} confirmLabel="Delete user" tone="danger" busy={busy === removing.id} onCancel={() => setRemoving(null)} onConfirm={() => void remove(removing)}>
          <p>They can no longer sign in. Content they wrote stays.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
