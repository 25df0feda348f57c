/** A slice the model cannot read (colour, wrong bit depth, no pixels, ...). The message says which and why. */
export class ImageInputError extends Error {
  constructor(message: string, readonly sliceId?: string) {
    super(sliceId ? `${message} (slice ${sliceId})` : message);
    this.name = 'ImageInputError';
  }
}
