import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import {
  latestSnapshot, migrationNamesOnDisk, readMigrationFiles, writeCodeMigration, writeMigrationFile,
} from '../../core/schema/migration-files.js';
import { emptySnapshot } from '../../core/schema/snapshot.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'larder-migrations-'));
const at = (iso: string) => new Date(iso);

describe('migration files', () => {
  it('order generated and hand-written migrations together, by stamp', () => {
    const dir = freshDir();
    writeMigrationFile(dir, 'init', [], emptySnapshot(), at('2026-01-01T10:00:00Z'));
    writeCodeMigration(dir, 'backfill', at('2026-01-02T10:00:00Z'));
    const snapshot = { ...emptySnapshot(), tables: [{ name: 'later', columns: [], indexes: [] }] };
    writeMigrationFile(dir, 'later', [], snapshot, at('2026-01-03T10:00:00Z'));
    const files = readMigrationFiles(dir);
    expect(files.map((file) => [file.name, file.kind])).toEqual([
      ['20260101100000_init', 'generated'], ['20260102100000_backfill', 'code'], ['20260103100000_later', 'generated'],
    ]);
    // The next plan starts from the last generated file: a data migration has no snapshot.
    expect(latestSnapshot(files)).toEqual(snapshot);
    expect(migrationNamesOnDisk(dir).sort()).toEqual(files.map((file) => file.name));
  });

  it('give a new file a later stamp than every existing one, even within one second or with a clock behind', () => {
    const dir = freshDir();
    const now = at('2026-01-01T10:00:00Z');
    writeMigrationFile(dir, 'zeta', [], emptySnapshot(), now);
    writeCodeMigration(dir, 'alpha', now);
    writeMigrationFile(dir, 'beta', [], emptySnapshot(), at('2025-12-31T00:00:00Z'));
    expect(readMigrationFiles(dir).map((file) => file.name)).toEqual(['20260101100000_zeta', '20260101100001_alpha', '20260101100002_beta']);
  });

  it('refuse two files with one name, and a JSON file that is not a migration', () => {
    const dir = freshDir();
    writeFileSync(join(dir, '20260101000000_x.json'), JSON.stringify({ operations: [], snapshot: emptySnapshot() }));
    writeFileSync(join(dir, '20260101000000_x.js'), 'export async function up() {}');
    expect(() => readMigrationFiles(dir)).toThrow(/20260101000000_x\.json: has the same name as 20260101000000_x\.js\. Fix: rename one/);
    const other = freshDir();
    writeFileSync(join(other, '20260101000000_y.json'), '{"hello": 1}');
    expect(() => readMigrationFiles(other)).toThrow(ConfigError);
  });
});
