import { createHmac, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import { newDocumentId } from '../content/document-id.js';
import type { Dialect } from '../db/connect.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { checkPermissionEntries, PermissionEntryError } from '../permissions/check-permission-entries.js';
import type { PermissionEntry } from '../permissions/types.js';
import { SYSTEM_TABLE } from '../schema/system-tables.js';
import { readFields, readOptionalString, readString } from './auth-input.js';
import type { ApiTokenType, Principal } from './principal.js';
import { isoNow, storedDate, storedJson, storedTime } from './stored-values.js';
import { isUniqueViolation } from './unique-violation.js';

const { apiTokens } = SYSTEM_TABLE;

/** `lrd_` + 32 random bytes in base64url (43 characters). */
export const ACCESS_KEY_PREFIX = 'lrd_';
const ACCESS_KEY_PATTERN = /^lrd_[A-Za-z0-9_-]{43}$/;
const TOKEN_TYPES: readonly ApiTokenType[] = ['read-only', 'full-access', 'custom'];
const LIFESPANS = [7, 30, 90] as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** lastUsedAt is a hint for the admin, not an audit log: one write a minute per token is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

type ApiTokenPrincipal = Extract<Principal, { kind: 'apiToken' }>;

/** An API token as listed (DESIGN §10); `accessKey` only in the answer to its creation. */
export interface ApiTokenView {
  id: number;
  documentId: string;
  name: string;
  description: string | null;
  type: ApiTokenType;
  accessKey?: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string | null;
}

interface ApiTokenRow {
  id: number;
  document_id: string;
  name: string;
  description: string | null;
  type: string;
  permissions: unknown;
  expires_at: unknown;
  last_used_at: unknown;
  created_at: unknown;
}

export interface ApiTokensDeps {
  knex: Knex;
  /** LARDER_SECRET: the HMAC key; the access key itself is never stored. */
  secret: string;
  registry: ContentTypeRegistry;
  dialect: Dialect;
}

export interface ApiTokens {
  create(body: unknown): Promise<ApiTokenView>;
  list(): Promise<ApiTokenView[]>;
  /** By id or documentId; NotFoundError when absent. */
  revoke(key: string): Promise<void>;
  /** The principal of a live access key, or undefined (the caller answers 401). */
  authenticate(accessKey: string): Promise<ApiTokenPrincipal | undefined>;
}

function toView(row: ApiTokenRow): ApiTokenView {
  return {
    id: Number(row.id),
    documentId: row.document_id,
    name: row.name,
    description: row.description ?? null,
    type: row.type as ApiTokenType,
    expiresAt: storedDate(row.expires_at),
    lastUsedAt: storedDate(row.last_used_at),
    createdAt: storedDate(row.created_at),
  };
}

export function createApiTokens({ knex, secret, registry, dialect }: ApiTokensDeps): ApiTokens {
  const hmac = (accessKey: string) => createHmac('sha256', secret).update(accessKey).digest('hex');

  function readPermissions(fields: Record<string, unknown>, type: ApiTokenType): PermissionEntry[] | null {
    if (type !== 'custom') {
      if (fields.permissions !== undefined && fields.permissions !== null) {
        throw ValidationError.at(['permissions'], 'permissions are only for custom tokens');
      }
      return null;
    }
    try {
      return checkPermissionEntries(fields.permissions ?? null, registry, dialect, ['permissions']);
    } catch (error) {
      if (error instanceof PermissionEntryError) throw ValidationError.at(error.path, `${error.problem}; ${error.fix}`);
      throw error;
    }
  }

  function readLifespan(value: unknown): number | null {
    if (value === undefined || value === null) return null;
    if (!LIFESPANS.includes(value as (typeof LIFESPANS)[number])) {
      throw ValidationError.at(['lifespanDays'], `lifespanDays must be one of ${LIFESPANS.join(', ')} or null`);
    }
    return value as number;
  }

  const byKey = (key: string) => (/^\d{1,15}$/.test(key) ? { id: Number(key) } : { document_id: key });

  return {
    async create(body) {
      const fields = readFields(body, ['name', 'description', 'type', 'lifespanDays', 'permissions'], ['name', 'type']);
      const name = readString(fields, 'name', 255).trim();
      if (name === '') throw ValidationError.at(['name'], 'name must not be blank');
      const description = readOptionalString(fields, 'description', 10_000) ?? null;
      const type = fields.type as ApiTokenType;
      if (!TOKEN_TYPES.includes(type)) throw ValidationError.at(['type'], `type must be one of ${TOKEN_TYPES.join(', ')}`);
      const permissions = readPermissions(fields, type);
      const lifespanDays = readLifespan(fields.lifespanDays);
      const accessKey = ACCESS_KEY_PREFIX + randomBytes(32).toString('base64url');
      const now = isoNow();
      try {
        const inserted = await knex(apiTokens).insert({
          document_id: newDocumentId(),
          name,
          description,
          type,
          access_key_hash: hmac(accessKey),
          permissions: permissions === null ? null : JSON.stringify(permissions),
          expires_at: lifespanDays === null ? null : isoNow(lifespanDays * DAY_MS),
          last_used_at: null,
          created_at: now,
          updated_at: now,
        }).returning('id');
        const row = await knex(apiTokens).where({ id: Number((inserted[0] as { id: number }).id) }).first<ApiTokenRow>();
        return { ...toView(row), accessKey };
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ConflictError('This attribute must be unique', { errors: [{ path: ['name'], message: 'This attribute must be unique', name: 'ValidationError' }] });
        }
        throw error;
      }
    },

    async list() {
      const rows = await knex(apiTokens).orderBy('id').select<ApiTokenRow[]>();
      return rows.map(toView);
    },

    async revoke(key) {
      const deleted = await knex(apiTokens).where(byKey(key)).delete();
      if (deleted === 0) throw new NotFoundError('Not Found');
    },

    async authenticate(accessKey) {
      if (!ACCESS_KEY_PATTERN.test(accessKey)) return undefined;
      const row = await knex(apiTokens).where({ access_key_hash: hmac(accessKey) }).first<ApiTokenRow | undefined>();
      if (!row) return undefined;
      const now = Date.now();
      const expiresAt = storedTime(row.expires_at);
      if (expiresAt !== undefined && expiresAt <= now) return undefined;
      const lastUsed = storedTime(row.last_used_at);
      if (lastUsed === undefined || now - lastUsed >= LAST_USED_RESOLUTION_MS) {
        await knex(apiTokens).where({ id: row.id }).update({ last_used_at: new Date(now).toISOString() });
      }
      const type = row.type as ApiTokenType;
      const permissions = type === 'custom' ? (storedJson(row.permissions) as PermissionEntry[] | null) ?? [] : [];
      return { kind: 'apiToken', tokenId: Number(row.id), tokenType: type, permissions };
    },
  };
}
