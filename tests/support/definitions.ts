import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const EXAMPLE_CONFIG_DIR = resolve(import.meta.dirname, '../../config');

/** Writes definitions into a fresh `content-types` dir and returns its path. */
export function writeDefinitions(definitions: Record<string, unknown>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'larder-types-')), 'content-types');
  mkdirSync(dir, { recursive: true });
  for (const [name, definition] of Object.entries(definitions)) {
    writeFileSync(join(dir, `${name}.json`), typeof definition === 'string' ? definition : JSON.stringify(definition));
  }
  return dir;
}

/** A minimal collection type definition. */
export function collection(singular: string, plural: string, attributes: Record<string, unknown>, options: Record<string, unknown> = {}) {
  return { kind: 'collectionType', info: { singularName: singular, pluralName: plural, displayName: singular }, options, attributes };
}
