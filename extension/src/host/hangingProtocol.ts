/**
 * One CT stack viewport opened in the lung window (WL −600 / WW 1500), the window the model reads.
 * Shaped like @ohif/extension-default's 'default' protocol in 3.13.2.
 */
import { HANGING_PROTOCOL_ID } from '../id';

export const LUNG_WINDOW = { windowCenter: -600, windowWidth: 1500 } as const;

export const lungWindowProtocol = {
  id: HANGING_PROTOCOL_ID,
  name: 'PIMA vs IPN: CT, lung window',
  locked: true,
  createdDate: '2026-12-03T00:00:00.000Z',
  modifiedDate: '2026-12-03T00:00:00.000Z',
  availableTo: {},
  editableBy: {},
  protocolMatchingRules: [],
  toolGroupIds: ['default'],
  numberOfPriorsReferenced: 0,
  defaultViewport: {
    viewportOptions: { viewportType: 'stack', toolGroupId: 'default', allowUnmatchedView: true },
    displaySets: [{ id: 'ctDisplaySet', matchedDisplaySetsIndex: -1 }],
  },
  displaySetSelectors: {
    ctDisplaySet: {
      seriesMatchingRules: [
        { weight: 10, attribute: 'numImageFrames', constraint: { greaterThan: { value: 0 } } },
        { weight: 5, attribute: 'Modality', constraint: { equals: { value: 'CT' } } },
        // Prefer a real axial series over a one-image localizer in the same study.
        { weight: 2, attribute: 'numImageFrames', constraint: { greaterThan: { value: 1 } } },
        { weight: 20, attribute: 'isDisplaySetFromUrl', constraint: { equals: true } },
      ],
    },
  },
  stages: [
    {
      name: 'lung',
      viewportStructure: { layoutType: 'grid', properties: { rows: 1, columns: 1 } },
      viewports: [
        {
          viewportOptions: {
            viewportType: 'stack',
            viewportId: 'default',
            toolGroupId: 'default',
            initialImageOptions: { custom: 'sopInstanceLocation' },
          },
          displaySets: [{ id: 'ctDisplaySet', options: { voi: LUNG_WINDOW } }],
        },
      ],
    },
  ],
};
