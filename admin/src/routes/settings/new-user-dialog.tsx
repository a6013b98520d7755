import { useState } from 'preact/hooks';
import { ApiError, issuesByField } from '../../api/api-error';
import type { Role, User } from '../../api/types';
import { createUser } from '../../api/users';
import { Dialog } from '../../components/dialog';
import { ErrorNotice } from '../../components/error-notice';
import { FieldFrame, fieldIds } from '../../components/field-frame';
import { useApi } from '../../state/api-context';

type Field = 'username' | 'email' | 'password';

/** Creates a user with a role; the account is confirmed at once. */
export function NewUserDialog({ roles, onClose, onCreated }: { roles: Role[]; onClose(): void; onCreated(user: User): void }) {
  const client = useApi();
  const assignable = roles.filter((role) => role.type !== 'public');
  const [values, setValues] = useState<Record<Field, string>>({ username: '', email: '', password: '' });
  const [role, setRole] = useState(String((assignable.find((item) => item.type === 'editor') ?? assignable[0])?.id ?? ''));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!values.username.trim()) problems.username = 'Choose a username.';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) problems.email = 'Enter an email address.';
    if (values.password.length < 8) problems.password = 'Use at least 8 characters.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    try {
      onCreated(await createUser(client, { username: values.username.trim(), email: values.email.trim(), password: values.password, role: Number(role) }));
    } catch (error) {
      setFailure(error);
      if (error instanceof ApiError) setErrors(issuesByField(error.issues));
      setBusy(false);
    }
  };

  const input = (field: Field, label: string) => {
    const ids = fieldIds(`new-user-${field}`, false, errors[field]);
    const shared = {
      class: 'input', id: ids.id, required: true,
      'aria-describedby': ids.describedBy || undefined, 'aria-invalid': ids.invalid || undefined,
      value: values[field],
      onInput: (event: Event) => {
        setValues({ ...values, [field]: (event.currentTarget as HTMLInputElement).value });
        if (errors[field]) setErrors({ ...errors, [field]: '' });
      },
    };
    return (
      <FieldFrame ids={ids} label={label} required error={errors[field]}>
        {field === 'password' ? <input type="password" autoComplete="new-password" {...shared} />
          : field === 'email' ? <input type="email" autoComplete="off" {...shared} />
            : <input type="text" autoComplete="off" {...shared} />}
      </FieldFrame>
    );
  };

  return (
    <Dialog title="Create user" onClose={onClose}>
      <form class="stack" onSubmit={submit} noValidate>
        {failure ? <ErrorNotice error={failure} /> : null}
        {input('username', 'Username')}
        {input('email', 'Email')}
        {input('password', 'Password')}
        <FieldFrame ids={fieldIds('new-user-role', false, errors.role)} label="Role" required error={errors.role}>
          <select class="input" id="new-user-role" value={role} onChange={(event) => setRole((event.currentTarget as HTMLSelectElement).value)}>
            {assignable.map((item) => <option key={item.id} value={String(item.id)}>{item.name}</option>)}
          </select>
        </FieldFrame>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Creating…' : 'Create user'}</button>
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
