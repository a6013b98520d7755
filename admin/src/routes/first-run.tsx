import { useState } from 'preact/hooks';
import { ApiError, errorMessage, issuesByField } from '../api/api-error';
import { FieldFrame, fieldIds } from '../components/field-frame';
import { useSession } from '../state/session';

type Field = 'username' | 'email' | 'password' | 'confirm';
const LABELS: Record<Field, string> = { username: 'Username', email: 'Email', password: 'Password', confirm: 'Repeat password' };
const AUTOCOMPLETE: Record<Field, string> = { username: 'username', email: 'email', password: 'new-password', confirm: 'new-password' };

/** No admin exists yet: create the first one, who is then signed in. */
export function FirstRun() {
  const session = useSession();
  const [values, setValues] = useState<Record<Field, string>>({ username: '', email: '', password: '', confirm: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!values.username.trim()) found.username = 'Choose a username.';
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) found.email = 'Enter an email address, like name@example.com.';
    if (values.password.length < 8) found.password = 'Use at least 8 characters.';
    if (values.confirm !== values.password) found.confirm = 'The passwords do not match.';
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await session.registerAdmin({ username: values.username.trim(), email: values.email.trim(), password: values.password });
    } catch (error) {
      if (error instanceof ApiError) setErrors(issuesByField(error.issues));
      setProblem(errorMessage(error));
      setBusy(false);
    }
  };

  const shared = (field: Field, id: string, describedBy: string, invalid: boolean) => ({
    class: 'input',
    id,
    name: field,
    autoComplete: AUTOCOMPLETE[field],
    'aria-describedby': describedBy || undefined,
    'aria-invalid': invalid || undefined,
    required: true,
    value: values[field],
    onInput: (event: Event) => {
      setValues({ ...values, [field]: (event.currentTarget as HTMLInputElement).value });
      if (errors[field]) setErrors({ ...errors, [field]: undefined });
    },
  });

  return (
    <main class="auth-page" id="main">
      <form class="auth-card stack" onSubmit={submit} noValidate>
        <p class="brand brand-large" aria-hidden="true"><span class="brand-mark">L</span> Larder</p>
        <h1>Welcome to Larder</h1>
        <p class="muted">No administrator exists yet. Create the first one: this account can manage content, users, roles and API tokens.</p>
        {problem ? <div class="notice notice-error" role="alert">{problem}</div> : null}
        {(Object.keys(LABELS) as Field[]).map((field) => {
          const ids = fieldIds(`first-run-${field}`, false, errors[field]);
          return (
            <FieldFrame key={field} ids={ids} label={LABELS[field]} required error={errors[field]}>
              {field === 'password' || field === 'confirm' ? <input type="password" {...shared(field, ids.id, ids.describedBy, ids.invalid)} />
                : field === 'email' ? <input type="email" {...shared(field, ids.id, ids.describedBy, ids.invalid)} />
                  : <input type="text" {...shared(field, ids.id, ids.describedBy, ids.invalid)} />}
            </FieldFrame>
          );
        })}
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>{busy ? 'Creating…' : 'Create administrator'}</button>
      </form>
    </main>
  );
}
