import { CONTENT_ACTIONS, type ContentAction, type ContentTypeInfo, type PermissionEntry } from '../api/types';

/** One row of the permission matrix: a permission entry being edited. */
export interface PermissionRule {
  key: string;
  subject: string;
  actions: ContentAction[];
  /** Whether the entry said `*`: kept as `*` while every action stays ticked. */
  wildcard: boolean;
  /** The conditions as JSON text while it is edited; '' for none. */
  conditionsText: string;
  /** Null: every field. */
  fields: string[] | null;
}

let counter = 0;
const nextKey = () => `rule-${(counter += 1)}`;

export function emptyRule(subject: string): PermissionRule {
  return { key: nextKey(), subject, actions: [], wildcard: false, conditionsText: '', fields: null };
}

/** Rows for the entries, plus an empty row for every type (and for `*`) that no entry names. */
export function toRules(entries: readonly PermissionEntry[], types: readonly ContentTypeInfo[]): PermissionRule[] {
  const rules = entries.map((entry): PermissionRule => ({
    key: nextKey(),
    subject: entry.subject,
    actions: entry.actions.includes('*') ? [...CONTENT_ACTIONS] : entry.actions.filter((action): action is ContentAction => action !== '*'),
    wildcard: entry.actions.includes('*'),
    conditionsText: entry.conditions ? JSON.stringify(entry.conditions, null, 2) : '',
    fields: entry.fields ?? null,
  }));
  for (const subject of ['*', ...types.map((type) => type.singularName)]) {
    if (!rules.some((rule) => rule.subject === subject)) rules.push(emptyRule(subject));
  }
  const order = (subject: string) => (subject === '*' ? -1 : types.findIndex((type) => type.singularName === subject));
  return rules.sort((a, b) => order(a.subject) - order(b.subject));
}

export interface RulesResult {
  entries: PermissionEntry[];
  /** Problems by rule key, e.g. conditions that are not JSON. */
  errors: Record<string, string>;
}

/** The entries to save: rules without actions are dropped. */
export function fromRules(rules: readonly PermissionRule[]): RulesResult {
  const entries: PermissionEntry[] = [];
  const errors: Record<string, string> = {};
  for (const rule of rules) {
    if (rule.actions.length === 0) continue;
    const entry: PermissionEntry = {
      subject: rule.subject,
      actions: rule.wildcard && rule.actions.length === CONTENT_ACTIONS.length ? ['*'] : CONTENT_ACTIONS.filter((action) => rule.actions.includes(action)),
    };
    if (rule.conditionsText.trim()) {
      try {
        const conditions: unknown = JSON.parse(rule.conditionsText);
        if (typeof conditions !== 'object' || conditions === null || Array.isArray(conditions)) throw new Error('Conditions must be a JSON object.');
        entry.conditions = conditions as Record<string, unknown>;
      } catch (error) {
        errors[rule.key] = error instanceof Error ? error.message : 'Not valid JSON';
      }
    }
    if (rule.fields) entry.fields = rule.fields;
    entries.push(entry);
  }
  return { entries, errors };
}

export const ACTION_LABELS: Record<ContentAction, string> = {
  find: 'Find', findOne: 'Find one', create: 'Create', update: 'Update', delete: 'Delete',
  publish: 'Publish', readDraft: 'Read drafts', readHistory: 'Read history',
};
