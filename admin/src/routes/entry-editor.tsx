import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/api-error';
import type { ApiClient } from '../api/client';
import { getEntry } from '../api/content';
import type { QueryValue } from '../api/query-string';
import type { ContentTypeInfo, Entry } from '../api/types';
import { ErrorNotice } from '../components/error-notice';
import { Loading } from '../components/loading';
import { toPublishedVersion, type PublishedVersion } from '../content/publication';
import { relationPopulate } from '../content/relation-populate';
import { Link } from '../router/link';
import { useApi } from '../state/api-context';
import { can, useSchema } from '../state/content-types';
import { useResource } from '../state/use-resource';
import { EntryForm } from './entry-form';

interface EntryEditorProps {
  type: ContentTypeInfo;
  /** Null for a single type, or with `creating`. */
  documentId: string | null;
  creating?: boolean;
}

export interface LoadedEntry {
  /** The draft when the user may read drafts, else the published version; null when there is none yet. */
  entry: Entry | null;
  published: PublishedVersion | null;
}

const absentAs404 = async <T,>(load: Promise<T>): Promise<T | null> => {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
};

async function loadEntry(client: ApiClient, type: ContentTypeInfo, documentId: string | null, populate: Record<string, QueryValue>): Promise<LoadedEntry> {
  // A single type that was never written is simply empty.
  const read = (query: Record<string, QueryValue>) => documentId === null
    ? absentAs404(getEntry(client, type, null, query))
    : getEntry(client, type, documentId, query);
  const entry = await read(populate);
  if (!type.draftAndPublish) return { entry, published: null };
  if (!can(type, 'readDraft')) return { entry, published: toPublishedVersion(entry) };
  const published = entry ? await absentAs404(getEntry(client, type, documentId, { status: 'published', fields: ['updatedAt', 'publishedAt'] })) : null;
  return { entry, published: toPublishedVersion(published) };
}

/** Loads the entry (none when creating, or for a single type not written yet) and hands it to the form. */
export function EntryEditor({ type, documentId, creating = false }: EntryEditorProps) {
  const client = useApi();
  const schema = useSchema();
  const loaded = useResource(
    () => (creating ? Promise.resolve({ entry: null, published: null }) : loadEntry(client, type, documentId, relationPopulate(type, schema.bySingular))),
    [client, type.uid, documentId, creating],
  );

  const back: ComponentChildren = type.kind === 'collectionType' ? <Link to={`/content/${type.pluralName}`}>← {type.displayName}</Link> : null;
  if (loaded.error) {
    return (
      <div class="stack">
        {back}
        <h1>{type.displayName}</h1>
        <ErrorNotice title="Could not load this entry" error={loaded.error} onRetry={loaded.reload} />
      </div>
    );
  }
  if (loaded.data === undefined) return <Loading label={`Loading ${type.displayName}…`} />;
  return <EntryForm type={type} initial={loaded.data} documentId={documentId} back={back} />;
}
