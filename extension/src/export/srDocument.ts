/**
 * The model result as a DICOM Comprehensive SR following TID 1500 (Measurement Report), as a plain
 * naturalized dataset (dcmjs keyword form; pure, no DOM). One measurement group (TID 1410) holds the
 * ROI as an image-region SCOORD, P(PIMA) as a numeric measurement with the algorithm identification
 * (TID 4019: name, version, parameters incl. the model's SHA-256), the class at the card's threshold
 * as a qualitative evaluation, and the reader's accept/reject with comment.
 *
 * The tracking identifier uses cornerstone's RectangleROI tag, and the probability is also stated as
 * INFERRED FROM the region, so that OHIF rebuilds the ROI when the report is opened again.
 */
import type { Roi } from '../core/preprocess/types';
import type { InferenceResult } from '../core/result/types';

/** Patient and General Study module attributes the SR repeats from the series it reports on. */
export const PATIENT_STUDY_KEYWORDS = [
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'StudyDate',
  'StudyTime',
  'StudyID',
  'AccessionNumber',
  'ReferringPhysicianName',
] as const;
/** Of those, the person names (PN), which OHIF's metadata holds as { Alphabetic } objects. */
export const PERSON_NAME_KEYWORDS: ReadonlySet<string> = new Set(['PatientName', 'ReferringPhysicianName']);

export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const RECTANGLE_TRACKING_ID = 'Cornerstone3DTools@^0.1.0:RectangleROI';
/** Private coding scheme for concepts no standard terminology names (model outputs are not diagnoses). */
export const SCHEME = '99PIMAIPN';

type Code = { CodeValue: string; CodingSchemeDesignator: string; CodeMeaning: string };
type Item = Record<string, unknown>;

const code = (CodeValue: string, CodingSchemeDesignator: string, CodeMeaning: string): Code => ({
  CodeValue,
  CodingSchemeDesignator,
  CodeMeaning,
});

export const CODES = {
  report: code('126000', 'DCM', 'Imaging Measurement Report'),
  language: code('121049', 'DCM', 'Language of Content Item and Descendants'),
  english: code('eng', 'RFC5646', 'English'),
  observerType: code('121005', 'DCM', 'Observer Type'),
  device: code('121007', 'DCM', 'Device'),
  deviceUid: code('121012', 'DCM', 'Device Observer UID'),
  deviceName: code('121013', 'DCM', 'Device Observer Name'),
  procedure: code('121058', 'DCM', 'Procedure reported'),
  ctChest: code('169069000', 'SCT', 'Computed tomography of chest'),
  imageLibrary: code('111028', 'DCM', 'Image Library'),
  imageLibraryGroup: code('126200', 'DCM', 'Image Library Group'),
  measurements: code('126010', 'DCM', 'Imaging Measurements'),
  group: code('125007', 'DCM', 'Measurement Group'),
  trackingId: code('112039', 'DCM', 'Tracking Identifier'),
  trackingUid: code('112040', 'DCM', 'Tracking Unique Identifier'),
  imageRegion: code('111030', 'DCM', 'Image Region'),
  finding: code('121071', 'DCM', 'Finding'),
  lesion: code('52988006', 'SCT', 'Lesion'),
  algorithmName: code('111001', 'DCM', 'Algorithm Name'),
  algorithmVersion: code('111003', 'DCM', 'Algorithm Version'),
  algorithmParameters: code('111002', 'DCM', 'Algorithm Parameters'),
  comment: code('121106', 'DCM', 'Comment'),
  noUnits: code('1', 'UCUM', 'no units'),
  probability: code('P-PIMA', SCHEME, 'Model probability of pulmonary invasive mucinous adenocarcinoma'),
  modelClass: code('CLASS', SCHEME, 'Model output class at the model card threshold'),
  pima: code('PIMA', SCHEME, 'PIMA-like (model output, research use only)'),
  ipn: code('IPN', SCHEME, 'IPN-like (model output, research use only)'),
  review: code('REVIEW', SCHEME, 'Reader review of model output'),
  accepted: code('ACCEPTED', SCHEME, 'Accepted by reader'),
  rejected: code('REJECTED', SCHEME, 'Rejected by reader'),
  notReviewed: code('NOT-REVIEWED', SCHEME, 'Not reviewed'),
};

