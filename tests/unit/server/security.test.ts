/**
 * The security review of the `npm start` server (docs/security.md), one block per threat: path
 * traversal, STOW-RS limits and malformed bodies, loopback binding, methods, headers, slow
 * clients, and the DICOMweb proxy's isolation of the PACS.
 */
import * as dcmjs from 'dcmjs';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { contentSecurityPolicy, hostGuard, startServer, type RunningServer, type ServerOptions } from '../../../tools/server/app';
import { asBody } from '../../../tools/pacs/orthanc';
import { encodeMultipart } from '../../../tools/server/dicomweb/multipart';
import { rawChunkedPost, rawExchange, rawGet } from './rawHttp';

const SECRET = 'TOP-SECRET-CONTENT';
const STOW_LIMIT = 50_000;

/** A host tree with a secret beside every served root, so any escape shows up in a body. */
function fixture() {
  const dir = mkdtempSync(path.join(tmpdir(), 'pima-sec-'));
  const ohifDir = path.join(dir, 'ohif');
  const bundleDir = path.join(dir, 'bundles');
  const modelsDir = path.join(dir, 'models');
  const dataDir = path.join(dir, 'data');
  const stowDir = path.join(dir, 'stow');
  for (const d of [ohifDir, bundleDir, path.join(modelsDir, 'm'), dataDir, stowDir]) mkdirSync(d, { recursive: true });
  writeFileSync(path.join(ohifDir, 'index.html'), '<!doctype html><title>host</title>');
  writeFileSync(path.join(ohifDir, 'app.js'), 'console.log("app")');
  writeFileSync(path.join(bundleDir, 'extension.js'), 'export default {}');
  writeFileSync(path.join(bundleDir, 'mode.js'), 'export default {}');
  writeFileSync(path.join(modelsDir, 'm', 'manifest.json'), '{"id":"m"}');
  writeFileSync(path.join(modelsDir, 'm', 'notes.txt'), SECRET);
  writeFileSync(path.join(modelsDir, 'm', '.env'), SECRET);
  writeFileSync(path.join(ohifDir, '.env'), SECRET);
  writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  writeFileSync(path.join(dir, 'secret.json'), JSON.stringify({ s: SECRET }));
  return { dir, ohifDir, bundleDir, modelsDir, dataDir, stowDir };
}

function ctWithUids(study: string, series: string, sop: string): Buffer {
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    MediaStorageSOPInstanceUID: sop,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '1.2.3.4',
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    SOPInstanceUID: sop,
    StudyInstanceUID: study,
    SeriesInstanceUID: series,
    Modality: 'CT',
    Rows: 2,
    Columns: 2,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    PixelData: new Int16Array(4).buffer,
    _vrMap: { PixelData: 'OW' },
  });
  return Buffer.from(dict.write());
}

const stowType = (boundary: string) => `multipart/related; type="application/dicom"; boundary=${boundary}`;

