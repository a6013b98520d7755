const pad = (value: number, size = 2) => String(value).padStart(size, '0');

/** An ISO instant as a `datetime-local` input value, in the browser's zone. */
export function toLocalDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A `datetime-local` value (browser's zone) as an ISO instant ending in Z, as the API writes it. */
export function fromLocalDateTime(local: string): string {
  return new Date(local).toISOString();
}

/** `UTC+02:00`, to say which zone datetime inputs use. */
export function zoneLabel(at = new Date()): string {
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const minutes = Math.abs(offset);
  return `UTC${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** A readable local date and time for timestamps in lists and panels. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
