/**
 * The tag naming which `functions/<name>/handler.ts` a Lambda function runs. The function
 * construct writes it; the local kit reads it to map a synthesized function to its source entry.
 */
export const pipelineFunctionTag = 'pipeline:function';
