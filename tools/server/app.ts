/**
 * The one-port server behind `npm start` and the end-to-end tests: the prebuilt OHIF viewer, our
 * runtime bundles, the model files, a generated app-config.js, an SPA fallback for client routes,
 * cross-origin isolation headers, and (unless an external DICOMweb URL is given) an embedded
 * DICOMweb server over a folder of DICOM files.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { renderAppConfig } from './appConfig';
import { DicomStore, type IndexReport } from './dicomweb/dicomStore';
import { createDicomWebHandler } from './dicomweb/routes';
import { createDicomWebProxy, describeUpstream, type DicomWebProxyOptions } from './dicomwebProxy';
import { sendError } from './httpUtil';
import { resolveInside, sendFile } from './staticFiles';

export interface ServerOptions {
  ohifDir: string;
  bundleDir: string;
  modelsDir?: string;
  /** Folders of DICOM files served over DICOMweb; ignored when `dicomwebUrl` is set. */
  dataDirs?: string[];
  /** Where STOW-RS writes (and which is indexed too); STOW is refused when absent. */
  stowDir?: string;
  /** Use an existing DICOMweb server instead of the embedded one. */
  dicomwebUrl?: string;
  /** Reverse-proxy `/dicomweb` to a PACS (credentials added here, never sent to the browser). */
  dicomwebProxy?: DicomWebProxyOptions;
  modelManifestPath?: string;
  host?: string;
  port?: number;
  stowLimitBytes?: number;
  crossOriginIsolation?: boolean;
  /** Slow-client guards (ms): all request headers, and the whole request, must arrive within these. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The address actually bound (127.0.0.1 unless a host was given). */
  address: string;
  store: DicomStore | null;
  index: IndexReport | null;
  close(): Promise<void>;
}

export const BUNDLE_PREFIX = '/pima-ipn/';
export const DICOMWEB_PREFIX = '/dicomweb';
export const MODELS_PREFIX = '/models/';
const REQUIRED_BUNDLES = ['extension.js', 'mode.js'];

export class MissingBundleError extends Error {}

function contentHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
}

/** CSP source expressions for the inline `<script>` blocks of a page (the viewer's index.html has two). */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    if (/\ssrc\s*=/i.test(m[1] ?? '') || m[2].length === 0) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/**
 * The policy the prebuilt OHIF 3.13.2 viewer runs under (checked in Chromium by the e2e tests);
 * each exception to `'self'` is explained in docs/security.md. With `scriptHashes` only those
 * inline scripts may run; without, any inline script may.
 */
export function contentSecurityPolicy(externalDicomweb?: string, scriptHashes?: string[]): string {
  const connect = ["'self'", ...(externalDicomweb ? [new URL(externalDicomweb).origin] : [])];
  const inline = scriptHashes ? scriptHashes : ["'unsafe-inline'"];
  return [
    "default-src 'self'",
    `script-src ${["'self'", ...inline, "'wasm-unsafe-eval'"].join(' ')}`,
    "worker-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(isolated: boolean, externalDicomweb?: string, scriptHashes?: string[]): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': contentSecurityPolicy(externalDicomweb, scriptHashes),
    'X-Frame-Options': 'DENY',
  };
  if (isolated) {
    // Multi-threaded WASM needs SharedArrayBuffer, which needs cross-origin isolation.
    headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
  }
  return headers;
}

/**
 * DNS-rebinding guard: a page on another site that re-points its own hostname at 127.0.0.1 reaches
 * us with its hostname in `Host`, so a loopback server answers only loopback names (and the host it
 * was told to listen on). A wildcard listen address cannot know its names and accepts any.
 */
