/** dcmjs ships no type declarations; we use its data (read/write) and naturalize helpers. */
declare module 'dcmjs' {
  export const data: {
    DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(options?: unknown): ArrayBuffer };
    DicomMessage: {
      readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): { meta: Record<string, any>; dict: Record<string, any> };
    };
    DicomMetaDictionary: {
      denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown>;
      naturalizeDataset(dataset: Record<string, unknown>): Record<string, any>;
      uid(): string;
    };
  };
  const dcmjs: { data: typeof data };
  export default dcmjs;
}
