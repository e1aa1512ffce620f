// The fonts documents embed: DejaVu Sans (Latin, Cyrillic) and Vazirmatn
// (Persian, with Latin). Read once per process; pdfkit subsets what it uses.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const dir = (pkg: string) => dirname(require.resolve(`${pkg}/package.json`))

export type FontFamily = 'dejavu' | 'vazir'
export type FontName = `${FontFamily}-${'regular' | 'bold'}`

const FILES: Record<FontName, () => string> = {
  'dejavu-regular': () => join(dir('dejavu-fonts-ttf'), 'ttf/DejaVuSans.ttf'),
  'dejavu-bold': () => join(dir('dejavu-fonts-ttf'), 'ttf/DejaVuSans-Bold.ttf'),
  'vazir-regular': () => join(dir('vazirmatn'), 'fonts/ttf/Vazirmatn-Regular.ttf'),
  'vazir-bold': () => join(dir('vazirmatn'), 'fonts/ttf/Vazirmatn-Bold.ttf'),
}

const loaded = new Map<FontName, Buffer>()

export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const name of Object.keys(FILES) as FontName[]) {
    let data = loaded.get(name)
    if (!data) loaded.set(name, data = readFileSync(FILES[name]()))
    doc.registerFont(name, data)
  }
}

const ARABIC = /\p{Script=Arabic}/u
const CYRILLIC = /\p{Script=Cyrillic}/u

/** The family that has the glyphs of this text: Persian → Vazirmatn, Cyrillic → DejaVu, else the document's own. */
export function familyFor(text: string, documentFamily: FontFamily): FontFamily {
  if (ARABIC.test(text)) return 'vazir'
  if (CYRILLIC.test(text)) return 'dejavu'
  return documentFamily
}
