/** One part of `npm run bench`: prints its figures, asserts nothing. */
export interface BenchPart {
  /** Short name, used to pick parts: `npm run bench -- <name>`. */
  readonly name: string;
  /** One line saying what it measures. */
  readonly description: string;
  run(): Promise<void>;
}