export interface SourceImage {
  sopClassUID: string;
  sopInstanceUID: string;
}

export interface SrInput {
  /** Patient/study attributes copied from the source series (naturalized keywords). */
  source: Record<string, unknown> & { StudyInstanceUID: string; SeriesInstanceUID: string };
  roi: Roi;
  roiImage: SourceImage;
  analysedImages: SourceImage[];
  result: InferenceResult;
  positiveClass: string;
  review: { decision: 'accepted' | 'rejected' | null; comment: string };
  modelName: string;
  uids: { series: string; sop: string; tracking: string; device: string };
  now: Date;
  seriesNumber?: number;
}

const text = (relationship: string, concept: Code, value: string): Item => ({
  RelationshipType: relationship,
  ValueType: 'TEXT',
  ConceptNameCodeSequence: [concept],
  TextValue: value.slice(0, 1024),
});
const codeItem = (relationship: string, concept: Code, value: Code): Item => ({
  RelationshipType: relationship,
  ValueType: 'CODE',
  ConceptNameCodeSequence: [concept],
  ConceptCodeSequence: [value],
});
const container = (relationship: string, concept: Code, children: Item[]): Item => ({
  RelationshipType: relationship,
  ValueType: 'CONTAINER',
  ConceptNameCodeSequence: [concept],
  ContinuityOfContent: 'SEPARATE',
  ContentSequence: children,
});
const imageRef = (img: SourceImage) => ({ ReferencedSOPClassUID: img.sopClassUID, ReferencedSOPInstanceUID: img.sopInstanceUID });

function dicomDate(d: Date): string {
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}
function dicomTime(d: Date): string {
  return d.toISOString().slice(11, 19).replace(/:/g, '');
}

/** Rectangle as a closed SCOORD polyline in image coordinates, TL, TR, BR, BL, TL (column, row). */
export function roiPolyline(roi: Roi): number[] {
  return [roi.x0, roi.y0, roi.x1, roi.y0, roi.x1, roi.y1, roi.x0, roi.y1, roi.x0, roi.y0];
}

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

