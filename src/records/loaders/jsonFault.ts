/**
 * Where a JSON text JSON.parse refused goes wrong, as an offset into it. JSON.parse's message
 * gives a position for some faults only (`Unexpected token 'o', "{"ref": oops}" is not valid JSON`
 * has none), worded differently from one Node version to the next; this small parser finds the
 * first fault itself, so a rejection can name its line and column. Run on refused text only.
 */

/** The offset of the first syntax fault in `text` (its length for a text cut short), or undefined when none is found. */
export function jsonFaultOffset(text: string): number | undefined {
  const p = new FaultFinder(text);
  try {
    if (!p.value()) return p.i;
    p.space();
    return p.i < text.length ? p.i : undefined;
  } catch {
    return undefined; // nested too deep for the stack: no place to give
  }
}

const ESCAPED = '"\\/bfnrt';

/** A recursive-descent JSON reader that only says whether it got through, and if not, where it stopped (`i`). */
class FaultFinder {
  i = 0;
  constructor(private readonly text: string) {}

  space(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.i++;
    }
  }

  value(): boolean {
    this.space();
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === 't') return this.word('true');
    if (c === 'f') return this.word('false');
    if (c === 'n') return this.word('null');
    return this.number();
  }

  private object(): boolean {
    this.i++;
    this.space();
    if (this.text[this.i] === '}') return this.step();
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"' || !this.string()) return false;
      this.space();
      if (this.text[this.i] !== ':') return false;
      this.i++;
      if (!this.value()) return false;
      this.space();
      const c = this.text[this.i];
      if (c === '}') return this.step();
      if (c !== ',') return false;
      this.i++;
    }
  }

  private array(): boolean {
    this.i++;
    this.space();
    if (this.text[this.i] === ']') return this.step();
    for (;;) {
      if (!this.value()) return false;
      this.space();
      const c = this.text[this.i];
      if (c === ']') return this.step();
      if (c !== ',') return false;
      this.i++;
    }
  }

  private string(): boolean {
    const t = this.text;
    this.i++;
    while (this.i < t.length) {
      const c = t[this.i]!;
      if (c === '"') return this.step();
      if (c.charCodeAt(0) < 0x20) return false; // a raw control character
      if (c === '\\') {
        // A bad escape is placed, as JSON.parse places it, at the character after the backslash.
        this.i++;
        const e = t[this.i];
        if (e === 'u') {
          // Four hex digits; a bad one is placed where it is.
          for (let k = 0; k < 4; k++) {
            this.i++;
            if (!/[0-9a-fA-F]/.test(t[this.i] ?? '')) return false;
          }
          this.i++;
          continue;
        }
        if (e === undefined || !ESCAPED.includes(e)) return false;
        this.i++;
        continue;
      }
      this.i++;
    }
    return false;
  }

  private word(w: string): boolean {
    for (const ch of w) {
      if (this.text[this.i] !== ch) return false;
      this.i++;
    }
    return true;
  }

  /** A number; a fault is placed where a digit was wanted, as JSON.parse places it (`-x`: at the x). */
  private number(): boolean {
    if (this.text[this.i] === '-') this.i++;
    if (this.text[this.i] === '0') this.i++;
    else if (!this.digits()) return false;
    if (this.text[this.i] === '.') {
      this.i++;
      if (!this.digits()) return false;
    }
    const e = this.text[this.i];
    if (e === 'e' || e === 'E') {
      this.i++;
      const sign = this.text[this.i];
      if (sign === '+' || sign === '-') this.i++;
      if (!this.digits()) return false;
    }
    return true;
  }

  /** One or more digits. */
  private digits(): boolean {
    const from = this.i;
    while (this.i < this.text.length && this.text.charCodeAt(this.i) >= 0x30 && this.text.charCodeAt(this.i) <= 0x39) this.i++;
    return this.i > from;
  }

  private step(): boolean {
    this.i++;
    return true;
  }
}
