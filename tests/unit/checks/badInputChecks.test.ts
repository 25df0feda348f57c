/**
 * The scope checks added for the bad-input suite (issue 8): secondary captures, multi-frame images
 * and ROIs that miss the image entirely. The browser suite shows the panel side; these pin the rules.
 */
import { checkInput, hasBlockingError } from '../../../extension/src/core/checks/inputChecks';

const card = { modalities: ['CT'], sliceThicknessMm: [0.5, 5] as [number, number], pixelSpacingMm: [0.4, 1] as [number, number], roiSizeMm: [5, 120] as [number, number] };
const ct = { modality: 'CT', sliceThicknessMm: 1.25, pixelSpacingMm: [0.7, 0.7] as [number, number], rows: 96, columns: 96, samplesPerPixel: 1, hasRescale: true, sopClassUid: '1.2.840.10008.5.1.4.1.1.2' };
const roi = { x0: 20, y0: 20, x1: 50, y1: 50 };

test('a CT Image Storage slice raises nothing new', () => {
  expect(checkInput(card, { ...ct, numberOfFrames: 1 }, roi)).toEqual([]);
});

test('every secondary-capture class is a blocking error even when labelled CT', () => {
  for (const uid of ['1.2.840.10008.5.1.4.1.1.7', '1.2.840.10008.5.1.4.1.1.7.4']) {
    const checks = checkInput(card, { ...ct, sopClassUid: uid }, roi);
    expect(hasBlockingError(checks)).toBe(true);
    expect(checks.find(c => c.code === 'secondary-capture')?.message).toMatch(/secondary capture/);
  }
});

test('a multi-frame image runs with a warning naming the frame count', () => {
  const checks = checkInput(card, { ...ct, numberOfFrames: 4 }, roi);
  expect(hasBlockingError(checks)).toBe(false);
  expect(checks.find(c => c.code === 'multiframe')?.message).toContain('4 frames');
});

test('an ROI that misses the image is refused; one that straddles an edge only warns', () => {
  for (const miss of [{ x0: 96, y0: 0, x1: 120, y1: 20 }, { x0: -30, y0: 10, x1: 0, y1: 40 }, { x0: 10, y0: 100, x1: 40, y1: 130 }]) {
    const checks = checkInput(card, ct, miss);
    expect(checks.map(c => c.code)).toContain('roi-no-overlap');
    expect(checks.map(c => c.code)).not.toContain('roi-outside');
    expect(hasBlockingError(checks)).toBe(true);
  }
  const edge = checkInput(card, ct, { x0: -10, y0: -10, x1: 30, y1: 30 });
  expect(edge.map(c => c.code)).toContain('roi-outside');
  expect(hasBlockingError(edge)).toBe(false);
});
