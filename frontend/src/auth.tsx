/**
 * Who is signed in. The session lives in an httpOnly cookie the app cannot read, so "am I signed in" is
 * answered by `/auth/me` at start-up and after login.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, csrfFromCookie, type Schemas } from './api/client';
import { unwrap } from './api/errors';

export type Me = Schemas['MeOut'];
export type Role = Schemas['Role'];

interface AuthState {
  me: Me | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    // No CSRF cookie means no session (both are set and cleared together): do not ask, and so do not make
    // the browser log a 401 on every visit to the login page.
    if (!csrfFromCookie(document.cookie)) {
      setMe(null);
      return;
    }
    const result = await api.GET('/api/v1/auth/me');
    setMe(result.response.ok && result.data ? result.data : null);
  }, []);

  useEffect(() => {
    refresh().finally(() => setLoading(false));
  }, [refresh]);

  const login = useCallback(
    async (username: string, password: string) => {
      unwrap(await api.POST('/api/v1/auth/login', { body: { username, password } }));
      await refresh();
    },
    [refresh],
  );

  const logout = useCallback(async () => {
    await api.POST('/api/v1/auth/logout');
    setMe(null);
  }, []);

  const value = useMemo<AuthState>(
    () => ({
      me,
      loading,
      login,
      logout,
      hasRole: (...roles) => !!me && me.roles.some((r) => roles.includes(r)),
    }),
    [me, loading, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
