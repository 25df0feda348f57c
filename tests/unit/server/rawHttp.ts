/**
 * HTTP over a raw socket for the security tests: `fetch` normalises `..` and `%2e%2e` before a
 * request leaves, and cannot stream a chunked body while still reading an early 413, so attacks
 * on un-normalised targets and body limits are sent byte for byte.
 */
import net from 'node:net';

export interface RawReply {
  status: number;
  statusLine: string;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from connect until the server closed the connection. */
  closedAfterMs: number;
}

function parse(reply: string, closedAfterMs: number): RawReply {
  const end = reply.indexOf('\r\n\r\n');
  const head = end < 0 ? reply : reply.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), statusLine, headers, body: end < 0 ? '' : reply.slice(end + 4), closedAfterMs };
}

/**
 * Writes `pieces` in order (strings or buffers, `delayMs` apart) and resolves once the server
 * closes the connection; requests should say `Connection: close`.
 */
export function rawExchange(port: number, pieces: Array<string | Buffer>, options: { delayMs?: number; timeoutMs?: number } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(parse(reply, Date.now() - t0));
    };
    const timer = setTimeout(() => {
      done = true;
      socket.destroy();
      reject(new Error(`server kept the connection open for ${options.timeoutMs ?? 10_000} ms; got ${JSON.stringify(reply.slice(0, 120))}`));
    }, options.timeoutMs ?? 10_000);
    socket.on('data', d => (reply += d.toString('latin1')));
    // A server that answers early and closes may reset our remaining writes; the reply still counts.
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', async () => {
      for (const piece of pieces) {
        if (socket.destroyed || done) return;
        socket.write(piece);
        if (options.delayMs) await new Promise(r => setTimeout(r, options.delayMs));
      }
    });
  });
}

/** A GET for an exact, un-normalised request target. */
export function rawGet(port: number, target: string, method = 'GET'): Promise<RawReply> {
  return rawExchange(port, [`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`]);
}

/** A POST whose body goes out in chunked transfer encoding (no Content-Length). */
export function rawChunkedPost(port: number, target: string, contentType: string, body: Buffer, chunkSize = 8192): Promise<RawReply> {
  const pieces: Array<string | Buffer> = [
    `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: ${contentType}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
  ];
  for (let i = 0; i < body.length; i += chunkSize) {
    const c = body.subarray(i, i + chunkSize);
    pieces.push(Buffer.concat([Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')]));
  }
  pieces.push('0\r\n\r\n');
  return rawExchange(port, pieces, { delayMs: 2 });
}
