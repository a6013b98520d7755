import type { VNode } from 'preact';
import { useEffect } from 'preact/hooks';
import { ErrorBoundary } from './components/error-boundary';
import { ErrorNotice } from './components/error-notice';
import { Loading } from './components/loading';
import { navigate, useLocation } from './router/history';
import { matchRoute, type RouteParams } from './router/match-route';
import { ContentTypeScreen } from './routes/content-type-screen';
import { EntryEditorScreen } from './routes/entry-editor-screen';
import { FirstRun } from './routes/first-run';
import { Home } from './routes/home';
import { Login } from './routes/login';
import { NotFound } from './routes/not-found';
import { ForgotPassword, ResetPassword } from './routes/password-reset';
import { SessionExpiredDialog } from './routes/session-expired-dialog';
import { ApiTokensScreen } from './routes/settings/api-tokens-screen';
import { ContentTypesViewer } from './routes/settings/content-types-viewer';
import { RoleEditorScreen } from './routes/settings/role-editor-screen';
import { RolesScreen } from './routes/settings/roles-screen';
import { TypeBuilderScreen } from './routes/settings/type-builder-screen';
import { UsersScreen } from './routes/settings/users-screen';
import { Shell } from './routes/shell';
import { SchemaProvider } from './state/content-types';
import { useSession } from './state/session';

type Screen = (params: RouteParams) => VNode;
interface Route {
  pattern: string;
  screen: Screen;
  adminOnly?: boolean;
}

const ROUTES: Route[] = [
  { pattern: '/', screen: () => <Home /> },
  { pattern: '/content/:name', screen: ({ name }) => <ContentTypeScreen name={name!} /> },
  { pattern: '/content/:name/new', screen: ({ name }) => <EntryEditorScreen name={name!} documentId={null} /> },
  { pattern: '/content/:name/:documentId', screen: ({ name, documentId }) => <EntryEditorScreen name={name!} documentId={documentId!} /> },
  { pattern: '/settings/users', screen: () => <UsersScreen />, adminOnly: true },
  { pattern: '/settings/roles', screen: () => <RolesScreen />, adminOnly: true },
  { pattern: '/settings/roles/new', screen: () => <RoleEditorScreen id={null} />, adminOnly: true },
  { pattern: '/settings/roles/:id', screen: ({ id }) => <RoleEditorScreen id={Number(id)} />, adminOnly: true },
  { pattern: '/settings/api-tokens', screen: () => <ApiTokensScreen />, adminOnly: true },
  { pattern: '/settings/content-types', screen: () => <ContentTypesViewer />, adminOnly: true },
  { pattern: '/settings/content-types/new', screen: () => <TypeBuilderScreen name={null} />, adminOnly: true },
  { pattern: '/settings/content-types/:name/edit', screen: ({ name }) => <TypeBuilderScreen name={name!} />, adminOnly: true },
];

const PUBLIC_PATHS = new Set(['/login', '/first-run', '/forgot-password', '/reset-password']);
/** Screens a signed-out visitor may open directly (a reset mail links to one). */
const SIGNED_OUT_SCREENS: Record<string, () => VNode> = {
  '/forgot-password': () => <ForgotPassword />,
  '/reset-password': () => <ResetPassword />,
};

/** Picks the screen for the session's state and the URL. */
export function App() {
  const session = useSession();
  const location = useLocation();

  // Keep the URL honest about which screen shows, so reloading lands in the same place.
  useEffect(() => {
    if (session.status === 'first-run' && location.path !== '/first-run') navigate('/first-run', { replace: true, force: true });
    if (session.status === 'signed-out' && location.path !== '/login' && !SIGNED_OUT_SCREENS[location.path]) {
      const next = PUBLIC_PATHS.has(location.path) ? '' : `?next=${encodeURIComponent(location.href)}`;
      navigate(`/login${next}`, { replace: true, force: true });
    }
    if (session.status === 'signed-in' && PUBLIC_PATHS.has(location.path)) {
      const next = location.search.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true, force: true });
    }
  }, [session.status, location.path]);

  switch (session.status) {
    case 'loading':
      return <main class="page-center" id="main"><Loading label="Starting Larder…" /></main>;
    case 'unavailable':
      return <main class="page-center" id="main"><ErrorNotice title="Larder cannot be reached" error={new Error(session.problem ?? '')} onRetry={session.retry} /></main>;
    case 'first-run':
      return <FirstRun />;
    case 'signed-out':
      return SIGNED_OUT_SCREENS[location.path]?.() ?? <Login />;
    case 'signed-in':
      return (
        <>
          <SchemaProvider userId={session.user!.id}>
            <Shell>{route(location.path, session.isAdmin)}</Shell>
          </SchemaProvider>
          {session.expired ? <SessionExpiredDialog /> : null}
        </>
      );
  }
}

function route(path: string, isAdmin: boolean): VNode {
  for (const candidate of ROUTES) {
    const params = matchRoute(candidate.pattern, path);
    if (!params) continue;
    if (candidate.adminOnly && !isAdmin) return <NotFound what="This settings page" />;
    // Keyed by path: moving between two entries starts a fresh screen.
    return <ErrorBoundary key={path}><candidate.screen {...params} /></ErrorBoundary>;
  }
  return <NotFound />;
}
