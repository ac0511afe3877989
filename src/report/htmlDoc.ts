/**
 * What the two HTML reports share (html.ts for audit and sample, compareHtml.ts for compare): the
 * escaping of text, SVG coordinates, the colours, one style sheet with its A4 print rules, and the
 * page itself: <header>, <main> and <footer> landmarks in a self-contained document (inline CSS
 * only, no scripts, nothing fetched).
 */
import { ciSafeMarkup, displayText } from '../util/safeText.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escape text for HTML content and attribute values. A browser would show a right-to-left override
 * from the export ("EHCP<U+202E>1234" as "EHCP4321"), so it is shown as \u202E, as in every
 * format people read; and the HTML may be written to stdout in a CI job, so "##vso[" and the like
 * keep their bracket only as &#91;.
 */
export function esc(value: string | number): string {
  return ciSafeMarkup(displayText(String(value)).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!));
}

/** SVG coordinate: one decimal, no "-0". */
export const n = (x: number): string => {
  const r = Math.round(x * 10) / 10;
  return (r === 0 ? 0 : r).toString();
};

export const COLOURS = { good: '#00703c', warn: '#b26a00', bad: '#d4351c', neutral: '#1d70b8', muted: '#6f777b', grid: '#b1b4b6', ink: '#0b0c0c' };

/**
 * The style sheet of both reports. On a narrow screen (320 CSS px, or 400% zoom) each table
 * scrolls sideways in its own box (dataTable) rather than the page; header cells wrap, numbers do
 * not. Any text (a footer's or a notice's file path) breaks a word that does not fit its line:
 * break-word on the body leaves a table's, grid's or flex box's sizing to the words, and the cells
 * and facts, which must shrink below a long word, break anywhere. Printed (or saved as PDF): A4, table headers repeated on each page, charts and rows kept
 * whole, colours kept, tables not in scroll boxes.
 */
export const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; background: #fff; max-width: 1080px; margin: 0 auto; padding: 24px; line-height: 1.45; font-size: 16px; overflow-wrap: break-word; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid #0b0c0c; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
p.lead { color: #505a5f; margin-top: 0; }
.notice { border-left: 6px solid #1d70b8; background: #f3f2f1; padding: .6rem 1rem; margin: 1rem 0; }
.notice.personal { border-left-color: #d4351c; }
.notice.warning { border-left-color: #b26a00; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.25rem; margin: 0; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.findings { padding-left: 1.3rem; }
ul.findings li { margin: .35rem 0; }
.table-wrap { overflow-x: auto; margin: .4rem 0 1.6rem; }
.table-wrap:focus-visible { outline: 3px solid #0b0c0c; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; margin: 0; font-size: .9rem; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #f3f2f1; border-bottom: 2px solid #0b0c0c; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.muted { color: #505a5f; }
.grade { font-weight: bold; }
figure.chart { margin: 1rem 0 1.5rem; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figure.chart figcaption { font-weight: bold; margin-bottom: .3rem; }
.legend { margin: .4rem 0 0; font-size: .9rem; }
.legend p { margin: 0 0 .2rem; font-weight: bold; }
.legend ul { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; list-style: none; margin: 0; padding: 0; }
.legend li { display: flex; align-items: center; gap: .4rem; }
.legend svg.key { flex: none; }
svg text { font-family: Arial, Helvetica, sans-serif; font-size: 12px; }
svg text:not([fill]) { fill: #0b0c0c; }
footer { margin-top: 2.5rem; color: #505a5f; font-size: .85rem; border-top: 1px solid #b1b4b6; padding-top: .5rem; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, caption { break-after: avoid; page-break-after: avoid; }
  figure.chart, tr, .notice, dl.facts { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  section.page { break-before: page; page-break-before: always; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`.trim();

/** A list of facts (already plain text; escaped here). */
export function facts(list: [string, string][]): string {
  return `<dl class="facts">\n${list.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('\n')}\n</dl>`;
}

/**
 * A data table with its caption, in a scroll box that a keyboard can reach and that is named by
 * the caption (role="region", WCAG 1.4.10 and 2.1.1). Markup is already escaped: the caption's
 * text is escaped here, `head` is the header row (<tr>...</tr>) and `rows` the body rows.
 */
export function dataTable(id: string, caption: string, head: string, rows: string[]): string {
  const cid = `${esc(id)}-caption`;
  return [
    `<div class="table-wrap" role="region" aria-labelledby="${cid}" tabindex="0">`,
    `<table id="${esc(id)}">`,
    `<caption id="${cid}">${esc(caption)}</caption>`,
    `<thead>${head}</thead>`,
    '<tbody>',
    rows.join('\n'),
    '</tbody>',
    '</table>',
    '</div>',
  ].join('\n');
}

/**
 * A chart in its <figure>, with its title shown above it as the <figcaption>, then `after` (its
 * key). The title is the SVG's own <title>, which with the <desc> names the image for a screen
 * reader; the caption repeats it for the eye only (aria-hidden), so the figure is not announced
 * with the title and then the image with it again.
 */
export function chartFigure(svg: string, ...after: string[]): string[] {
  // The title as the SVG holds it, already escaped.
  const title = /<title id="[^"]*">([^<]*)<\/title>/.exec(svg)?.[1] ?? '';
  return ['<figure class="chart">', `<figcaption aria-hidden="true">${title}</figcaption>`, svg, ...after, '</figure>'];
}

/** One entry of a chart's key: a 16 x 16 SVG swatch (shape and colour as in the chart) and its plain-text label. */
export interface KeyItem {
  swatch: string;
  label: string;
}

/**
 * A chart's visible key, as HTML text under the chart so that it reflows and a screen reader
 * reads it (the chart itself is one image). The swatches are decoration (aria-hidden); the
 * labels name each colour, and shape where the chart uses one.
 */
export function legend(title: string, items: KeyItem[]): string {
  return [
    '<div class="legend">',
    `<p>${esc(title)}</p>`,
    '<ul role="list">',
    ...items.map((i) => `<li><svg class="key" aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="16" height="16">${i.swatch}</svg>${esc(i.label)}</li>`),
    '</ul>',
    '</div>',
  ].join('\n');
}

export interface HtmlPage {
  /** The document's <title>, plain text. */
  title: string;
  /** Rules added after the shared style sheet, if any. */
  css?: string;
  /** Markup of the <header> (the <h1> and what introduces it). */
  header: string[];
  /** Markup of <main>. */
  main: string[];
  /** The footer's text, plain. */
  footer: string;
}

/** The whole document, ending in a newline. */
export function htmlPage(p: HtmlPage): string {
  return `${[
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(p.title)}</title>`,
    `<style>\n${CSS}${p.css ? `\n${p.css.trim()}` : ''}\n</style>`,
    '</head>',
    '<body>',
    '<header>',
    ...p.header,
    '</header>',
    '<main>',
    ...p.main,
    '</main>',
    `<footer>${esc(p.footer)}</footer>`,
    '</body>',
    '</html>',
  ].join('\n')}\n`;
}
