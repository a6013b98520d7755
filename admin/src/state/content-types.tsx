import { createContext, type ComponentChildren } from 'preact';
import { useContext, useMemo } from 'preact/hooks';
import { fetchContentTypes } from '../api/content-types';
import { routeName } from '../api/content';
import type { ContentAction, ContentTypeInfo } from '../api/types';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { useApi } from './api-context';
import { useResource } from './use-resource';

export interface Schema {
  types: ContentTypeInfo[];
  /** By URL segment: plural name for collections, singular for single types. */
  byRoute(name: string): ContentTypeInfo | undefined;
  bySingular(name: string): ContentTypeInfo | undefined;
  /** Loads the types again, e.g. after the content-type builder changed them. */
  reload(): void;
}

const SchemaContext = createContext<Schema | null>(null);

/** Loads the types the signed-in user may see, once per session. */
export function SchemaProvider({ userId, children }: { userId: number; children: ComponentChildren }) {
  const client = useApi();
  const resource = useResource(() => fetchContentTypes(client), [client, userId]);
  const schema = useMemo<Schema | null>(() => {
    if (!resource.data) return null;
    const types = [...resource.data].sort((a, b) => a.displayName.localeCompare(b.displayName));
    return {
      types,
      byRoute: (name) => types.find((type) => routeName(type) === name),
      bySingular: (name) => types.find((type) => type.singularName === name),
      reload: resource.reload,
    };
  }, [resource.data, resource.reload]);
  if (!schema) {
    if (resource.error) return <main class="page-center"><ErrorNotice error={resource.error} onRetry={resource.reload} /></main>;
    return <main class="page-center"><Loading label="Loading content types…" /></main>;
  }
  return <SchemaContext.Provider value={schema}>{children}</SchemaContext.Provider>;
}

export function useSchema(): Schema {
  const schema = useContext(SchemaContext);
  if (!schema) throw new Error('useSchema() outside <SchemaProvider>');
  return schema;
}

export function can(type: ContentTypeInfo, action: ContentAction): boolean {
  return type.actions.includes(action);
}
