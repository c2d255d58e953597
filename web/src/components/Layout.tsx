import type { ReactNode } from "react";
import { apiDocsUrl } from "../api/system";
import { Link, type RouteDefinition } from "../router";
import { BrandMark } from "./BrandMark";

export function Layout({ routes, children }: { routes: RouteDefinition[]; children: ReactNode }) {
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
                .filter((r) => r.nav)
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
