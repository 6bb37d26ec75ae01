import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { STATUS_LABELS } from '../../domain/cases/status-labels.js';

const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));
// Chart.js (dashboard and public statistics pages) is served from this origin: the pages load no script from elsewhere.
// Its exports map hides the UMD build, so it is found next to the package's CommonJS entry.
const CHART_JS = readFileSync(new URL('chart.umd.min.js', pathToFileURL(createRequire(import.meta.url).resolve('chart.js'))));

/*
 * The pages load only their own scripts and styles and talk only to this origin (HTTP and the
 * live WebSockets): anything injected from elsewhere is refused by the browser.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

function securityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  reply.header('x-content-type-options', 'nosniff');
  // The tracking code is the only case detail the pages ever put in a URL; none of it leaves the site.
  reply.header('referrer-policy', 'no-referrer');
}

/**
 * The citizen page at `/` and the staff page at `/staff/`, served from web/. Without a wildcard
 * route the files are listed once at start-up, so every other path (/api, /docs, /health, unknown
 * ones) keeps its own routes and the API's JSON 404.
 */
export async function webPagesPlugin(app: FastifyInstance): Promise<void> {
  // The pages name statuses as the domain does: this module is written from it, never copied.
  const statusLabelsModule = `export const STATUS_LABELS = ${JSON.stringify(STATUS_LABELS)};\n`;
  app.get('/assets/status-labels.js', { schema: { hide: true } }, async (_request, reply) => {
    securityHeaders(reply);
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(statusLabelsModule);
  });
  app.get('/assets/vendor/chart.umd.min.js', { schema: { hide: true } }, async (_request, reply) => {
    securityHeaders(reply);
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(CHART_JS);
  });
  // Browsers ask for /favicon.ico whatever the pages link to.
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/assets/favicon.svg', 301));
  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    decorateReply: false,
    // Pages and modules change together with the API: the browser revalidates them (ETag) on every load.
    cacheControl: true,
    maxAge: 0,
    setHeaders: (reply) => securityHeaders(reply),
  });
}
