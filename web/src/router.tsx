// A tiny client-side router on the History API: enough for the screens to come (sign-in,
// dashboard, editor) without a dependency. The binary answers every extension-less path with
// index.html, so deep links and reloads land here too.
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type ComponentType,
  type MouseEvent,
  type ReactNode,
} from "react";

export type RouteParams = Record<string, string>;

export interface RouteDefinition {
  /** `/`, `/books`, `/books/:id`; a trailing `/*rest` takes the rest of the path. */
  path: string;
  /** Shown in the document title: "<title> · AuthorWorks". */
  title: string;
  component: ComponentType<{ params: RouteParams }>;
  /** Listed in the site navigation when set. */
  nav?: string;
  /** Shown without signing in (the server status); every other screen asks to sign in first. */
  public?: boolean;
}

export interface RouteMatch {
  route: RouteDefinition;
  params: RouteParams;
}

function segments(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Matches a path against the routes; literal segments win over parameters, in table order. */
export function matchRoute(routes: RouteDefinition[], pathname: string): RouteMatch | null {
  const parts = segments(pathname);
  let best: { match: RouteMatch; score: number } | null = null;
  for (const route of routes) {
    const pattern = segments(route.path);
    const params: RouteParams = {};
    let score = 0;
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const p = pattern[i]!;
      if (p.startsWith("*")) {
        params[p.slice(1)] = parts.slice(i).map(decode).join("/");
        break;
      }
      const part = parts[i];
      if (part === undefined) ok = false;
      else if (p.startsWith(":")) {
        params[p.slice(1)] = decode(part);
        score += 1;
      } else if (p === part) score += 2;
      else ok = false;
    }
    const wildcard = pattern.at(-1)?.startsWith("*") === true;
    if (!ok || (!wildcard && pattern.length !== parts.length)) continue;
    if (!wildcard) score += 1;
    if (best === null || score > best.score) best = { match: { route, params }, score };
  }
  return best?.match ?? null;
}

const navigationEvent = "authorworks:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(navigationEvent, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(navigationEvent, onChange);
  };
}

function currentPath(): string {
  return window.location.pathname;
}

/** Goes to another screen of the app without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(navigationEvent));
}

const LocationContext = createContext<string>("/");

export function RouterProvider({ children }: { children: ReactNode }) {
  const pathname = useSyncExternalStore(subscribe, currentPath, () => "/");
  return <LocationContext.Provider value={pathname}>{children}</LocationContext.Provider>;
}

export function usePathname(): string {
  return useContext(LocationContext);
}

export function useRoute(routes: RouteDefinition[]): RouteMatch | null {
  const pathname = usePathname();
  return useMemo(() => matchRoute(routes, pathname), [routes, pathname]);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { to: string };

/** An ordinary link that the app follows itself; modified clicks (new tab, …) go to the browser. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const pathname = usePathname();
  const handle = useCallback(
    (event: MouseEvent<HTMLAnchorElement>) => {
      onClick?.(event);
      if (
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey ||
        (rest.target !== undefined && rest.target !== "_self")
      ) {
        return;
      }
      event.preventDefault();
      if (to !== pathname) navigate(to);
    },
    [onClick, rest.target, to, pathname],
  );
  return (
    <a href={to} onClick={handle} aria-current={to === pathname ? "page" : undefined} {...rest}>
      {children}
    </a>
  );
}
