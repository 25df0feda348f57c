import { PATIENT_STUDY_KEYWORDS } from '../../../extension/src/export/srDocument';
import { patientStudyAttributes } from '../../../extension/src/host/dataSource';
import { initHostContext } from '../../../extension/src/host/hostContext';
import type { ExtensionParams } from '../../../extension/src/host/ohifTypes';

/** The smallest host OHIF would hand preRegistration: cornerstone's utility module and one display set. */
function hostWith(instance: Record<string, unknown>): void {
  initHostContext({
    extensionManager: {
      getModuleEntry: () => ({ exports: { getCornerstoneLibraries: () => ({ cornerstone: {}, cornerstoneTools: {} }) } }),
    },
    servicesManager: { services: { displaySetService: { getDisplaySetByUID: (uid: string) => (uid === 'ds-1' ? { instances: [instance] } : undefined) } } },
    commandsManager: {},
  } as unknown as ExtensionParams);
}

describe('host patientStudyAttributes', () => {
  it('repeats every Patient/Study attribute the SR needs, with person names as plain strings', () => {
    hostWith({
      PatientName: [{ Alphabetic: 'PHANTOM^PIMA' }],
      ReferringPhysicianName: { Alphabetic: 'DOE^JANE' },
      PatientID: 'PHANTOM-0001',
      PatientBirthDate: '19600101',
      PatientSex: 'O',
      StudyDate: '20260101',
      StudyTime: '120000',
      StudyID: '1',
      AccessionNumber: 'A1',
      Modality: 'CT',
      Rows: 512,
    });
    const got = patientStudyAttributes('ds-1');
    expect(Object.keys(got).sort()).toEqual([...PATIENT_STUDY_KEYWORDS].sort());
    expect(got.PatientName).toBe('PHANTOM^PIMA');
    expect(got.ReferringPhysicianName).toBe('DOE^JANE');
    expect(got.AccessionNumber).toBe('A1');
  });

  it('leaves out what the source lacks, empty names included, and copes with an unknown display set', () => {
    hostWith({ PatientName: [{ Alphabetic: '' }], PatientID: 'P', StudyDate: null });
    expect(patientStudyAttributes('ds-1')).toEqual({ PatientID: 'P' });
    expect(patientStudyAttributes('other')).toEqual({});
  });
});
