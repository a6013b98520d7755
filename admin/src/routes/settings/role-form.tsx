import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, issuesByField } from '../../api/api-error';
import { createRole, deleteRole, updateRole } from '../../api/roles';
import type { Role } from '../../api/types';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNotice } from '../../components/error-notice';
import { FieldFrame, fieldIds } from '../../components/field-frame';
import { PermissionMatrix } from '../../components/permission-matrix';
import { fromRules, toRules, type PermissionRule } from '../../content/permission-rules';
import { navigate } from '../../router/history';
import { useApi } from '../../state/api-context';
import { useSchema } from '../../state/content-types';
import { useToast } from '../../state/toasts';
import { useUnsavedGuard } from '../../state/use-unsaved-guard';

/** Name, description and the permission matrix of one role; config roles are shown read-only. */
export function RoleForm({ role, back }: { role: Role | null; back: ComponentChildren }) {
  const client = useApi();
  const schema = useSchema();
  const notify = useToast();
  const readOnly = role?.source === 'config';
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [rules, setRules] = useState<PermissionRule[]>(() => toRules(role?.permissions ?? [], schema.types));
  const [saved, setSaved] = useState(() => JSON.stringify([role?.name ?? '', role?.description ?? '', fromRules(rules).entries]));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const result = fromRules(rules);
  const dirty = !readOnly && JSON.stringify([name, description, result.entries]) !== saved;
  const guard = useUnsavedGuard(dirty);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: Record<string, string> = { ...result.errors };
    if (!name.trim()) problems.name = 'Give the role a name.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      const input = { name: name.trim(), description: description.trim(), permissions: result.entries };
      const stored = role ? await updateRole(client, role.id, input) : await createRole(client, input);
      setSaved(JSON.stringify([input.name, input.description, input.permissions]));
      notify(role ? 'Role saved.' : 'Role created.');
      if (!role) navigate(`/settings/roles/${stored.id}`, { replace: true, force: true });
    } catch (error) {
      setFailure(error);
      if (error instanceof ApiError) setErrors(issuesByField(error.issues));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await deleteRole(client, role!.id);
      notify('Role deleted.');
      navigate('/settings/roles', { force: true });
    } catch (error) {
      setFailure(error);
      setConfirmDelete(false);
      setBusy(false);
    }
  };

  const nameIds = fieldIds('role-name', false, errors.name);
  return (
    <form class="stack" onSubmit={submit} noValidate>
      <header class="page-header">
        <div>
          {back}
          <h1>{role ? role.name : 'New role'}</h1>
          {role ? <p class="muted">Type <code>{role.type}</code></p> : null}
        </div>
        {!readOnly ? <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Saving…' : 'Save role'}</button> : null}
      </header>
      {readOnly ? (
        <p class="notice">This role is defined in <code>config/roles.json</code>. Edit that file and restart Larder to change it; here it is read-only.</p>
      ) : null}
      {failure ? <ErrorNotice title="The role was not saved" error={failure} /> : null}
      <div class="card stack">
        <FieldFrame ids={nameIds} label="Name" required error={errors.name}>
          <input class="input" id={nameIds.id} aria-describedby={nameIds.describedBy || undefined} aria-invalid={nameIds.invalid || undefined} value={name} disabled={readOnly} required onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)} />
        </FieldFrame>
        <FieldFrame ids={fieldIds('role-description', false, errors.description)} label="Description" error={errors.description}>
          <input class="input" id="role-description" value={description} disabled={readOnly} onInput={(event) => setDescription((event.currentTarget as HTMLInputElement).value)} />
        </FieldFrame>
      </div>
      <h2>Permissions</h2>
      <PermissionMatrix types={schema.types} rules={rules} errors={result.errors} {...(readOnly ? {} : { onChange: setRules })} />
      {role && !readOnly ? (
        <p><button type="button" class="btn btn-danger-quiet" onClick={() => setConfirmDelete(true)}>Delete this role</button></p>
      ) : null}
      {confirmDelete ? (
        <ConfirmDialog title={`Delete the role “${role?.name}”?`} confirmLabel="Delete role" tone="danger" busy={busy} onCancel={() => setConfirmDelete(false)} onConfirm={() => void remove()}>
          <p>Users with this role keep their accounts but lose every permission until they get another role.</p>
        </ConfirmDialog>
      ) : null}
      {guard}
    </form>
  );
}
