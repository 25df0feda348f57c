/** The contact sheet tiles key slices in the lung window with class-coloured frames and ROI boxes. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateCohort } from '../../../tools/phantoms/cohort';
import { renderContactSheet, renderScrollStrip } from '../../../tools/phantoms/contactSheet';

function countColour(data: Buffer, rgb: [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2]) n++;
  return n;
}

describe('contact sheet', () => {
  it('draws one tile per chosen patient and frames each class in its colour', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phantom-sheet-'));
    try {
      const res = await generateCohort({ out: tmp, patients: 2, seed: 4, labels: ['PIMA', 'IPN'], sample: { test: { matrix: 64, numSlices: 4 } } });
      const sheet = renderContactSheet(tmp, res.rows, 1);
      expect(sheet.width).toBe(2 * 260);
      expect(sheet.height).toBe(260);
      // Frame (4 sides of a 258 px square) plus the ROI box, per class.
      expect(countColour(sheet.data, [255, 150, 30])).toBeGreaterThan(4 * 256);
      expect(countColour(sheet.data, [40, 210, 255])).toBeGreaterThan(4 * 256);
      // Lung window (-600/1500): air and lung map to dark grey (~60-90), soft tissue near white.
      let darkGrey = 0;
      let bright = 0;
      for (let i = 0; i < sheet.data.length; i += 4) {
        const v = sheet.data[i] as number;
        if (v === sheet.data[i + 1] && v === sheet.data[i + 2]) {
          if (v >= 45 && v <= 110) darkGrey++;
          else if (v >= 200) bright++;
        }
      }
      expect(darkGrey).toBeGreaterThan(0.2 * sheet.width * sheet.height);
      expect(bright).toBeGreaterThan(0.05 * sheet.width * sheet.height);
      const strip = renderScrollStrip(tmp, res.rows[0] as (typeof res.rows)[number], 4, 1);
      expect(strip.width).toBe(4 * 260);
      expect(strip.height).toBe(2 * 260);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
