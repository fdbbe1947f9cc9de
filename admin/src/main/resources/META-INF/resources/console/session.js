// The signed-in token lives in this tab's sessionStorage only: never localStorage, a cookie or a
// URL. Closing the tab or signing out forgets it.
const KEY = 'uat-console-token';

export const session = {
  /** The caller's GET /v1/me answer, once signed in. */
  me: null,
  /** Why the last session ended, shown once on the sign-in page. */
  endedBecause: null,

  get token() {
    return sessionStorage.getItem(KEY);
  },

  start(token, me) {
    sessionStorage.setItem(KEY, token);
    this.me = me;
    this.endedBecause = null;
  },

  end(reason = null) {
    sessionStorage.removeItem(KEY);
    this.me = null;
    this.endedBecause = reason;
  },
};
