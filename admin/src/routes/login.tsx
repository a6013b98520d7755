import { useState } from 'preact/hooks';
import { errorMessage } from '../api/api-error';
import { Link } from '../router/link';
import { useSession } from '../state/session';

/** Sign in with email or username; the app then returns to `?next=`. */
export function Login() {
  const session = useSession();
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await session.signIn(identifier.trim(), password);
    } catch (error) {
      setProblem(errorMessage(error));
      setBusy(false);
    }
  };

  return (
    <main class="auth-page" id="main">
      <form class="auth-card stack" onSubmit={submit}>
        <p class="brand brand-large" aria-hidden="true"><span class="brand-mark">L</span> Larder</p>
        <h1>Sign in</h1>
        {problem ? <div class="notice notice-error" role="alert">{problem}</div> : null}
        <label class="field">
          <span class="field-label">Email or username</span>
          <input class="input" name="identifier" autoComplete="username" value={identifier} required autofocus onInput={(event) => setIdentifier((event.currentTarget as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span class="field-label">Password</span>
          <input class="input" name="password" type="password" autoComplete="current-password" value={password} required onInput={(event) => setPassword((event.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <Link to="/forgot-password">Forgot your password?</Link>
      </form>
    </main>
  );
}
