import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';

export interface ResolvedSecret {
  secret: string;
  /** Set when the secret is a development one kept in the data directory: worth a warning. */
  developmentFile?: string;
}

/**
 * LARDER_SECRET signs tokens. Production requires it. In development one is
 * generated once and kept in the data directory (DESIGN §2).
 */
export function resolveSecret(given: string | undefined, mode: 'development' | 'production', dataDir: string): ResolvedSecret {
  if (given !== undefined && given !== '') {
    if (given.length < 32) throw new ConfigError('LARDER_SECRET', '', 'is shorter than 32 characters', 'generate one with: openssl rand -base64 48');
    return { secret: given };
  }
  if (mode === 'production') {
    throw new ConfigError('LARDER_SECRET', '', 'is required when NODE_ENV=production', 'set LARDER_SECRET to a random value, e.g. from: openssl rand -base64 48');
  }
  const file = join(dataDir, '.larder-secret');
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), developmentFile: file };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, developmentFile: file };
}
