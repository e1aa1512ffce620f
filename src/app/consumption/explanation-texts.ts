// "Why is my bill high?" in the reader's language (issue 12 §6): the core
// finds causes as a code, a variant and evidence (core/consumption/bill-explanation.ts);
// this module words them in Swedish, Russian, Farsi or English, the languages
// payment documents are printed in (documents/lang.ts). The codes, variants and
// evidence stay beside the texts, the same in every language: a client that
// words them itself reads those.
import type { BillExplanation, Cause, Evidence, NotAssessed } from '../../core/consumption/index.ts'
import { LANGS, type Lang } from '../documents/lang.ts'

type E = Evidence
/** what a sentence may quote besides the evidence: the point's unit */
interface Ctx { unit: string }
type Say = (e: E, c: Ctx) => string

interface Texts {
  cause: Record<string, { message: Say; advice: string }>
  notAssessed: Record<string, Say>
  causeName: Record<Cause['code'], string>
  status: Record<string, string>
  summary: {
    noBills: string
    against: (charges: string, average: string, bills: number, percent: string) => string
    estimated: (n: number) => string
    causes: (names: string) => string
    notEnough: string
    nothing: string
  }
}

const en: Texts = {
  cause: {
    'jump_against_history.rise': { message: (e, c) => `Use per day rose from ${e.averagePerDay} to ${e.perDay} ${c.unit}: a pipe break after the meter or a meter running fast would show like this.`,
      advice: 'Close every tap and watch the meter: if it still turns, a pipe after the meter leaks; if nothing leaks, ask for a meter test.' },
    'misreading.flagged': { message: (e) => `The reading ${e.reading} of ${String(e.at).replace('T', ' ')} was ${en.status[String(e.status)] ?? e.status} by the checks (${e.reasons || 'no reason given'}): a misread index is likely.`,
      advice: 'Check the meter\'s black digits against the reading and tell customer service if it differs; the bill is then corrected.' },
    'misreading.lower_than_before': { message: (e) => `The reading ${e.later} of ${String(e.laterAt).slice(0, 10)} is lower than the one before (${e.earlier} on ${String(e.earlierAt).slice(0, 10)}): one of them was misread.`,
      advice: 'Check the meter\'s black digits against both readings and tell customer service.' },
    'misreading.spike': { message: (e, c) => `Use between ${e.from} and ${e.to} was ${e.perDay} ${c.unit} a day, ${e.factor} times the trend or more, and the next reading brought it back: the reading of ${e.to} looks misread.`,
      advice: 'Ask for the reading to be checked; a misread index is corrected on the next bill.' },
    'leak.night': { message: (e, c) => `Water flowed every night (${e.nights} nights), never less than ${e.lowestNightFlowPerHour} ${c.unit} an hour: a leak (a running toilet, a dripping tap, a broken pipe) is likely.`,
      advice: 'Close every tap at night and read the meter twice an hour apart; find and repair the leak, then tell customer service.' },
    'leak.weekend_closed': { message: (e, c) => `At weekends the site uses ${e.weekendShareOfWeekdays} of its weekday flow (${e.weekdayFlowPerHour} ${c.unit} an hour), so it is closed then; yet water flowed every weekend (${e.weekends} weekends), never less than ${e.lowestWeekendFlowPerHour} ${c.unit} an hour: a leak is likely.`,
      advice: 'Read the meter on Friday evening and on Monday morning with every tap closed; if it moved, find and repair the leak, then tell customer service.' },
    'leak.weekend_baseline': { message: (e, c) => `Over ${e.weekends} weekends the flow never stopped in any hour, never less than ${e.lowestWeekendFlowPerHour} ${c.unit} an hour: a leak is likely.`,
      advice: 'Close every tap and read the meter twice an hour apart; find and repair the leak, then tell customer service.' },
    'non_residential_use.summer': { message: (e, c) => `In summer this home used ${e.summerPerDay} ${c.unit} a day against ${e.winterPerDay} in winter: watering a garden or livestock on a residential connection is billed above the pattern.`,
      advice: 'Separate non-household use (garden, livestock) with its own subscription.' },
    'above_pattern.excess': { message: (e) => `${e.excessVolume} m³ were above the allowed consumption${e.allowedVolume ? ` of ${e.allowedVolume} m³` : ''} (the pattern or the contract capacity): the excess is charged at the excess price, on top of the stepped price of the higher bands.`,
      advice: 'Use water within the pattern; for a business, ask for a contract-capacity change if the need is lasting.' },
  },
  notAssessed: {
    'jump_against_history.no_readings': () => 'no readings cover this period',
    'jump_against_history.few_periods': (e) => `fewer than ${e.needed} earlier periods with readings (${e.periodsWithReadings})`,
    'misreading.no_history': () => 'no history to tell a trend from',
    'leak.few_frequent_readings': (e) => `a leak shows as steady flow at night or over a weekend, which needs readings several times a night or on Saturdays and Sundays; ${e.nights} night(s) (at least ${e.nightsNeeded} needed) and ${e.weekends} weekend(s) (at least ${e.weekendsNeeded}) with such readings: not enough evidence`,
    'non_residential_use.no_seasons': () => 'a year of readings in summer and winter is needed to compare the seasons',
  },
  causeName: { above_pattern: 'use above the pattern', jump_against_history: 'a jump against history', misreading: 'a misreading', leak: 'a leak', non_residential_use: 'non-household use' },
  status: { flagged: 'flagged', rejected: 'rejected' },
  summary: {
    noBills: 'There are no earlier bills to compare this one with.',
    against: (c, a, n, p) => `This bill's charges are ${c}, against ${a} on average over the last ${n} bill(s) (${p} %).`,
    estimated: (n) => `${n} line(s) were estimated or computed by a fallback method; the reasons are listed.`,
    causes: (names) => `Likely causes: ${names}.`,
    notEnough: 'The facts do not point to a cause; not enough evidence to say why.',
    nothing: 'Nothing points to a cause of a high bill.',
  },
}

