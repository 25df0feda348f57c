/** multipart/related encoding and parsing for WADO-RS responses and STOW-RS requests (PS3.18 §8.6). */
import { randomBytes } from 'node:crypto';

export interface Part {
  contentType: string;
  body: Uint8Array;
  headers?: Record<string, string>;
}

export function encodeMultipart(parts: Part[]): { boundary: string; body: Buffer } {
  const boundary = `pima-ipn-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const headers = { 'Content-Type': part.contentType, ...(part.headers ?? {}) };
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`), Buffer.from(part.body), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { boundary, body: Buffer.concat(chunks) };
}

export function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
  return m ? m[1] : null;
}

/** Splits a multipart/related body into parts; throws on a malformed body. */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart body has no boundary');
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (body.slice(start, start + 2).toString() === '--') break;
    if (body.slice(start, start + 2).toString() === '\r\n') start += 2;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    if (headerEnd < 0) throw new Error('multipart part has no header terminator');
    const headers: Record<string, string> = {};
    for (const line of body.slice(start, headerEnd).toString('latin1').split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) throw new Error('multipart body is not terminated');
    let end = next;
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2;
    parts.push({ contentType: headers['content-type'] ?? 'application/octet-stream', body: body.subarray(headerEnd + 4, end), headers });
    pos = next;
  }
  return parts;
}
