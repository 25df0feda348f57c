/**
 * Writes one CT slice as a DICOM Part-10 file with dcmjs (CT Image Storage, Explicit VR Little
 * Endian). Every file says it is synthetic: SeriesDescription, ImageComments and a private block.
 */
import type { PatientParams } from './params';

// dcmjs ships no type declarations; this is the small surface the writer uses.
interface DcmjsLike {
  data: {
    DicomMetaDictionary: { denaturalizeDataset(d: Record<string, unknown>): Record<string, unknown> };
    DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(opts?: Record<string, unknown>): ArrayBuffer };
  };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dcmjs = require('dcmjs') as DcmjsLike;

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
export const IMPLEMENTATION_CLASS_UID = '2.25.229348372634526108476012391783049267154';
export const MANUFACTURER = 'PIMA-IPN phantom generator';
export const SYNTHETIC_COMMENT = 'Synthetic phantom - not patient data';
export const PRIVATE_CREATOR = 'PIMA-IPN PHANTOM';

export interface SeriesUids {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  sopInstanceUid: (k: number) => string;
}

export interface SliceGeometry {
  k: number;
  zDicom: number;
  /** Patient x/y of the centre of pixel (0, 0). */
  x0: number;
  y0: number;
}

export function buildSliceDataset(p: PatientParams, uids: SeriesUids, g: SliceGeometry, pixels: Int16Array | Uint16Array): Record<string, unknown> {
  const a = p.acquisition;
  const unsigned = a.rescale === 'unsigned-1024';
  const intercept = a.rescale === 'signed-0' ? 0 : -1024;
  const ds: Record<string, unknown> = {
    SpecificCharacterSet: 'ISO_IR 100',
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    SOPClassUID: CT_IMAGE_STORAGE,
    SOPInstanceUID: uids.sopInstanceUid(g.k),
    StudyDate: '20260101',
    SeriesDate: '20260101',
    AcquisitionDate: '20260101',
    ContentDate: '20260101',
    StudyTime: '090000',
    SeriesTime: '090100',
    AcquisitionTime: '090100',
    ContentTime: '090100',
    AccessionNumber: `ACC${String(p.index + 1).padStart(6, '0')}`,
    Modality: 'CT',
    Manufacturer: MANUFACTURER,
    InstitutionName: 'Synthetic',
    ReferringPhysicianName: '',
    StudyDescription: 'SYNTHETIC PHANTOM CT CHEST',
    SeriesDescription: `SYNTHETIC PHANTOM CT CHEST ${a.kernel} ${a.sliceThicknessMm}mm`,
    ManufacturerModelName: 'phantom',
    PatientName: p.patientId,
    PatientID: p.patientId,
    PatientBirthDate: '',
    PatientSex: 'O',
    PatientIdentityRemoved: 'YES',
    DeidentificationMethod: 'Synthetic data; no patient',
    BodyPartExamined: 'CHEST',
    SliceThickness: a.sliceThicknessMm,
    KVP: a.kvp,
    SpacingBetweenSlices: a.sliceThicknessMm,
    ConvolutionKernel: a.kernel,
    PatientPosition: 'FFS',
    ExposureTime: 500,
    XRayTubeCurrent: Math.round(a.mAs * 2),
    Exposure: a.mAs,
    StudyInstanceUID: uids.studyInstanceUid,
    SeriesInstanceUID: uids.seriesInstanceUid,
    StudyID: '1',
    SeriesNumber: 2,
    AcquisitionNumber: 1,
    InstanceNumber: g.k + 1,
    ImagePositionPatient: [ds16(g.x0), ds16(g.y0), ds16(g.zDicom)],
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    FrameOfReferenceUID: uids.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    SliceLocation: ds16(g.zDicom),
    ImageComments: SYNTHETIC_COMMENT,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: a.rows,
    Columns: a.columns,
    PixelSpacing: [ds16(a.pixelSpacingMm), ds16(a.pixelSpacingMm)],
    BitsAllocated: 16,
    BitsStored: unsigned ? 12 : 16,
    HighBit: unsigned ? 11 : 15,
    PixelRepresentation: unsigned ? 0 : 1,
    WindowCenter: [-600, 40],
    WindowWidth: [1500, 400],
    WindowCenterWidthExplanation: ['LUNG', 'MEDIASTINUM'],
    RescaleIntercept: intercept,
    RescaleSlope: 1,
    RescaleType: 'HU',
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
    PixelData: [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength)],
    _vrMap: { PixelData: 'OW' },
  };
  return ds;
}

/** Decimal strings (DS) hold at most 16 characters: positions are written to 1/1000 mm. */
export function ds16(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** Serialises a slice to a Part-10 buffer. */
export function writeSliceDicom(p: PatientParams, uids: SeriesUids, g: SliceGeometry, pixels: Int16Array | Uint16Array): Buffer {
  const ds = buildSliceDataset(p, uids, g, pixels);
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: CT_IMAGE_STORAGE,
    MediaStorageSOPInstanceUID: ds.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LE,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'PIMAIPN_PHANTOM1',
  };
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  const body = DicomMetaDictionary.denaturalizeDataset(ds);
  // Private block (group 0x0011): creator at (0011,0010), elements at (0011,10xx).
  body['00110010'] = { vr: 'LO', Value: [PRIVATE_CREATOR] };
  body['00111001'] = { vr: 'LO', Value: ['SYNTHETIC'] };
  // The label is deliberately not stored in the DICOM: validation must read it from labels.csv.
  body['00111002'] = { vr: 'LO', Value: [`generator ${p.generatorVersion} seed ${p.seed}`] };
  dict.dict = body;
  return Buffer.from(dict.write());
}