const sv: Texts = {
  cause: {
    'jump_against_history.rise': { message: (e, c) => `Förbrukningen per dag steg från ${e.averagePerDay} till ${e.perDay} ${c.unit}: ett rörbrott efter mätaren eller en mätare som går för fort syns så här.`,
      advice: 'Stäng alla kranar och titta på mätaren: rör den sig ändå läcker en ledning efter mätaren; läcker inget, beställ en mätarkontroll.' },
    'misreading.flagged': { message: (e) => `Avläsningen ${e.reading} den ${String(e.at).replace('T', ' ')} ${sv.status[String(e.status)] ?? e.status} av kontrollerna (${e.reasons || 'ingen orsak angiven'}): troligen en felavläsning.`,
      advice: 'Jämför mätarens svarta siffror med avläsningen och kontakta kundservice om de skiljer sig; fakturan rättas då.' },
    'misreading.lower_than_before': { message: (e) => `Avläsningen ${e.later} den ${String(e.laterAt).slice(0, 10)} är lägre än den före (${e.earlier} den ${String(e.earlierAt).slice(0, 10)}): en av dem är felavläst.`,
      advice: 'Jämför mätarens svarta siffror med båda avläsningarna och kontakta kundservice.' },
    'misreading.spike': { message: (e, c) => `Förbrukningen mellan ${e.from} och ${e.to} var ${e.perDay} ${c.unit} per dag, ${e.factor} gånger trenden eller mer, och nästa avläsning förde den tillbaka: avläsningen den ${e.to} ser felaktig ut.`,
      advice: 'Be att få avläsningen kontrollerad; en felavläsning rättas på nästa faktura.' },
    'leak.night': { message: (e, c) => `Vatten flödade varje natt (${e.nights} nätter), aldrig mindre än ${e.lowestNightFlowPerHour} ${c.unit} i timmen: en läcka (en rinnande toalett, en droppande kran, ett trasigt rör) är trolig.`,
      advice: 'Stäng alla kranar på natten och läs av mätaren två gånger med en timmes mellanrum; hitta och laga läckan och kontakta sedan kundservice.' },
    'leak.weekend_closed': { message: (e, c) => `På helgerna använder fastigheten ${e.weekendShareOfWeekdays} av vardagarnas flöde (${e.weekdayFlowPerHour} ${c.unit} i timmen), alltså är den stängd då; ändå flödade vatten varje helg (${e.weekends} helger), aldrig mindre än ${e.lowestWeekendFlowPerHour} ${c.unit} i timmen: en läcka är trolig.`,
      advice: 'Läs av mätaren på fredagskvällen och på måndagsmorgonen med alla kranar stängda; har den rört sig, hitta och laga läckan och kontakta kundservice.' },
    'leak.weekend_baseline': { message: (e, c) => `Under ${e.weekends} helger upphörde flödet aldrig någon timme, aldrig mindre än ${e.lowestWeekendFlowPerHour} ${c.unit} i timmen: en läcka är trolig.`,
      advice: 'Stäng alla kranar och läs av mätaren två gånger med en timmes mellanrum; hitta och laga läckan och kontakta sedan kundservice.' },
    'non_residential_use.summer': { message: (e, c) => `På sommaren använde hushållet ${e.summerPerDay} ${c.unit} per dag mot ${e.winterPerDay} på vintern: bevattning eller djurhållning på en hushållsanslutning debiteras över normen.`,
      advice: 'Skilj annan användning än hushållets (trädgård, djur) med ett eget abonnemang.' },
    'above_pattern.excess': { message: (e) => `${e.excessVolume} m³ låg över den tillåtna förbrukningen${e.allowedVolume ? ` på ${e.allowedVolume} m³` : ''} (normen eller avtalad kapacitet): överskottet debiteras till överskottspris, utöver de högre stegens pris.`,
      advice: 'Håll förbrukningen inom normen; för en verksamhet, begär ändrad avtalad kapacitet om behovet är varaktigt.' },
  },
  notAssessed: {
    'jump_against_history.no_readings': () => 'inga avläsningar täcker perioden',
    'jump_against_history.few_periods': (e) => `färre än ${e.needed} tidigare perioder med avläsningar (${e.periodsWithReadings})`,
    'misreading.no_history': () => 'ingen historik att se en trend i',
    'leak.few_frequent_readings': (e) => `en läcka syns som jämnt flöde på natten eller under en helg, vilket kräver flera avläsningar per natt eller på lördagar och söndagar; ${e.nights} natt/nätter (minst ${e.nightsNeeded} behövs) och ${e.weekends} helg(er) (minst ${e.weekendsNeeded}) med sådana avläsningar: underlaget räcker inte`,
    'non_residential_use.no_seasons': () => 'ett års avläsningar sommar och vinter behövs för att jämföra årstiderna',
  },
  causeName: { above_pattern: 'förbrukning över normen', jump_against_history: 'ett språng mot historiken', misreading: 'en felavläsning', leak: 'en läcka', non_residential_use: 'annan användning än hushållets' },
  status: { flagged: 'flaggades', rejected: 'avvisades' },
  summary: {
    noBills: 'Det finns inga tidigare fakturor att jämföra med.',
    against: (c, a, n, p) => `Fakturans belopp är ${c}, mot ${a} i genomsnitt för de senaste ${n} fakturorna (${p} %).`,
    estimated: (n) => `${n} rad(er) uppskattades eller beräknades med en reservmetod; skälen listas.`,
    causes: (names) => `Troliga orsaker: ${names}.`,
    notEnough: 'Fakta pekar inte på någon orsak; underlaget räcker inte för att säga varför.',
    nothing: 'Inget pekar på en orsak till en hög faktura.',
  },
}

