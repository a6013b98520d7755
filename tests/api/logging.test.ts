import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection } from '../support/definitions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signUp } from '../support/users.js';

describe('request logs', () => {
  let app: TestApp;
  /** A real API token: a secret that authenticates, so requests carrying it get past auth. */
  let apiToken = '';
  beforeAll(async () => {
    app = await startTestApp({
      dialect: 'sqlite',
      contentTypes: {
        account: collection('account', 'accounts', { name: { type: 'string' }, password: { type: 'password' } }),
        vault: collection('vault', 'vaults', { name: { type: 'string' }, token: { type: 'string' }, password: { type: 'password' } }),
      },
    });
    const admin = await signUp(app, 'log-admin', 'admin');
    const created = await app.request('POST', '/api/api-tokens', { name: 'logging', type: 'full-access' }, admin.headers);
    apiToken = created.body.data.accessKey as string;
    app.logs.length = 0;
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

  it('a request refused by authentication is labelled with its route, not "unmatched"', async () => {
    const response = await app.request('GET', '/api/accounts/some-document', undefined, { authorization: 'Bearer forged.jwt.value' });
    expect(response.status).toBe(401);
    const line = app.logs.find((entry) => entry.reqId === response.headers.get('x-request-id') && entry.msg === 'request');
    expect(line).toMatchObject({ route: '/api/:name/:documentId', status: 401 });
  });

  it('an unmatched route is labelled "unmatched", never the raw path', async () => {
    const response = await app.request('GET', '/some/random/path/12345');
    const line = app.logs.find((entry) => entry.reqId === response.headers.get('x-request-id') && entry.msg === 'request');
    expect(line).toMatchObject({ route: 'unmatched', status: 404, path: '/some/random/path/12345' });
  });

  it('redacts secret-named keys at any depth, whatever their case, without touching the caller\'s object', () => {
    const secret = (n: number) => `secret-value-${n}-4b1d`;
    const logged = {
      password: secret(1),
      keep: 'visible-1',
      a: {
        Authorization: `Bearer ${secret(2)}`,
        keep: 'visible-2',
        b: {
          cookie: `sid=${secret(3)}`,
          list: [{ token: secret(4), keep: 'visible-4' }, 'plain'],
          c: {
            refreshToken: secret(5),
            d: {
              apiKey: secret(6),
              e: { 'Set-Cookie': [`sid=${secret(7)}`], accessToken: secret(8), currentPassword: secret(9), passwordConfirmation: secret(10), keep: 'visible-6' },
            },
          },
        },
      },
      headers: { authorization: `Basic ${secret(11)}`, 'x-api-key': secret(12), accept: 'application/json' },
      jwt: secret(13),
      accessKey: secret(14),
      SECRET: secret(15),
    };
    const circular: Record<string, unknown> = { password: secret(16), keep: 'visible-circular' };
    circular.self = circular;
    const error = Object.assign(new Error('upstream refused'), { code: 'E_UPSTREAM', config: { headers: { Authorization: secret(17) } } });
    const aggregate = new AggregateError([Object.assign(new Error('inner'), { token: secret(18) })], 'several');

    app.app.log.info(logged, 'deep');
    app.app.log.info({ circular }, 'circular');
    app.app.log.error({ err: error }, 'with error');
    app.app.log.error({ err: aggregate }, 'aggregate');
    const child = app.app.log.child({ session: { jwt: secret(19) } });
    child.info({ user: { password: secret(20) } }, 'child');
    const grandchild = child.child({ auth: { header: { authorization: secret(21) } } });
    grandchild.setBindings({ login: { credentials: { password: secret(22) } } });
    grandchild.info('grandchild');

    const everything = JSON.stringify(app.logs);
    expect(app.logs.find((line) => line.msg === 'grandchild')).toMatchObject({ session: { jwt: '[redacted]' }, login: { credentials: { password: '[redacted]' } } });
    for (let n = 1; n <= 22; n += 1) expect(everything).not.toContain(secret(n));
    for (const visible of ['visible-1', 'visible-2', 'visible-4', 'visible-6', 'visible-circular', 'application/json']) expect(everything).toContain(visible);

    // The caller's objects are left as they were.
    expect(logged.a.b.c.d.apiKey).toBe(secret(6));
    expect(circular.password).toBe(secret(16));
    expect(error.config.headers.Authorization).toBe(secret(17));

    // An error whose properties were redacted is still written as an error, with its stack.
    const errorLine = app.logs.find((line) => line.msg === 'with error') as { err: Record<string, any> };
    expect(errorLine.err).toMatchObject({ type: 'Error', message: 'upstream refused', code: 'E_UPSTREAM', config: { headers: { Authorization: '[redacted]' } } });
    expect(errorLine.err.stack).toMatch(/^Error: upstream refused\n\s+at /);
    const deepLine = app.logs.find((line) => line.msg === 'deep') as Record<string, any>;
    expect(deepLine.a.b.c.d.e).toEqual({ 'Set-Cookie': '[redacted]', accessToken: '[redacted]', currentPassword: '[redacted]', passwordConfirmation: '[redacted]', keep: 'visible-6' });
    expect(deepLine.a.b.list).toEqual([{ token: '[redacted]', keep: 'visible-4' }, 'plain']);
  });

  it('an error logged while serving a request carries none of the request\'s secrets', async () => {
    const token = 'vault-token-value-91ac';
    const password = 'vault-password-value-91ac';
    const bearer = apiToken;
    // Break the table behind the app's back, so the write fails in the driver and is logged as unexpected.
    await app.app.db.knex.schema.dropTable('vaults');
    const response = await app.request('POST', '/api/vaults', { data: { name: 'v', token, password } }, { authorization: `Bearer ${bearer}`, cookie: `sid=${bearer}` });
    expect(response.status).toBe(500);
    const reqId = response.headers.get('x-request-id');
    const lines = app.logs.filter((line) => line.reqId === reqId);
    expect(lines.map((line) => line.level)).toEqual(['error', 'info']);
    const everything = JSON.stringify(app.logs);
    for (const value of [token, password, bearer]) expect(everything).not.toContain(value);
  });

  it('a request line keeps its fields at the top level, unchanged by redaction', async () => {
    const response = await app.request('GET', '/api/accounts', undefined, { authorization: `Bearer ${apiToken}` });
    const line = app.logs.find((entry) => entry.reqId === response.headers.get('x-request-id') && entry.msg === 'request')!;
    expect(Object.keys(line).sort()).toEqual(['durationMs', 'level', 'method', 'msg', 'path', 'reqId', 'route', 'status', 'time', 'userId']);
    expect(line).toMatchObject({ level: 'info', method: 'GET', path: '/api/accounts', route: '/api/:name', status: 200, userId: null });
    expect(typeof line.durationMs).toBe('number');
  });
});
