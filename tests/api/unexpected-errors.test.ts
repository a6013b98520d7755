import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection } from '../support/definitions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A genuine server fault, without mocks: the schema is changed behind the
 * running app's back, so its queries fail in the driver. The client learns
 * only the request id; the log holds the rest, once.
 */
describe('unexpected errors', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      dialect: 'sqlite',
      contentTypes: {
        tag: collection('tag', 'tags', { name: { type: 'string' } }),
        note: collection('note', 'notes', { title: { type: 'string' } }),
      },
    });
    await app.app.db.knex.schema.dropTable('tags');
    await app.app.db.knex.schema.alterTable('notes', (table) => table.renameColumn('title', 'heading'));
  });
  afterAll(async () => {
    await app?.close();
  });

  const WRITTEN = 'written-value-7c1f';
  const cases = [
    { name: 'a read from a table that is gone', method: 'GET', path: '/api/tags' },
    { name: 'a write to a table that is gone', method: 'POST', path: '/api/tags', body: { data: { name: WRITTEN } } },
    { name: 'a read of a column that is gone', method: 'GET', path: '/api/notes' },
    { name: 'a write of a column that is gone', method: 'POST', path: '/api/notes', body: { data: { title: WRITTEN } } },
  ];

  it.each(cases)('$name: 500 with only the reqId, logged once at error with its stack', async ({ method, path, body }) => {
    const response = await app.request(method, path, body);
    const reqId = response.headers.get('x-request-id');
    expect(reqId).toBeTruthy();
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      data: null,
      error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error', details: { reqId } },
    });
    // Nothing about the fault reaches the client: no SQL, no schema names, no stack frames.
    expect(response.text).not.toMatch(/select|insert|from|sqlite|no such|tags|notes|title|\bat \S/i);

    const errors = app.logs.filter((line) => line.reqId === reqId && line.level === 'error');
    expect(errors).toHaveLength(1);
    const err = errors[0]!.err as { stack?: unknown; message?: unknown };
    expect(typeof err.stack).toBe('string');
    expect(err.stack).toMatch(/\n\s+at /);
    expect(err.message).toMatch(/no such (table|column)|has no column/);
    // The failed SQL is logged with placeholders, never the bound values (knex `compileSqlOnError: false`).
    expect(JSON.stringify(errors[0])).not.toContain(WRITTEN);
    // The request line is still written, with the status the client saw.
    expect(app.logs.filter((line) => line.reqId === reqId && line.msg === 'request')).toEqual([
      expect.objectContaining({ level: 'info', status: 500, method, path }),
    ]);
  });
});
