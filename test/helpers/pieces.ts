/** Text as the bytes a reader gets, cut into reads of the given sizes in turn (readers must not care where). */
export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export async function* inPieces(b: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let k = 0;
  for (let pos = 0; pos < b.length; ) {
    const n = Math.max(1, sizes[k++ % sizes.length]!);
    yield b.slice(pos, pos + n);
    pos += n;
  }
}
