import { apiRequest, getJson } from "./client";
import type { Providers, User } from "./types";

export const fetchProviders = () => getJson<Providers>("/api/v1/auth/providers");

/** The signed-in user; ApiError 401 when nobody is. */
export const fetchMe = async () => (await getJson<{ user: User }>("/api/v1/auth/me")).user;

// Sign-in answers set the session cookie, which the event streams and downloads use too.
export const signIn = async (login: string, password: string) =>
  (await apiRequest<{ user: User }>("/api/v1/auth/login", { method: "POST", body: { login, password } })).user;

export const register = async (email: string, username: string, password: string) =>
  (await apiRequest<{ user: User }>("/api/v1/auth/register", { method: "POST", body: { email, username, password } }))
    .user;

export const signOut = () => apiRequest<void>("/api/v1/auth/logout", { method: "POST" });

export interface ProfileChanges {
  display_name?: string;
  bio?: string;
  avatar_url?: string | null;
}

export const updateProfile = (userId: string, changes: ProfileChanges) =>
  apiRequest<User>(`/api/v1/users/${encodeURIComponent(userId)}`, { method: "PATCH", body: changes });
