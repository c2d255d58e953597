import { useEffect, useState, type FormEvent } from "react";
import { fetchProviders, register, signIn } from "../api/accounts";
import type { Providers } from "../api/types";
import { ErrorNotice } from "../components/Feedback";
import { useSession } from "../session/SessionContext";

type Mode = "sign-in" | "register";

/** Where the SSO portal sends the browser back to: this page. Authelia reads `rd`. */
export function ssoUrl(loginUrl: string, back: string): string {
  try {
    const url = new URL(loginUrl, window.location.href);
    url.searchParams.set("rd", back);
    return url.toString();
  } catch {
    return loginUrl;
  }
}

export function SignInPage() {
  const { setUser } = useSession();
  const [mode, setMode] = useState<Mode>("sign-in");
  const [providers, setProviders] = useState<Providers | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    fetchProviders()
      .then(setProviders)
      .catch(() => setProviders({ local: true, proxy: false, login_url: null }));
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "");
    setBusy(true);
    setError(null);
    try {
      const user =
        mode === "sign-in"
          ? await signIn(value("login"), value("password"))
          : await register(value("email"), value("username"), value("password"));
      setUser(user);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const local = providers?.local !== false;
  const sso = providers?.proxy && providers.login_url ? ssoUrl(providers.login_url, window.location.href) : null;

  return (
    <section className="auth-card" aria-labelledby="auth-title">
      <h1 id="auth-title">{mode === "sign-in" ? "Welcome back" : "Create your account"}</h1>
      <p className="muted">
        {mode === "sign-in"
          ? "Sign in to your books and keep writing."
          : "One account holds all your books. Everything stays on this server."}
      </p>
      {sso && (
        <a className="button button--secondary button--wide" href={sso}>
          Sign in with SSO
        </a>
      )}
      {local && (
        <>
          {sso && <p className="divider">or</p>}
          <div className="tabs" role="tablist" aria-label="How to sign in">
            <button
              type="button"
              role="tab"
              aria-selected={mode === "sign-in"}
              className="tab"
              onClick={() => (setMode("sign-in"), setError(null))}
            >
              Sign in
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={mode === "register"}
              className="tab"
              onClick={() => (setMode("register"), setError(null))}
            >
              Create account
            </button>
          </div>
          <form className="form" onSubmit={submit} aria-label={mode === "sign-in" ? "Sign in" : "Create account"}>
            {mode === "sign-in" ? (
              <label className="field">
                <span>Email or username</span>
                <input name="login" autoComplete="username" required />
              </label>
            ) : (
              <>
                <label className="field">
                  <span>Email</span>
                  <input name="email" type="email" autoComplete="email" required />
                </label>
                <label className="field">
                  <span>Username</span>
                  <input name="username" autoComplete="username" required minLength={3} maxLength={32} />
                </label>
              </>
            )}
            <div className="field">
              <label htmlFor="password">Password</label>
              <input
                id="password"
                name="password"
                type="password"
                autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
                required
                minLength={mode === "register" ? 10 : undefined}
                aria-describedby={mode === "register" ? "password-hint" : undefined}
              />
              {mode === "register" && (
                <small className="hint" id="password-hint">
                  At least 10 characters; a passphrase of a few words is best.
                </small>
              )}
            </div>
            {error !== null && <ErrorNotice error={error} />}
            <button className="button button--primary button--wide" type="submit" disabled={busy}>
              {busy ? "One moment…" : mode === "sign-in" ? "Sign in" : "Create account"}
            </button>
          </form>
        </>
      )}
      {!local && !sso && providers && (
        <p>This server has no sign-in configured. Ask its administrator.</p>
      )}
    </section>
  );
}
