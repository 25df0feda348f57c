/**
 * `npm start -- --pacs orthanc` in one call, shared with the end-to-end tests: a private Orthanc,
 * the given folders uploaded to it, and our server reverse-proxying `/dicomweb` to its DICOMweb root.
 */
import { startServer, type RunningServer, type ServerOptions } from '../server/app';
import { largestStudy, startOrthanc, uploadFolder, type Orthanc, type UploadReport } from './orthanc';

export interface OrthancBackedOptions extends Omit<ServerOptions, 'dicomwebProxy' | 'dicomwebUrl' | 'dataDirs' | 'stowDir'> {
  /** Orthanc's run folder (config, credentials, log, storage), e.g. `.cache/orthanc/default`. */
  orthancDir: string;
  /** Folders of DICOM files to upload before the viewer opens. */
  uploadDirs: string[];
  orthancHttpPort?: number;
  log?: (message: string) => void;
}

export interface OrthancBackedServer {
  server: RunningServer;
  orthanc: Orthanc;
  uploads: UploadReport[];
  /** Of the uploaded studies, the one whose largest series has the most images (the demo study), or null. */
  demoStudy: { studyInstanceUID: string; images: number } | null;
  /** Stops our server, then Orthanc. */
  close(): Promise<void>;
}

export async function startOrthancBackedServer(options: OrthancBackedOptions): Promise<OrthancBackedServer> {
  const { orthancDir, uploadDirs, orthancHttpPort, log, ...serverOptions } = options;
  const orthanc = await startOrthanc({ dir: orthancDir, httpPort: orthancHttpPort, log });
  try {
    const uploads: UploadReport[] = [];
    for (const dir of uploadDirs) uploads.push(await uploadFolder(orthanc, dir));
    const server = await startServer({
      ...serverOptions,
      dicomwebProxy: { url: orthanc.dicomwebRoot, user: orthanc.user, password: orthanc.password },
    });
    const demoStudy = await largestStudy(orthanc, uploads.flatMap(u => u.studies));
    return {
      server,
      orthanc,
      uploads,
      demoStudy,
      close: async () => {
        await server.close();
        await orthanc.stop();
      },
    };
  } catch (error) {
    await orthanc.stop();
    throw error;
  }
}
