import { summariseDisplaySet } from '../../../extension/src/host/activeSeries';
import type { DisplaySet } from '../../../extension/src/host/ohifTypes';

const base: DisplaySet = { displaySetInstanceUID: 'ds1', StudyInstanceUID: '1.2', SeriesInstanceUID: '1.2.3' };

test('takes modality, description and image count from the display set', () => {
  const s = summariseDisplaySet('vp', { ...base, Modality: 'CT', SeriesDescription: 'LUNG', imageIds: ['a', 'b', 'c'] }, 1, 'b');
  expect(s).toMatchObject({ modality: 'CT', seriesDescription: 'LUNG', numImages: 3, sliceIndex: 1, imageId: 'b', viewportId: 'vp' });
});

test('falls back to the first instance when the display set lacks series attributes', () => {
  const s = summariseDisplaySet('vp', { ...base, instances: [{ Modality: 'MR', SeriesDescription: 'T1' }, {}] }, null, null);
  expect(s).toMatchObject({ modality: 'MR', seriesDescription: 'T1', numImages: 2, sliceIndex: null });
});

test('reports an unknown modality rather than pretending it is CT', () => {
  expect(summariseDisplaySet('vp', base, null, null).modality).toBe('unknown');
});
