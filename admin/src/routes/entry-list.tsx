import { useMemo, useState } from 'preact/hooks';
import { errorMessage } from '../api/api-error';
import { deleteEntry, fetchPublishedVersions, listEntries } from '../api/content';
import type { ContentTypeInfo, Entry } from '../api/types';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DataTable } from '../components/data-table';
import { EmptyState } from '../components/empty-state';
import { ErrorNotice } from '../components/error-notice';
import { FilterBuilder } from '../components/filter-builder';
import { Loading } from '../components/loading';
import { Pagination } from '../components/pagination';
import { SearchBox } from '../components/search-box';
import { filterableFields } from '../content/filterable-fields';
import { columnsQuery, listColumns } from '../content/list-columns';
import { readListParams, toApiQuery, writeListParams, type ListParams, type PublicationFilter } from '../content/list-params';
import { entryLabel } from '../content/main-field';
import { publicationStatus, toPublishedVersion } from '../content/publication';
import { navigate, useLocation } from '../router/history';
import { Link } from '../router/link';
import { useApi } from '../state/api-context';
import { can, useSchema } from '../state/content-types';
import { useToast } from '../state/toasts';
import { useResource } from '../state/use-resource';

/** A collection's entries: search, filters, sort and pages, all kept in the URL. */
export function EntryList({ type }: { type: ContentTypeInfo }) {
  const client = useApi();
  const schema = useSchema();
  const notify = useToast();
  const location = useLocation();
  const params = readListParams(location.search);
  const showsDrafts = type.draftAndPublish && can(type, 'readDraft');
  const fields = useMemo(() => filterableFields(type, schema.bySingular), [type, schema]);
  const query = { ...toApiQuery(params), ...columnsQuery(type, schema.bySingular) };
  const queryKey = JSON.stringify(query);
  const list = useResource((signal) => listEntries(client, type, query, signal), [client, type.pluralName, queryKey]);
  // Drafts are listed; whether each one is published (and up to date) is asked for the page shown.
  const draftsShown = showsDrafts && params.publication === 'all';
  const documentIds = draftsShown ? (list.data?.data ?? []).map((entry) => entry.documentId) : [];
  const published = useResource((signal) => fetchPublishedVersions(client, type, documentIds, signal), [client, type.pluralName, documentIds.join()]);
  const columns = useMemo(() => listColumns(type, schema.bySingular, draftsShown
    ? (entry) => (published.data && !published.loading ? publicationStatus(entry, toPublishedVersion(published.data.get(entry.documentId))) : undefined)
    : undefined), [type, schema, draftsShown, published.data, published.loading]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const mayDelete = can(type, 'delete');
  const narrowed = params.q !== '' || params.filters.length > 0 || params.publication !== 'all';

  const update = (changes: Partial<ListParams>, replace = false) => {
    setSelected(new Set());
    navigate(`/content/${type.pluralName}${writeListParams({ ...params, page: 1, ...changes })}`, { replace });
  };

  const deleteSelected = async () => {
    setDeleting(true);
    const failures: string[] = [];
    for (const documentId of selected) {
      try {
        await deleteEntry(client, type, documentId);
      } catch (error) {
        failures.push(errorMessage(error));
      }
    }
    const done = selected.size - failures.length;
    setDeleting(false);
    setConfirming(false);
    setSelected(new Set());
    if (done > 0) notify(`Deleted ${done} ${done === 1 ? 'entry' : 'entries'}.`);
    if (failures.length > 0) notify(`${failures.length} could not be deleted: ${failures[0]}`, 'error');
    list.reload();
  };

  const rows = list.data?.data ?? [];
  const pagination = list.data?.meta.pagination;
  return (
    <>
      <header class="page-header">
        <div>
          <h1>{type.displayName}</h1>
          <p class="muted">{pagination ? `${pagination.total} ${pagination.total === 1 ? 'entry' : 'entries'}` : ' '}{type.draftAndPublish && !showsDrafts ? ' · published entries only' : ''}</p>
        </div>
        {can(type, 'create') ? <Link to={`/content/${type.pluralName}/new`} class="btn btn-primary">Create new entry</Link> : null}
      </header>

      <div class="toolbar">
        <SearchBox label={`Search ${type.displayName}`} value={params.q} onSearch={(q) => update({ q }, true)} />
        {showsDrafts ? (
          <label class="toolbar-select">
            <span>Show</span>
            <select class="input" value={params.publication} onChange={(event) => update({ publication: (event.currentTarget as HTMLSelectElement).value as PublicationFilter })}>
              <option value="all">All entries (latest drafts)</option>
              <option value="published">Published versions</option>
            </select>
          </label>
        ) : null}
        <FilterBuilder fields={fields} filters={params.filters} onChange={(filters) => update({ filters })} />
      </div>

      {mayDelete && selected.size > 0 ? (
        <div class="bulk-bar" role="region" aria-label="Selected entries">
          <span>{selected.size} selected</span>
          <button type="button" class="btn btn-danger btn-small" onClick={() => setConfirming(true)}>Delete selected</button>
          <button type="button" class="btn btn-small" onClick={() => setSelected(new Set())}>Clear selection</button>
        </div>
      ) : null}

      {list.error ? (
        <ErrorNotice title={`Could not load ${type.displayName}`} error={list.error} onRetry={list.reload} />
      ) : null}
      {list.error && narrowed ? <p><button type="button" class="link-button" onClick={() => update({ q: '', filters: [], publication: 'all' })}>Clear search and filters</button></p> : null}

      {!list.data && list.loading ? <Loading label={`Loading ${type.displayName}…`} /> : null}
      {list.data && rows.length === 0 ? (
        narrowed ? (
          <EmptyState title="No entries match your search and filters.">
            <button type="button" class="btn" onClick={() => update({ q: '', filters: [], publication: 'all' })}>Clear search and filters</button>
          </EmptyState>
        ) : (
          <EmptyState title={`No ${type.displayName} entries yet.`}>
            {can(type, 'create') ? <Link to={`/content/${type.pluralName}/new`} class="btn btn-primary">Create the first one</Link> : null}
          </EmptyState>
        )
      ) : null}
      {rows.length > 0 ? (
        <DataTable<Entry>
          caption={`${type.displayName} entries`}
          columns={columns}
          rows={rows}
          rowKey={(entry) => entry.documentId}
          sort={params.sort}
          onSort={(sort) => update({ sort })}
          busy={list.loading}
          {...(mayDelete ? { selection: { selected, onChange: setSelected, label: (entry: Entry) => entryLabel(type, entry) } } : {})}
        />
      ) : null}
      {pagination && pagination.total > 0 ? (
        <Pagination
          pagination={pagination}
          onPage={(page) => update({ page })}
          onPageSize={(pageSize) => update({ pageSize })}
        />
      ) : null}

      {confirming ? (
        <ConfirmDialog
          title={`Delete ${selected.size} ${selected.size === 1 ? 'entry' : 'entries'}?`}
          confirmLabel="Delete"
          tone="danger"
          busy={deleting}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void deleteSelected()}
        >
          <p>This cannot be undone. Relations pointing to {selected.size === 1 ? 'this entry' : 'these entries'} are removed too.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
