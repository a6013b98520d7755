import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { CONTENT_ACTIONS, type ContentAction, type ContentTypeInfo } from '../api/types';
import { ACTION_LABELS, emptyRule, type PermissionRule } from '../content/permission-rules';
import { RuleDetails } from './permission-rule-details';

interface PermissionMatrixProps {
  types: readonly ContentTypeInfo[];
  rules: PermissionRule[];
  /** Absent: the matrix is read-only. */
  onChange?: (rules: PermissionRule[]) => void;
  errors?: Record<string, string>;
}

/**
 * Type × action checkboxes. A type may have several rows, each one a
 * permission entry with its own conditions and field list.
 */
export function PermissionMatrix({ types, rules, onChange, errors = {} }: PermissionMatrixProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const readOnly = onChange === undefined;
  const subjectLabel = (subject: string) => (subject === '*' ? 'All types' : types.find((type) => type.singularName === subject)?.displayName ?? subject);
  const change = (key: string, patch: Partial<PermissionRule>) => onChange?.(rules.map((rule) => (rule.key === key ? { ...rule, ...patch } : rule)));
  const toggle = (rule: PermissionRule, action: ContentAction) => change(rule.key, {
    actions: rule.actions.includes(action) ? rule.actions.filter((item) => item !== action) : [...rule.actions, action],
  });
  const addAfter = (rule: PermissionRule) => {
    const added = emptyRule(rule.subject);
    const index = rules.indexOf(rule);
    onChange?.([...rules.slice(0, index + 1), added, ...rules.slice(index + 1)]);
    setOpen(new Set([...open, added.key]));
  };
  const toggleOpen = (key: string) => {
    const next = new Set(open);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setOpen(next);
  };

  return (
    <div class="table-wrap">
      <table class="table matrix">
        <caption class="visually-hidden">Permissions by content type and action</caption>
        <thead>
          <tr>
            <th scope="col">Content type</th>
            {CONTENT_ACTIONS.map((action) => <th key={action} scope="col" class="cell-center">{ACTION_LABELS[action]}</th>)}
            <th scope="col">Limits</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, index) => {
            const label = subjectLabel(rule.subject);
            const repeat = index > 0 && rules[index - 1]!.subject === rule.subject;
            const limited = rule.conditionsText.trim() !== '' || rule.fields !== null;
            const detailsId = `${rule.key}-details`;
            return (
              <Fragment key={rule.key}>
                <tr class={repeat ? 'matrix-repeat' : undefined}>
                  <th scope="row">{repeat ? <span class="muted">{label} (another rule)</span> : label}</th>
                  {CONTENT_ACTIONS.map((action) => (
                    <td key={action} class="cell-center">
                      <input
                        type="checkbox"
                        aria-label={`${label}: ${ACTION_LABELS[action]}`}
                        checked={rule.actions.includes(action)}
                        disabled={readOnly}
                        onChange={() => toggle(rule, action)}
                      />
                    </td>
                  ))}
                  <td>
                    <button type="button" class="link-button" aria-expanded={open.has(rule.key)} aria-controls={detailsId} aria-label={`Conditions and fields for ${label}${repeat ? ' (another rule)' : ''}`} onClick={() => toggleOpen(rule.key)}>
                      {limited ? 'Limited' : 'None'}
                    </button>
                    {errors[rule.key] ? <span class="field-error"> {errors[rule.key]}</span> : null}
                  </td>
                </tr>
                {open.has(rule.key) ? (
                  <tr class="matrix-details" id={detailsId}>
                    <td colSpan={CONTENT_ACTIONS.length + 2}>
                      <RuleDetails
                        rule={rule}
                        label={label}
                        type={types.find((type) => type.singularName === rule.subject)}
                        readOnly={readOnly}
                        error={errors[rule.key]}
                        onChange={(patch) => change(rule.key, patch)}
                        onAddRule={() => addAfter(rule)}
                        onRemove={repeat ? () => onChange?.(rules.filter((item) => item.key !== rule.key)) : undefined}
                      />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
