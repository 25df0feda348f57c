/**
 * Pixel data frames out of a Part 10 file, in its stored transfer syntax (WADO-RS frame retrieval
 * with `transfer-syntax=*`): native frames are byte ranges, encapsulated frames are their fragments.
 */
import * as dicomParser from 'dicom-parser';

export interface Frame {
  bytes: Uint8Array;
  transferSyntaxUID: string;
}

export class FrameError extends Error {
  constructor(message: string, readonly status = 404) {
    super(message);
  }
}

export function readFrame(file: Uint8Array, frameNumber: number, transferSyntaxUID: string): Frame {
  const dataSet = dicomParser.parseDicom(file);
  const pixel = dataSet.elements.x7fe00010;
  if (!pixel) throw new FrameError('instance has no pixel data');
  const numberOfFrames = Number(dataSet.intString('x00280008') ?? 1) || 1;
  if (!Number.isInteger(frameNumber) || frameNumber < 1 || frameNumber > numberOfFrames) {
    throw new FrameError(`frame ${frameNumber} out of range 1..${numberOfFrames}`);
  }
  const index = frameNumber - 1;
  if (pixel.encapsulatedPixelData) {
    const fragments = pixel.fragments ?? [];
    let bytes: Uint8Array;
    if (pixel.basicOffsetTable && pixel.basicOffsetTable.length > 0) {
      bytes = dicomParser.readEncapsulatedImageFrame(dataSet, pixel, index);
    } else if (numberOfFrames === 1) {
      bytes = dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixel, 0, fragments.length);
    } else if (fragments.length === numberOfFrames) {
      bytes = dicomParser.readEncapsulatedPixelDataFromFragments(dataSet, pixel, index, 1);
    } else {
      throw new FrameError('multi-frame encapsulated pixel data without an offset table is not supported', 415);
    }
    return { bytes, transferSyntaxUID };
  }
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const samples = dataSet.uint16('x00280002') ?? 1;
  const bitsAllocated = dataSet.uint16('x00280100') ?? 16;
  const frameBytes = Math.ceil((rows * columns * samples * bitsAllocated) / 8);
  const start = pixel.dataOffset + index * frameBytes;
  if (frameBytes === 0 || start + frameBytes > pixel.dataOffset + pixel.length) {
    throw new FrameError('pixel data shorter than rows × columns × samples × bits allocated', 500);
  }
  return { bytes: file.subarray(start, start + frameBytes), transferSyntaxUID };
}