describe('the npm start server (embedded DICOMweb)', () => {
  let server: RunningServer;
  let f: ReturnType<typeof fixture>;
  beforeAll(async () => {
    f = fixture();
    server = await startServer({
      ohifDir: f.ohifDir,
      bundleDir: f.bundleDir,
      modelsDir: f.modelsDir,
      dataDirs: [f.dataDir],
      stowDir: f.stowDir,
      port: 0,
      stowLimitBytes: STOW_LIMIT,
      headersTimeoutMs: 1_000,
      requestTimeoutMs: 3_000,
    });
  });
  afterAll(() => server.close());

  describe('path traversal', () => {
    test('the fixture is reachable the normal way, so a miss below is a refusal, not a broken setup', async () => {
      expect((await rawGet(server.port, '/app.js')).body).toContain('console.log("app")');
      expect((await rawGet(server.port, '/models/m/manifest.json')).status).toBe(200);
      expect((await rawGet(server.port, '/pima-ipn/extension.js')).status).toBe(200);
    });

    test.each([
      '/../secret.txt',
      '/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.json',
      '/.%2e/secret.txt',
      '/..\\secret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '//secret.txt',
      '/.env',
      '/%2eenv',
      '/app.js%00.txt',
      '/pima-ipn/../secret.txt',
      '/pima-ipn/..%2f..%2fsecret.txt',
      '/pima-ipn/%2e%2e/%2e%2e/secret.txt',
      '/models/../secret.txt',
      '/models/..%2fsecret.json',
      '/models/m/..%2f..%2fsecret.json',
      '/models/m/.env',
      '/models/m/notes.txt',
      `/dicomweb/studies/..%2f..%2f..%2fsecret.txt`,
      `/dicomweb/studies/%2e%2e/%2e%2e/secret.txt`,
      'http://127.0.0.1/../secret.txt',
    ])('%s never returns a file outside the served roots', async target => {
      const reply = await rawGet(server.port, target);
      expect(reply.body).not.toContain(SECRET);
      expect(reply.status).toBeGreaterThanOrEqual(200);
      expect(reply.status).toBeLessThan(500);
    });

    test('a malformed escape in a DICOMweb path is a 400, not a crash', async () => {
      const reply = await rawGet(server.port, '/dicomweb/studies/%E0%A4%A');
      expect(reply.status).toBe(400);
    });

    test('STOW-RS cannot write outside its folder through crafted UIDs', async () => {
      const { boundary, body } = encodeMultipart([{ contentType: 'application/dicom', body: ctWithUids('../../escaped', '1.2.3', '1.2.3.4') }]);
      const res = await fetch(`${server.url}/dicomweb/studies`, { method: 'POST', headers: { 'Content-Type': stowType(boundary) }, body: asBody(body) });
      expect(res.status).toBe(409);
      expect(existsSync(path.join(f.dir, 'escaped'))).toBe(false);
      expect(readdirSync(f.stowDir)).toEqual([]);
    });
  });

  describe('STOW-RS bodies', () => {
    test('an oversize chunked body (no Content-Length) gets 413 and nothing is stored', async () => {
      const { boundary, body } = encodeMultipart([
        { contentType: 'application/dicom', body: ctWithUids('1.2.826.0.1.3680043.99.51', '1.2.826.0.1.3680043.99.51.1', '1.2.826.0.1.3680043.99.51.1.1') },
        { contentType: 'application/dicom', body: Buffer.alloc(STOW_LIMIT) },
      ]);
      const reply = await rawChunkedPost(server.port, '/dicomweb/studies', stowType(boundary), body);
      expect(reply.status).toBe(413);
      expect(readdirSync(f.stowDir)).toEqual([]);
    });

    test('a declared Content-Length over the limit gets 413 before the body is read', async () => {
      const reply = await rawExchange(server.port, [
        `POST /dicomweb/studies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${stowType('b')}\r\nContent-Length: ${STOW_LIMIT * 100}\r\nConnection: close\r\n\r\n`,
      ]);
      expect(reply.status).toBe(413);
    });

    test.each([
      ['no boundary in the body', 'just some bytes'],
      ['a part without a header terminator', '--b\r\nContent-Type: application/dicom'],
      ['an unterminated part', '--b\r\nContent-Type: application/dicom\r\n\r\nDICM'],
      ['no parts at all', '--b--\r\n'],
    ])('a malformed multipart body (%s) is a 400, not a 500', async (_name, text) => {
      const res = await fetch(`${server.url}/dicomweb/studies`, { method: 'POST', headers: { 'Content-Type': stowType('b') }, body: text });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/multipart/);
    });

    test('a part that is not DICOM is refused per instance (409), and a wrong media type with 415', async () => {
      const { boundary, body } = encodeMultipart([{ contentType: 'application/dicom', body: Buffer.from('not dicom') }]);
      expect((await fetch(`${server.url}/dicomweb/studies`, { method: 'POST', headers: { 'Content-Type': stowType(boundary) }, body: asBody(body) })).status).toBe(409);
      const json = await fetch(`${server.url}/dicomweb/studies`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      expect(json.status).toBe(415);
    });
  });

  describe('methods', () => {
    test.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'])('%s is refused on static files, bundles, models and DICOMweb', async method => {
      for (const target of ['/', '/app.js', '/app-config.js', '/pima-ipn/extension.js', '/models/m/manifest.json', '/dicomweb/studies']) {
        const reply = await rawGet(server.port, target, method);
        expect([target, reply.status]).toEqual([target, 405]);
      }
    });

    test('POST is accepted only on the STOW-RS endpoints', async () => {
      for (const target of ['/', '/app-config.js', '/models/m/manifest.json', '/dicomweb/studies/1.2.3/series']) {
        const res = await fetch(`${server.url}${target}`, { method: 'POST', body: 'x' });
        expect([target, res.status]).toEqual([target, 405]);
      }
    });
  });

  describe('headers', () => {
    test.each(['/', '/app.js', '/app-config.js', '/pima-ipn/extension.js', '/models/m/manifest.json', '/dicomweb/studies', '/nope.js', '/dicomweb/studies/1.2.3/series'])(
      '%s carries the isolation and hardening headers, errors included',
      async target => {
        const res = await fetch(`${server.url}${target}`);
        expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
        expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
        expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        // The fixture's index.html has no inline script, so none is allowed.
        expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy(undefined, []));
      }
    );

    test('the policy allows only our origin for code and data, never eval or plug-ins or framing', () => {
      const csp = Object.fromEntries(contentSecurityPolicy(undefined, []).split('; ').map(d => [d.split(' ')[0], d.split(' ').slice(1)]));
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(csp['worker-src']).toEqual(["'self'"]);
      expect(csp['script-src']).toContain("'wasm-unsafe-eval'");
      expect(csp['connect-src']).toEqual(["'self'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(Object.values(csp).flat()).not.toContain('*');
    });

    test("only the viewer's own inline scripts are allowed, by hash", async () => {
      const inline = 'window.PUBLIC_URL = "/";';
      const g = fixture();
      writeFileSync(path.join(g.ohifDir, 'index.html'), `<!doctype html><script>${inline}</script><script src="/app.js"></script><p>x</p>`);
      const other = await startServer({ ohifDir: g.ohifDir, bundleDir: g.bundleDir, dataDirs: [], port: 0 });
      try {
        const header = (await fetch(`${other.url}/`)).headers.get('content-security-policy')!;
        const scriptSrc = header.split('; ').find(d => d.startsWith('script-src '))!;
        const expected = `'sha256-${createHash('sha256').update(inline).digest('base64')}'`;
        expect(scriptSrc).toBe(`script-src 'self' ${expected} 'wasm-unsafe-eval'`);
      } finally {
        await other.close();
      }
    });

    test('an external DICOMweb server (--dicomweb URL) is added to connect-src only', () => {
      const csp = contentSecurityPolicy('https://pacs.example.org:8443/dicom-web');
      expect(csp).toContain("connect-src 'self' https://pacs.example.org:8443;");
      expect(csp.match(/pacs\.example\.org/g)).toHaveLength(1);
    });
  });

  describe('slow clients', () => {
    test('a client that never finishes its headers is cut off (headersTimeout)', async () => {
      const reply = await rawExchange(server.port, ['GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n'], { delayMs: 200, timeoutMs: 8_000 });
      expect(reply.closedAfterMs).toBeLessThan(4_000);
      expect(reply.status === 408 || reply.status === 0).toBe(true);
    });

    test('a client that trickles a body is cut off (requestTimeout)', async () => {
      const t0 = Date.now();
      const pieces: string[] = [`POST /dicomweb/studies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${stowType('b')}\r\nContent-Length: 40000\r\n\r\n`];
      for (let i = 0; i < 40; i++) pieces.push('x');
      const reply = await rawExchange(server.port, pieces, { delayMs: 250, timeoutMs: 9_000 });
      expect(Date.now() - t0).toBeLessThan(7_000);
      expect(reply.closedAfterMs).toBeGreaterThanOrEqual(2_500);
    });
  });
});

