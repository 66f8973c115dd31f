import { describe, expect, it } from 'vitest';
import { toJsonValue } from '../../scripts/kit/lambda/json-value.js';

const viaJsonText = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
};

describe('toJsonValue (what a sandbox receives and returns)', () => {
  const cases: Record<string, unknown> = {
    'a proxy event with an undefined field and a base64 body': { requestContext: { authorizer: undefined, requestTimeEpoch: 1 }, body: 'QUJD'.repeat(1000), isBase64Encoded: true },
    'dates and objects with toJSON': { at: new Date(0), nested: { toJSON: (key: string) => `called for ${key}` } },
    'arrays with holes, undefined, functions and symbols': [1, , undefined, () => 1, Symbol('s'), 'x'],
    'non-finite numbers and negative zero': { nan: Number.NaN, inf: Infinity, negativeZero: -0, list: [-Infinity, -0] },
    'boxed primitives': { n: Object(3) as unknown, s: Object('text') as unknown, b: Object(false) as unknown },
    'a Buffer, a Map and a typed array': { buffer: Buffer.from('hi'), map: new Map([['a', 1]]), bytes: new Uint8Array([1, 2]) },
    'symbol keys, functions and a __proto__ key': JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as unknown,
    'top-level primitives': ['text', 0, true, null],
  };
  for (const [name, value] of Object.entries(cases)) {
    it(`gives what JSON would for ${name}`, () => {
      expect(toJsonValue(value)).toStrictEqual(viaJsonText(value));
    });
  }

  it('keeps a __proto__ key as data instead of changing the prototype', () => {
    const value = toJsonValue(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect((value as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('gives undefined where JSON gives nothing, and refuses what JSON refuses', () => {
    expect(toJsonValue(undefined)).toBeUndefined();
    expect(toJsonValue(() => 1)).toBeUndefined();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => toJsonValue(circular)).toThrow(TypeError);
    expect(() => toJsonValue({ big: 1n })).toThrow(TypeError);
  });

  it('allows the same object twice when it is not its own ancestor', () => {
    const shared = { a: 1 };
    expect(toJsonValue({ x: shared, y: [shared, shared] })).toStrictEqual({ x: { a: 1 }, y: [{ a: 1 }, { a: 1 }] });
  });
});
