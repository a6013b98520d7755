import type { Database } from '../db/connect.js';
import { migrationNamesOnDisk } from './migration-files.js';

/**
 * For `/_ready` (DESIGN §8): false while any migration in `migrationsDir` is
 * not recorded in the database, e.g. files deployed beside a running server
 * and not applied yet, or a database restored from an older backup. A load
 * balancer then stops sending traffic until `larder migrate apply` has run.
 */
export function schemaReadiness(db: Database, migrationsDir: string): () => Promise<boolean> {
  return async () => {
    const names = migrationNamesOnDisk(migrationsDir);
    if (names.length === 0) return true;
    try {
      const [row] = await db.knex('larder_migrations').whereIn('name', names).count({ n: '*' });
      return Number((row as { n: number | string }).n) === names.length;
    } catch {
      return false;
    }
  };
}
