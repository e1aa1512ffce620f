// Text placement in the document's reading direction. Layout code speaks in
// logical coordinates (x from the start edge: left in ru/sv/en, right in fa;
// 'start'/'end' alignment); the sheet mirrors them for right-to-left pages
// and draws text with bidi reordering wherever right-to-left script occurs.
import PDFDocument from 'pdfkit'
import { familyFor, registerFonts, type FontFamily } from './fonts.ts'
import { hasRtl, visualWords, wrapLogical } from './rtl.ts'

export type Align = 'start' | 'end' | 'center'
export interface TextStyle { size?: number; bold?: boolean; align?: Align; color?: string }

export const MARGIN = 40

export class Sheet {
  readonly doc: PDFKit.PDFDocument
  readonly rtl: boolean
  readonly family: FontFamily
  /** width of the content box */
  readonly width: number
  /** the cursor: top of the next block */
  y = MARGIN

  constructor(rtl: boolean, info: { title: string; author: string }, options: { bufferPages?: boolean } = {}) {
    this.doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: options.bufferPages ?? false, info: { Title: info.title, Author: info.author, Creator: 'Aqualedger' } })
    registerFonts(this.doc)
    this.rtl = rtl
    this.family = rtl ? 'vazir' : 'dejavu'
    this.width = this.doc.page.width - 2 * MARGIN
  }

  get bottom(): number { return this.doc.page.height - MARGIN }

  /** The left edge on the page of a box at logical x with width w. */
  left(x: number, w: number): number {
    return this.rtl ? this.doc.page.width - MARGIN - x - w : MARGIN + x
  }

  private font(text: string, style: TextStyle): void {
    const family = familyFor(text, this.family)
    this.doc.font(`${family}-${style.bold ? 'bold' : 'regular'}`).fontSize(style.size ?? 9).fillColor(style.color ?? '#000')
  }

  private lines(text: string, w: number, style: TextStyle): string[] {
    this.font(text, style)
    return wrapLogical(text, w, (s) => this.doc.widthOfString(s))
  }

  private lineHeight(style: TextStyle): number { return (style.size ?? 9) * 1.3 }

  /** Width of the text on one line. */
  measure(text: string, style: TextStyle = {}): number {
    this.font(text, style)
    return this.doc.widthOfString(text)
  }

  /** Height the text takes in a box of width w. */
  height(text: string, w: number, style: TextStyle = {}): number {
    return this.lines(text, w, style).length * this.lineHeight(style)
  }

  /** Draws text in the box (logical x, width w) at y; returns its height. */
  text(text: string, x: number, w: number, y: number, style: TextStyle = {}): number {
    const lines = this.lines(text, w, style)
    const base = this.rtl ? 'rtl' : 'ltr'
    const physical = (style.align ?? 'start') === 'center' ? 'center' : ((style.align ?? 'start') === 'start') !== this.rtl ? 'left' : 'right'
    const left = this.left(x, w)
    lines.forEach((line, i) => {
      const top = y + i * this.lineHeight(style)
      this.font(line, style)
      // left-to-right text as one run; otherwise word by word in visual order
      const words = !this.rtl && !hasRtl(line) ? [line] : visualWords(line, base)
      const space = this.doc.widthOfString(' ')
      const widths = words.map((word) => this.doc.widthOfString(word))
      const total = widths.reduce((a, b) => a + b, 0) + space * Math.max(0, words.length - 1)
      let cursor = physical === 'left' ? left : physical === 'right' ? left + w - total : left + (w - total) / 2
      words.forEach((word, j) => {
        this.doc.text(word, cursor, top, { lineBreak: false })
        cursor += widths[j]! + space
      })
    })
    return lines.length * this.lineHeight(style)
  }

  /** A horizontal rule across the content box. */
  rule(y: number, weight = 0.5, color = '#999'): void {
    this.doc.moveTo(MARGIN, y).lineTo(MARGIN + this.width, y).lineWidth(weight).strokeColor(color).stroke()
  }

  /** A filled or stroked box at logical x. */
  box(x: number, y: number, w: number, h: number, fill?: string): void {
    const r = this.doc.rect(this.left(x, w), y, w, h)
    if (fill) r.fill(fill)
    else r.lineWidth(0.7).strokeColor('#444').stroke()
  }

  /** A new page when fewer than `need` points are left. */
  ensure(need: number): void {
    if (this.y + need > this.bottom) {
      this.doc.addPage()
      this.y = MARGIN
    }
  }

  /**
   * A line under every page's content, given the page number and the count
   * (a sheet made with bufferPages): a multi-page invoice names itself and
   * its page on each sheet, as a reader holding page 2 alone expects.
   */
  footers(textOf: (page: number, pages: number) => string): void {
    const { start, count } = this.doc.bufferedPageRange()
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i)
      // below the bottom margin: with the margin in place PDFKit would open a new page for it
      const bottom = this.doc.page.margins.bottom
      this.doc.page.margins.bottom = 0
      this.text(textOf(i - start + 1, count), 0, this.width, this.doc.page.height - MARGIN + 12, { size: 7, color: '#666', align: 'end' })
      this.doc.page.margins.bottom = bottom
    }
  }

  async toBuffer(): Promise<Buffer> {
    const chunks: Buffer[] = []
    this.doc.on('data', (c: Buffer) => chunks.push(c))
    const done = new Promise<void>((resolve, reject) => { this.doc.on('end', resolve); this.doc.on('error', reject) })
    this.doc.end()
    await done
    return Buffer.concat(chunks)
  }
}
