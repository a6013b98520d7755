import type { ColumnSpec, IndexSpec, TableSpec } from './snapshot.js';

/**
 * Larder's own tables: users, roles, sessions, refresh tokens, reset codes and
 * API tokens. They live in the same snapshot as the content tables, so they
 * are created, evolved, exported and imported by the same machinery.
 * Content definitions cannot collide with them: `larder_` is a reserved prefix.
 */
export const SYSTEM_TABLE = {
  roles: 'larder_roles',
  users: 'larder_users',
  sessions: 'larder_sessions',
  refreshTokens: 'larder_refresh_tokens',
  resetCodes: 'larder_reset_codes',
  apiTokens: 'larder_api_tokens',
  history: 'larder_history',
} as const;

/** Numbers a document's versions: (content_type, document_id, version). */
export const HISTORY_VERSION_INDEX = `${SYSTEM_TABLE.history}_document_version_unique`;

const id: ColumnSpec = { name: 'id', type: 'increments', nullable: false };
const documentId: ColumnSpec = { name: 'document_id', type: 'string', length: 24, nullable: false };
const createdAt: ColumnSpec = { name: 'created_at', type: 'datetime', nullable: false };
const updatedAt: ColumnSpec = { name: 'updated_at', type: 'datetime', nullable: false };

function string(name: string, nullable: boolean, length = 255): ColumnSpec {
  return { name, type: 'string', length, nullable };
}
function datetime(name: string, nullable = true): ColumnSpec {
  return { name, type: 'datetime', nullable };
}
function unique(table: string, column: string): IndexSpec {
  return { name: `${table}_${column}_unique`, columns: [column], unique: true };
}
function index(table: string, column: string): IndexSpec {
  return { name: `${table}_${column}_index`, columns: [column], unique: false };
}

export function systemTables(): TableSpec[] {
  const { roles, users, sessions, refreshTokens, resetCodes, apiTokens, history } = SYSTEM_TABLE;
  return [
    {
      name: roles,
      columns: [
        id, documentId,
        // public | authenticated | editor | admin, or a slug for an admin-made role.
        string('type', false, 64),
        string('name', false),
        { name: 'description', type: 'text', nullable: true },
        // The permission entries of DESIGN §5, exactly as written in roles.json.
        { name: 'permissions', type: 'json', nullable: false },
        // 'config' when roles.json defines it (read-only elsewhere), 'database' otherwise.
        string('source', false, 16),
        createdAt, updatedAt,
      ],
      indexes: [unique(roles, 'document_id'), unique(roles, 'type')],
    },
    {
      name: users,
      columns: [
        id, documentId,
        string('username', false),
        // Stored case-folded, so lookups and uniqueness ignore case.
        string('email', false),
        string('password', true),
        { name: 'confirmed', type: 'boolean', nullable: false, default: false },
        { name: 'blocked', type: 'boolean', nullable: false, default: false },
        { name: 'role_id', type: 'integer', nullable: true, references: { table: roles, column: 'id', onDelete: 'SET NULL' } },
        createdAt, updatedAt,
      ],
      indexes: [unique(users, 'document_id'), unique(users, 'username'), unique(users, 'email'), index(users, 'role_id')],
    },
    {
      name: sessions,
      columns: [
        id,
        // Random, carried in the access JWT as `sid`; checked on every request.
        string('sid', false, 64),
        { name: 'user_id', type: 'integer', nullable: false, references: { table: users, column: 'id', onDelete: 'CASCADE' } },
        createdAt,
        datetime('expires_at', false),
        datetime('revoked_at'),
      ],
      indexes: [unique(sessions, 'sid'), index(sessions, 'user_id')],
    },
    {
      name: refreshTokens,
      columns: [
        id,
        // A session is a refresh-token family: reuse of a used token revokes the session.
        { name: 'session_id', type: 'integer', nullable: false, references: { table: sessions, column: 'id', onDelete: 'CASCADE' } },
        string('token_hash', false, 64),
        createdAt,
        datetime('used_at'),
      ],
      indexes: [unique(refreshTokens, 'token_hash'), index(refreshTokens, 'session_id')],
    },
    {
      name: resetCodes,
      columns: [
        id,
        { name: 'user_id', type: 'integer', nullable: false, references: { table: users, column: 'id', onDelete: 'CASCADE' } },
        string('code_hash', false, 64),
        createdAt,
        datetime('expires_at', false),
        datetime('used_at'),
      ],
      indexes: [unique(resetCodes, 'code_hash'), index(resetCodes, 'user_id')],
    },
    {
      name: apiTokens,
      columns: [
        id, documentId,
        string('name', false),
        { name: 'description', type: 'text', nullable: true },
        // read-only | full-access | custom
        string('type', false, 16),
        // HMAC-SHA256 of the access key under LARDER_SECRET; the key itself is never stored.
        string('access_key_hash', false, 64),
        { name: 'permissions', type: 'json', nullable: true },
        datetime('expires_at'),
        datetime('last_used_at'),
        createdAt, updatedAt,
      ],
      indexes: [unique(apiTokens, 'document_id'), unique(apiTokens, 'name'), unique(apiTokens, 'access_key_hash')],
    },
    {
      // One row per change of a document: who, when, the action and the full data after it.
      name: history,
      columns: [
        // Ids only order versions in time (age pruning); none is ever handed out, so one
        // reused after its row was pruned harms nothing, and on SQLite each version
        // skips AUTOINCREMENT's sqlite_sequence write (a page in the WAL per write).
        { ...id, autoincrement: false },
        // The type's singular name: history outlives a deleted document, so no foreign key.
        string('content_type', false, 64),
        documentId,
        // 1, 2, 3… per document.
        { name: 'version', type: 'integer', nullable: false },
        string('action', false, 16),
        { name: 'data', type: 'json', nullable: false },
        // Not a foreign key: deleting a user keeps the record of what they did.
        { name: 'user_id', type: 'integer', nullable: true },
        createdAt,
      ],
      // Versions are appended in time order, so age pruning walks the primary key from
      // its low end and needs no index on created_at: one index write less per version.
      indexes: [
        { name: HISTORY_VERSION_INDEX, columns: ['content_type', 'document_id', 'version'], unique: true },
      ],
    },
  ];
}
