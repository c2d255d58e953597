// Who is signed in, for every screen: read once from /api/v1/auth/me, set by the sign-in and
// register forms, cleared by signing out. The session itself is the HttpOnly cookie the server sets.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { fetchMe, signOut as apiSignOut } from "../api/accounts";
import { ApiError } from "../api/client";
import type { User } from "../api/types";

export interface Session {
  /** undefined while the first check runs; null when nobody is signed in. */
  user: User | null | undefined;
  /** Set when the first check could not tell (the server is unreachable). */
  error: ApiError | null;
  setUser: (user: User | null) => void;
  signOut: () => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    fetchMe()
      .then((u) => live && (setUser(u), setError(null)))
      .catch((e: unknown) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 401) {
          setUser(null);
          setError(null);
        } else setError(e instanceof ApiError ? e : new ApiError({ status: 0, title: String(e) }));
      });
    return () => {
      live = false;
    };
  }, [attempt]);

  const signOut = useCallback(async () => {
    try {
      await apiSignOut();
    } catch (e) {
      // Already signed out elsewhere is still signed out.
      if (!(e instanceof ApiError && e.status === 401)) throw e;
    }
    setUser(null);
  }, []);

  const value = useMemo<Session>(
    () => ({ user, error, setUser, signOut, retry: () => setAttempt((n) => n + 1) }),
    [user, error, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
