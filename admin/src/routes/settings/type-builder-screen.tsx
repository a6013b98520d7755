import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api/api-error';
import { applyChange, fetchBuilder, planChange, waitForRestart, type BuilderChange, type BuilderPlan, type BuilderState } from '../../api/builder';
import { draftIssues, NO_ISSUES, sortIssues, type BuilderIssues } from '../../builder/builder-issues';
import { FieldEditor } from '../../builder/field-editor';
import { PlanReview } from '../../builder/plan-review';
import { definitionOf, draftOf, emptyField, emptyType, fieldRenames, type FieldDraft, type TypeDraft } from '../../builder/type-draft';
import { TypeOptions } from '../../builder/type-options';
import { ErrorNotice } from '../../components/error-notice';
import { Loading } from '../../components/loading';
import { Link } from '../../router/link';
import { navigate } from '../../router/history';
import { useApi } from '../../state/api-context';
import { useSchema } from '../../state/content-types';
import { useResource } from '../../state/use-resource';

/** Development only: edit a type's definition (or make a new one), review the migration plan, apply. */
export function TypeBuilderScreen({ name }: { name: string | null }) {
  const client = useApi();
  const builder = useResource((signal) => fetchBuilder(client, signal), [client]);
  if (builder.error) {
    const missing = builder.error instanceof ApiError && builder.error.status === 404;
    return missing
      ? <p class="notice notice-warning">The content-type builder is only available while Larder runs in development.</p>
      : <ErrorNotice title="Could not load the content types" error={builder.error} onRetry={builder.reload} />;
  }
  if (!builder.data) return <Loading label="Loading content types…" />;
  const definition = name === null ? undefined : builder.data.types[name];
  if (name !== null && !definition) return <p class="notice notice-warning">There is no content type “{name}”.</p>;
  return <TypeBuilder key={name ?? ''} state={builder.data} initial={definition ? draftOf(definition) : emptyType()} isNew={name === null} />;
}

type Phase =
  | { step: 'edit' }
  | { step: 'review'; change: BuilderChange; plan: BuilderPlan; removing: boolean }
  | { step: 'restarting' }
  | { step: 'applied'; message: string };

