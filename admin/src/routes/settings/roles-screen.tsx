import { listRoles } from '../../api/roles';
import type { Role } from '../../api/types';
import { DataTable } from '../../components/data-table';
import { ErrorNotice } from '../../components/error-notice';
import { Loading } from '../../components/loading';
import { Link } from '../../router/link';
import { useApi } from '../../state/api-context';
import { useResource } from '../../state/use-resource';

/** Every role, marking those that come from config/roles.json. */
export function RolesScreen() {
  const client = useApi();
  const roles = useResource(() => listRoles(client), [client]);
  return (
    <>
      <header class="page-header">
        <div>
          <h1>Roles</h1>
          <p class="muted">What each role may do with each content type.</p>
        </div>
        <Link to="/settings/roles/new" class="btn btn-primary">Create role</Link>
      </header>
      {roles.error ? <ErrorNotice title="Could not load roles" error={roles.error} onRetry={roles.reload} /> : null}
      {!roles.data && roles.loading ? <Loading label="Loading roles…" /> : null}
      {roles.data ? (
        <DataTable<Role>
          caption="Roles"
          rows={roles.data}
          rowKey={(role) => String(role.id)}
          columns={[
            { key: 'name', label: 'Name', render: (role) => <Link to={`/settings/roles/${role.id}`}>{role.name}</Link> },
            { key: 'type', label: 'Type', render: (role) => <code>{role.type}</code> },
            { key: 'description', label: 'Description', render: (role) => role.description || <span class="muted">—</span> },
            { key: 'rules', label: 'Permission rules', numeric: true, render: (role) => role.permissions.length },
            {
              key: 'source', label: 'Defined in',
              render: (role) => role.source === 'config' ? <span class="badge">config/roles.json</span> : <span class="badge badge-published">Admin panel</span>,
            },
          ]}
        />
      ) : null}
    </>
  );
}
