/** Errors the engine raises for a model it will not run; each message names what was expected and what was found. */
export class ModelFetchError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ModelFetchError';
  }
}

export class ModelIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelIntegrityError';
  }
}

export class ModelMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelMismatchError';
  }
}

export class BackendUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

/**
 * A GPU backend failed or lost its device during a run. The worker that owned it is not reused: a run on a
 * lost device may never settle, and ORT's WASM module cannot safely take new calls while one is suspended,
 * so the engine starts a fresh WASM worker and re-runs the batch.
 */
export class GpuRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GpuRunError';
  }
}

/** A runtime's error message fit for a status line: one line, ORT's source-path prefixes dropped, bounded. */
export function conciseMessage(message: string, max = 200): string {
  const flat = message.replace(/\s+/g, ' ').replace(/ERROR_MESSAGE: \S+\.(cc|cpp|h):\d+ /g, '').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
