/**
 * npm run bench:startup [-- --runs 2]: time from `npm start` to the first rendered image, as a new user sees it.
 * Spawns the real start command on a free port, waits for the demo URL it prints, opens that URL in Debian's
 * headless Chromium and waits until cornerstone reports the viewport rendered. Prints the figures; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, waitForViewportsRendered } from '../browser/chromium';

const root = path.resolve(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function once(): Promise<{ serverMs: number; firstImageMs: number; url: string }> {
  const port = await freePort();
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tools/server/start.ts'), '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = out.match(/PIMA-like phantom: (\S+)/);
        if (m) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before printing the demo URL:\n${out}`)));
    });
    const serverMs = Date.now() - t0;
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(url);
      await waitForViewportsRendered(page, 120_000, 100);
      return { serverMs, firstImageMs: Date.now() - t0, url };
    } finally {
      await browser.close();
    }
  } finally {
    child.kill('SIGINT');
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '2' } } });
  const runs = Number(values.runs);
  console.log('run | npm start → server ready (ms) | npm start → first rendered image (ms)');
  for (let i = 1; i <= runs; i++) {
    const r = await once();
    console.log(`${i} | ${r.serverMs} | ${r.firstImageMs}`);
  }
  console.log('(run 1 may include the build and the demo-data generation when they were not done yet; later runs are warm)');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
