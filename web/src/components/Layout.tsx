import { useState, type ReactNode } from "react";
import { apiDocsUrl } from "../api/system";
import { Link, navigate, type RouteDefinition } from "../router";
import { useSession } from "../session/SessionContext";
import { BrandMark } from "./BrandMark";

function Account() {
  const { user, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  if (!user) return null;
  return (
    <div className="account">
      <span className="account__name">{user.display_name || user.username}</span>
      <button
        className="button button--small button--quiet"
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await signOut();
            navigate("/");
          } finally {
            setBusy(false);
          }
        }}
      >
        Sign out
      </button>
    </div>
  );
}

export function Layout({ routes, children }: { routes: RouteDefinition[]; children: ReactNode }) {
  const { user } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand" aria-label="AuthorWorks home">
            <BrandMark />
            <span className="brand__name">AuthorWorks</span>
          </Link>
          <nav aria-label="Main">
            <ul className="site-nav">
              {routes
                .filter((r) => r.nav && (r.public || user))
                .map((r) => (
                  <li key={r.path}>
                    <Link to={r.path} className="site-nav__link">
                      {r.nav}
                    </Link>
                  </li>
                ))}
              <li>
                <a href={apiDocsUrl} className="site-nav__link">
                  API docs
                </a>
              </li>
            </ul>
          </nav>
          <Account />
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="site-footer__inner">
          <p>AuthorWorks · self-hosted AI-assisted long-form writing</p>
        </div>
      </footer>
    </div>
  );
}
