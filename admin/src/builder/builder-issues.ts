import type { FieldIssue } from '../api/api-error';
import type { FieldDraft } from './type-draft';

/** Server issues sorted to where the form shows them. */
export interface BuilderIssues {
  /** By type option: `singularName`, `pluralName`, `displayName`, `kind`, `draftAndPublish`. */
  type: Record<string, string>;
  /** By field key, then option ('' for the field as a whole). */
  fields: Record<number, Record<string, string>>;
}

export const NO_ISSUES: BuilderIssues = { type: {}, fields: {} };

/**
 * What the form can tell before asking the server: a field without a name, or two
 * fields with one name (the definition is an object keyed by name: one would vanish).
 */
export function draftIssues(fields: readonly FieldDraft[]): BuilderIssues {
  const issues: BuilderIssues = { type: {}, fields: {} };
  const seen = new Set<string>();
  for (const field of fields) {
    const name = field.name.trim();
    if (name === '') issues.fields[field.key] = { name: 'Give the field a name' };
    else if (seen.has(name)) issues.fields[field.key] = { name: `Another field is already named ${name}` };
    seen.add(name);
  }
  return issues;
}

/** Paths look like `types.<name>.attributes.<field>.<option>` or `types.<name>.info.<key>`. */
export function sortIssues(issues: readonly FieldIssue[], fields: readonly FieldDraft[]): { sorted: BuilderIssues; placed: boolean } {
  const sorted: BuilderIssues = { type: {}, fields: {} };
  let placed = false;
  for (const issue of issues) {
    const [root, , section, key, option] = issue.path.map(String);
    if (root !== 'types') continue;
    if (section === 'attributes' && key !== undefined) {
      const field = fields.find((candidate) => candidate.name.trim() === key);
      if (!field) continue;
      const forField = (sorted.fields[field.key] ??= {});
      forField[option ?? ''] ??= issue.message;
      placed = true;
    } else if ((section === 'info' || section === 'options') && key !== undefined) {
      sorted.type[key] ??= issue.message;
      placed = true;
    } else if (section === 'kind') {
      sorted.type.kind ??= issue.message;
      placed = true;
    }
  }
  return { sorted, placed };
}
