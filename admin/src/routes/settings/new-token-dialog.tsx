import { useState } from 'preact/hooks';
import { ApiError, issuesByField } from '../../api/api-error';
import { createApiToken, type ApiTokenInput } from '../../api/api-tokens';
import type { ApiTokenType, CreatedApiToken } from '../../api/types';
import { Dialog } from '../../components/dialog';
import { ErrorNotice } from '../../components/error-notice';
import { FieldFrame, fieldIds } from '../../components/field-frame';
import { PermissionMatrix } from '../../components/permission-matrix';
import { fromRules, toRules, type PermissionRule } from '../../content/permission-rules';
import { useApi } from '../../state/api-context';
import { useSchema } from '../../state/content-types';

const TYPES: Array<{ value: ApiTokenType; label: string; hint: string }> = [
  { value: 'read-only', label: 'Read-only', hint: 'find and findOne on every type' },
  { value: 'full-access', label: 'Full access', hint: 'every action on every type' },
  { value: 'custom', label: 'Custom', hint: 'the permissions you choose below' },
];
const LIFESPANS = [['7', '7 days'], ['30', '30 days'], ['90', '90 days'], ['', 'Unlimited']] as const;

export function NewTokenDialog({ onClose, onCreated }: { onClose(): void; onCreated(token: CreatedApiToken): void }) {
  const client = useApi();
  const schema = useSchema();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [type, setType] = useState<ApiTokenType>('read-only');
  const [lifespan, setLifespan] = useState('30');
  const [rules, setRules] = useState<PermissionRule[]>(() => toRules([], schema.types));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const permissions = fromRules(rules);

  const submit = async (event: Event) => {
    event.preventDefault();
    const problems: Record<string, string> = type === 'custom' ? { ...permissions.errors } : {};
    if (!name.trim()) problems.name = 'Give the token a name, e.g. the app that uses it.';
    if (type === 'custom' && permissions.entries.length === 0) problems.permissions = 'Tick at least one action.';
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    setBusy(true);
    const input: ApiTokenInput = {
      name: name.trim(),
      type,
      lifespanDays: lifespan === '' ? null : (Number(lifespan) as 7 | 30 | 90),
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(type === 'custom' ? { permissions: permissions.entries } : {}),
    };
    try {
      onCreated(await createApiToken(client, input));
    } catch (error) {
      setFailure(error);
      if (error instanceof ApiError) setErrors(issuesByField(error.issues));
      setBusy(false);
    }
  };

  const nameIds = fieldIds('token-name', false, errors.name);
  return (
    <Dialog title="Create API token" onClose={onClose} wide={type === 'custom'}>
      <form class="stack" onSubmit={submit} noValidate>
        {failure ? <ErrorNotice error={failure} /> : null}
        <FieldFrame ids={nameIds} label="Name" required error={errors.name}>
          <input class="input" id={nameIds.id} required aria-describedby={nameIds.describedBy || undefined} aria-invalid={nameIds.invalid || undefined} value={name} onInput={(event) => setName((event.currentTarget as HTMLInputElement).value)} />
        </FieldFrame>
        <FieldFrame ids={fieldIds('token-description', false, errors.description)} label="Description" error={errors.description}>
          <input class="input" id="token-description" value={description} onInput={(event) => setDescription((event.currentTarget as HTMLInputElement).value)} />
        </FieldFrame>
        <fieldset class="field">
          <legend class="field-label">Token type</legend>
          {TYPES.map((option) => (
            <label key={option.value} class="radio">
              <input type="radio" name="token-type" value={option.value} checked={type === option.value} onChange={() => setType(option.value)} />
              <span><strong>{option.label}</strong> <span class="muted">— {option.hint}</span></span>
            </label>
          ))}
          {errors.type ? <p class="field-error">{errors.type}</p> : null}
        </fieldset>
        <FieldFrame ids={fieldIds('token-lifespan', false, errors.lifespanDays)} label="Expires after" error={errors.lifespanDays}>
          <select class="input" id="token-lifespan" value={lifespan} onChange={(event) => setLifespan((event.currentTarget as HTMLSelectElement).value)}>
            {LIFESPANS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </FieldFrame>
        {type === 'custom' ? (
          <div class="stack">
            <h3>Permissions</h3>
            {errors.permissions ? <p class="field-error" role="alert">{errors.permissions}</p> : null}
            <PermissionMatrix types={schema.types} rules={rules} onChange={setRules} errors={permissions.errors} />
          </div>
        ) : null}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? 'Creating…' : 'Create token'}</button>
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
