import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import { GetParameterCommand, GetParametersByPathCommand, GetParametersCommand, ParameterNotFound, SSMClient, paginateGetParametersByPath } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSsmServer, type SsmServer } from '../../scripts/kit/ssm/ssm-server.js';
import { testCredentials, testRegion } from '../support/emulator.js';

const accountId = '000000000000';
const secretJson = '{"token":"tok-0123456789abcdef","signingSecret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}';

let server: SsmServer;
let ssm: SSMClient;

beforeAll(async () => {
  server = await startSsmServer({
    region: testRegion,
    accountId,
    parameters: {
      '/imgpipe-dev/webhooks/orders-app': { value: secretJson, type: 'SecureString' },
      '/imgpipe-dev/webhooks/cms': { value: 'cms-secret', type: 'SecureString' },
      '/imgpipe-dev/plain': { value: 'visible', type: 'String' },
      '/other/thing': { value: 'elsewhere', type: 'String' },
    },
  });
  ssm = new SSMClient({ endpoint: server.endpoint, region: testRegion, credentials: testCredentials });
});
afterAll(async () => {
  ssm.destroy();
  await server.stop();
});

describe('the local SSM endpoint, read with the AWS SDK', () => {
  it('returns a SecureString decrypted, in the shape AWS gives', async () => {
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/imgpipe-dev/webhooks/orders-app', WithDecryption: true }));
    expect(Parameter).toMatchObject({
      Name: '/imgpipe-dev/webhooks/orders-app',
      Type: 'SecureString',
      Value: secretJson,
      Version: 1,
      ARN: `arn:aws:ssm:${testRegion}:${accountId}:parameter/imgpipe-dev/webhooks/orders-app`,
      DataType: 'text',
    });
    expect(Parameter?.LastModifiedDate).toBeInstanceOf(Date);
    expect(Math.abs(Date.now() - Parameter!.LastModifiedDate!.getTime())).toBeLessThan(60_000);
  });

  it('never reveals a SecureString read without decryption, but shows a String', async () => {
    const secure = await ssm.send(new GetParameterCommand({ Name: '/imgpipe-dev/webhooks/orders-app' }));
    expect(secure.Parameter?.Value).not.toContain('tok-');
    expect(secure.Parameter?.Value).toMatch(/^AQICAH[A-Za-z0-9+/=]+$/);
    const plain = await ssm.send(new GetParameterCommand({ Name: '/imgpipe-dev/plain' }));
    expect(plain.Parameter?.Value).toBe('visible');
  });

  it('answers a missing name with the SDK\'s ParameterNotFound', async () => {
    const failure = ssm.send(new GetParameterCommand({ Name: '/imgpipe-dev/webhooks/nobody', WithDecryption: true }));
    await expect(failure).rejects.toBeInstanceOf(ParameterNotFound);
    await expect(failure).rejects.toMatchObject({ name: 'ParameterNotFound', $metadata: { httpStatusCode: 400 } });
  });

  it('returns several names at once and lists the missing ones as invalid', async () => {
    const reply = await ssm.send(new GetParametersCommand({ Names: ['/imgpipe-dev/webhooks/cms', '/nope', '/imgpipe-dev/plain'], WithDecryption: true }));
    expect(reply.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      ['/imgpipe-dev/webhooks/cms', 'cms-secret'],
      ['/imgpipe-dev/plain', 'visible'],
    ]);
    expect(reply.InvalidParameters).toEqual(['/nope']);
  });

  it('refuses more than ten names with a ValidationException', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `/p${i}`);
    await expect(ssm.send(new GetParametersCommand({ Names: names }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('walks a path: direct children only unless recursive, every page through NextToken', async () => {
    const direct = await ssm.send(new GetParametersByPathCommand({ Path: '/imgpipe-dev' }));
    expect(direct.Parameters?.map((p) => p.Name)).toEqual(['/imgpipe-dev/plain']);

    const names: string[] = [];
    for await (const page of paginateGetParametersByPath({ client: ssm, pageSize: 1 }, { Path: '/imgpipe-dev/', Recursive: true, WithDecryption: true, MaxResults: 1 })) {
      expect(page.Parameters?.length).toBeLessThanOrEqual(1);
      names.push(...(page.Parameters ?? []).map((p) => `${p.Name}=${p.Value}`));
    }
    expect(names).toEqual(['/imgpipe-dev/plain=visible', '/imgpipe-dev/webhooks/cms=cms-secret', `/imgpipe-dev/webhooks/orders-app=${secretJson}`]);
  });

  it('counts versions and shows a value changed with set()', async () => {
    server.set('/imgpipe-dev/rotating', 'one');
    server.set('/imgpipe-dev/rotating', 'two');
    const { Parameter } = await ssm.send(new GetParameterCommand({ Name: '/imgpipe-dev/rotating', WithDecryption: true }));
    expect(Parameter).toMatchObject({ Value: 'two', Version: 2, Type: 'SecureString' });
    expect(server.get('/imgpipe-dev/rotating')).toBe('two');
    expect(server.names()).toContain('/imgpipe-dev/rotating');
  });
});

describe('the local SSM endpoint, read with Powertools Parameters', () => {
  it('gives the decrypted secret as parsed JSON', async () => {
    const provider = new SSMProvider({ awsSdkV3Client: ssm });
    const value = await provider.get('/imgpipe-dev/webhooks/orders-app', { decrypt: true, transform: 'json', maxAge: 60 });
    expect(value).toEqual(JSON.parse(secretJson));
  });

  it('fails on a missing parameter, naming it', async () => {
    const provider = new SSMProvider({ awsSdkV3Client: ssm });
    await expect(provider.get('/imgpipe-dev/webhooks/ghost', { decrypt: true })).rejects.toThrow(/ghost|not found/i);
  });
});