function TypeBuilder({ state, initial, isNew }: { state: BuilderState; initial: TypeDraft; isNew: boolean }) {
  const client = useApi();
  const schema = useSchema();
  const [draft, setDraft] = useState(initial);
  const [phase, setPhase] = useState<Phase>({ step: 'edit' });
  const [issues, setIssues] = useState<BuilderIssues>(NO_ISSUES);
  const [failure, setFailure] = useState<unknown>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  /** Bumped after a failure placed at a field: focus moves there once the form has re-rendered. */
  const [focusError, setFocusError] = useState(0);
  useEffect(() => {
    if (focusError > 0) document.querySelector<HTMLElement>('.builder-form [aria-invalid="true"]')?.focus();
  }, [focusError]);
  const targets = [...new Set([...Object.keys(state.types), draft.singularName.trim()].filter(Boolean))].sort();
  const title = isNew ? 'New content type' : `Edit ${initial.displayName || initial.singularName}`;

  /** Returns whether the failure was placed at a field of the form. */
  const fail = (error: unknown): boolean => {
    const { sorted, placed } = error instanceof ApiError ? sortIssues(error.issues, draft.fields) : { sorted: NO_ISSUES, placed: false };
    setIssues(sorted);
    // Shown even when the issues sit at their fields: the message names the file, the path and the fix.
    setFailure(error);
    if (placed) setFocusError((count) => count + 1);
    return placed;
  };

  const updateField = (index: number, next: FieldDraft) => {
    setDraft({ ...draft, fields: draft.fields.map((item, at) => (at === index ? next : item)) });
    // An edited field's message no longer describes it.
    if (issues.fields[next.key]) setIssues({ ...issues, fields: Object.fromEntries(Object.entries(issues.fields).filter(([key]) => Number(key) !== next.key)) });
  };

  const review = async (removing: boolean) => {
    const singular = (isNew ? draft.singularName : initial.singularName).trim();
    if (!removing) {
      const local = draftIssues(draft.fields);
      if (Object.keys(local.fields).length > 0) {
        setFailure(null);
        setIssues(local);
        setFocusError((count) => count + 1);
        return;
      }
    }
    const renames = removing || isNew ? [] : fieldRenames(draft, singular);
    const change: BuilderChange = {
      types: { [singular]: removing ? null : definitionOf(draft) },
      ...(renames.length > 0 ? { renames: { fields: renames } } : {}),
    };
    setBusy(true);
    setFailure(null);
    try {
      const plan = await planChange(client, change);
      setIssues(NO_ISSUES);
      setConfirmed(false);
      setPhase({ step: 'review', change, plan, removing });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const apply = async (change: BuilderChange, destructive: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      const result = await applyChange(client, { ...change, allowDestructive: destructive && confirmed });
      if (!result.reloading) {
        setPhase({ step: 'applied', message: result.message ?? 'Applied. Restart Larder to serve the new content model.' });
        return;
      }
      setPhase({ step: 'restarting' });
      try {
        await waitForRestart();
      } catch (error) {
        // The change is in: going back to the form would invite applying it twice.
        setPhase({ step: 'applied', message: `The change was applied. ${error instanceof Error ? error.message : ''}` });
        return;
      }
      schema.reload();
      navigate('/settings/content-types');
    } catch (error) {
      // Apply failed and nothing changed: the plan stays on screen with the reason, unless the
      // reason belongs to a field, which the form shows.
      if (fail(error)) setPhase({ step: 'edit' });
    } finally {
      setBusy(false);
    }
  };

  const header = (
    <header class="page-header">
      <div>
        <h1>{title}</h1>
        <p class="muted">Writes <code>config/content-types/{draft.singularName || '…'}.json</code> and a migration in <code>migrations/</code>.</p>
      </div>
      <Link to="/settings/content-types" class="btn">Back to content types</Link>
    </header>
  );

  if (phase.step === 'restarting') {
    return <>{header}<div role="status" aria-live="polite"><Loading label="Restarting Larder on the new content model…" /></div></>;
  }
  if (phase.step === 'applied') {
    return (
      <>
        {header}
        <div class="notice notice-warning" role="status"><p>{phase.message}</p></div>
      </>
    );
  }
  if (phase.step === 'review') {
    const destructive = phase.plan.destructive;
    // The server refuses a plan with an unsupported step: nothing to apply until the definition changes.
    const unsupported = phase.plan.operations.some((step) => step.safety === 'unsupported');
    return (
      <>
        {header}
        <section class="card stack" aria-labelledby="review-title">
          <h2 id="review-title">{phase.removing ? `Remove ${initial.displayName}` : 'Review changes'}</h2>
          {failure ? <ErrorNotice error={failure} /> : null}
          <PlanReview plan={phase.plan} />
          {unsupported ? <p class="notice notice-warning">A step above is not supported: go back to editing and change the definition.</p> : null}
          {destructive ? (
            <label class="checkbox" for="confirm-destructive">
              <input id="confirm-destructive" type="checkbox" checked={confirmed} onChange={(event) => setConfirmed((event.currentTarget as HTMLInputElement).checked)} />
              I understand that the data listed above will be deleted.
            </label>
          ) : null}
          <div class="form-actions">
            <button type="button" class={`btn ${destructive ? 'btn-danger' : 'btn-primary'}`} disabled={busy || unsupported || (destructive && !confirmed)}
              onClick={() => void apply(phase.change, destructive)}>{busy ? 'Applying…' : 'Apply'}</button>
            <button type="button" class="btn" disabled={busy} onClick={() => setPhase({ step: 'edit' })}>Back to editing</button>
          </div>
        </section>
      </>
    );
  }

  return (
    <>
      {header}
      <form class="stack builder-form" noValidate onSubmit={(event) => { event.preventDefault(); void review(false); }}>
        {failure ? <ErrorNotice title="The definition was not accepted" error={failure} /> : null}
        <TypeOptions draft={draft} isNew={isNew} errors={issues.type} onChange={setDraft} />
        <h2>Fields</h2>
        {draft.fields.map((field, index) => (
          <FieldEditor key={field.key} field={field} targets={targets} errors={issues.fields[field.key] ?? {}}
            onChange={(next) => updateField(index, next)}
            onRemove={() => setDraft({ ...draft, fields: draft.fields.filter((_, at) => at !== index) })} />
        ))}
        <div class="form-actions">
          <button type="button" class="btn" onClick={() => setDraft({ ...draft, fields: [...draft.fields, emptyField()] })}>Add field</button>
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Planning…' : 'Review changes'}</button>
          {isNew ? null : <button type="button" class="btn btn-danger-quiet" disabled={busy} onClick={() => void review(true)}>Remove this type…</button>}
        </div>
      </form>
    </>
  );
}
