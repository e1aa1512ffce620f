// The reconciliation act as a document: the JSON act (src/app/ledger/
// reconciliation.ts) with the two parties it is drawn up between.
import type { Db } from '../../db/database.ts'
import type { Range } from '../ledger/statement.ts'
import { reconciliation, type ReconciliationDto } from '../ledger/reconciliation.ts'
import { langOfLocale, type Lang } from './lang.ts'
import { loadParties, type PartiesView } from './party.ts'

export interface ReconciliationDocumentView extends PartiesView {
  lang: Lang
  act: ReconciliationDto
}

export async function loadReconciliationDocument(db: Db, tenantId: string, accountId: string, range: Range, lang?: Lang): Promise<ReconciliationDocumentView> {
  const act = await reconciliation(db, tenantId, accountId, range)
  const parties = await loadParties(db, tenantId, accountId)
  return { ...parties, lang: lang ?? langOfLocale(parties.tenant.locale), act }
}

export const reconciliationFileName = (v: ReconciliationDocumentView): string =>
  `reconciliation-${v.account.number.replace(/[^A-Za-z0-9_-]/g, '_')}-${v.act.from}-${v.act.to}-${v.lang}.pdf`
