// The explanation's texts (issue 12 §6): every finding the core can return is
// worded in every language, and Accept-Language picks the first we have.
import t from 'tap'
import { langOfAcceptLanguage, textKeys } from '../../../src/app/consumption/explanation-texts.ts'
import { LANGS } from '../../../src/app/documents/lang.ts'

const CAUSES = ['jump_against_history.rise', 'misreading.flagged', 'misreading.lower_than_before', 'misreading.spike', 'leak.night', 'leak.weekend_closed',
  'leak.weekend_baseline', 'non_residential_use.summer', 'above_pattern.excess']
const NOT_ASSESSED = ['jump_against_history.no_readings', 'jump_against_history.few_periods', 'misreading.no_history', 'leak.few_frequent_readings', 'non_residential_use.no_seasons']

t.test('every code and variant has a text in sv, ru, fa and en', async (t) => {
  for (const lang of LANGS) {
    const k = textKeys(lang)
    t.same(k.causes.sort(), [...CAUSES].sort(), `${lang} causes`)
    t.same(k.notAssessed.sort(), [...NOT_ASSESSED].sort(), `${lang} not assessed`)
  }
})

t.test('Accept-Language: by q, the first we have texts for', async (t) => {
  t.equal(langOfAcceptLanguage('sv-SE,sv;q=0.9,en;q=0.8'), 'sv')
  t.equal(langOfAcceptLanguage('de-DE, ru;q=0.8, en;q=0.9'), 'en')
  t.equal(langOfAcceptLanguage('fa-IR'), 'fa')
  t.equal(langOfAcceptLanguage('de, fr;q=0.5'), undefined)
  t.equal(langOfAcceptLanguage('ru;q=0, en;q=0.1'), 'en', 'q=0 is "not this one"')
  t.equal(langOfAcceptLanguage(undefined), undefined)
})
