import type { NotificationTarget } from '../terraform/kit-plan.js';

/** `s3:ObjectCreated:*` matches `ObjectCreated:Put`; `s3:ObjectCreated:Put` matches only itself. */
export function eventTypeMatches(configured: string, eventName: string): boolean {
  const pattern = configured.replace(/^s3:/, '');
  if (pattern.endsWith(':*')) return eventName.startsWith(pattern.slice(0, -1));
  return pattern === eventName;
}

/** Whether a notification target wants this event for this (stored, unencoded) key. */
export function targetMatches(target: NotificationTarget, eventName: string, key: string): boolean {
  return (
    target.events.some((configured) => eventTypeMatches(configured, eventName)) &&
    key.startsWith(target.filterPrefix) &&
    key.endsWith(target.filterSuffix)
  );
}
