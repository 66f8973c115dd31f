/** An error SSM answers with: its `__type` (what the SDK turns into the exception's name), message and HTTP status. */
export class SsmError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export class ParameterNotFoundError extends SsmError {
  constructor(name: string) {
    super('ParameterNotFound', `Parameter ${name} not found.`);
  }
}

export class ValidationError extends SsmError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}
