/**
 * The one API client: generated types (schema.d.ts) + openapi-fetch. No request shape is written by hand.
 *
 * Cookie sessions need the CSRF value in `X-CSRF-Token` on every write; the server hands it out at login and
 * on `/auth/me`, and also puts it in the readable `eoffice_csrf` cookie, which is where we take it from.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Schemas = components['schemas'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfFromCookie(cookie: string): string | null {
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'eoffice_csrf') return decodeURIComponent(rest.join('='));
  }
  return null;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method)) {
      const token = csrfFromCookie(document.cookie);
      if (token) request.headers.set('X-CSRF-Token', token);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrf);
