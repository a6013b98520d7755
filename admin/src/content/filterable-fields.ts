import type { AttributeInfo, ContentTypeInfo } from '../api/types';
import { mainField } from './main-field';
import { operatorsFor } from './operators';

export interface FilterableField {
  /** `['title']`, or through a relation `['author', 'name']`. */
  path: string[];
  label: string;
  attribute: AttributeInfo;
}

/**
 * Fields the filter builder offers: readable scalar attributes, and each
 * relation through the related type's main field.
 */
export function filterableFields(type: ContentTypeInfo, typeOf: (singular: string) => ContentTypeInfo | undefined): FilterableField[] {
  const fields: FilterableField[] = [];
  for (const [name, attribute] of Object.entries(type.attributes)) {
    if (attribute.type !== 'relation') {
      if (operatorsFor(attribute).length > 0) fields.push({ path: [name], label: name, attribute });
      continue;
    }
    if (attribute.private) continue;
    const target = typeOf(attribute.target);
    const field = target ? mainField(target) : null;
    const targetAttribute = field && target ? target.attributes[field] : undefined;
    if (field && targetAttribute) fields.push({ path: [name, field], label: `${name} › ${field}`, attribute: targetAttribute });
  }
  return fields;
}

export function pathKey(path: readonly string[]): string {
  return path.join('.');
}
