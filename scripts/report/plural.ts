/** `1 image`, `2 images`; `many` for an irregular plural (`1 entry`, `3 entries`). */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
