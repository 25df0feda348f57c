/** A new DICOM UID under the UUID-derived root 2.25 (PS3.5 §B.2): no registered org root needed. */
export function newUid(random: () => string = () => crypto.randomUUID()): string {
  return `2.25.${BigInt(`0x${random().replace(/-/g, '')}`).toString(10)}`;
}
