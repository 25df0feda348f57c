/**
 * `/dicomweb/*` reverse-proxied to a PACS's DICOMweb root (our Orthanc, an existing Orthanc or
 * dcm4chee), so that the browser only ever talks to our origin: no CORS on the PACS, no clash with
 * our COEP header, and the PACS credentials stay on the server (added here, never sent to the page).
 * Bodies stream in both directions; JSON replies are buffered only to rewrite the PACS's own
 * absolute URLs (BulkDataURI, RetrieveURL) into ours.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { sendError } from './httpUtil';

export interface DicomWebProxyOptions {
  /** The PACS's DICOMweb root, e.g. http://127.0.0.1:8042/dicom-web (credentials in the URL are taken out and used as Basic auth). */
  url: string;
  user?: string;
  password?: string;
}

export interface ProxySettings {
  /** Path under which the proxy is mounted on our server, e.g. `/dicomweb`. */
  prefix: string;
  stowLimitBytes: number;
  /** How long to wait for the PACS to start answering. */
  upstreamTimeoutMs?: number;
}

/** Largest JSON reply we buffer for URL rewriting; bigger replies are refused rather than held in memory. */
const MAX_JSON_BYTES = 256 * 1024 * 1024;
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'content-length'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control', 'content-location', 'warning'];
/** DICOMweb paths are UIDs, keywords, tags and frame lists: no escapes are ever needed. */
const SAFE_PATH = /^(\/[A-Za-z0-9._,-]+)*\/?$/;
const ROOTS = new Set(['studies', 'series', 'instances']);
const SAFE_HOST = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$/;

export interface ParsedUpstream {
  /** The root without credentials and without a trailing slash. */
  root: URL;
  authorization: string | null;
}

export function parseUpstream(options: DicomWebProxyOptions): ParsedUpstream {
  const root = new URL(options.url);
  if (root.protocol !== 'http:' && root.protocol !== 'https:') throw new Error(`DICOMweb proxy target must be http(s): ${options.url}`);
  const user = options.user ?? decodeURIComponent(root.username);
  const password = options.password ?? decodeURIComponent(root.password);
  root.username = '';
  root.password = '';
  root.search = '';
  root.hash = '';
  root.pathname = root.pathname.replace(/\/+$/, '');
  const authorization = user || password ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : null;
  return { root, authorization };
}

/** The target's address with any credentials removed, safe to print and to show in the viewer. */
export function describeUpstream(options: DicomWebProxyOptions): string {
  return parseUpstream(options).root.href;
}

export function createDicomWebProxy(options: DicomWebProxyOptions, settings: ProxySettings) {
  const { root, authorization } = parseUpstream(options);
  const upstreamRoot = root.href.replace(/\/$/, '');
  const client = root.protocol === 'https:' ? https : http;
  const timeoutMs = settings.upstreamTimeoutMs ?? 60_000;

  /** Answers the request (always); `rawUrl` is the un-normalised request target. */
  return async function proxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q);
    // Validated on the raw target, before any normalisation: whatever reaches the PACS is a plain
    // path below its DICOMweb root, never `..`, never an escape that the PACS might decode into one.
    if (!rawPath.startsWith(`${settings.prefix}/`)) return sendError(res, 400, 'bad DICOMweb path');
    const sub = rawPath.slice(settings.prefix.length);
    const segments = sub.split('/').filter(Boolean);
    if (!SAFE_PATH.test(sub) || segments.some(s => s === '.' || s === '..') || !ROOTS.has(segments[0] ?? '')) {
      return sendError(res, 400, 'bad DICOMweb path');
    }
    const method = req.method ?? 'GET';
    const isStow = method === 'POST';
    if (isStow && !(segments[0] === 'studies' && segments.length <= 2)) return sendError(res, 405, 'POST is only accepted on /studies and /studies/{uid}');
    if (!isStow && method !== 'GET' && method !== 'HEAD') return sendError(res, 405, `${method} not allowed`);
    const host = req.headers.host ?? '';
    if (!SAFE_HOST.test(host)) return sendError(res, 400, 'bad Host header');

    const declared = Number(req.headers['content-length'] ?? 0);
    if (isStow && declared > settings.stowLimitBytes) {
      res.setHeader('Connection', 'close');
      req.resume();
      return sendError(res, 413, `request body of ${declared} bytes exceeds the ${settings.stowLimitBytes}-byte limit`);
    }

    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string' && (name !== 'content-length' || isStow)) headers[name] = value;
    }
    if (authorization) headers.authorization = authorization;
    const publicRoot = `http://${host}${settings.prefix}`;

    await new Promise<void>(resolve => {
      let settled = false;
      const finish = (status?: number, message?: string) => {
        if (settled) return;
        settled = true;
        if (status) sendError(res, status, message ?? 'proxy error');
        resolve();
      };
      const upstream = client.request(
        `${upstreamRoot}${sub}${rawQuery}`,
        { method, headers, timeout: timeoutMs },
        up => {
          if (settled) return void up.resume();
          const status = up.statusCode ?? 502;
          if (status === 401 || status === 403 || status === 407) {
            // The browser cannot fix our credentials; a prompt or a bare 401 would only confuse it.
            up.resume();
            return finish(502, `the PACS refused the proxy's credentials (HTTP ${status}); check --dicomweb-user/--dicomweb-password`);
          }
          const type = String(up.headers['content-type'] ?? '');
          const rewrite = /json/i.test(type) && method !== 'HEAD';
          for (const name of FORWARDED_RESPONSE_HEADERS) {
            const value = up.headers[name];
            if (value !== undefined && !(rewrite && name === 'content-length')) res.setHeader(name, value);
          }
          if (!rewrite) {
            res.writeHead(status);
            up.pipe(res);
            up.on('end', () => finish());
            up.on('error', () => {
              res.destroy();
              finish();
            });
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          up.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_JSON_BYTES) {
              up.destroy();
              return finish(502, 'the PACS sent a JSON reply too large to relay');
            }
            chunks.push(chunk);
          });
          up.on('end', () => {
            if (settled) return;
            const body = Buffer.from(Buffer.concat(chunks).toString('utf8').split(upstreamRoot).join(publicRoot), 'utf8');
            res.writeHead(status, { 'Content-Length': body.length });
            res.end(body);
            finish();
          });
          up.on('error', () => finish(502, 'the PACS connection broke mid-reply'));
        }
      );
      upstream.on('timeout', () => {
        upstream.destroy();
        finish(504, `the PACS did not answer within ${timeoutMs} ms`);
      });
      upstream.on('error', error => finish(502, `the PACS at ${upstreamRoot} is unreachable: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
      res.on('close', () => {
        // The browser went away: stop the PACS transfer too.
        if (!res.writableFinished) upstream.destroy();
      });

      if (!isStow) {
        upstream.end();
        return;
      }
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > settings.stowLimitBytes) {
          // Abort the upload to the PACS so it stores nothing, and answer 413 on a closing connection.
          upstream.destroy();
          req.pause();
          res.setHeader('Connection', 'close');
          finish(413, `request body exceeds the ${settings.stowLimitBytes}-byte limit`);
          return;
        }
        if (!upstream.write(chunk)) {
          req.pause();
          upstream.once('drain', () => req.resume());
        }
      });
      req.on('end', () => {
        if (!settled) upstream.end();
      });
      req.on('error', () => {
        upstream.destroy();
        finish();
      });
    });
  };
}
