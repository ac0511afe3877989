/**
 * The benchmark's "export this project has never seen": the generated example-shape CSV rewritten
 * in a shape none of the project's fixtures, mappings or tests use, as another LA's system might
 * write it. Bundled with esbuild by scripts/bench.mjs (it reads with the project's CSV reader) and
 * run as `node bundle.mjs SRC DST`:
 *
 * - column names in UPPER_SNAKE_CASE ("Sec F Provision" -> SEC_F_PROVISION), in a shuffled order
 *   (seeded: the same SRC gives the same file);
 * - `;` between fields, CRLF after every row, fields quoted only where they must be;
 * - windows-1252 bytes, no byte-order mark (a character windows-1252 lacks becomes `?`);
 * - dates as yyyy-mm-dd.
 *
 * The bench then writes its mapping with `ehcp-audit init`, not by hand, and checks that the
 * audit's counts per criterion match those of the original file.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { openCsv } from '../src/records/csv/index.ts';

const [src, dst] = process.argv.slice(2);
const table = await openCsv(createReadStream(src, { highWaterMark: 1 << 20 }), { file: src });

// mulberry32, seeded: a fixed column order.
let seed = 20261126;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const order = table.header.map((_, i) => i);
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [order[i], order[j]] = [order[j], order[i]];
}
const names = order.map((i) => table.header[i].replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toUpperCase());

const UK_DATE = /^(\d\d)\/(\d\d)\/(\d{4})$/;
const field = (v) => {
  const d = UK_DATE.exec(v);
  if (d) return `${d[3]}-${d[2]}-${d[1]}`;
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

// windows-1252: ASCII and U+00A0-U+00FF are their own byte; 0x80-0x9F hold these 27 characters.
const HIGH = new Map([...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'].map((c, k) => [c.charCodeAt(0), [0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f][k]]));
const encode = (s) => {
  const out = Buffer.allocUnsafe(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : (HIGH.get(c) ?? 0x3f);
  }
  return out;
};

const out = createWriteStream(dst);
let text = `${names.join(';')}\r\n`;
for await (const row of table.rows) {
  text += `${order.map((i) => field(row.fields[i] ?? '')).join(';')}\r\n`;
  if (text.length > 1 << 20) {
    if (!out.write(encode(text))) await once(out, 'drain');
    text = '';
  }
}
out.end(encode(text));
await once(out, 'finish');
