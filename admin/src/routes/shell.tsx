import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { routeName } from '../api/content';
import type { ContentTypeInfo } from '../api/types';
import { Link } from '../router/link';
import { useLocation, whenLeaveAllowed } from '../router/history';
import { useSchema } from '../state/content-types';
import { useSession } from '../state/session';

const SETTINGS = [
  ['/settings/users', 'Users'],
  ['/settings/roles', 'Roles'],
  ['/settings/api-tokens', 'API tokens'],
  ['/settings/content-types', 'Content types'],
] as const;

/** The frame around every signed-in screen: sidebar navigation, the user, and the main region. */
export function Shell({ children }: { children: ComponentChildren }) {
  const session = useSession();
  const schema = useSchema();
  const location = useLocation();
  const collections = schema.types.filter((type) => type.kind === 'collectionType');
  const singles = schema.types.filter((type) => type.kind === 'singleType');

  // A new screen: move focus to its heading, so keyboard and screen reader users start there.
  // Not on the first one: a fresh page starts at the top, where "Skip to content" is.
  const firstScreen = useRef(true);
  useEffect(() => {
    if (firstScreen.current) {
      firstScreen.current = false;
      return undefined;
    }
    return focusHeadingWhenShown();
  }, [location.path]);

  const current = (path: string) => location.path === path || location.path.startsWith(`${path}/`);
  const typeLink = (type: ContentTypeInfo) => {
    const path = `/content/${routeName(type)}`;
    return (
      <li key={type.uid}>
        <Link to={path} class={current(path) ? 'nav-link nav-link-current' : 'nav-link'} aria-current={current(path) ? 'page' : undefined}>{type.displayName}</Link>
      </li>
    );
  };

  return (
    <div class="shell">
      <a class="skip-link" href="#main">Skip to content</a>
      <aside class="sidebar">
        <Link to="/" class="brand" aria-label="Larder home"><span class="brand-mark" aria-hidden="true">L</span> Larder</Link>
        <nav aria-label="Content">
          <h2 class="nav-heading">Collection types</h2>
          {collections.length > 0 ? <ul class="nav-list">{collections.map(typeLink)}</ul> : <p class="nav-empty">None you can see</p>}
          {singles.length > 0 ? (
            <>
              <h2 class="nav-heading">Single types</h2>
              <ul class="nav-list">{singles.map(typeLink)}</ul>
            </>
          ) : null}
        </nav>
        {session.isAdmin ? (
          <nav aria-label="Settings">
            <h2 class="nav-heading">Settings</h2>
            <ul class="nav-list">
              {SETTINGS.map(([path, label]) => (
                <li key={path}>
                  <Link to={path} class={current(path) ? 'nav-link nav-link-current' : 'nav-link'} aria-current={current(path) ? 'page' : undefined}>{label}</Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </aside>
      <div class="main-column">
        <header class="topbar">
          <span class="topbar-user">
            <span class="topbar-name">{session.user?.username}</span>
            {session.user?.role ? <span class="badge">{session.user.role.name}</span> : null}
          </span>
          <button type="button" class="btn btn-small" onClick={() => whenLeaveAllowed(() => void session.signOut())}>Sign out</button>
        </header>
        <main id="main" class="main" tabIndex={-1}>{children}</main>
      </div>
    </div>
  );
}

/** Focuses the main heading, waiting briefly for screens that show it once their data has loaded. */
function focusHeadingWhenShown(): () => void {
  const main = document.getElementById('main');
  const tryFocus = (): boolean => {
    const heading = main?.querySelector<HTMLElement>('h1');
    if (!heading) return false;
    if (!heading.contains(document.activeElement)) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    return true;
  };
  if (!main || tryFocus()) return () => undefined;
  const observer = new MutationObserver(() => { if (tryFocus()) stop(); });
  const timer = window.setTimeout(() => stop(), 3000);
  const stop = () => { observer.disconnect(); window.clearTimeout(timer); };
  observer.observe(main, { childList: true, subtree: true });
  return stop;
}
