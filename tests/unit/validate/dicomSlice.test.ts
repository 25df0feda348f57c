import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHuSlice } from '../../../tools/phantoms/dicomRead';
import { assertSupportedTransferSyntax, parseDataSet, readPixels } from '../../../tools/validate/dicomSlice';
import { indexDicomFolder } from '../../../tools/validate/cohort';
import { tinyCohort } from './support/tinyCohort';

describe('dicomSlice', () => {
  it('reads stored values and rescale that give the same HU as the phantom generator\'s own reader', async () => {
    const dir = await tinyCohort(21, ['PIMA', 'IPN']);
    const index = indexDicomFolder(dir);
    const [series] = [...index.series.values()];
    const file = series[4].path;
    const slice = readPixels(parseDataSet(new Uint8Array(readFileSync(file)), file, false), file);
    const reference = readHuSlice(file);
    expect([slice.rows, slice.columns]).toEqual([reference.rows, reference.columns]);
    const hu = Array.from(slice.pixelData!, (v) => v * (slice.rescaleSlope ?? 1) + (slice.rescaleIntercept ?? 0));
    expect(hu).toEqual(Array.from(reference.hu));
  }, 120000);
  it('indexes series sorted by z ascending (k = InstanceNumber − 1 for the generator) and skips non-DICOM files', async () => {
    const dir = await tinyCohort(21, ['PIMA', 'IPN']);
    // labels.csv and the fixture's marker sit beside the images: they must be skipped, not reported.
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['labels.csv', 'complete']));
    const index = indexDicomFolder(dir);
    expect(index.series.size).toBe(2);
    expect(index.unreadable).toEqual([]);
    for (const list of index.series.values()) {
      list.forEach((f, k) => {
        expect(f.header.instanceNumber).toBe(k + 1);
        if (k > 0) expect(f.header.z).toBeGreaterThan(list[k - 1].header.z);
      });
    }
  }, 120000);
  it('refuses compressed transfer syntaxes with a hint, accepts the uncompressed little-endian ones', () => {
    expect(() => assertSupportedTransferSyntax('1.2.840.10008.1.2.4.50', 'x.dcm')).toThrow(/x\.dcm: transfer syntax 1\.2\.840\.10008\.1\.2\.4\.50 is not supported.*gdcmconv --raw/);
    expect(() => assertSupportedTransferSyntax('1.2.840.10008.1.2.2', 'x.dcm')).toThrow(/not supported/);
    expect(() => assertSupportedTransferSyntax('1.2.840.10008.1.2.1', 'x.dcm')).not.toThrow();
    expect(() => assertSupportedTransferSyntax(undefined, 'x.dcm')).not.toThrow();
  });
  it('names a file that is not DICOM', () => {
    expect(() => parseDataSet(new TextEncoder().encode('hello'), 'notes.dcm', true)).toThrow(/notes\.dcm: not a readable DICOM file/);
  });
});
