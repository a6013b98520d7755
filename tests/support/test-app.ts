import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../core/app.js';
import type { Mailer } from '../../core/auth/mailer.js';
import { DEFAULT_LIMITS, type AppOptions } from '../../core/config/options.js';
import type { Dialect } from '../../core/db/connect.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { EXAMPLE_CONFIG_DIR, OPEN_ROLES } from './definitions.js';


export interface TestAppOptions {
  dialect: Dialect;
  /** Definitions by file name (without .json); default: the example content types in config/. */
  contentTypes?: Record<string, unknown>;
  /**
   * config/roles.json. Default: OPEN_ROLES, where anonymous callers may do
   * everything, so suites about querying and writing need no credentials;
   * permission suites pass their own roles.
   */
  roles?: unknown;
  options?: Partial<AppOptions>;
  /** Receives auth mail (password resets) instead of SMTP or the log; see tests/support/capture-mailer.ts. */
  mailer?: Mailer;
}

export interface Response<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface TestApp {
  app: App;
  url: string;
  database: TestDatabase;
  configDir: string;
  migrationsDir: string;
  /** Every JSON log line the app wrote. */
  logs: Array<Record<string, unknown>>;
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response<T>>;
  close(): Promise<void>;
}

/** Writes a config dir, creates a fresh database, and starts a real server on 127.0.0.1:0. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const root = mkdtempSync(join(tmpdir(), 'larder-app-'));
  const configDir = join(root, 'config');
  const migrationsDir = join(root, 'migrations');
  if (options.contentTypes) {
    mkdirSync(join(configDir, 'content-types'), { recursive: true });
    for (const [name, definition] of Object.entries(options.contentTypes)) {
      writeFileSync(join(configDir, 'content-types', `${name}.json`), JSON.stringify(definition, null, 2));
    }
  } else {
    cpSync(EXAMPLE_CONFIG_DIR, configDir, { recursive: true });
  }
  writeFileSync(join(configDir, 'roles.json'), JSON.stringify(options.roles ?? OPEN_ROLES, null, 2));
  const database = await createTestDatabase(options.dialect);
  const logs: Array<Record<string, unknown>> = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const app = await createApp({
    mode: 'development',
    databaseUrl: database.url,
    sqliteDriver: 'better-sqlite3',
    configDir,
    migrationsDir,
    dataDir: join(root, 'data'),
    cwd: root,
    logLevel: 'info',
    prettyLogs: false,
    logDestination,
    secret: 'test-secret-that-is-long-enough-for-larder-0123456789',
    limits: DEFAULT_LIMITS,
    ...options.options,
  }, options.mailer ? { mailer: options.mailer } : {});
  const port = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  return {
    app, url, database, configDir, migrationsDir, logs,
    async request(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      }
      const response = await fetch(url + path, init);
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      return { status: response.status, headers: response.headers, body: parsed as any, text };
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
