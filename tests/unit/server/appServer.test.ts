import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MissingBundleError, startServer, type RunningServer } from '../../../tools/server/app';

function fakeHost(): { ohifDir: string; bundleDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pima-app-'));
  const ohifDir = path.join(dir, 'ohif');
  const bundleDir = path.join(dir, 'bundles');
  mkdirSync(ohifDir);
  mkdirSync(bundleDir);
  writeFileSync(path.join(ohifDir, 'index.html'), '<!doctype html><title>host</title>');
  writeFileSync(path.join(ohifDir, 'app.bundle.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  return { ohifDir, bundleDir };
}

describe('the npm start server', () => {
  test('refuses to start, naming the file, when a runtime bundle is missing', async () => {
    const { ohifDir, bundleDir } = fakeHost();
    writeFileSync(path.join(bundleDir, 'extension.js'), 'export default {}');
    await expect(startServer({ ohifDir, bundleDir, dataDirs: [], port: 0 })).rejects.toThrow(MissingBundleError);
    await expect(startServer({ ohifDir, bundleDir, dataDirs: [], port: 0 })).rejects.toThrow(/mode\.js is missing/);
  });

  describe('with bundles present', () => {
    let server: RunningServer;
    beforeAll(async () => {
      const { ohifDir, bundleDir } = fakeHost();
      writeFileSync(path.join(bundleDir, 'extension.js'), 'export default { id: "x" }');
      writeFileSync(path.join(bundleDir, 'mode.js'), 'export default { id: "m" }');
      server = await startServer({ ohifDir, bundleDir, dataDirs: [], port: 0 });
    });
    afterAll(() => server.close());

    test('every URL the generated config registers exists and is served as JavaScript', async () => {
      const config = await (await fetch(`${server.url}/app-config.js`)).text();
      const urls = [...config.matchAll(/new URL\("([^"]+)"/g)].map(m => m[1]).filter(u => u.endsWith('.js') || u.includes('.js?'));
      expect(urls.length).toBe(2);
      for (const u of urls) {
        const res = await fetch(`${server.url}${u}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
      }
    });

    test('client routes fall back to the app, but a missing bundle file is a 404, never HTML', async () => {
      const route = await fetch(`${server.url}/pima-ipn?StudyInstanceUIDs=1.2.3`);
      expect(route.status).toBe(200);
      expect(await route.text()).toContain('<title>host</title>');
      const missing = await fetch(`${server.url}/pima-ipn/nope.js`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/json/);
    });

    test('sends cross-origin isolation headers', async () => {
      const res = await fetch(`${server.url}/`);
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });

    test.each(['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/pima-ipn/..%2f..%2fsecret.txt', '/.%2e/secret.txt'])(
      'does not serve files outside its roots: %s',
      async p => {
        const res = await fetch(`${server.url}${p}`);
        expect(await res.text()).not.toContain('do not serve');
      }
    );
  });
});
