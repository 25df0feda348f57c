/**
 * Deterministic DICOM UIDs in the 2.25 (UUID-derived) arc: 2.25.<128-bit integer>, built from the
 * cohort seed and a path such as (patient, "series") so reruns give the same UIDs.
 */
import { hashSeed } from './rng';

export function deterministicUid(...parts: Array<number | string>): string {
  let v = 0n;
  for (let w = 0; w < 4; w++) v = (v << 32n) | BigInt(hashSeed('uid', w, ...parts));
  // Set the UUID version-4 and variant bits so the integer is a well-formed UUID value.
  v = (v & ~(0xfn << 76n)) | (0x4n << 76n);
  v = (v & ~(0x3n << 62n)) | (0x2n << 62n);
  return `2.25.${v.toString()}`;
}
