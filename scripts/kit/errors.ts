/** Errors of the local kit. Each names what it is about, so the message alone says what to fix. */
export class KitError extends Error {
  override readonly name: string = 'KitError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The synthesized Terraform cannot be emulated as written: names the resource address and field. */
export class KitConfigError extends KitError {
  override readonly name = 'KitConfigError';
  constructor(
    readonly address: string,
    readonly field: string,
    reason: string,
  ) {
    super('KitConfig', `${address}${field ? `.${field}` : ''}: ${reason}`);
  }
}

/** A Terraform expression the kit's resolver does not understand. */
export class ExpressionError extends KitError {
  override readonly name = 'ExpressionError';
  constructor(expression: string, reason: string) {
    super('Expression', `cannot resolve ${JSON.stringify(expression)}: ${reason}`);
  }
}

/** The LocalStack target is not usable (not running, wrong services, terraform failed). */
export class LocalStackError extends KitError {
  override readonly name = 'LocalStackError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('LocalStack', message, options);
  }
}
