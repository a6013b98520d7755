import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const EXAMPLE_CONFIG_DIR = resolve(import.meta.dirname, '../../config');

/** Anonymous callers hold every permission: for suites that test the API, not access control. */
export const OPEN_ROLES = { roles: [{ type: 'public', name: 'Public', permissions: [{ subject: '*', actions: ['*'] }] }] };

/**
 * Writes definitions into a fresh `content-types` dir and returns its path.
 * The config dir above it gets OPEN_ROLES unless `roles` is given.
 */
export function writeDefinitions(definitions: Record<string, unknown>, roles: unknown = OPEN_ROLES): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'larder-types-')), 'content-types');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '..', 'roles.json'), JSON.stringify(roles));
  for (const [name, definition] of Object.entries(definitions)) {
    writeFileSync(join(dir, `${name}.json`), typeof definition === 'string' ? definition : JSON.stringify(definition));
  }
  return dir;
}

/** A copy of the example config (types and migrations) whose roles.json is OPEN_ROLES; returns the config dir. */
export function openExampleConfig(): string {
  const root = mkdtempSync(join(tmpdir(), 'larder-example-'));
  const configDir = join(root, 'config');
  cpSync(EXAMPLE_CONFIG_DIR, configDir, { recursive: true });
  writeFileSync(join(configDir, 'roles.json'), JSON.stringify(OPEN_ROLES));
  return configDir;
}

/** A minimal collection type definition. */
export function collection(singular: string, plural: string, attributes: Record<string, unknown>, options: Record<string, unknown> = {}) {
  return { kind: 'collectionType', info: { singularName: singular, pluralName: plural, displayName: singular }, options, attributes };
}