const ru: Texts = {
  cause: {
    'jump_against_history.rise': { message: (e, c) => `Потребление в сутки выросло с ${e.averagePerDay} до ${e.perDay} ${c.unit}: так проявляется прорыв трубы после счётчика или счётчик, который спешит.`,
      advice: 'Закройте все краны и посмотрите на счётчик: если он крутится, течёт труба после счётчика; если утечки нет, закажите поверку счётчика.' },
    'misreading.flagged': { message: (e) => `Показание ${e.reading} от ${String(e.at).replace('T', ' ')} ${ru.status[String(e.status)] ?? e.status} проверкой (${e.reasons || 'причина не указана'}): вероятно, показание снято неверно.`,
      advice: 'Сверьте чёрные цифры счётчика с показанием и сообщите в абонентский отдел, если они расходятся; счёт будет исправлен.' },
    'misreading.lower_than_before': { message: (e) => `Показание ${e.later} от ${String(e.laterAt).slice(0, 10)} меньше предыдущего (${e.earlier} от ${String(e.earlierAt).slice(0, 10)}): одно из них снято неверно.`,
      advice: 'Сверьте чёрные цифры счётчика с обоими показаниями и сообщите в абонентский отдел.' },
    'misreading.spike': { message: (e, c) => `Расход с ${e.from} по ${e.to} составил ${e.perDay} ${c.unit} в сутки, в ${e.factor} раза выше тренда или больше, а следующее показание его вернуло: показание от ${e.to}, похоже, неверно.`,
      advice: 'Попросите проверить показание; неверное показание исправляется в следующем счёте.' },
    'leak.night': { message: (e, c) => `Вода текла каждую ночь (${e.nights} ночей), не меньше ${e.lowestNightFlowPerHour} ${c.unit} в час: вероятна утечка (подтекающий унитаз, капающий кран, повреждённая труба).`,
      advice: 'Ночью закройте все краны и снимите показания дважды с интервалом в час; найдите и устраните утечку, затем сообщите в абонентский отдел.' },
    'leak.weekend_closed': { message: (e, c) => `В выходные объект расходует ${e.weekendShareOfWeekdays} от расхода в будни (${e.weekdayFlowPerHour} ${c.unit} в час), то есть не работает; но вода текла каждые выходные (${e.weekends}), не меньше ${e.lowestWeekendFlowPerHour} ${c.unit} в час: вероятна утечка.`,
      advice: 'Снимите показания в пятницу вечером и в понедельник утром при закрытых кранах; если счётчик сдвинулся, найдите и устраните утечку и сообщите в абонентский отдел.' },
    'leak.weekend_baseline': { message: (e, c) => `За ${e.weekends} выходных расход ни разу не прекращался ни на час, не меньше ${e.lowestWeekendFlowPerHour} ${c.unit} в час: вероятна утечка.`,
      advice: 'Закройте все краны и снимите показания дважды с интервалом в час; найдите и устраните утечку, затем сообщите в абонентский отдел.' },
    'non_residential_use.summer': { message: (e, c) => `Летом расход составил ${e.summerPerDay} ${c.unit} в сутки против ${e.winterPerDay} зимой: полив огорода или содержание скота на бытовом вводе оплачивается сверх норматива.`,
      advice: 'Оформите небытовое использование (полив, скот) отдельным договором.' },
    'above_pattern.excess': { message: (e) => `${e.excessVolume} м³ сверх разрешённого объёма${e.allowedVolume ? ` ${e.allowedVolume} м³` : ''} (норматив или договорная мощность): сверхнормативный объём оплачивается по повышенной цене, сверх ступенчатого тарифа.`,
      advice: 'Расходуйте воду в пределах норматива; организации при постоянной потребности — подайте заявку на изменение договорной мощности.' },
  },
  notAssessed: {
    'jump_against_history.no_readings': () => 'за этот период нет показаний',
    'jump_against_history.few_periods': (e) => `меньше ${e.needed} прошлых периодов с показаниями (${e.periodsWithReadings})`,
    'misreading.no_history': () => 'нет истории, чтобы увидеть тренд',
    'leak.few_frequent_readings': (e) => `утечка видна как ровный расход ночью или в выходные, для этого нужны показания несколько раз за ночь или по субботам и воскресеньям; таких ночей ${e.nights} (нужно не меньше ${e.nightsNeeded}), выходных ${e.weekends} (нужно не меньше ${e.weekendsNeeded}): данных недостаточно`,
    'non_residential_use.no_seasons': () => 'для сравнения сезонов нужны показания за год, летом и зимой',
  },
  causeName: { above_pattern: 'расход сверх норматива', jump_against_history: 'скачок против истории', misreading: 'неверное показание', leak: 'утечка', non_residential_use: 'небытовое использование' },
  status: { flagged: 'отмечено', rejected: 'отклонено' },
  summary: {
    noBills: 'Нет прошлых счетов, с которыми можно сравнить этот.',
    against: (c, a, n, p) => `Начислено ${c}, в среднем за последние счета (${n}) — ${a} (${p} %).`,
    estimated: (n) => `Строк, начисленных по оценке или резервным методом: ${n}; причины перечислены.`,
    causes: (names) => `Вероятные причины: ${names}.`,
    notEnough: 'Факты не указывают на причину; данных недостаточно, чтобы сказать почему.',
    nothing: 'Ничто не указывает на причину высокого счёта.',
  },
}

