// The fuzz targets' choices drawn from their input bytes, so that a replay makes the same ones.

/** A number of the bytes (FNV-1a). */
export function hashOf(data: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of data) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/** Up to 8 places to cut a text of `length` at, drawn from `hash` (a small LCG). */
export function cutsOf(hash: number, length: number): number[] {
  const cuts: number[] = [];
  let state = hash;
  for (let i = 0; i < 1 + (hash % 8); i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    cuts.push(state % (length + 1));
  }
  return cuts;
}
