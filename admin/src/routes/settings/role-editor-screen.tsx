import { listRoles } from '../../api/roles';
import { ErrorNotice } from '../../components/error-notice';
import { Loading } from '../../components/loading';
import { Link } from '../../router/link';
import { useApi } from '../../state/api-context';
import { useResource } from '../../state/use-resource';
import { NotFound } from '../not-found';
import { RoleForm } from './role-form';

/** `/settings/roles/new` and `/settings/roles/:id`. */
export function RoleEditorScreen({ id }: { id: number | null }) {
  const client = useApi();
  const roles = useResource(() => (id === null ? Promise.resolve([]) : listRoles(client)), [client, id]);
  const back = <Link to="/settings/roles">← Roles</Link>;
  if (roles.error) return <div class="stack">{back}<h1>Role</h1><ErrorNotice title="Could not load the role" error={roles.error} onRetry={roles.reload} /></div>;
  if (!roles.data) return <Loading label="Loading role…" />;
  const role = id === null ? null : roles.data.find((candidate) => candidate.id === id);
  if (role === undefined) return <NotFound what="This role" />;
  return <RoleForm role={role} back={back} />;
}
