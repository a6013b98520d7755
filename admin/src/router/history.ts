import { useEffect, useState } from 'preact/hooks';

/** Where the server mounts the panel (core/http/admin-static.ts, vite `base`). */
export const BASE = '/admin';
const CHANGE = 'larder:navigate';

export interface Location {
  /** The path inside the panel, always starting with '/': `/content/articles`. */
  path: string;
  search: URLSearchParams;
  /** path + search, for `next=` redirects. */
  href: string;
}

/**
 * Something that wants to confirm a navigation first, like a form with
 * unsaved changes. It gets the continuation and calls it if the user agrees.
 */
export type NavigationBlocker = (proceed: () => void) => void;
let blocker: NavigationBlocker | null = null;
let current = window.location.pathname + window.location.search;

export function currentLocation(): Location {
  const pathname = window.location.pathname;
  const inner = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const path = inner === '' ? '/' : inner.replace(/\/+$/, '') || '/';
  const search = new URLSearchParams(window.location.search);
  const query = search.toString();
  return { path, search, href: query ? `${path}?${query}` : path };
}

/** The full URL of a panel path, for `href` attributes. */
export function hrefOf(to: string): string {
  return BASE + (to === '/' ? '/' : to);
}

export function navigate(to: string, options: { replace?: boolean; force?: boolean } = {}): void {
  const go = () => {
    const url = hrefOf(to);
    if (options.replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    current = url;
    window.dispatchEvent(new Event(CHANGE));
  };
  if (blocker && !options.force) blocker(go);
  else go();
}

/** Runs `action` (leaving the screen another way, e.g. signing out) once any blocker agrees. */
export function whenLeaveAllowed(action: () => void): void {
  if (blocker) blocker(action);
  else action();
}

/** Installs a blocker for as long as the returned function is not called. */
export function blockNavigation(next: NavigationBlocker): () => void {
  blocker = next;
  return () => {
    if (blocker === next) blocker = null;
  };
}

// The back button has already changed the URL when popstate fires: put it
// back, ask, and go forward to the target only if the user agrees.
window.addEventListener('popstate', () => {
  const target = window.location.pathname + window.location.search;
  if (blocker && target !== current) {
    window.history.pushState(null, '', current);
    blocker(() => {
      window.history.pushState(null, '', target);
      current = target;
      window.dispatchEvent(new Event(CHANGE));
    });
    return;
  }
  current = target;
  window.dispatchEvent(new Event(CHANGE));
});

/** Re-renders on every navigation. */
export function useLocation(): Location {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const update = () => setLocation(currentLocation());
    window.addEventListener(CHANGE, update);
    return () => window.removeEventListener(CHANGE, update);
  }, []);
  return location;
}
