import { S3Client } from '@aws-sdk/client-s3';
import { startFauxqs } from 'fauxqs';

export const testCredentials = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
export const testRegion = 'eu-west-1';

export type Emulator = Awaited<ReturnType<typeof startFauxqs>>;

/** fauxqs on a free port with logging off, plus a real S3 client pointed at it. */
export async function startEmulator(buckets: readonly string[]): Promise<{ server: Emulator; s3: S3Client; endpoint: string }> {
  const server = await startFauxqs({ port: 0, logger: false });
  for (const bucket of buckets) server.createBucket(bucket);
  const s3 = new S3Client({ endpoint: server.address, region: testRegion, forcePathStyle: true, credentials: testCredentials });
  return { server, s3, endpoint: server.address };
}
