/**
 * Probe texts made from an expression itself (regexProbe.ts): for each group it repeats without
 * limit (`(...)+`, `(...)*`, `{n,}`), a text that reaches the group, repeats what the group
 * matches many times over, and then stops short of a match. That is the text on which a group
 * whose parts can match the same characters backtracks exponentially. The fixed probe texts are
 * plan-like English; `(?:qz|q[z])+!x` never backtracks on them, and hung the audit on a plan
 * holding 'qzqz...qz!' (security QA).
 *
 * A small parser of JavaScript's syntax, made for examples, not for matching: each construct gives
 * one short string it matches (a class its first member that the class takes, `\d` a digit,
 * lookarounds and anchors nothing). Where it cannot tell (a back-reference, a class it finds no
 * member of) it gives its best guess; a wrong guess only makes a probe text that matches or fails
 * quickly, never a wrong refusal, since the probe times the expression itself.
 */

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | Repeat;
type Repeat = { kind: 'repeat'; body: Node; min: number; unbounded: boolean };

/** Characters tried, in order, as the member of a class or property escape. */
const CANDIDATES = ['a', 'q', 'z', 'e', 'x', 'A', 'Z', '7', '0', ' ', '.', '-', '_', ',', ':', ';', '!', '/', '(', ')', '[', ']', '\n', '\t', 'é', '£'];

class Parser {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly flags: string,
  ) {}

  parse(): Node {
    return this.alternation();
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { kind: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const c = this.src[this.i];
    let node = atom;
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      node = { kind: 'repeat', body: atom, min: c === '+' ? 1 : 0, unbounded: c !== '?' };
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom;
      this.i += m[0].length;
      node = { kind: 'repeat', body: atom, min: Number(m[1]), unbounded: m[2] !== undefined && m[3] === '' };
    } else return atom;
    if (this.src[this.i] === '?') this.i++; // lazy
    return node;
  }

  private atom(): Node {
    const src = this.src;
    const c = src[this.i]!;
    if (c === '(') {
      this.i++;
      let look = false;
      if (src.startsWith('?:', this.i)) this.i += 2;
      else if (src.startsWith('?=', this.i) || src.startsWith('?!', this.i)) {
        this.i += 2;
        look = true;
      } else if (src.startsWith('?<=', this.i) || src.startsWith('?<!', this.i)) {
        this.i += 3;
        look = true;
      } else if (src.startsWith('?<', this.i)) this.i = src.indexOf('>', this.i) + 1;
      const inner = this.alternation();
      if (src[this.i] === ')') this.i++;
      // A lookaround matches no characters of its own.
      return look ? { kind: 'text', value: '' } : inner;
    }
    if (c === '[') return { kind: 'text', value: this.classMember() };
    if (c === '\\') return { kind: 'text', value: this.escape() };
    this.i++;
    if (c === '.') return { kind: 'text', value: 'a' };
    if (c === '^' || c === '$') return { kind: 'text', value: '' };
    return { kind: 'text', value: c };
  }

  /** The class at `i` ('[...]'): a character it takes. */
  private classMember(): string {
    const src = this.src;
    let j = this.i + 1;
    if (src[j] === '^') j++;
    if (src[j] === ']') j++;
    while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
    const cls = src.slice(this.i, j + 1);
    this.i = j + 1;
    // The class's own characters first (for [z] that is 'z'), then the usual suspects.
    const own = [...cls.slice(1, -1).replace(/\\./g, '')].filter((ch) => ch !== '^' && ch !== '-');
    return this.firstMatching(cls, [...own, ...CANDIDATES]);
  }

  private escape(): string {
    const src = this.src;
    const c = src[this.i + 1] ?? '';
    this.i += 2;
    switch (c) {
      case 'd':
        return '7';
      case 'w':
        return 'a';
      case 's':
        return ' ';
      case 'D':
      case 'S':
        return 'a';
      case 'W':
        return ' ';
      case 'b':
      case 'B':
        return '';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'p':
      case 'P': {
        const m = /^\{[^}]*\}/.exec(src.slice(this.i));
        if (m) this.i += m[0].length;
        return this.firstMatching(`\\${c}${m?.[0] ?? ''}`, CANDIDATES);
      }
      case 'k': {
        const m = /^<[^>]*>/.exec(src.slice(this.i));
        if (m) this.i += m[0].length;
        return '';
      }
      case 'u': {
        const m = /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]+\})/.exec(src.slice(this.i));
        if (!m) return 'u';
        this.i += m[0].length;
        return String.fromCodePoint(parseInt(m[0].replace(/[{}]/g, ''), 16));
      }
      case 'x': {
        const m = /^[0-9a-fA-F]{2}/.exec(src.slice(this.i));
        if (!m) return 'x';
        this.i += 2;
        return String.fromCharCode(parseInt(m[0], 16));
      }
      default:
        // A back-reference matches what its group did: nothing is the safe guess.
        return /[1-9]/.test(c) ? '' : c;
    }
  }

  private firstMatching(source: string, candidates: readonly string[]): string {
    let re: RegExp;
    try {
      re = new RegExp(`^${source}$`, this.flags.replace(/[gy]/g, ''));
    } catch {
      return candidates[0]!;
    }
    return candidates.find((ch) => re.test(ch)) ?? candidates[0]!;
  }
}

