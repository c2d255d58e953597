import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { fetchProviders, register, signIn } from "../api/accounts";
import type { Providers } from "../api/types";
import { ErrorNotice } from "../components/Feedback";
import { rovingTarget } from "../components/rovingFocus";
import { useSession } from "../session/SessionContext";

type Mode = "sign-in" | "register";

const modes: { mode: Mode; label: string }[] = [
  { mode: "sign-in", label: "Sign in" },
  { mode: "register", label: "Create account" },
];

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
  const tabs = useRef<Partial<Record<Mode, HTMLButtonElement | null>>>({});

  function choose(next: Mode) {
    setMode(next);
    setError(null);
  }

  // The WAI-ARIA tabs pattern: the arrow keys, Home and End move to a tab and show its panel.
  function onTabKey(event: KeyboardEvent<HTMLDivElement>) {
    const current = modes.findIndex((m) => m.mode === mode);
    const next = rovingTarget(event.key, current, modes.length);
    if (next === null) return;
    event.preventDefault();
    const target = modes[next]!.mode;
    choose(target);
    tabs.current[target]?.focus();
  }

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
          <div className="tabs" role="tablist" aria-label="How to sign in" onKeyDown={onTabKey}>
            {modes.map((m) => (
              <button
                key={m.mode}
                ref={(button) => {
                  tabs.current[m.mode] = button;
                }}
                type="button"
                role="tab"
                id={`auth-tab-${m.mode}`}
                aria-selected={mode === m.mode}
                aria-controls="auth-panel"
                tabIndex={mode === m.mode ? 0 : -1}
                className="tab"
                onClick={() => choose(m.mode)}
              >
                {m.label}
              </button>
            ))}
          </div>
          <form
            className="form"
            id="auth-panel"
            role="tabpanel"
            aria-labelledby={`auth-tab-${mode}`}
            onSubmit={submit}
          >
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
