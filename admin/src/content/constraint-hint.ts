import type { AttributeInfo } from '../api/types';
import { zoneLabel } from './local-date-time';

/** The constraints of an attribute in words, shown under its input before anything is submitted. */
export function constraintHint(attribute: AttributeInfo): string {
  const parts: string[] = [];
  if (attribute.type === 'relation') {
    parts.push(attribute.relation === 'oneToOne' || attribute.relation === 'manyToOne' ? `One ${attribute.target}` : `Any number of ${attribute.target} entries`);
  } else {
    const { minLength, maxLength, min, max } = attribute;
    if (minLength !== undefined && maxLength !== undefined) parts.push(`${minLength}–${maxLength} characters`);
    else if (maxLength !== undefined) parts.push(`Up to ${maxLength} characters`);
    else if (minLength !== undefined) parts.push(`At least ${minLength} characters`);
    if (attribute.type === 'integer' || attribute.type === 'biginteger') parts.push('Whole number');
    if (min !== undefined && max !== undefined) parts.push(`Between ${min} and ${max}`);
    else if (min !== undefined) parts.push(`At least ${min}`);
    else if (max !== undefined) parts.push(`At most ${max}`);
    if (attribute.type === 'uid') parts.push('Letters, digits and - _ . ~ only');
    if (attribute.type === 'datetime') parts.push(`Your local time (${zoneLabel()})`);
    if (attribute.type === 'richtext') parts.push('Markdown');
    if (attribute.type === 'json') parts.push('JSON');
    if (attribute.regex !== undefined) parts.push(`Pattern ${attribute.regex}`);
    if (attribute.unique) parts.push('Unique');
  }
  if (attribute.private) parts.push('Private: never sent to public API callers');
  return parts.join(' · ');
}
