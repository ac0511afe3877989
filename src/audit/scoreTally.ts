/**
 * The plans' scores, for the mean and the median, in constant memory: a count per possible score.
 * Scores are tenths from 0 to 100 (rubric/score.ts rounds them so), so 1,001 counts give the exact
 * median; an array of every score cost 8 bytes a plan and a sorted copy at the end, memory that
 * grew with the export (issue 7). A score off that grid (none is, today) switches to keeping every
 * score, so the answers stay exact whatever the scoring does.
 */
const BINS = 1001;

export class ScoreTally {
  private readonly bins = new Uint32Array(BINS);
  /** Every score, once one falls off the grid. */
  private all: number[] | undefined;
  /**
   * The scores summed in tenths, a whole number, while every score is on the grid: a sum of
   * floating-point scores drifts (96.2 + 92.7 + 87.5 + 94.2 = 370.59999999999997), and a mean of
   * 92.65 then rounded to 92.6 instead of 92.7. Off the grid, the running float sum is used.
   */
  private tenths = 0;
  /** Summed in arrival order, as a running total of the scores in a list would be. */
  private sum = 0;
  count = 0;

  add(score: number): void {
    this.sum += score;
    this.tenths += Math.round(score * 10);
    this.count++;
    if (this.all) {
      this.all.push(score);
      return;
    }
    const k = Math.round(score * 10);
    if (k >= 0 && k < BINS && k / 10 === score) this.bins[k]!++;
    else {
      this.all = this.fromBins();
      this.all.push(score);
    }
  }

  mean(): number | null {
    if (!this.count) return null;
    // One division, correctly rounded: tenths / count / 10 gave 95.73479999999999 for 95.7348.
    return this.all ? this.sum / this.count : this.tenths / (this.count * 10);
  }

  /** The median: the middle score, or the mean of the two middle ones. */
  median(): number | null {
    if (!this.count) return null;
    const mid = this.count >> 1;
    if (this.all) {
      const s = [...this.all].sort((a, b) => a - b);
      return this.count % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
    }
    // In tenths, so that the half between 50.3 and 50.4 is 50.35, not 50.349999999999994.
    return this.count % 2 ? this.nth(mid) : (this.nthTenths(mid - 1) + this.nthTenths(mid)) / 2 / 10;
  }

  /** The n-th smallest score (from 0). */
  private nth(n: number): number {
    return this.nthTenths(n) / 10;
  }

  /** The n-th smallest score (from 0), in tenths. */
  private nthTenths(n: number): number {
    let seen = 0;
    for (let k = 0; k < BINS; k++) {
      seen += this.bins[k]!;
      if (seen > n) return k;
    }
    throw new Error(`no score number ${n} of ${this.count}`);
  }

  private fromBins(): number[] {
    const out: number[] = [];
    for (let k = 0; k < BINS; k++) for (let c = this.bins[k]!; c > 0; c--) out.push(k / 10);
    return out;
  }
}
