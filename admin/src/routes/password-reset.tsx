import { useState } from 'preact/hooks';
import { forgotPassword } from '../api/auth';
import { useApi } from '../state/api-context';
import { Link } from '../router/link';
import { useLocation } from '../router/history';
import { useSession } from '../state/session';
import { useFormSubmit } from '../state/use-form-submit';

function readInput(event: Event): string {
  return (event.currentTarget as HTMLInputElement).value;
}

/** Asks for a reset mail. The answer is the same whether the address is known or not. */
export function ForgotPassword() {
  const client = useApi();
  const [email, setEmail] = useState('');
  /** The address the link went to, not what the field holds now. */
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { busy, problem, submit } = useFormSubmit(async () => {
    const address = email.trim();
    await forgotPassword(client, address);
    setSentTo(address);
  });

  return (
    <main class="auth-page" id="main">
      <form class="auth-card stack" onSubmit={submit}>
        <p class="brand brand-large" aria-hidden="true"><span class="brand-mark">L</span> Larder</p>
        <h1>Reset your password</h1>
        {sentTo !== null
          ? <div class="notice" role="status">If an account uses {sentTo}, a link to set a new password is on its way. It works once, within an hour.</div>
          : null}
        {problem ? <div class="notice notice-error" role="alert">{problem}</div> : null}
        <label class="field">
          <span class="field-label">Email</span>
          <input class="input" name="email" type="email" autoComplete="email" value={email} required autofocus onInput={(event) => setEmail(readInput(event))} />
        </label>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy}>{busy ? 'Sending…' : 'Send the link'}</button>
        <Link to="/login">Back to sign in</Link>
      </form>
    </main>
  );
}

/** The page a reset mail links to: `?code=` plus a new password signs the user in. */
export function ResetPassword() {
  const session = useSession();
  const location = useLocation();
  const code = location.search.get('code') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const { busy, problem, submit } = useFormSubmit(async () => {
    if (password !== confirmation) throw new Error('The two passwords differ.');
    await session.resetPassword({ code, password, passwordConfirmation: confirmation });
  });

  return (
    <main class="auth-page" id="main">
      <form class="auth-card stack" onSubmit={submit}>
        <p class="brand brand-large" aria-hidden="true"><span class="brand-mark">L</span> Larder</p>
        <h1>Choose a new password</h1>
        {code === '' ? <div class="notice notice-error" role="alert">This link has no reset code. Ask for a new one.</div> : null}
        {problem ? <div class="notice notice-error" role="alert">{problem}</div> : null}
        <div class="field">
          <label class="field-label" for="new-password">New password</label>
          <input id="new-password" class="input" name="password" type="password" autoComplete="new-password" minLength={8} value={password} required autofocus aria-describedby="new-password-hint" onInput={(event) => setPassword(readInput(event))} />
          <span id="new-password-hint" class="field-hint">At least 8 characters</span>
        </div>
        <label class="field">
          <span class="field-label">Repeat the new password</span>
          <input class="input" name="passwordConfirmation" type="password" autoComplete="new-password" value={confirmation} required onInput={(event) => setConfirmation(readInput(event))} />
        </label>
        <button type="submit" class="btn btn-primary btn-block" disabled={busy || code === ''}>{busy ? 'Saving…' : 'Set password and sign in'}</button>
        <Link to="/forgot-password">Send a new link</Link>
      </form>
    </main>
  );
}
