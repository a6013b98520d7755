import type { ContentTypeInfo, Entry } from '../api/types';
import { StatusBadge } from '../components/status-badge';
import { formatTimestamp } from '../content/local-date-time';
import type { PublicationStatus, PublishedVersion } from '../content/publication';
import { saveLabel, type SaveIntent } from '../content/save-plan';
import { can } from '../state/content-types';

interface EntryActionsProps {
  type: ContentTypeInfo;
  entry: Entry | null;
  published: PublishedVersion | null;
  status: PublicationStatus | null;
  dirty: boolean;
  editable: boolean;
  busy: SaveIntent | 'delete' | null;
  onSave(intent: SaveIntent): void;
  onDelete(): void;
}

/** The form's side panel: status, the actions the role allows, and the entry's timestamps. */
export function EntryActions({ type, entry, published, status, dirty, editable, busy, onSave, onDelete }: EntryActionsProps) {
  const mayPublish = type.draftAndPublish && can(type, 'publish');
  const working = busy !== null;
  const label = (intent: SaveIntent, idle: string) => (busy === intent ? 'Working…' : idle);
  // Publishing is offered while there is something to publish: a new or changed draft.
  const canPublishNow = !entry || dirty || status !== 'published';
  return (
    <aside class="editor-aside card" aria-label="Entry actions">
      {type.draftAndPublish ? (
        <div class="aside-row">
          <span class="muted">Status</span>
          {status ? <StatusBadge status={status} /> : <span class="badge badge-draft">New</span>}
        </div>
      ) : null}
      {status === 'modified' ? <p class="field-hint">The draft has changes that are not published yet.</p> : null}
      {editable ? (
        <div class="aside-actions">
          {/* Submitting the form (Enter, Ctrl+S) is the same as this button. */}
          <button type="submit" class={mayPublish ? 'btn' : 'btn btn-primary'} disabled={working}>
            {label('save', saveLabel(type))}
          </button>
          {mayPublish ? (
            <button type="button" class="btn btn-primary" disabled={working || !canPublishNow} onClick={() => onSave('publish')}>
              {label('publish', dirty || !entry ? 'Save & publish' : 'Publish')}
            </button>
          ) : null}
          {mayPublish && published && type.kind === 'collectionType' ? (
            <button type="button" class="btn" disabled={working} onClick={() => onSave('unpublish')}>
              {label('unpublish', 'Unpublish')}
            </button>
          ) : null}
          {type.draftAndPublish && !can(type, 'publish') ? <p class="field-hint">Your role saves drafts; someone who may publish puts them online.</p> : null}
        </div>
      ) : null}
      {entry ? (
        <dl class="meta-list">
          <dt>Created</dt><dd>{formatTimestamp(entry.createdAt)}</dd>
          <dt>Updated</dt><dd>{formatTimestamp(entry.updatedAt)}</dd>
          {type.draftAndPublish ? <><dt>Published</dt><dd>{published ? formatTimestamp(published.publishedAt) : 'Never'}</dd></> : null}
          <dt>Document ID</dt><dd><code>{entry.documentId}</code></dd>
        </dl>
      ) : null}
      {entry && can(type, 'delete') ? (
        <button type="button" class="btn btn-danger-quiet" disabled={working} onClick={onDelete}>
          {busy === 'delete' ? 'Deleting…' : 'Delete this entry'}
        </button>
      ) : null}
    </aside>
  );
}
