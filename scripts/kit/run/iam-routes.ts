import type { KitPlan } from '../terraform/kit-plan.js';

/**
 * The API routes that AWS guards with IAM (`authorization = "AWS_IAM"`, the stack's `upload.auth:
 * 'iam'`), as `POST /uploads`. The kit accepts IAM and does not check SigV4 signatures (IAM is not
 * enforced locally), so `npm run local` uploads to them unsigned; the summary says so.
 */
export function iamRoutes(plan: KitPlan): string[] {
  return plan.restApis.flatMap((api) => api.routes.filter((route) => route.authorization === 'AWS_IAM').map((route) => `${route.method} ${route.path}`));
}

/** The summary line for those routes, none when there are none. */
export function iamRoutesLines(plan: KitPlan): string[] {
  const routes = iamRoutes(plan);
  if (routes.length === 0) return [];
  return [`local: ${routes.join(', ')} use${routes.length === 1 ? 's' : ''} IAM auth (SigV4) on AWS; the kit does not check signatures, so this run sends its uploads unsigned`];
}
