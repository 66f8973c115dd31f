import { ConfigError } from '../config/errors.js';

/**
 * Runs a command; a configuration mistake is printed as its lines (each naming a field and its
 * value) with exit code 1 and no stack trace, which would bury them. Other errors propagate.
 */
export async function reportingConfigErrors(command: () => Promise<void>): Promise<void> {
  try {
    await command();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