export function buildSrDataset(input: SrInput): Record<string, unknown> {
  const { result, source, roi, review } = input;
  const p = result.aggregate.probability;
  const isPositive = result.aggregate.predictedClass === input.positiveClass;
  const parameters = [
    `sha256=${result.model.sha256}`,
    `backend=${result.backend.name}`,
    `aggregation=${result.aggregate.method} over ${result.aggregate.slices} slices`,
    `threshold=${result.aggregate.threshold}`,
    `slice probabilities=${result.slices.map(s => s.probability.toFixed(4)).join(';')}`,
    `demo model=${result.model.demo}`,
  ].join(', ');

  const algorithm = [
    text('HAS CONCEPT MOD', CODES.algorithmName, input.modelName),
    text('HAS CONCEPT MOD', CODES.algorithmVersion, `${result.model.id} ${result.model.version}`),
    text('HAS CONCEPT MOD', CODES.algorithmParameters, parameters),
  ];

  const region = (relationship: string): Item => ({
    RelationshipType: relationship,
    ValueType: 'SCOORD',
    ConceptNameCodeSequence: [CODES.imageRegion],
    GraphicType: 'POLYLINE',
    GraphicData: roiPolyline(roi),
    ContentSequence: [{ RelationshipType: 'SELECTED FROM', ValueType: 'IMAGE', ReferencedSOPSequence: [imageRef(input.roiImage)] }],
  });

  const group = container('CONTAINS', CODES.group, [
    text('HAS OBS CONTEXT', CODES.trackingId, RECTANGLE_TRACKING_ID),
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'UIDREF', ConceptNameCodeSequence: [CODES.trackingUid], UID: input.uids.tracking },
    codeItem('CONTAINS', CODES.finding, CODES.lesion),
    region('CONTAINS'),
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'NUM',
      ConceptNameCodeSequence: [CODES.probability],
      MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: [CODES.noUnits], NumericValue: Number(p.toFixed(6)) }],
      // TID 300 form as well (measurement INFERRED FROM its region): cornerstone's SR adapters look
      // for the SCOORD inside the first NUM item when they rebuild the RectangleROI.
      ContentSequence: [...algorithm, region('INFERRED FROM')],
    },
    codeItem('CONTAINS', CODES.modelClass, isPositive ? CODES.pima : CODES.ipn),
    codeItem(
      'CONTAINS',
      CODES.review,
      review.decision === 'accepted' ? CODES.accepted : review.decision === 'rejected' ? CODES.rejected : CODES.notReviewed
    ),
    ...(review.comment.trim() ? [text('CONTAINS', CODES.comment, review.comment.trim())] : []),
  ]);

  const content = [
    codeItem('HAS CONCEPT MOD', CODES.language, CODES.english),
    codeItem('HAS OBS CONTEXT', CODES.observerType, CODES.device),
    { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'UIDREF', ConceptNameCodeSequence: [CODES.deviceUid], UID: input.uids.device },
    text('HAS OBS CONTEXT', CODES.deviceName, input.modelName.slice(0, 64)),
    codeItem('HAS CONCEPT MOD', CODES.procedure, CODES.ctChest),
    container('CONTAINS', CODES.imageLibrary, [
      container(
        'CONTAINS',
        CODES.imageLibraryGroup,
        input.analysedImages.map(img => ({ RelationshipType: 'CONTAINS', ValueType: 'IMAGE', ReferencedSOPSequence: [imageRef(img)] }))
      ),
    ]),
    container('CONTAINS', CODES.measurements, [group]),
  ];

  return {
    ...Object.fromEntries(PATIENT_STUDY_KEYWORDS.filter((k) => source[k] !== undefined).map((k) => [k, source[k]])),
    // dcmjs' datasetToDict (OHIF's download and STOW writers) reads the transfer syntax from _meta.
    _meta: { TransferSyntaxUID: { Value: [EXPLICIT_VR_LITTLE_ENDIAN] } },
    StudyInstanceUID: source.StudyInstanceUID,
    SOPClassUID: COMPREHENSIVE_SR,
    SOPInstanceUID: input.uids.sop,
    SeriesInstanceUID: input.uids.series,
    Modality: 'SR',
    SeriesNumber: input.seriesNumber ?? 9901,
    InstanceNumber: 1,
    SeriesDescription: 'PIMA vs IPN model result (research use only)',
    Manufacturer: 'pima-ipn-ohif',
    ManufacturerModelName: input.modelName.slice(0, 64),
    SoftwareVersions: `${result.model.id} ${result.model.version}`,
    ContentDate: dicomDate(input.now),
    ContentTime: dicomTime(input.now),
    SeriesDate: dicomDate(input.now),
    SeriesTime: dicomTime(input.now),
    InstanceCreationDate: dicomDate(input.now),
    InstanceCreationTime: dicomTime(input.now),
    SpecificCharacterSet: 'ISO_IR 192',
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [CODES.report],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    CurrentRequestedProcedureEvidenceSequence: [
      {
        StudyInstanceUID: source.StudyInstanceUID,
        ReferencedSeriesSequence: [
          { SeriesInstanceUID: source.SeriesInstanceUID, ReferencedSOPSequence: input.analysedImages.map(imageRef) },
        ],
      },
    ],
    ContentSequence: content,
  };
}
