import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';

/** S3's answers to CreateBucket for a bucket that is already there. */
const alreadyThere = new Set(['BucketAlreadyOwnedByYou', 'BucketAlreadyExists']);

/** Creates a bucket unless it exists: applying twice, or seeding into a bucket the stack built, is not an error. */
export async function ensureBucket(s3: Pick<S3Client, 'send'>, name: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: name }));
  } catch (error) {
    if (!alreadyThere.has((error as { name?: string }).name ?? '')) throw error;
  }
}
