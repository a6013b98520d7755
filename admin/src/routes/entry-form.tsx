import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, issuesByField } from '../api/api-error';
import { createEntry, deleteEntry, setPublished, updateEntry } from '../api/content';
import type { ContentTypeInfo, Entry } from '../api/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorNotice } from '../components/error-notice';
import { AttributeField } from '../components/fields/attribute-field';
import { StatusBadge } from '../components/status-badge';
import { checkValues } from '../content/check-values';
import { changedFields, initialValues, toPayload, type FormValue, type FormValues } from '../content/form-values';
import { entryLabel } from '../content/main-field';
import { publicationStatus, toPublishedVersion, type PublishedVersion } from '../content/publication';
import { relationPopulate } from '../content/relation-populate';
import { writeStatus, type SaveIntent } from '../content/save-plan';
import { navigate } from '../router/history';
import { useApi } from '../state/api-context';
import { can, useSchema } from '../state/content-types';
import { useToast } from '../state/toasts';
import { useUnsavedGuard } from '../state/use-unsaved-guard';
import { EntryActions } from './entry-actions';
import type { LoadedEntry } from './entry-editor';

interface EntryFormProps {
  type: ContentTypeInfo;
  initial: LoadedEntry;
  documentId: string | null;
  back: ComponentChildren;
}

type Busy = SaveIntent | 'delete' | null;

const MESSAGES: Record<SaveIntent, string> = { save: 'Saved.', publish: 'Published.', unpublish: 'Unpublished: only the draft remains.' };

