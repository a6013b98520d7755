import { can, useSchema } from '../state/content-types';
import { EntryEditor } from './entry-editor';
import { EntryList } from './entry-list';
import { NotFound } from './not-found';

/** `/content/:name`: a collection's list, or a single type's form. */
export function ContentTypeScreen({ name }: { name: string }) {
  const type = useSchema().byRoute(name);
  if (!type) return <NotFound what="This content type" />;
  if (type.kind === 'singleType') return <EntryEditor type={type} documentId={null} />;
  if (!can(type, 'find')) return <NotFound what={`The ${type.displayName} list`} />;
  return <EntryList type={type} />;
}