/** An example of what `node` matches, with the repeat `pump` repeated `times` times; `out.end` gets the length up to the pump's end. */
function example(node: Node, pump: Node | undefined, times: number, out: { text: string; end: number }): void {
  switch (node.kind) {
    case 'text':
      out.text += node.value;
      return;
    case 'seq':
      for (const item of node.items) example(item, pump, times, out);
      return;
    case 'alt':
      // The option holding the pump, if any, else the first.
      example(node.options.find((o) => contains(o, pump)) ?? node.options[0]!, pump, times, out);
      return;
    case 'repeat': {
      const n = node === pump ? times : Math.max(node.min, 1);
      for (let k = 0; k < n; k++) example(node.body, pump, times, out);
      if (node === pump) out.end = out.text.length;
      return;
    }
  }
}

function contains(node: Node, target: Node | undefined): boolean {
  if (target === undefined) return false;
  if (node === target) return true;
  switch (node.kind) {
    case 'text':
      return false;
    case 'seq':
      return node.items.some((n) => contains(n, target));
    case 'alt':
      return node.options.some((n) => contains(n, target));
    case 'repeat':
      return contains(node.body, target);
  }
}

function unboundedRepeats(node: Node, out: Repeat[] = []): Repeat[] {
  switch (node.kind) {
    case 'seq':
      for (const n of node.items) unboundedRepeats(n, out);
      break;
    case 'alt':
      for (const n of node.options) unboundedRepeats(n, out);
      break;
    case 'repeat':
      if (node.unbounded) out.push(node);
      unboundedRepeats(node.body, out);
      break;
    case 'text':
      break;
  }
  return out;
}

/** Repeats of the pumped part: enough for exponential backtracking to run for hours, few enough to stay a short text. */
const TIMES = 28;
/** At most this many repeated groups are pumped (an expression of a hundred phrases has none). */
const MAX_PUMPS = 12;
/** What follows the pumped part: nothing, or a character that the rest is unlikely to take first. */
const TAILS = ['', '!', '\u0000'];

/** The probe texts for `source` (see the file's comment), each with what it is; none if it cannot be read. */
export function pumpTexts(source: string, flags: string): { text: string; what: string }[] {
  let root: Node;
  try {
    root = new Parser(source, flags).parse();
  } catch {
    return [];
  }
  const texts: { text: string; what: string }[] = [];
  const seen = new Set<string>();
  for (const pump of unboundedRepeats(root).slice(0, MAX_PUMPS)) {
    // What the group matches once: a group that matches nothing cannot be pumped.
    const one = { text: '', end: 0 };
    example(pump.body, undefined, 1, one);
    const unit = one.text;
    if (unit === '') continue;
    const out = { text: '', end: 0 };
    example(root, pump, TIMES, out);
    if (out.end === 0) continue;
    const head = out.text.slice(0, out.end);
    for (const tail of TAILS) {
      const text = head + tail;
      if (seen.has(text)) continue;
      seen.add(text);
      texts.push({ text, what: `a text made to test it: '${printable(unit)}' ${TIMES} times${tail ? `, then '${printable(tail)}'` : ''}` });
    }
  }
  return texts;
}

function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it escapes
  const shown = s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return shown.length > 40 ? `${shown.slice(0, 40)}...` : shown;
}