export function hostGuard(listenHost: string): (hostHeader: string | undefined) => boolean {
  if (['0.0.0.0', '::', '[::]'].includes(listenHost)) return () => true;
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', listenHost.includes(':') ? `[${listenHost.replace(/^\[|\]$/g, '')}]` : listenHost].map(n => n.toLowerCase()));
  return hostHeader => {
    const m = /^(\[[^\]]+\]|[^:]+)(:\d+)?$/.exec((hostHeader ?? '').toLowerCase());
    return Boolean(m && names.has(m[1]));
  };
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  for (const name of REQUIRED_BUNDLES) {
    if (!existsSync(path.join(options.bundleDir, name))) {
      // A config that names a missing bundle blanks the whole viewer, so refuse to start instead.
      throw new MissingBundleError(`runtime bundle ${path.join(options.bundleDir, name)} is missing: run \`npm run build\` first`);
    }
  }
  if (!existsSync(path.join(options.ohifDir, 'index.html'))) throw new Error(`no OHIF viewer at ${options.ohifDir}`);

  let store: DicomStore | null = null;
  let index: IndexReport | null = null;
  let dicomweb: ReturnType<typeof createDicomWebHandler> | null = null;
  const stowLimitBytes = options.stowLimitBytes ?? 64 * 1024 * 1024;
  const proxy = options.dicomwebProxy ? createDicomWebProxy(options.dicomwebProxy, { prefix: DICOMWEB_PREFIX, stowLimitBytes }) : null;
  if (!options.dicomwebUrl && !proxy) {
    const folders = [...(options.dataDirs ?? []), ...(options.stowDir && existsSync(options.stowDir) ? [options.stowDir] : [])];
    ({ store, report: index } = await DicomStore.open(folders));
    dicomweb = createDicomWebHandler({ store, stowDir: options.stowDir, stowLimitBytes });
  }

  const appConfig = renderAppConfig({
    extensionUrl: `${BUNDLE_PREFIX}extension.js?v=${contentHash(path.join(options.bundleDir, 'extension.js'))}`,
    modeUrl: `${BUNDLE_PREFIX}mode.js?v=${contentHash(path.join(options.bundleDir, 'mode.js'))}`,
    dicomwebRoot: options.dicomwebUrl ?? DICOMWEB_PREFIX,
    friendlyName: options.dicomwebUrl
      ? `DICOMweb ${options.dicomwebUrl}`
      : options.dicomwebProxy
        ? `PACS ${describeUpstream(options.dicomwebProxy)} (via this server)`
        : 'Local DICOM folder',
    supportsStow: options.dicomwebUrl || proxy ? true : Boolean(options.stowDir),
    modelManifestUrl: options.modelManifestPath,
  });
  const indexHtml = path.join(options.ohifDir, 'index.html');
  // The viewer's own inline scripts are allowed by hash, so no injected inline script can run.
  const headers = securityHeaders(options.crossOriginIsolation !== false, options.dicomwebUrl, inlineScriptHashes(readFileSync(indexHtml, 'utf8')));

  const hostAllowed = hostGuard(options.host ?? '127.0.0.1');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    if (!hostAllowed(req.headers.host)) return sendError(res, 403, 'unexpected Host header');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;

    if (proxy && (p === DICOMWEB_PREFIX || p.startsWith(`${DICOMWEB_PREFIX}/`))) return proxy(req, res);
    if (dicomweb && (p === DICOMWEB_PREFIX || p.startsWith(`${DICOMWEB_PREFIX}/`))) {
      if (await dicomweb(req, res, p.slice(DICOMWEB_PREFIX.length), url.searchParams)) return;
      return sendError(res, 404, `unknown DICOMweb path ${p}`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, `${req.method} not allowed`);
    if (p === '/app-config.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(appConfig);
      return;
    }
    if (p.startsWith(BUNDLE_PREFIX)) {
      const file = resolveInside(options.bundleDir, p.slice(BUNDLE_PREFIX.length));
      if (file && (await sendFile(res, file, { 'Cache-Control': 'no-cache' }))) return;
      // Never fall back to index.html for a bundle: the host would report a MIME error, not a 404.
      return sendError(res, 404, `no such bundle file ${p}`);
    }
    if (options.modelsDir && p.startsWith(MODELS_PREFIX)) {
      const file = resolveInside(options.modelsDir, p.slice(MODELS_PREFIX.length));
      const allowed = file && /\.(onnx|json|md)$/.test(file);
      if (allowed && (await sendFile(res, file!, { 'Cache-Control': 'no-cache' }))) return;
      return sendError(res, 404, `no such model file ${p}`);
    }
    const file = resolveInside(options.ohifDir, p);
    if (file === null) return sendError(res, 400, 'bad path');
    if (p !== '/' && (await sendFile(res, file))) return;
    if (path.extname(p) && !p.endsWith('.html')) return sendError(res, 404, `not found: ${p}`);
    // Client-side routes (/pima-ipn, /viewer, …) are the single-page app.
    await sendFile(res, indexHtml, { 'Cache-Control': 'no-cache' });
  }

  // The timeouts above are enforced on this check interval (Node's default is 30 s).
  const server = http.createServer({ connectionsCheckingInterval: 1_000 }, (req, res) => {
    handle(req, res).catch(error => sendError(res, 500, (error as Error).message));
  });
  // Slowloris guards: a client must send its headers, and its whole request, in bounded time.
  server.headersTimeout = options.headersTimeoutMs ?? 20_000;
  server.requestTimeout = options.requestTimeoutMs ?? 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    address,
    store,
    index,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
