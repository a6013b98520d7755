import type { PublicationStatus } from '../content/publication';

const LABELS: Record<PublicationStatus, string> = { draft: 'Draft', published: 'Published', modified: 'Modified' };
const TITLES: Record<PublicationStatus, string> = {
  draft: 'Not published',
  published: 'Published, and the draft has no other changes',
  modified: 'Published, and the draft has changes that are not published yet',
};

/** Draft, Published or Modified, for types with draft & publish. */
export function StatusBadge({ status }: { status: PublicationStatus }) {
  return <span class={`badge badge-${status}`} title={TITLES[status]}>{LABELS[status]}</span>;
}
