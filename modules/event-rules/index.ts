export { executionStatusPattern, objectCreatedPattern, wildcardLiteral, type ObjectCreatedPatternOptions } from './event-pattern.js';
export { FailedExecutionsRule, type FailedExecutionsRuleProps } from './failed-executions-rule.js';
export { ObjectCreatedRule, objectInputPaths, objectInputTemplate, type ObjectCreatedRuleProps } from './object-created-rule.js';
