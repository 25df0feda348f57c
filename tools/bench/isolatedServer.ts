/**
 * Tiny static server for the engine harness page (benchmark and e2e test): folders mounted at URL prefixes,
 * plus in-memory routes for altered models. Cross-origin isolated (COOP/COEP) so WASM threads are available.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
};

export interface IsolatedServer {
  url: string;
  /** Serves `body` at `urlPath` (overrides files). */
  route(urlPath: string, body: Buffer | string): void;
  /** Requests seen, in order (path only). */
  requests: string[];
  close(): Promise<void>;
}

/** mounts: [urlPrefix ending in '/', folder]; the first matching prefix wins, so list '/' last. */
export async function startIsolatedServer(mounts: [string, string][]): Promise<IsolatedServer> {
  const roots = mounts.map(([p, d]) => [p, path.resolve(d)] as [string, string]);
  const routes = new Map<string, Buffer | string>();
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(urlPath);
    const headers: Record<string, string> = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    const type = TYPES[path.extname(urlPath)] ?? 'application/octet-stream';
    const routed = routes.get(urlPath);
    if (routed !== undefined) {
      res.writeHead(200, { ...headers, 'Content-Type': type });
      res.end(routed);
      return;
    }
    const mount = roots.find(([p]) => urlPath.startsWith(p));
    if (!mount) {
      res.writeHead(404, headers).end();
      return;
    }
    const [prefix, dir] = mount;
    const rel = urlPath.slice(prefix.length) || 'index.html';
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir)) {
      res.writeHead(403, headers).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': String(body.length) });
      res.end(body);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    route: (p, b) => routes.set(p, b),
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