describe('DNS rebinding', () => {
  test('a loopback server answers only loopback host names', async () => {
    const f = fixture();
    const server = await startServer({ ohifDir: f.ohifDir, bundleDir: f.bundleDir, dataDirs: [], port: 0 });
    const get = (host: string) => rawExchange(server.port, [`GET /app-config.js HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
    try {
      for (const host of [`evil.example:${server.port}`, 'evil.example', `127.0.0.1.evil.example:${server.port}`, '']) {
        const reply = await get(host);
        expect([host, reply.status]).toEqual([host, 403]);
        expect(reply.body).not.toContain('window.config');
      }
      for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`]) {
        expect([host, (await get(host)).status]).toEqual([host, 200]);
      }
    } finally {
      await server.close();
    }
  });

  test('an explicit listen host is accepted as a name; a wildcard listen address accepts any', () => {
    const lan = hostGuard('192.0.2.7');
    expect(lan('192.0.2.7:3000')).toBe(true);
    expect(lan('localhost:3000')).toBe(true);
    expect(lan('evil.example:3000')).toBe(false);
    expect(hostGuard('0.0.0.0')('anything.example')).toBe(true);
    expect(hostGuard('::1')('[::1]:3000')).toBe(true);
  });
});

describe('listening address', () => {
  test('is loopback unless a host is given, and other interfaces are refused', async () => {
    const f = fixture();
    const server = await startServer({ ohifDir: f.ohifDir, bundleDir: f.bundleDir, dataDirs: [], port: 0 });
    try {
      expect(server.address).toBe('127.0.0.1');
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      const external = Object.values(networkInterfaces())
        .flat()
        .find(i => i && i.family === 'IPv4' && !i.internal);
      // Machines without another interface still check the bound address above.
      if (external) {
        const outcome = await new Promise<string>(resolve => {
          const s = net.connect(server.port, external.address);
          s.on('connect', () => (s.destroy(), resolve('connected')));
          s.on('error', e => resolve((e as NodeJS.ErrnoException).code ?? 'error'));
          // A firewall that drops the packet instead of refusing also means "not reachable".
          setTimeout(() => (s.destroy(), resolve('no answer')), 3_000).unref();
        });
        expect(['ECONNREFUSED', 'no answer']).toContain(outcome);
      }
    } finally {
      await server.close();
    }
  });
});

