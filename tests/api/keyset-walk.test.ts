import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDocumentId } from '../../core/content/document-id.js';
import { dialects } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ROWS = 100_000;
const PAGE = 100;

/** Seeds rows straight into the table: the API would take minutes for 100k writes. */
async function seed(app: TestApp): Promise<void> {
  const now = new Date().toISOString();
  await app.app.db.knex.transaction(async (trx) => {
    // 200 rows per statement: knex writes SQLite multi-row inserts as a compound SELECT, capped at 500 terms.
    for (let start = 0; start < ROWS; start += 200) {
      const batch = Array.from({ length: Math.min(200, ROWS - start) }, (_, i) => ({
        document_id: newDocumentId(), title: `row ${start + i}`, views: (start + i) % 997, created_at: now, updated_at: now,
      }));
      await trx('rows').insert(batch);
    }
  });
}

for (const dialect of dialects) {
  describe(`keyset walk over ${ROWS.toLocaleString('en')} rows [${dialect}]`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({
        dialect,
        contentTypes: { row: collection('row', 'rows', { title: { type: 'string' }, views: { type: 'integer', index: true } }) },
      });
      await seed(app);
    }, 120_000);
    afterAll(async () => {
      await app?.close();
    });

    it('visits every row exactly once while rows are inserted during the walk', async () => {
      const seen = new Map<number, number>();
      let next: string | null = null;
      let pages = 0;
      let inserted = 0;
      do {
        const path: string = `/api/rows?fields[0]=title&pagination[limit]=${PAGE}${next ? `&pagination[after]=${encodeURIComponent(next)}` : ''}`;
        const response = await app.request('GET', path);
        expect(response.status).toBe(200);
        for (const row of response.body.data as Array<{ id: number }>) seen.set(row.id, (seen.get(row.id) ?? 0) + 1);
        next = response.body.meta.pagination.next;
        pages++;
        // Writers keep going while the reader walks.
        if (pages % 20 === 0) {
          expect((await app.request('POST', '/api/rows', { data: { title: `new ${pages}`, views: 5 } })).status).toBe(201);
          inserted++;
        }
      } while (next && pages < ROWS / PAGE + 100);

      expect([...seen.values()].every((count) => count === 1)).toBe(true);
      for (let id = 1; id <= ROWS; id++) {
        if (seen.get(id) !== 1) throw new Error(`row ${id} was visited ${seen.get(id) ?? 0} times`);
      }
      // Rows inserted behind the cursor are reached too: ids only grow.
      expect(seen.size).toBe(ROWS + inserted);
    }, 180_000);
  });
}
