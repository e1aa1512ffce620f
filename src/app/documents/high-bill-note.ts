// The payment document's short note when a bill is well above the customer's
// usual (issue 12 §6): +50 % or more against the average of the last three
// regular bills, the rule of GET /v1/bills/{id}/explanation (againstUsual).
// Kept apart from the layout and its labels, which change with each market's
// invoice: one query, one sentence, drawn under the totals.
import { againstUsual, AVERAGE_PERIODS } from '../../core/consumption/index.ts'
import type { Db } from '../../db/database.ts'
import type { Lang } from './lang.ts'

const NOTE: Record<Lang, (percent: string) => string> = {
  ru: (p) => `Сумма начислений на ${p} % выше средней за последние периоды. Причины (сравнение с прошлым годом, оценочные начисления, возможная утечка) — в разделе «Почему счёт высокий?».`,
  fa: (p) => `مبلغ این قبض ${p} درصد بیش از میانگین دوره‌های اخیر است. علت‌های احتمالی (مقایسه با سال گذشته، برآورد، نشت) در «چرا قبض من بالاست؟» آمده است.`,
  sv: (p) => `Fakturan är ${p} % högre än dina senaste fakturor i genomsnitt. Möjliga orsaker (jämförelse med förra året, uppskattad förbrukning, läcka) finns under ”Varför är min faktura hög?”.`,
  en: (p) => `This bill is ${p} % above your recent bills on average. Likely causes (against last year, estimated lines, a possible leak) are under "Why is my bill high?".`,
}

export async function highBillNote(db: Db, tenantId: string, bill: { accountId: string; periodStart: string; charges: string; kind: string }, lang: Lang): Promise<string | null> {
  if (bill.kind !== 'regular') return null
  // bills_one_per_period (tenant_id, account_id, period_start) where kind = 'regular'
  const previous = await db.selectFrom('bills').select('charges').where('tenantId', '=', tenantId).where('accountId', '=', bill.accountId)
    .where('kind', '=', 'regular').where('periodStart', '<', bill.periodStart).orderBy('periodStart', 'desc').limit(AVERAGE_PERIODS).execute()
  const u = againstUsual(bill.charges, previous.map((b) => b.charges))
  return u.wellAboveUsual && u.changePercent !== null ? (NOTE[lang] ?? NOTE.en)(u.changePercent) : null
}
