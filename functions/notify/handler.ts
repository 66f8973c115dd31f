/**
 * PLACEHOLDER so that packaging can build `notify-<arch>.zip` before the notify function lands
 * (functions/notify/ belongs to the notify function's work: replace this file with it whole).
 */
export const handler = async (): Promise<never> => {
  throw new Error('The notify function is not built yet: functions/notify/handler.ts is a placeholder');
};
