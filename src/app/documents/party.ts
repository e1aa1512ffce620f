// The parties a document names: the tenant (with its payee details) and the
// account's customer and premises address, read within the caller's tenant.
import type { Db } from '../../db/database.ts'
import { notFound } from '../errors.ts'
import { findPayeeDetails, type PayeeDetails } from './payee-details.ts'
import type { Calendar } from './format.ts'

export interface TenantView { name: string; currency: string; minorUnits: number; calendar: Calendar; locale: string; timeZone: string; billingPeriodMonths: number }
export interface PartiesView {
  tenant: TenantView
  payee: PayeeDetails
  customer: { name: string; inn: string | null }
  account: { id: string; number: string; kind: string }
  address: string | null
}

/**
 * `asOf`: the document's issue day. A completed name change (issue 12 §4)
 * names the new holder from its effective day; documents issued before it
 * keep the name they were issued with (account_holder_names, migration T0170).
 */
export async function loadParties(db: Db, tenantId: string, accountId: string, asOf?: string): Promise<PartiesView> {
  const [tenant, row, payee, holders] = await Promise.all([
    db.selectFrom('tenants').select(['name', 'currency', 'minorUnits', 'calendar', 'locale', 'timeZone', 'billingPeriodMonths']).where('tenantId', '=', tenantId).executeTakeFirstOrThrow(),
    db.selectFrom('accounts as a').innerJoin('customers as c', (j) => j.onRef('c.tenantId', '=', 'a.tenantId').onRef('c.customerId', '=', 'a.customerId'))
      .leftJoin('premises as p', (j) => j.onRef('p.tenantId', '=', 'a.tenantId').onRef('p.premisesId', '=', 'a.premisesId'))
      .select(['a.accountId', 'a.number', 'a.kind', 'a.contractInn', 'c.kind as customerKind', 'c.name', 'c.surname', 'c.inn',
        'p.address', 'p.city', 'p.postalCode'])
      .where('a.tenantId', '=', tenantId).where('a.accountId', '=', accountId).executeTakeFirst(),
    findPayeeDetails(db, tenantId),
    db.selectFrom('accountHolderNames').select(['effectiveFrom', 'name', 'surname', 'previousName', 'previousSurname'])
      .where('tenantId', '=', tenantId).where('accountId', '=', accountId).orderBy('effectiveFrom').execute(),
  ])
  if (!row) throw notFound('account')
  if (holders.length) {
    const day = asOf ?? '9999-12-31'
    const h = holders.filter((x) => x.effectiveFrom <= day).at(-1)
    Object.assign(row, h ? { name: h.name, surname: h.surname } : { name: holders[0]!.previousName, surname: holders[0]!.previousSurname })
  }
  const swedish = tenant.locale.startsWith('sv')
  // a Swedish faktura names a person given name first ("Ivan Petrov"); Russian and Iranian documents surname first
  const name = row.customerKind === 'person' && row.surname ? (swedish ? `${row.name} ${row.surname}` : `${row.surname} ${row.name}`) : row.name
  // the market's address order: Swedish street, postal code and town; Persian street, town, postal code; Russian index first
  const address = !row.address ? null
    : swedish ? [row.address, [row.postalCode, row.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')
      : tenant.locale.startsWith('fa') ? [row.address, row.city, row.postalCode].filter(Boolean).join('، ')
        : [row.postalCode, row.city, row.address].filter(Boolean).join(', ')
  return {
    tenant: { ...tenant, currency: tenant.currency.trim() },
    payee: payee ?? { name: tenant.name.slice(0, 160) },
    customer: { name, inn: row.inn ?? row.contractInn },
    account: { id: row.accountId, number: row.number, kind: row.kind },
    address,
  }
}
