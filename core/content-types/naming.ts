import { createHash } from 'node:crypto';

/** `publishedOn` → `published_on`; `api-tokens` → `api_tokens`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();
}

/** PostgreSQL truncates identifiers at 63 bytes; keep names distinct by hashing the tail. */
export const MAX_IDENTIFIER_LENGTH = 63;

export function fitIdentifier(name: string): string {
  if (name.length <= MAX_IDENTIFIER_LENGTH) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_IDENTIFIER_LENGTH - 9)}_${hash}`;
}
