import { FieldFrame, fieldIds } from '../components/field-frame';
import type { TypeDraft } from './type-draft';

interface TypeOptionsProps {
  draft: TypeDraft;
  /** Existing types keep their singular name: it is their file name and API id. */
  isNew: boolean;
  errors: Record<string, string>;
  onChange(draft: TypeDraft): void;
}

type NameOption = 'singularName' | 'pluralName' | 'displayName';

/** Names, kind and draft & publish of a type. */
export function TypeOptions({ draft, isNew, errors, onChange }: TypeOptionsProps) {
  const name = (option: NameOption, label: string, hint?: string) => {
    const ids = fieldIds(`type-${option}`, Boolean(hint), errors[option]);
    return (
      <FieldFrame ids={ids} label={label} required hint={hint} error={errors[option]}>
        <input id={ids.id} class="input" type="text" autoComplete="off" required value={draft[option]}
          readOnly={option === 'singularName' && !isNew}
          aria-invalid={ids.invalid || undefined} aria-describedby={ids.describedBy || undefined}
          onInput={(event) => onChange({ ...draft, [option]: (event.currentTarget as HTMLInputElement).value })} />
      </FieldFrame>
    );
  };
  const kindIds = fieldIds('type-kind', false, errors.kind);
  return (
    <fieldset class="card stack">
      <legend>Type</legend>
      <div class="builder-row">
        {name('displayName', 'Display name')}
        {name('singularName', 'Singular name', isNew ? 'Lowercase, e.g. article: the file name and the API id' : 'The file name and API id; it cannot change here')}
        {name('pluralName', 'Plural name', 'e.g. articles: the URL /api/articles')}
      </div>
      <div class="builder-row">
        <FieldFrame ids={kindIds} label="Kind" error={errors.kind}>
          <select id={kindIds.id} class="input" value={draft.kind} aria-invalid={kindIds.invalid || undefined} aria-describedby={kindIds.describedBy || undefined}
            onChange={(event) => onChange({ ...draft, kind: (event.currentTarget as HTMLSelectElement).value === 'singleType' ? 'singleType' : 'collectionType' })}>
            <option value="collectionType">Collection type</option>
            <option value="singleType">Single type</option>
          </select>
        </FieldFrame>
        <label class="checkbox" for="type-draftAndPublish">
          <input id="type-draftAndPublish" type="checkbox" checked={draft.draftAndPublish}
            aria-invalid={errors.draftAndPublish ? true : undefined} aria-describedby={errors.draftAndPublish ? 'type-draftAndPublish-error' : undefined}
            onChange={(event) => onChange({ ...draft, draftAndPublish: (event.currentTarget as HTMLInputElement).checked })} />
          Draft &amp; publish
        </label>
      </div>
      {errors.draftAndPublish ? <p class="field-error" id="type-draftAndPublish-error">{errors.draftAndPublish}</p> : null}
    </fieldset>
  );
}
