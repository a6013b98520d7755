import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOptions } from '../../core/config/load-options.js';
import { DEFAULT_RATE_LIMIT } from '../../core/config/options.js';
import { ConfigError } from '../../core/errors.js';

const SECRET = { LARDER_SECRET: 'x'.repeat(32) };

function withServerJson(server: unknown): string {
  const cwd = mkdtempSync(join(tmpdir(), 'larder-options-'));
  mkdirSync(join(cwd, 'config'));
  writeFileSync(join(cwd, 'config', 'server.json'), JSON.stringify(server));
  return cwd;
}

describe('auth options', () => {
  it('defaults: 10 attempts a minute, no trusted proxy, no bootstrap admin, no SMTP', () => {
    const options = loadOptions(SECRET, mkdtempSync(join(tmpdir(), 'larder-options-')));
    expect(options.rateLimit).toEqual(DEFAULT_RATE_LIMIT);
    expect(DEFAULT_RATE_LIMIT).toEqual({ max: 10, windowSeconds: 60 });
    expect(options.trustProxy).toBe(0);
    expect(options.bootstrapAdmin).toBeUndefined();
    expect(options.mail).toEqual({});
  });

  it('reads rateLimit and trustProxy from config/server.json, and the LARDER_ variables', () => {
    const cwd = withServerJson({ rateLimit: { max: 5 }, trustProxy: true });
    const options = loadOptions({
      ...SECRET, LARDER_ADMIN_EMAIL: 'a@example.test', LARDER_ADMIN_PASSWORD: 'long enough',
      LARDER_SMTP_URL: 'smtp://localhost:2525', LARDER_RESET_URL: 'https://app.example/reset',
    }, cwd);
    expect(options.rateLimit).toEqual({ max: 5, windowSeconds: 60 });
    expect(options.trustProxy).toBe(1);
    expect(options.bootstrapAdmin).toEqual({ email: 'a@example.test', password: 'long enough' });
    expect(options.mail).toEqual({ smtpUrl: 'smtp://localhost:2525', resetUrl: 'https://app.example/reset' });
    expect(loadOptions(SECRET, withServerJson({ trustProxy: 2 })).trustProxy).toBe(2);
  });

  it.each([
    [{ rateLimit: 10 }, /rateLimit: "rateLimit" must be an object/],
    [{ rateLimit: { max: 0 } }, /rateLimit\.max: "max" must be a positive integer/],
    [{ rateLimit: { perMinute: 5 } }, /rateLimit\.perMinute: unknown setting/],
    [{ trustProxy: 'yes' }, /trustProxy: "trustProxy" must be true, false or a number/],
  ])('%j is one clear ConfigError', (server, message) => {
    const load = () => loadOptions(SECRET, withServerJson(server));
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });
});
