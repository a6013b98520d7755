/**
 * Turns text into a uid value: lowercase ASCII letters and digits joined by
 * '-'. NFKD splits accented letters into base letter + combining mark, so
 * dropping the marks keeps "Crème" as "creme" rather than "cr-me".
 * `maxLength` cuts the result so a generated uid always fits its column.
 */
export function slugify(text: string, maxLength?: number): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  const cut = maxLength === undefined ? slug : slug.slice(0, maxLength);
  return cut.replace(/^-+|-+$/g, '');
}
