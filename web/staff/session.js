/* global sessionStorage */
import { ApiError, callApi } from '../assets/api.js';

// The bearer token lives in this tab only (sessionStorage): closing the tab signs the agent out.
const STORAGE_KEY = 'khidma.staff.session';

/** The signed-in agent: token, user ({ id, username, role, entityId }) and when the token expires. */
export function createSession({ onSignedOut }) {
  let session = null;
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (stored?.token && stored.expiresAt > Date.now()) session = stored;
  } catch {
    session = null;
  }

  function end(reason) {
    if (session?.user?.role === 'admin') forgetCodecCookie();
    session = null;
    sessionStorage.removeItem(STORAGE_KEY);
    onSignedOut(reason);
  }

  return {
    get user() {
      return session?.user ?? null;
    },
    get token() {
      return session?.token ?? null;
    },
    async signIn(username, password) {
      const answer = await callApi('/api/v1/auth/token', { method: 'POST', body: { username, password } });
      session = { token: answer.token, user: answer.user, expiresAt: Date.now() + answer.expiresIn * 1000 };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
      if (session.user.role === 'admin') setCodecCookie(session.token);
      return session.user;
    },
    signOut() {
      end(null);
    },
    /** The API ended the session by other means (a live channel closed for lack of access). */
    expire(reason) {
      if (session) end(new ApiError(401, 'access_ended', reason));
    },
    /** An API call as the agent; a 401 means the token is no longer good, so the agent is signed out. */
    async call(path, options = {}) {
      if (!session) throw new ApiError(401, 'signed_out', 'not signed in');
      try {
        return await callApi(path, { ...options, token: session.token });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) end(err);
        throw err;
      }
    },
  };
}

/*
 * The Temporal UI decrypts case payloads through our /codec endpoint, from the administrator's
 * browser on the UI's own origin, where it can send a cookie but not our bearer token: signing in
 * as an administrator sets that HttpOnly cookie (scoped to /codec), signing out clears it. Neither
 * may stand in the way of the staff page, so a failure is left to the codec's own 401.
 */
function setCodecCookie(token) {
  callApi('/codec/session', { method: 'POST', token }).catch(() => undefined);
}

function forgetCodecCookie() {
  callApi('/codec/session', { method: 'DELETE' }).catch(() => undefined);
}
