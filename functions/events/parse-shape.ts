import type { z } from 'zod';
import { describeIssues, EventShapeError } from './errors.js';

/** `value` as `shape` describes it, or an EventShapeError naming `what` and each problem found. */
export function parseShape<Shape extends z.ZodType>(shape: Shape, value: unknown, what: string): z.output<Shape> {
  const parsed = shape.safeParse(value);
  if (!parsed.success) throw new EventShapeError(`${what}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
