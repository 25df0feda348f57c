/**
 * npm run phantoms:sheet -- --data DIR --out FILE.png [--per-class 4] [--patient PHANTOM-0001]
 * Renders, in the lung window (-600/1500), the key slice of a few patients per class with the ROI
 * box (orange PIMA, cyan IPN), and a second image FILE-scroll.png of consecutive slices of one
 * patient around its key slice, to check that anatomy and lesion change smoothly when scrolling.
 */
import * as fs from 'node:fs';
import { PNG } from 'pngjs';
import { readHuSlice, seriesFiles } from './dicomRead';
import { readLabelsCsv, type LabelsRow } from './labelsCsv';
import * as path from 'node:path';

const TILE = 256;
const COLOURS: Record<'PIMA' | 'IPN', [number, number, number]> = { PIMA: [255, 150, 30], IPN: [40, 210, 255] };

interface Canvas {
  png: PNG;
  width: number;
}

function canvas(width: number, height: number): Canvas {
  const png = new PNG({ width, height });
  png.data.fill(0);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  return { png, width };
}

function setPx(c: Canvas, x: number, y: number, rgb: readonly number[]): void {
  if (x < 0 || y < 0 || x >= c.width || y >= c.png.height) return;
  const o = (y * c.width + x) * 4;
  c.png.data[o] = rgb[0] as number;
  c.png.data[o + 1] = rgb[1] as number;
  c.png.data[o + 2] = rgb[2] as number;
}

/** Box-filtered downsample of the windowed slice into a TILE x TILE tile at (ox, oy). */
function drawTile(c: Canvas, hu: Float32Array, rows: number, cols: number, ox: number, oy: number, center: number, width: number): void {
  const lo = center - width / 2;
  const sx = cols / TILE;
  const sy = rows / TILE;
  for (let ty = 0; ty < TILE; ty++) {
    for (let tx = 0; tx < TILE; tx++) {
      let acc = 0;
      let cnt = 0;
      // At least one source pixel per tile pixel, so images smaller than the tile are enlarged.
      const y0 = Math.floor(ty * sy);
      const x0 = Math.floor(tx * sx);
      const y1 = Math.max(y0 + 1, Math.floor((ty + 1) * sy));
      const x1 = Math.max(x0 + 1, Math.floor((tx + 1) * sx));
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) {
          acc += hu[y * cols + x] as number;
          cnt++;
        }
      const v = Math.max(0, Math.min(255, Math.round((acc / cnt - lo) / width * 255)));
      setPx(c, ox + tx, oy + ty, [v, v, v]);
    }
  }
}

function drawRect(c: Canvas, x0: number, y0: number, x1: number, y1: number, rgb: readonly number[], thick = 1): void {
  for (let t = 0; t < thick; t++) {
    for (let x = x0 - t; x <= x1 + t; x++) {
      setPx(c, x, y0 - t, rgb);
      setPx(c, x, y1 + t, rgb);
    }
    for (let y = y0 - t; y <= y1 + t; y++) {
      setPx(c, x0 - t, y, rgb);
      setPx(c, x1 + t, y, rgb);
    }
  }
}

export function renderContactSheet(dataDir: string, rows: LabelsRow[], perClass: number): PNG {
  const chosen = [...rows.filter((r) => r.label === 'PIMA').slice(0, perClass), ...rows.filter((r) => r.label === 'IPN').slice(0, perClass)];
  const cols = Math.min(4, chosen.length);
  const lines = Math.ceil(chosen.length / cols);
  const c = canvas(cols * (TILE + 4), lines * (TILE + 4));
  chosen.forEach((row, n) => {
    const ox = (n % cols) * (TILE + 4) + 2;
    const oy = Math.floor(n / cols) * (TILE + 4) + 2;
    const files = seriesFiles(dataDir, row);
    const k = row.keySliceIndex ?? (row.sliceIndices[Math.floor(row.sliceIndices.length / 2)] as number);
    const s = readHuSlice(files[k] as string);
    drawTile(c, s.hu, s.rows, s.columns, ox, oy, -600, 1500);
    const colour = COLOURS[row.label];
    if (row.roi) {
      const fx = TILE / s.columns;
      const fy = TILE / s.rows;
      drawRect(c, ox + Math.floor(row.roi.x0 * fx) - 1, oy + Math.floor(row.roi.y0 * fy) - 1, ox + Math.ceil(row.roi.x1 * fx), oy + Math.ceil(row.roi.y1 * fy), colour);
    }
    drawRect(c, ox - 1, oy - 1, ox + TILE, oy + TILE, colour);
  });
  return c.png;
}

