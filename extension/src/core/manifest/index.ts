export * from './types';
export { parseManifest, ManifestError, SUPPORTED_PREPROCESS_VERSION } from './parseManifest';
