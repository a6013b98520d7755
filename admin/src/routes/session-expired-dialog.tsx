import { useState } from 'preact/hooks';
import { Dialog } from '../components/dialog';
import { useSession } from '../state/session';
import { useFormSubmit } from '../state/use-form-submit';

/**
 * Shown over the current screen when the session ends: signing in again
 * retries what was waiting, and everything typed stays where it was.
 */
export function SessionExpiredDialog() {
  const session = useSession();
  const [identifier, setIdentifier] = useState(session.user?.email ?? '');
  const [password, setPassword] = useState('');
  const { busy, problem, submit } = useFormSubmit(() => session.resume(identifier, password));

  return (
    <Dialog title="Your session has ended" onClose={() => undefined} dismissible={false}>
      <form class="stack" onSubmit={submit}>
        <p>Sign in again to carry on. Your unsaved work stays on this page.</p>
        {problem ? <div class="notice notice-error" role="alert">{problem}</div> : null}
        <label class="field">
          <span class="field-label">Email or username</span>
          <input class="input" name="identifier" autoComplete="username" value={identifier} required onInput={(event) => setIdentifier((event.currentTarget as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span class="field-label">Password</span>
          <input class="input" name="password" type="password" autoComplete="current-password" value={password} required autofocus onInput={(event) => setPassword((event.currentTarget as HTMLInputElement).value)} />
        </label>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in and continue'}</button>
          <button type="button" class="btn" onClick={() => session.abandon()}>Sign out</button>
        </div>
      </form>
    </Dialog>
  );
}
