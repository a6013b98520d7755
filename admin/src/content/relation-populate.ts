import type { QueryValue } from '../api/query-string';
import type { ContentTypeInfo } from '../api/types';
import { mainField } from './main-field';

/**
 * `populate` for a form: each relation the user may read, with only the
 * related main field. Relations to types the user cannot read are left out,
 * since populating them would be refused (DESIGN §5).
 */
export function relationPopulate(type: ContentTypeInfo, typeOf: (singular: string) => ContentTypeInfo | undefined): Record<string, QueryValue> {
  const populate: Record<string, QueryValue> = {};
  for (const [name, attribute] of Object.entries(type.attributes)) {
    if (attribute.type !== 'relation') continue;
    const target = typeOf(attribute.target);
    if (!target || !target.actions.includes('find')) continue;
    const field = mainField(target);
    populate[name] = field ? { fields: [field] } : true;
  }
  return Object.keys(populate).length > 0 ? { populate } : {};
}
