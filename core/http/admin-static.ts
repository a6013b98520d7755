import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Context, Middleware } from 'koa';
import { MethodNotAllowedError, NotFoundError, ServiceUnavailableError, ValidationError } from '../errors.js';
import type { RequestState } from './state.js';

const MOUNT = '/admin';

/**
 * The panel's policy: its own scripts and styles only, no inline script, API
 * calls to this origin. Images may also come over https, for pictures in a
 * Markdown preview. It replaces the API's `default-src 'none'`, which
 * security-headers.ts leaves off under /admin.
 */
export const ADMIN_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = 'The admin panel is not built. Run `npm run build` (or `npm run build:admin`) and reload.';

export interface AdminStaticOptions {
  /** The Vite output; default: admin/dist of this checkout. */
  distDir?: string;
}

/** admin/dist next to this module, whether it runs from source (core/http) or compiled (dist/core/http). */
export function defaultAdminDist(): string {
  const candidates = [resolve(import.meta.dirname, '../../admin'), resolve(import.meta.dirname, '../../../admin')];
  const admin = candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[0]!;
  return join(admin, 'dist');
}

/**
 * Serves the admin panel at /admin (DESIGN §9). Hashed files under
 * /admin/assets are cached for a year; every other path gets index.html,
 * revalidated on each load, so the panel's own router can handle it (history
 * fallback). Without a build, /admin answers 503 with what to run.
 */
export function adminStatic({ distDir = defaultAdminDist() }: AdminStaticOptions = {}): Middleware<RequestState> {
  const root = resolve(distDir);
  return async (ctx, next) => {
    if (ctx.path !== MOUNT && !ctx.path.startsWith(`${MOUNT}/`)) return next();
    // A bounded metrics label for every panel request (core/http/route-label.ts reads it).
    (ctx as Context & { _matchedRoute?: string })._matchedRoute = `${MOUNT}/*`;
    ctx.set('Content-Security-Policy', ADMIN_CSP);
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw new MethodNotAllowedError(['GET', 'HEAD']);

    const relative = decodePath(ctx.path.slice(MOUNT.length));
    const file = resolve(root, `.${relative}`);
    if (file !== root && !file.startsWith(root + sep)) throw new NotFoundError('Not Found');

    const found = relative.length > 1 ? await fileAt(file) : undefined;
    if (found) {
      const hashed = relative.startsWith('/assets/');
      await send(ctx, file, found, hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      return;
    }
    // A missing hashed file is a 404: answering with index.html would hand HTML to a <script>.
    if (relative.startsWith('/assets/')) throw new NotFoundError('Not Found');

    const index = join(root, 'index.html');
    const indexStat = await fileAt(index);
    if (!indexStat) return notBuilt(ctx);
    await send(ctx, index, indexStat, 'no-cache');
  };
}

function decodePath(path: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw new ValidationError('Malformed URL');
  }
  if (decoded.includes('\0')) throw new ValidationError('Malformed URL');
  return decoded === '' ? '/' : decoded;
}

async function fileAt(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}

async function send(ctx: Context, path: string, info: { size: number; mtimeMs: number }, cacheControl: string): Promise<void> {
  const tag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  ctx.set('Cache-Control', cacheControl);
  ctx.set('ETag', tag);
  ctx.type = CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  if (ctx.get('if-none-match').split(',').some((candidate) => candidate.trim() === tag)) {
    ctx.status = 304;
    return;
  }
  ctx.status = 200;
  ctx.length = info.size;
  // HEAD gets the headers only; opening a stream Koa would never read would leak its descriptor.
  if (ctx.method === 'HEAD') return;
  // index.html is read whole: it is small and must reflect the latest build.
  ctx.body = path.endsWith('index.html') ? await readFile(path) : createReadStream(path);
}

function notBuilt(ctx: Context): void {
  if (!ctx.accepts('html') || ctx.accepts('json', 'html') === 'json') throw new ServiceUnavailableError(NOT_BUILT);
  ctx.status = 503;
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Larder admin: not built</title></head>`
    + `<body><h1>The admin panel is not built</h1><p>Run <code>npm run build</code> (or <code>npm run build:admin</code>) in the Larder directory, then reload this page.</p></body></html>`;
}
