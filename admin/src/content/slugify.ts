/**
 * The server's uid rule (core/validation/slugify.ts), so "Generate" shows what
 * the server would have made: lowercase ASCII letters and digits joined by '-'.
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
