// The signed-in credential (admin token or project key) and chosen project, kept in localStorage.
import { useSyncExternalStore } from 'react';

export type Session = {
  token: string;
  /** Admin sessions pick a project (sent as x-loupe-project); key sessions are bound to the key's project. */
  kind: 'admin' | 'key';
  project: string | null;
};

const storageKey = 'loupe.session';
const listeners = new Set<() => void>();
let current: Session | null = readStored();
/** Why the last session ended, when the app ended it (shown on the sign-in page). */
let endedBecause: string | null = null;

function readStored(): Session | null {
  try {
    const stored = localStorage.getItem(storageKey);
    return stored ? (JSON.parse(stored) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(session: Session | null, reason: string | null = null): void {
  current = session;
  endedBecause = session ? null : reason;
  if (session) localStorage.setItem(storageKey, JSON.stringify(session));
  else localStorage.removeItem(storageKey);
  for (const listener of listeners) listener();
}

export function getSessionEndReason(): string | null {
  return endedBecause;
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSession,
  );
}

/** Headers for API calls made with the current session. */
export function sessionHeaders(session: Session | null = current): Record<string, string> {
  if (!session) return {};
  const headers: Record<string, string> = { authorization: `Bearer ${session.token}` };
  if (session.kind === 'admin' && session.project) headers['x-loupe-project'] = session.project;
  return headers;
}

/** A query-key part naming the credential and project, so switching project never shows another's data. */
export function useProjectScope(): string {
  const session = useSession();
  return `${session?.kind ?? 'none'}:${session?.project ?? ''}`;
}