/** Consecutive slices (every `step`-th) around the key slice of one patient, plus a 2x zoom on the lesion. */
export function renderScrollStrip(dataDir: string, row: LabelsRow, count: number, step: number): PNG {
  const files = seriesFiles(dataDir, row);
  const key = row.keySliceIndex ?? 0;
  const first = Math.max(0, Math.min(files.length - count * step, key - Math.floor(count / 2) * step));
  const cols = Math.min(4, count);
  const lines = Math.ceil(count / cols) * 2;
  const c = canvas(cols * (TILE + 4), lines * (TILE + 4));
  for (let n = 0; n < count; n++) {
    const k = Math.min(files.length - 1, first + n * step);
    const s = readHuSlice(files[k] as string);
    const ox = (n % cols) * (TILE + 4) + 2;
    const oy = Math.floor(n / cols) * (TILE + 4) + 2;
    drawTile(c, s.hu, s.rows, s.columns, ox, oy, -600, 1500);
    // Zoomed lesion crop under the overview row: 128 x 128 source pixels around the lesion centre.
    const cx = row.roi ? Math.round((row.roi.x0 + row.roi.x1) / 2) : s.columns / 2;
    const cy = row.roi ? Math.round((row.roi.y0 + row.roi.y1) / 2) : s.rows / 2;
    const half = 64;
    const zoy = oy + Math.ceil(count / cols) * (TILE + 4);
    for (let ty = 0; ty < TILE; ty++)
      for (let tx = 0; tx < TILE; tx++) {
        const x = Math.floor(cx - half + (tx * 2 * half) / TILE);
        const y = Math.floor(cy - half + (ty * 2 * half) / TILE);
        const h = x >= 0 && y >= 0 && x < s.columns && y < s.rows ? (s.hu[y * s.columns + x] as number) : -1000;
        const v = Math.max(0, Math.min(255, Math.round(((h + 1350) / 1500) * 255)));
        setPx(c, ox + tx, zoy + ty, [v, v, v]);
      }
    if (k === key) drawRect(c, ox - 1, oy - 1, ox + TILE, oy + TILE, COLOURS[row.label], 2);
  }
  return c.png;
}

function main(): void {
  const argv = process.argv.slice(2);
  let data = '';
  let out = '';
  let perClass = 4;
  let patient = '';
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[++i];
    if (v === undefined) throw new Error(`${k} needs a value`);
    if (k === '--data') data = v;
    else if (k === '--out') out = v;
    else if (k === '--per-class') perClass = Number(v);
    else if (k === '--patient') patient = v;
    else throw new Error(`unknown argument ${k}`);
  }
  if (!data || !out) throw new Error('usage: npm run phantoms:sheet -- --data DIR --out FILE.png [--per-class 4] [--patient ID]');
  const rows = readLabelsCsv(path.join(data, 'labels.csv'));
  fs.writeFileSync(out, PNG.sync.write(renderContactSheet(data, rows, perClass)));
  const one = patient ? rows.find((r) => r.patientId === patient) : rows[0];
  if (!one) throw new Error(`patient ${patient} not in labels.csv`);
  const scrollOut = out.replace(/\.png$/i, '') + '-scroll.png';
  fs.writeFileSync(scrollOut, PNG.sync.write(renderScrollStrip(data, one, 8, 1)));
  console.log(`wrote ${out} and ${scrollOut}`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
