import { routeName } from '../api/content';
import { EmptyState } from '../components/empty-state';
import { Link } from '../router/link';
import { can, useSchema } from '../state/content-types';
import { useSession } from '../state/session';

/** Where signing in lands: every type the user can work with. */
export function Home() {
  const schema = useSchema();
  const session = useSession();
  return (
    <>
      <header class="page-header">
        <div>
          <h1>Welcome, {session.user?.username}</h1>
          <p class="muted">Choose what to work on.</p>
        </div>
      </header>
      {schema.types.length === 0 ? (
        <EmptyState title="There is no content you can work with.">
          <p class="muted">Ask an administrator to give your role permissions on a content type.</p>
        </EmptyState>
      ) : (
        <ul class="card-grid">
          {schema.types.map((type) => (
            <li key={type.uid} class="card">
              <h2 class="card-title"><Link to={`/content/${routeName(type)}`}>{type.displayName}</Link></h2>
              <p class="muted">{type.description ?? (type.kind === 'singleType' ? 'Single type' : 'Collection type')}</p>
              {type.kind === 'collectionType' && can(type, 'create')
                ? <Link to={`/content/${type.pluralName}/new`} class="card-action" aria-label={`Create a new ${type.displayName} entry`}>+ New entry</Link>
                : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
