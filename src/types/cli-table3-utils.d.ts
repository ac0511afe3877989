/** cli-table3's own measure of a cell (src/utils.js, no types shipped): its widest line in terminal columns, colour codes ignored. */
declare module 'cli-table3/src/utils.js' {
  export function strlen(str: string): number;
}
