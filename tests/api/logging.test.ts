import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection } from '../support/definitions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('request logs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      dialect: 'sqlite',
      contentTypes: { account: collection('account', 'accounts', { name: { type: 'string' }, password: { type: 'password' } }) },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('one line per request with the contract fields; reqId equals X-Request-Id', async () => {
    const response = await app.request('GET', '/api/accounts?pagination[pageSize]=5');
    const reqId = response.headers.get('x-request-id')!;
    expect(reqId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = app.logs.filter((line) => line.reqId === reqId && line.msg === 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GET', path: '/api/accounts', route: '/api/:name', status: 200, userId: null, level: 'info' });
  });

  it('replaces an insane client request id', async () => {
    const response = await app.request('GET', '/_health', undefined, { 'x-request-id': 'bad id\twith spaces' });
    expect(response.headers.get('x-request-id')).not.toContain(' ');
  });

  it('never writes secrets: Authorization, cookies and passwords are redacted', async () => {
    const password = 'hunter2-super-secret-password';
    const token = 'lrd_very-secret-token-value';
    await app.request('POST', '/api/accounts', { data: { name: 'a', password } }, { authorization: `Bearer ${token}`, cookie: `session=${token}` });
    // An unexpected error path logs the error object; make one with a body that fails validation.
    await app.request('POST', '/api/accounts', { data: { name: 'a', password: 5 } }, { authorization: `Bearer ${token}` });
    const everything = JSON.stringify(app.logs);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(token);
  });

  it('an unmatched route is labelled "unmatched", never the raw path', async () => {
    const response = await app.request('GET', '/some/random/path/12345');
    const line = app.logs.find((entry) => entry.reqId === response.headers.get('x-request-id') && entry.msg === 'request');
    expect(line).toMatchObject({ route: 'unmatched', status: 404, path: '/some/random/path/12345' });
  });
});
