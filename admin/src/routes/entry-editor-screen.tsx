import { can, useSchema } from '../state/content-types';
import { EntryEditor } from './entry-editor';
import { NotFound } from './not-found';

/** `/content/:name/new` and `/content/:name/:documentId`. */
export function EntryEditorScreen({ name, documentId }: { name: string; documentId: string | null }) {
  const type = useSchema().byRoute(name);
  if (!type || type.kind !== 'collectionType') return <NotFound what="This content type" />;
  if (documentId === null && !can(type, 'create')) return <NotFound what={`Creating ${type.displayName} entries`} />;
  return <EntryEditor type={type} documentId={documentId} creating={documentId === null} />;
}