/** The create and edit form generated from a type's attributes. */
export function EntryForm({ type, initial, documentId, back }: EntryFormProps) {
  const client = useApi();
  const schema = useSchema();
  const notify = useToast();
  const [entry, setEntry] = useState<Entry | null>(initial.entry);
  const [published, setPublishedVersion] = useState<PublishedVersion | null>(initial.published);
  const [baseline, setBaseline] = useState<FormValues>(() => initialValues(type, initial.entry, schema.bySingular));
  const [values, setValues] = useState<FormValues>(baseline);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [focusError, setFocusError] = useState(0);
  const dirty = changedFields(values, baseline).length > 0;
  const guard = useUnsavedGuard(dirty);
  const collection = type.kind === 'collectionType';
  // A single type's PUT creates its one entry under `update` (DESIGN §4).
  const editable = can(type, collection && !entry ? 'create' : 'update');
  const query = relationPopulate(type, schema.bySingular);
  const status = type.draftAndPublish && entry ? publicationStatus(entry, published) : null;

  // After a failed save, put focus on the first field that needs attention.
  useEffect(() => {
    if (focusError === 0) return;
    const invalid = document.querySelector<HTMLElement>('.entry-form [aria-invalid="true"]');
    (invalid ?? document.querySelector<HTMLElement>('.entry-form .notice-error'))?.focus();
  }, [focusError]);

  const setValue = (name: string, value: FormValue) => {
    setValues((current) => ({ ...current, [name]: value }));
    if (errors[name]) setErrors((current) => { const next = { ...current }; delete next[name]; return next; });
  };

  const showFailure = (error: unknown, fieldErrors: Record<string, string>) => {
    setErrors(fieldErrors);
    setFailure(error);
    setFocusError((count) => count + 1);
  };

  /** Writes the form (create or update), or only switches publication when nothing changed. */
  const write = async (intent: SaveIntent): Promise<void> => {
    if (intent === 'unpublish' && entry) {
      await setPublished(client, type, entry.documentId, false, query);
      setPublishedVersion(null);
      return;
    }
    if (intent === 'publish' && entry && collection && !dirty) {
      setPublishedVersion(toPublishedVersion(await setPublished(client, type, entry.documentId, true, query)));
      return;
    }
    const status = writeStatus(type, intent);
    const saved = !entry && collection
      ? await createEntry(client, type, toPayload(type, values, null), status, query)
      : await updateEntry(client, type, collection && entry ? entry.documentId : null, toPayload(type, values, entry ? baseline : null), status, query);
    if (type.draftAndPublish && status === undefined) setPublishedVersion(toPublishedVersion(saved));
    const fresh = initialValues(type, saved, schema.bySingular);
    setEntry(saved);
    setBaseline(fresh);
    setValues(fresh);
    if (collection && !entry) navigate(`/content/${type.pluralName}/${saved.documentId}`, { replace: true, force: true });
  };

  const save = async (intent: SaveIntent) => {
    if (intent !== 'unpublish') {
      const problems = checkValues(type, values, { draft: writeStatus(type, intent) === 'draft' });
      const count = Object.keys(problems).length;
      if (count > 0) {
        showFailure(new Error(`Check ${count === 1 ? 'the highlighted field' : `the ${count} highlighted fields`} before saving.`), problems);
        return;
      }
    }
    setBusy(intent);
    try {
      await write(intent);
      setErrors({});
      setFailure(null);
      notify(MESSAGES[intent]);
    } catch (error) {
      showFailure(error, error instanceof ApiError ? issuesByField(error.issues) : {});
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    setBusy('delete');
    try {
      await deleteEntry(client, type, collection ? entry!.documentId : null);
      notify('Deleted.');
      setConfirmDelete(false);
      if (collection) {
        navigate(`/content/${type.pluralName}`, { force: true });
      } else {
        const empty = initialValues(type, null, schema.bySingular);
        setEntry(null);
        setPublishedVersion(null);
        setBaseline(empty);
        setValues(empty);
      }
    } catch (error) {
      setConfirmDelete(false);
      showFailure(error, {});
    } finally {
      setBusy(null);
    }
  };

  const title = entry && collection ? entryLabel(type, entry) : collection ? `New ${type.displayName}` : type.displayName;
  return (
    <form
      class="entry-form"
      noValidate
      onSubmit={(event) => { event.preventDefault(); void save('save'); }}
      onKeyDown={(event) => { if ((event.ctrlKey || event.metaKey) && event.key === 's') { event.preventDefault(); if (editable) void save('save'); } }}
    >
      <header class="page-header">
        <div>
          {back}
          <h1>{title}</h1>
          <p class="muted">
            {status ? <StatusBadge status={status} /> : null}
            {dirty ? <span class="badge badge-warning">Unsaved changes</span> : null}
          </p>
        </div>
      </header>
      <div class="editor-layout">
        <div class="editor-fields card">
          {failure ? <ErrorNotice title={failure instanceof ApiError ? 'The server did not accept this' : 'Not saved yet'} error={failure} /> : null}
          {!editable ? <p class="notice">You can view this entry, but your role cannot change it.</p> : null}
          <p class="muted small"><span class="required-mark">*</span> Required{type.draftAndPublish ? ' to publish; drafts may leave it empty' : ''}</p>
          {Object.entries(type.attributes).map(([name, attribute]) => (
            <AttributeField
              key={name}
              name={name}
              attribute={attribute}
              value={values[name] ?? null}
              error={errors[name]}
              uidSource={attribute.type === 'uid' && attribute.targetField ? String(values[attribute.targetField] ?? '') : ''}
              target={attribute.type === 'relation' ? schema.bySingular(attribute.target) : undefined}
              onChange={setValue}
              disabled={!editable || busy !== null}
            />
          ))}
        </div>
        <EntryActions
          type={type}
          entry={entry}
          published={published}
          status={status}
          dirty={dirty}
          editable={editable}
          busy={busy}
          onSave={(intent) => void save(intent)}
          onDelete={() => setConfirmDelete(true)}
        />
      </div>
      {confirmDelete ? (
        <ConfirmDialog title={`Delete “${title}”?`} confirmLabel="Delete" tone="danger" busy={busy === 'delete'} onCancel={() => setConfirmDelete(false)} onConfirm={() => void remove()}>
          <p>{type.draftAndPublish ? 'The draft and the published version are both deleted. ' : ''}This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
      {guard}
    </form>
  );
}
