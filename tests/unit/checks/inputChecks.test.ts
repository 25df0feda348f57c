import { checkInput, hasBlockingError } from '../../../extension/src/core/checks/inputChecks';

const card = { modalities: ['CT'], sliceThicknessMm: [0.5, 5] as [number, number], pixelSpacingMm: [0.4, 1] as [number, number], roiSizeMm: [5, 120] as [number, number] };
const ct = { modality: 'CT', sliceThicknessMm: 1.25, pixelSpacingMm: [0.7, 0.7] as [number, number], rows: 512, columns: 512, samplesPerPixel: 1, hasRescale: true };
const roi = { x0: 100, y0: 100, x1: 140, y1: 130 };

test('an in-scope CT slice and ROI raise nothing', () => {
  expect(checkInput(card, ct, roi)).toEqual([]);
});

test('non-CT, localizer and colour images are blocking errors that say why', () => {
  const mr = checkInput(card, { ...ct, modality: 'MR' }, roi);
  expect(hasBlockingError(mr)).toBe(true);
  expect(mr[0].message).toMatch(/MR is out of scope/);
  expect(checkInput(card, { ...ct, imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'] }, roi).map(c => c.code)).toContain('localizer');
  expect(checkInput(card, { ...ct, samplesPerPixel: 3 }, roi).find(c => c.code === 'color')?.level).toBe('error');
});

test('out-of-range acquisition and ROI geometry are warnings with the numbers', () => {
  const checks = checkInput(card, { ...ct, sliceThicknessMm: 7, pixelSpacingMm: [1.2, 1.2] }, { x0: -10, y0: 0, x1: 2, y1: 3 });
  const codes = checks.map(c => c.code);
  expect(codes).toEqual(expect.arrayContaining(['thickness', 'spacing', 'roi-outside', 'roi-tiny']));
  expect(hasBlockingError(checks)).toBe(false);
  expect(checks.find(c => c.code === 'thickness')!.message).toContain('7 mm');
  const big = checkInput(card, ct, { x0: 0, y0: 0, x1: 400, y1: 10 });
  expect(big.find(c => c.code === 'roi-size')!.message).toContain('280 mm');
});

test('missing tags are reported, not guessed', () => {
  const codes = checkInput(card, { modality: 'CT', hasRescale: false }, roi).map(c => c.code);
  expect(codes).toEqual(expect.arrayContaining(['thickness-missing', 'spacing-missing', 'rescale']));
});
