// Sign-in with the admin token (every project) or a project API key (that project only).
import { type FormEvent, useState } from 'react';
import { getSessionEndReason, setSession } from '../../../lib/session.ts';
import { checkCredential } from '../hooks/check-credential.ts';

export function SignInPage() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(getSessionEndReason);
  const [checking, setChecking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    setError(null);
    const result = await checkCredential(token.trim());
    setChecking(false);
    if ('error' in result) setError(result.error);
    else setSession(result.session);
  };

  return (
    <div className="sign-in">
      <form className="card sign-in-card" onSubmit={submit}>
        <h1>Loupe</h1>
        <p className="muted">
          Sign in with the admin token printed on the server's first start (or set as <code>LOUPE_ADMIN_TOKEN</code>), or
          with a project API key (<code>lp_…</code>).
        </p>
        <label className="field">
          <span>Admin token or API key</span>
          <input
            name="token"
            type="password"
            autoComplete="current-password"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            required
          />
        </label>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button primary" disabled={checking || token.trim() === ''}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
