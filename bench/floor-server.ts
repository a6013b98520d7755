/**
 * The floor: bare node:http on the same driver and the same SQL as Larder,
 * answering the bench scenarios in the same envelope. No middleware, no
 * validation, no permissions: what this machine allows, not a product.
 * Run as a child: PORT, HOST, FLOOR_DATABASE (sqlite:<file> or postgres://…).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FloorDb, Row } from './floor-sql.js';

const url = process.env.FLOOR_DATABASE ?? '';
// Only the driver in use is loaded: the floor's cold start is the least a server can do.
const db: FloorDb = url.startsWith('sqlite:')
  ? (await import('./floor-sqlite.js')).openSqliteFloor(url.slice('sqlite:'.length))
  : (await import('./floor-pg.js')).openPgFloor(url);

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);
const article = (row: Row) => ({
  id: Number(row.id), documentId: row.document_id, title: row.title, body: row.body, views: row.views,
  published: row.published === null ? null : row.published === true || row.published === 1,
  createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
});
const related = (row: Row) => ({ id: Number(row.id), documentId: row.document_id, name: row.name, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) });

/** Larder's cursor format (core/query/cursor.ts), so a cursor taken from either server works on both. */
const signature = (sort: string) => createHash('sha1').update(sort).digest('base64url').slice(0, 12);
const SIGNATURES = { id: signature(''), createdAtDesc: signature('createdAt:desc,') };
const cursor = (s: string, v: unknown[], i: number) => Buffer.from(JSON.stringify({ s, v, i })).toString('base64url');

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
const fail = (res: ServerResponse, status: number, message: string) => send(res, status, { data: null, error: { status, name: 'Error', message, details: {} } });

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data?: Record<string, unknown> };
  return parsed.data ?? {};
}

async function populate(data: Array<Record<string, unknown>>, params: URLSearchParams): Promise<void> {
  const ids = data.map((entry) => entry.id as number);
  const byId = new Map(data.map((entry) => [entry.id as number, entry]));
  const jobs: Promise<void>[] = [];
  if (params.get('populate[category]') === 'true') {
    for (const entry of data) entry.category = null;
    jobs.push(db.categoriesOf(ids).then((rows) => {
      for (const row of rows) byId.get(Number(row.__source))!.category = related(row);
    }));
  }
  if (params.get('populate[tags]') === 'true') {
    for (const entry of data) entry.tags = [];
    jobs.push(db.tagsOf(ids).then((rows) => {
      for (const row of rows) (byId.get(Number(row.__source))!.tags as unknown[]).push(related(row));
    }));
  }
  await Promise.all(jobs);
}

async function list(res: ServerResponse, params: URLSearchParams): Promise<void> {
  const int = (name: string, fallback: number) => (params.has(name) ? Number(params.get(name)) : fallback);
  const viewsGt = params.get('filters[views][$gt]');
  const sort = params.get('sort');
  const after = params.get('pagination[after]');
  const withCount = params.get('pagination[withCount]') !== 'false';
  let rows: Row[];
  let total: number | undefined;
  let limit: number;
  let page = 1;
  if (after !== null) {
    limit = int('pagination[limit]', 25);
    const { i } = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as { i: number };
    rows = await db.listAfter(i, limit + 1);
  } else {
    page = int('pagination[page]', 1);
    limit = int('pagination[pageSize]', 25);
    const offset = (page - 1) * limit;
    if (viewsGt !== null && sort === 'createdAt:desc') {
      [rows, total] = await Promise.all([db.listByViews(Number(viewsGt), limit + 1, offset), withCount ? db.countByViews(Number(viewsGt)) : undefined]);
    } else if (viewsGt === null && sort === null) {
      [rows, total] = await Promise.all([db.listById(limit + 1, offset), withCount ? db.countAll() : undefined]);
    } else {
      return fail(res, 400, 'the floor serves only the bench scenarios');
    }
  }
  const hasMore = rows.length > limit;
  if (hasMore) rows.length = limit;
  const last = rows[rows.length - 1];
  const next = !hasMore || !last ? null : sort === 'createdAt:desc'
    ? cursor(SIGNATURES.createdAtDesc, [iso(last.created_at)], Number(last.id))
    : cursor(SIGNATURES.id, [], Number(last.id));
  const data = rows.map(article) as Array<Record<string, unknown>>;
  await populate(data, params);
  const pagination = after !== null ? { limit, next }
    : total === undefined ? { page, pageSize: limit, next }
      : { page, pageSize: limit, pageCount: Math.ceil(total / limit), total, next };
  send(res, 200, { data, meta: { pagination } });
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
function newDocumentId(): string {
  let id = '';
  for (const byte of randomBytes(24)) id += ALPHABET[byte % 36];
  return id;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const [path = '', query = ''] = (req.url ?? '').split('?', 2);
  if (path === '/_health') return send(res, 200, { status: 'ok' });
  if (path === '/api/articles') {
    if (req.method === 'GET') return list(res, new URLSearchParams(query));
    if (req.method === 'POST') {
      const data = await readBody(req);
      const entry = await db.create({
        documentId: newDocumentId(), title: (data.title as string) ?? null, body: (data.body as string) ?? null,
        views: (data.views as number) ?? null, published: (data.published as boolean) ?? null, now: new Date().toISOString(),
      });
      return send(res, 201, { data: article(entry), meta: {} });
    }
  }
  const match = /^\/api\/articles\/([a-z0-9]{24})$/.exec(path);
  if (match) {
    const documentId = match[1]!;
    const row = req.method === 'GET' ? await db.getOne(documentId)
      : req.method === 'PUT' ? await db.updateViews(documentId, Number((await readBody(req)).views)) : undefined;
    return row ? send(res, 200, { data: article(row), meta: {} }) : fail(res, 404, 'Not Found');
  }
  fail(res, 404, 'Not Found');
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    process.stderr.write(`floor: ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}\n`);
    if (!res.headersSent) fail(res, 500, 'Internal Server Error');
  });
});
server.keepAliveTimeout = 55_000;
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
