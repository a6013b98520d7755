import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Operation } from './operations.js';
import type { SchemaSnapshot } from './snapshot.js';

/** A generated migration: declarative operations and the snapshot they lead to. */
export interface MigrationFile {
  /** File name without `.json`, e.g. `20261121181500_init`; the order key. */
  name: string;
  operations: Operation[];
  snapshot: SchemaSnapshot;
}

export function readMigrationFiles(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const path = join(dir, file);
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        throw new ConfigError(path, '', `is not valid JSON (${(error as Error).message})`, 'restore the file from version control');
      }
      const migration = parsed as Partial<MigrationFile>;
      if (!Array.isArray(migration.operations) || typeof migration.snapshot !== 'object' || migration.snapshot === null) {
        throw new ConfigError(path, '', 'is not a Larder migration (it needs "operations" and "snapshot")', 'restore the file from version control');
      }
      return { name: file.slice(0, -'.json'.length), operations: migration.operations, snapshot: migration.snapshot };
    });
}

export function writeMigrationFile(dir: string, label: string, operations: Operation[], snapshot: SchemaSnapshot, now = new Date()): MigrationFile {
  mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'migration';
  let name = `${stamp}_${slug}`;
  // Two generations within one second must not overwrite each other.
  for (let n = 2; existsSync(join(dir, `${name}.json`)); n++) name = `${stamp}_${slug}_${n}`;
  const migration: MigrationFile = { name, operations, snapshot };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ operations, snapshot }, null, 2)}\n`);
  return migration;
}
