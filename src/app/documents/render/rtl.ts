// Right-to-left text for pdfkit. pdfkit hands fontkit one space-free word at
// a time; fontkit shapes it (Arabic joining forms need the letters in logical
// order) and reverses the glyphs of any word whose first letter of a real
// script is right-to-left (Script.forString: Persian digits count as Arabic).
// It never reorders words. So: the Unicode bidi algorithm (bidi-js) puts the
// line in visual order, then every word fontkit will reverse is handed over
// reversed, i.e. back in the order fontkit expects, and the words are placed
// from left to right by the caller.
import bidiModule from 'bidi-js'

// bidi-js is CommonJS: Node hands its module.exports (the factory) over as the default export
type BidiFactory = typeof import('bidi-js').default
const bidi = ((bidiModule as unknown as { default?: BidiFactory }).default ?? (bidiModule as unknown as BidiFactory))()

const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u
const NEUTRAL_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}\p{Cn}]/u

export const hasRtl = (s: string): boolean => RTL_SCRIPT.test(s)

/** Whether fontkit lays this word out right-to-left (and so reverses its glyphs). */
export function fontkitReverses(word: string): boolean {
  for (const ch of word) {
    if (NEUTRAL_SCRIPT.test(ch)) continue
    return RTL_SCRIPT.test(ch)
  }
  return false
}

const reversed = (s: string) => [...s].reverse().join('')

/** One line of logical text in visual order (left to right), brackets mirrored where they stand right-to-left. */
export function visualOrder(line: string, base: 'ltr' | 'rtl'): string {
  const embedding = bidi.getEmbeddingLevels(line, base)
  const chars = line.split('') // bidi-js indexes UTF-16 code units
  for (const [i, c] of bidi.getMirroredCharactersMap(line, embedding.levels)) chars[i] = c
  for (const [start, end] of bidi.getReorderSegments(line, embedding) as Array<[number, number]>) {
    chars.splice(start, end - start + 1, ...chars.slice(start, end + 1).reverse())
  }
  // a surrogate pair reversed by a flip is put back in order
  return chars.join('').replace(/([\udc00-\udfff])([\ud800-\udbff])/g, '$2$1')
}

/**
 * The words of one line, left to right as they must appear, each as the
 * string to hand to pdfkit so that after fontkit's shaping and reversal it
 * shows the intended glyphs (fontkit does not mirror brackets itself).
 */
export function visualWords(line: string, base: 'ltr' | 'rtl'): string[] {
  return visualOrder(line, base).split(/ +/).filter((w) => w !== '').map((w) => (fontkitReverses(w) ? reversed(w) : w))
}

/** Greedy line breaking of logical text at spaces, by a width measure; a word wider than the line is cut. */
export function wrapLogical(text: string, width: number, measure: (s: string) => number): string[] {
  const out: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(/ +/).filter((w) => w !== '').flatMap((w) => cut(w, width, measure))) {
      const next = line === '' ? word : `${line} ${word}`
      if (line !== '' && measure(next) > width) { out.push(line); line = word } else line = next
    }
    out.push(line)
  }
  return out
}

/** A word too wide for the line in pieces that fit (payment QR payloads, long identifiers). */
function cut(word: string, width: number, measure: (s: string) => number): string[] {
  if (measure(word) <= width) return [word]
  const pieces: string[] = []
  let piece = ''
  for (const ch of word) {
    if (piece !== '' && measure(piece + ch) > width) { pieces.push(piece); piece = '' }
    piece += ch
  }
  return piece === '' ? pieces : [...pieces, piece]
}
