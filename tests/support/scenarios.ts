import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../core/db/connect.js';
import { startTestApp, type Response, type TestApp } from './test-app.js';

/** Values saved by earlier scenarios (documentIds, …) for later ones. */
export type Vars = Record<string, any>;
/** A literal value, or one computed from earlier scenarios' vars. */
type FromVars<T> = T | ((vars: Vars) => T);
type Payload = Record<string, unknown> | unknown[] | string;

export interface Scenario {
  name: string;
  method: string;
  url: string | ((vars: Vars) => string);
  body?: FromVars<Payload>;
  headers?: Record<string, string> | ((vars: Vars) => Record<string, string>);
  expectStatus: number;
  /** Matched with toMatchObject. */
  expectBody?: FromVars<Record<string, unknown>>;
  /** Response headers that must equal (string) or match (RegExp). */
  expectHeaders?: Record<string, string | RegExp | null>;
  /** Substrings that must not appear anywhere in the response text. */
  notExpectText?: string[];
  /** Keep something from the response for later scenarios. */
  save?: (response: Response, vars: Vars) => void;
  /** Any further assertion. */
  check?: (response: Response, vars: Vars, app: TestApp) => void | Promise<void>;
}

/**
 * Runs a table of HTTP scenarios in order against one real server per
 * dialect (STYLE §12). Scenarios share `vars`, so a table reads as a story.
 */
export function runScenarios(
  title: string,
  dialects: readonly Dialect[],
  scenarios: readonly Scenario[],
  contentTypes?: Record<string, unknown>,
): void {
  for (const dialect of dialects) {
    describe(`${title} [${dialect}]`, () => {
      let app: TestApp;
      const vars: Vars = {};
      beforeAll(async () => {
        app = await startTestApp({ dialect, ...(contentTypes ? { contentTypes } : {}) });
      });
      afterAll(async () => {
        await app?.close();
      });
      for (const scenario of scenarios) {
        it(scenario.name, async () => {
          const url = typeof scenario.url === 'function' ? scenario.url(vars) : scenario.url;
          const body = typeof scenario.body === 'function' ? scenario.body(vars) : scenario.body;
          const headers = typeof scenario.headers === 'function' ? scenario.headers(vars) : scenario.headers;
          const response = await app.request(scenario.method, url, body, headers);
          expect(response.status, `${scenario.method} ${url} → ${response.text.slice(0, 500)}`).toBe(scenario.expectStatus);
          if (scenario.expectBody !== undefined) {
            const expected = typeof scenario.expectBody === 'function' ? scenario.expectBody(vars) : scenario.expectBody;
            expect(response.body).toMatchObject(expected);
          }
          for (const [name, value] of Object.entries(scenario.expectHeaders ?? {})) {
            const actual = response.headers.get(name);
            if (value === null) expect(actual, `header ${name}`).toBeNull();
            else if (typeof value === 'string') expect(actual, `header ${name}`).toBe(value);
            else expect(actual, `header ${name}`).toMatch(value);
          }
          for (const text of scenario.notExpectText ?? []) expect(response.text).not.toContain(text);
          scenario.save?.(response, vars);
          await scenario.check?.(response, vars, app);
        });
      }
    });
  }
}

/** The error envelope of DESIGN §4, for expectBody. */
export function errorBody(status: number, name: string, extra: Record<string, unknown> = {}) {
  return { data: null, error: { status, name, ...extra } };
}
