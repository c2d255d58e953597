import { useEffect, useState, type FormEvent } from "react";
import { updateProfile } from "../api/accounts";
import { fetchWriter } from "../api/books";
import type { WriterInfo } from "../api/types";
import { ErrorNotice, Loading } from "../components/Feedback";
import { useSession } from "../session/SessionContext";

function WriterSettings() {
  const [writer, setWriter] = useState<WriterInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    fetchWriter().then(setWriter).catch(setError);
  }, []);
  return (
    <section className="panel" aria-labelledby="writer-title">
      <h2 id="writer-title">Writer</h2>
      {error !== null ? (
        <ErrorNotice error={error} />
      ) : !writer ? (
        <Loading />
      ) : (
        <>
          <p>
            <strong>{writer.label}</strong>
          </p>
          {writer.is_model ? (
            <p className={writer.api_key_set ? "" : "notice notice--warning"}>
              {writer.provider} model <code>{writer.model}</code>.{" "}
              {writer.api_key_set
                ? "Its API key is set."
                : writer.provider === "anthropic"
                  ? "No API key is set: books will stop until ANTHROPIC_API_KEY is configured."
                  : "No API key is set (a local server may not need one)."}
            </p>
          ) : (
            <p>
              The offline writer is not an AI model: it drafts from your notes on this machine, for free, to try the
              platform. To write with a model, the server's administrator sets <code>ANTHROPIC_API_KEY</code> or{" "}
              <code>OPENAI_BASE_URL</code> and restarts it.
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function SettingsPage() {
  const { user, setUser } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  if (!user) return <Loading />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!user) return;
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const avatar = text("avatar_url");
      const updated = await updateProfile(user.id, {
        display_name: text("display_name") || user.username,
        bio: text("bio"),
        avatar_url: avatar === "" ? null : avatar,
      });
      setUser(updated);
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="settings-title" className="narrow">
      <h1 id="settings-title">Settings</h1>
      <section className="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <div className="profile-head">
          {user.avatar_url ? (
            <img className="avatar" src={user.avatar_url} alt="" width={56} height={56} />
          ) : (
            <span className="avatar avatar--initial" aria-hidden="true">
              {(user.display_name || user.username).slice(0, 1).toUpperCase()}
            </span>
          )}
          <div>
            <p>
              <strong>{user.display_name || user.username}</strong>
            </p>
            <p className="muted">
              @{user.username} · {user.email}
            </p>
          </div>
        </div>
        <form className="form" onSubmit={submit} aria-label="Profile">
          <label className="field">
            <span>Display name</span>
            <input name="display_name" defaultValue={user.display_name} maxLength={100} />
          </label>
          <label className="field">
            <span>Bio</span>
            <textarea name="bio" rows={4} defaultValue={user.bio} maxLength={2000} />
          </label>
          <label className="field">
            <span>Avatar URL</span>
            <input name="avatar_url" type="url" defaultValue={user.avatar_url ?? ""} placeholder="https://…" />
            <small className="hint">A link to a square picture; leave empty for your initial.</small>
          </label>
          {error !== null && <ErrorNotice error={error} />}
          {saved && (
            <p className="notice notice--success" role="status">
              Profile saved.
            </p>
          )}
          <button className="button button--primary" type="submit" disabled={busy}>
            {busy ? "Saving…" : "Save profile"}
          </button>
        </form>
      </section>
      <WriterSettings />
      <section className="panel" aria-labelledby="api-title">
        <h2 id="api-title">API</h2>
        <p>
          Everything here is also an HTTP API: <a href="/api/docs">read the API docs</a>.
        </p>
      </section>
    </section>
  );
}