describe('the DICOMweb proxy in front of a PACS', () => {
  /** A stand-in PACS that records what reaches it. */
  let upstream: http.Server;
  let upstreamPort: number;
  const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; bodyBytes: number }> = [];
  let mode: 'ok' | 'unauthorized' = 'ok';
  let server: RunningServer;

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      let bodyBytes = 0;
      req.on('data', (c: Buffer) => (bodyBytes += c.length));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, bodyBytes });
        if (mode === 'unauthorized') {
          res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="pacs"', 'Content-Type': 'text/plain' });
          return res.end('no');
        }
        const self = `http://127.0.0.1:${upstreamPort}/pacs/dicom-web`;
        res.writeHead(200, { 'Content-Type': 'application/dicom+json', 'Set-Cookie': 'pacs-session=1', 'X-Pacs-Internal': 'yes' });
        res.end(JSON.stringify([{ '7FE00010': { vr: 'OW', BulkDataURI: `${self}/studies/1.2/series/3.4/instances/5.6/bulk/7fe00010` } }]));
      });
    });
    await new Promise<void>(r => upstream.listen(0, '127.0.0.1', () => r()));
    upstreamPort = (upstream.address() as net.AddressInfo).port;
    const f = fixture();
    const options: ServerOptions = {
      ohifDir: f.ohifDir,
      bundleDir: f.bundleDir,
      port: 0,
      stowLimitBytes: STOW_LIMIT,
      dicomwebProxy: { url: `http://proxyuser:s3cret@127.0.0.1:${upstreamPort}/pacs/dicom-web/` },
    };
    server = await startServer(options);
  });
  afterAll(async () => {
    await server.close();
    upstream.closeAllConnections();
    await new Promise(r => upstream.close(r));
  });
  beforeEach(() => {
    seen.length = 0;
    mode = 'ok';
  });

  test.each([
    '/dicomweb/../system',
    '/dicomweb/%2e%2e/system',
    '/dicomweb/..%2fsystem',
    '/dicomweb/studies/..%2f..%2f..%2ftools%2fexecute-script',
    '/dicomweb/studies/%2e%2e/%2e%2e/system',
    '/dicomweb/studies/..\\..\\system',
    '/dicomweb/system',
    '/dicomweb/tools/lookup',
    '/dicomweb/studies/1.2/%252e%252e',
    '/dicomweb//studies',
  ])('%s never reaches the PACS outside its DICOMweb root', async target => {
    await rawGet(server.port, target);
    for (const s of seen) {
      expect(s.url.startsWith('/pacs/dicom-web/studies') || s.url.startsWith('/pacs/dicom-web/series') || s.url.startsWith('/pacs/dicom-web/instances')).toBe(true);
      expect(s.url).not.toMatch(/\.\.|%/);
    }
  });

  test('forwards a plain query, adds the server-side credentials, and drops the browser\'s own', async () => {
    const res = await fetch(`${server.url}/dicomweb/studies?PatientID=A*&limit=5`, {
      headers: { Authorization: 'Bearer from-the-page', Cookie: 'viewer-session=1', Accept: 'application/dicom+json' },
    });
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe('/pacs/dicom-web/studies?PatientID=A*&limit=5');
    expect(seen[0].headers.authorization).toBe(`Basic ${Buffer.from('proxyuser:s3cret').toString('base64')}`);
    expect(seen[0].headers.cookie).toBeUndefined();
    expect(seen[0].headers.accept).toBe('application/dicom+json');
    // Nothing of the PACS's own session or internals comes back to the page.
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('x-pacs-internal')).toBeNull();
    const body = await res.text();
    expect(body).toContain(`${server.url}/dicomweb/studies/1.2/series/3.4/instances/5.6/bulk/7fe00010`);
    expect(body).not.toContain(String(upstreamPort));
  });

  test('the PACS address and credentials stay out of the page config', async () => {
    const config = await (await fetch(`${server.url}/app-config.js`)).text();
    expect(config).not.toContain('s3cret');
    expect(config).not.toContain('proxyuser');
  });

  test('a PACS that refuses our credentials is a 502 without a login prompt', async () => {
    mode = 'unauthorized';
    const res = await fetch(`${server.url}/dicomweb/studies`);
    expect(res.status).toBe(502);
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect((await res.json()).error).toMatch(/refused the proxy's credentials/);
  });

  test('an oversize STOW-RS body is refused with 413 and never completes at the PACS', async () => {
    const big = Buffer.alloc(STOW_LIMIT * 2, 0x41);
    const declared = await fetch(`${server.url}/dicomweb/studies`, { method: 'POST', headers: { 'Content-Type': stowType('b') }, body: asBody(big) });
    expect(declared.status).toBe(413);
    expect((await rawChunkedPost(server.port, '/dicomweb/studies', stowType('b'), big)).status).toBe(413);
    await new Promise(r => setTimeout(r, 100));
    expect(seen.filter(s => s.method === 'POST' && s.bodyBytes > STOW_LIMIT)).toEqual([]);
  });

  test('methods other than GET, HEAD and STOW-RS POST never reach the PACS', async () => {
    for (const [method, target] of [['DELETE', '/dicomweb/studies/1.2'], ['PUT', '/dicomweb/studies/1.2'], ['POST', '/dicomweb/studies/1.2/series/3.4']]) {
      expect((await rawGet(server.port, target, method)).status).toBe(405);
    }
    expect(seen).toEqual([]);
  });

  test('an unreachable PACS is a 502 that names it without its credentials', async () => {
    const f = fixture();
    const dead = await startServer({ ohifDir: f.ohifDir, bundleDir: f.bundleDir, port: 0, dicomwebProxy: { url: 'http://u:pw-123@127.0.0.1:1/dicom-web' } });
    try {
      const res = await fetch(`${dead.url}/dicomweb/studies`);
      expect(res.status).toBe(502);
      const { error } = await res.json();
      expect(error).toContain('127.0.0.1:1');
      expect(error).not.toContain('pw-123');
    } finally {
      await dead.close();
    }
  });
});