const fa: Texts = {
  cause: {
    'jump_against_history.rise': { message: (e, c) => `مصرف روزانه از ${e.averagePerDay} به ${e.perDay} ${c.unit} رسید: شکستگی لوله پس از کنتور یا کنتوری که تند کار می‌کند چنین نشان می‌دهد.`,
      advice: 'همه شیرها را ببندید و کنتور را نگاه کنید: اگر باز هم می‌چرخد، لوله پس از کنتور نشت دارد؛ اگر نشتی نیست، درخواست آزمایش کنتور بدهید.' },
    'misreading.flagged': { message: (e) => `قرائت ${e.reading} در ${String(e.at).replace('T', ' ')} توسط کنترل‌ها ${fa.status[String(e.status)] ?? e.status} (${e.reasons || 'بدون دلیل'}): احتمالاً اشتباه خوانده شده است.`,
      advice: 'ارقام سیاه کنتور را با قرائت مقایسه کنید و اگر فرق دارد به امور مشترکین اطلاع دهید؛ قبض اصلاح می‌شود.' },
    'misreading.lower_than_before': { message: (e) => `قرائت ${e.later} در ${String(e.laterAt).slice(0, 10)} از قرائت قبلی (${e.earlier} در ${String(e.earlierAt).slice(0, 10)}) کمتر است: یکی از آن‌ها اشتباه خوانده شده است.`,
      advice: 'ارقام سیاه کنتور را با هر دو قرائت مقایسه کنید و به امور مشترکین اطلاع دهید.' },
    'misreading.spike': { message: (e, c) => `مصرف از ${e.from} تا ${e.to} روزانه ${e.perDay} ${c.unit} بود، ${e.factor} برابر روند یا بیشتر، و قرائت بعدی آن را برگرداند: قرائت ${e.to} اشتباه به نظر می‌رسد.`,
      advice: 'بازبینی قرائت را درخواست کنید؛ قرائت اشتباه در قبض بعدی اصلاح می‌شود.' },
    'leak.night': { message: (e, c) => `آب هر شب جریان داشت (${e.nights} شب)، هرگز کمتر از ${e.lowestNightFlowPerHour} ${c.unit} در ساعت: نشت (سیفون معیوب، شیر چکه‌کن، لوله شکسته) محتمل است.`,
      advice: 'شب همه شیرها را ببندید و کنتور را دو بار به فاصله یک ساعت بخوانید؛ نشت را پیدا و تعمیر کنید و به امور مشترکین اطلاع دهید.' },
    'leak.weekend_closed': { message: (e, c) => `این محل در تعطیلات آخر هفته ${e.weekendShareOfWeekdays} از جریان روزهای کاری (${e.weekdayFlowPerHour} ${c.unit} در ساعت) را مصرف می‌کند، پس تعطیل است؛ با این حال آب در هر آخر هفته (${e.weekends} آخر هفته) جریان داشت، هرگز کمتر از ${e.lowestWeekendFlowPerHour} ${c.unit} در ساعت: نشت محتمل است.`,
      advice: 'کنتور را عصر جمعه و صبح دوشنبه با شیرهای بسته بخوانید؛ اگر تغییر کرده، نشت را پیدا و تعمیر کنید و به امور مشترکین اطلاع دهید.' },
    'leak.weekend_baseline': { message: (e, c) => `در ${e.weekends} آخر هفته جریان هیچ ساعتی قطع نشد، هرگز کمتر از ${e.lowestWeekendFlowPerHour} ${c.unit} در ساعت: نشت محتمل است.`,
      advice: 'همه شیرها را ببندید و کنتور را دو بار به فاصله یک ساعت بخوانید؛ نشت را پیدا و تعمیر کنید و به امور مشترکین اطلاع دهید.' },
    'non_residential_use.summer': { message: (e, c) => `این خانه در تابستان روزانه ${e.summerPerDay} ${c.unit} در برابر ${e.winterPerDay} در زمستان مصرف کرد: آبیاری باغ یا دامداری با انشعاب خانگی بیش از الگو محاسبه می‌شود.`,
      advice: 'مصرف غیرخانگی (باغ، دام) را با اشتراک جداگانه جدا کنید.' },
    'above_pattern.excess': { message: (e) => `${e.excessVolume} متر مکعب بیش از مصرف مجاز${e.allowedVolume ? ` (${e.allowedVolume} متر مکعب)` : ''} بود (الگو یا ظرفیت قراردادی): مازاد با نرخ مازاد، افزون بر نرخ پلکانی بالاتر، محاسبه می‌شود.`,
      advice: 'در حد الگو مصرف کنید؛ برای واحد تجاری در صورت نیاز دائمی، درخواست تغییر ظرفیت قراردادی بدهید.' },
  },
  notAssessed: {
    'jump_against_history.no_readings': () => 'هیچ قرائتی این دوره را پوشش نمی‌دهد',
    'jump_against_history.few_periods': (e) => `کمتر از ${e.needed} دوره قبلی با قرائت (${e.periodsWithReadings})`,
    'misreading.no_history': () => 'سابقه‌ای برای تشخیص روند نیست',
    'leak.few_frequent_readings': (e) => `نشت به صورت جریان ثابت در شب یا آخر هفته دیده می‌شود که چند قرائت در هر شب یا در روزهای شنبه و یکشنبه لازم دارد؛ ${e.nights} شب (دست‌کم ${e.nightsNeeded} لازم است) و ${e.weekends} آخر هفته (دست‌کم ${e.weekendsNeeded}) با چنین قرائت‌هایی: شواهد کافی نیست`,
    'non_residential_use.no_seasons': () => 'برای مقایسه فصل‌ها قرائت یک سال، تابستان و زمستان، لازم است',
  },
  causeName: { above_pattern: 'مصرف بیش از الگو', jump_against_history: 'جهش نسبت به سابقه', misreading: 'قرائت اشتباه', leak: 'نشت', non_residential_use: 'مصرف غیرخانگی' },
  status: { flagged: 'علامت‌گذاری شد', rejected: 'رد شد' },
  summary: {
    noBills: 'قبض قبلی برای مقایسه وجود ندارد.',
    against: (c, a, n, p) => `مبلغ این قبض ${c} است، در برابر میانگین ${a} در ${n} قبض اخیر (${p} درصد).`,
    estimated: (n) => `${n} ردیف برآوردی یا با روش جایگزین محاسبه شد؛ دلایل فهرست شده است.`,
    causes: (names) => `علت‌های محتمل: ${names}.`,
    notEnough: 'واقعیت‌ها به علتی اشاره نمی‌کنند؛ شواهد برای گفتن دلیل کافی نیست.',
    nothing: 'هیچ چیز به علت بالا بودن قبض اشاره نمی‌کند.',
  },
}

