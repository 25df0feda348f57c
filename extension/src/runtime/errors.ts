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
