import { describe, expect, it } from 'vitest';
import { iamRoutes, iamRoutesLines } from '../../scripts/kit/run/iam-routes.js';
import { keepHints } from '../../scripts/kit/run/keep-hints.js';
import type { RunTarget } from '../../scripts/kit/run/run-target.js';
import { loadPlan } from '../../scripts/kit/terraform/load-plan.js';
import { repoRoot, synthesizedStack, testEnv } from './support.js';

describe('an IAM-guarded upload API (upload.auth: iam) on the embedded kit', () => {
  it('finds POST /uploads guarded by IAM in the example stack, and none in dev (API key)', () => {
    // synthesizedStack is typed for the main stacks; an example is read the same way.
    const plan = (stack: string) => loadPlan(synthesizedStack(stack as 'dev'), { stack, repoRoot, env: testEnv });
    expect(iamRoutes(plan('outputs-in-uploads-bucket'))).toEqual(['POST /uploads']);
    expect(iamRoutesLines(plan('dev'))).toEqual([]);
  });

  it('prints a --keep upload that curl signs with SigV4 for execute-api, with the kit\'s test keys', () => {
    const target = { name: 'embedded', iamAuth: true, uploadUrl: 'http://127.0.0.1:1234/dev/uploads', endpoint: 'http://127.0.0.1:999', region: 'eu-west-1', outputsBucket: 'b', uploadsBucket: 'b', dlqUrl: 'http://q' } as RunTarget;
    expect(keepHints(target, 'cat.jpg')[0]).toBe("upload:       curl -sS -X POST 'http://127.0.0.1:1234/dev/uploads?filename=cat.jpg' --aws-sigv4 'aws:amz:eu-west-1:execute-api' --user test:test -H 'Content-Type: image/jpeg' --data-binary '@cat.jpg'");
  });
});