const TEXTS: Record<Lang, Texts> = { en, sv, ru, fa }

export interface WordedCause extends Cause { message: string; advice: string }
export interface WordedNotAssessed extends NotAssessed { reason: string }

/** The explanation's findings with their texts in `lang`; codes, variants and evidence unchanged. */
export function wordExplanation(e: BillExplanation, lang: Lang): { causes: WordedCause[]; notAssessed: WordedNotAssessed[]; summary: string } {
  const t = TEXTS[lang]
  const unitOf = new Map(e.servicePoints.map((p) => [p.servicePointId, p.unit]))
  const ctx = (id: string | null): Ctx => ({ unit: (id && unitOf.get(id)) || 'm³' })
  const causes = e.causes.map((c) => {
    const w = t.cause[`${c.code}.${c.variant}`]!
    return { ...c, message: w.message(c.evidence, ctx(c.servicePointId)), advice: w.advice }
  })
  const notAssessed = e.notAssessed.map((n) => ({ ...n, reason: t.notAssessed[`${n.code}.${n.variant}`]!(n.evidence, ctx(n.servicePointId)) }))
  const parts: string[] = []
  const a = e.amount
  parts.push(a.averageOfPrevious === null ? t.summary.noBills : t.summary.against(a.charges, a.averageOfPrevious, a.previousBills, a.changePercent ?? '—'))
  if (e.estimatedLines.length) parts.push(t.summary.estimated(e.estimatedLines.length))
  if (e.causes.length) parts.push(t.summary.causes([...new Set(e.causes.map((c) => c.code))].map((code) => t.causeName[code]).join(', ')))
  else parts.push(e.verdict === 'high' ? t.summary.notEnough : t.summary.nothing)
  return { causes, notAssessed, summary: parts.join(' ') }
}

/** Every (code, variant) the core can return has a text in every language (test/app/explanation-texts.test.ts). */
export function textKeys(lang: Lang): { causes: string[]; notAssessed: string[] } {
  return { causes: Object.keys(TEXTS[lang].cause), notAssessed: Object.keys(TEXTS[lang].notAssessed) }
}

/** The first language of an Accept-Language header we have texts for ('sv-SE,sv;q=0.9,en;q=0.8' → sv), by q; undefined when none. */
export function langOfAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined
  const tags = header.split(',').map((part, i) => {
    const [tag, ...params] = part.trim().split(';')
    const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='))
    return { code: tag!.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.slice(2)) : 1, i }
  }).filter((x) => x.q > 0 && (LANGS as readonly string[]).includes(x.code))
  tags.sort((a, b) => b.q - a.q || a.i - b.i)
  return tags[0]?.code as Lang | undefined
}
