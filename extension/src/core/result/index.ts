export * from './types';
export { softmax } from './softmax';
export { aggregate } from './aggregate';
export { mapToImage, normaliseForDisplay, CAM_MEANING, ATTENTION_MEANING } from './maps';
export { buildSliceResults, aggregateSlices, checkOutputShapes, OutputShapeError } from './buildResult';
export type { RawOutput, RawOutputs } from './buildResult';
