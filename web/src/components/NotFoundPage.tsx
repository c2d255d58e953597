import { Link, usePathname } from "../router";

export function NotFoundPage() {
  const pathname = usePathname();
  return (
    <section className="page page--narrow" aria-labelledby="not-found-title">
      <h1 id="not-found-title" className="page-title">
        Page not found
      </h1>
      <p className="lede">
        Nothing in AuthorWorks lives at <code>{pathname}</code>.
      </p>
      <p>
        <Link to="/" className="button button--secondary">
          Go to the start page
        </Link>
      </p>
    </section>
  );
}
