import { useState } from 'preact/hooks';
import { Link } from '../router/link';
import { useSession } from '../state/session';
import { useFormSubmit } from '../state/use-form-submit';

/** Sign in with email or username; the app then returns to `?next=`. */
export function Login() {
  const session = useSession();
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const { busy, problem, submit } = useFormSubmit(() => session.signIn(identifier.trim(), password));

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
