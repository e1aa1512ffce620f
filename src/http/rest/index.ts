import type { RouteDef } from '../route.ts'
import { calculationRoutes } from './calculations.routes.ts'
import { resourceRoutes } from './resources.routes.ts'
import { servicePointRoutes } from './service-points.routes.ts'
import { tenantRoutes } from './tenant.routes.ts'
import { readingRoutes } from './readings.routes.ts'
import { settlementDataRoutes } from './settlement-data.routes.ts'
import { billRunRoutes } from './bill-runs.routes.ts'
import { billRoutes } from './bills.routes.ts'
import { ledgerRoutes } from './ledger.routes.ts'
import { paymentRoutes } from './payments.routes.ts'
import { documentRoutes } from './documents.routes.ts'
import { recalculationRoutes } from './recalculations.routes.ts'
import { exportRoutes } from './exports.routes.ts'
import { warningRoutes } from './warnings.routes.ts'
import { customerAuthRoutes } from './customer-auth.routes.ts'
import { eventRoutes } from './events.routes.ts'
import { webhookRoutes } from './webhooks.routes.ts'
import { delegationRoutes } from './delegations.routes.ts'
import { facilityGroupRoutes } from './facility-groups.routes.ts'
import { serviceRequestRoutes } from './service-requests.routes.ts'
import { pickupRoutes } from './pickups.routes.ts'
import { letterRoutes } from './letters.routes.ts'
import { agreementRoutes } from './agreements.routes.ts'
import { reportRoutes } from './reports.routes.ts'
import { wasteRoutes } from './waste.routes.ts'
import { readingGrantRoutes } from './reading-grants.routes.ts'
import { platformRoutes } from './platform.routes.ts'
import { auditLogRoutes } from './audit-log.routes.ts'
import { consumptionRoutes } from './consumption.routes.ts'
import { invoiceRoutes } from './invoices.routes.ts'

/** Every REST operation, in the order the OpenAPI document lists them (one module per line). */
export const restRoutes: RouteDef[] = [
  ...tenantRoutes,
  ...resourceRoutes,
  ...servicePointRoutes,
  ...wasteRoutes,
  ...readingRoutes,
  ...calculationRoutes,
  ...settlementDataRoutes,
  ...billRunRoutes,
  ...billRoutes,
  ...invoiceRoutes,
  ...recalculationRoutes,
  ...ledgerRoutes,
  ...paymentRoutes,
  ...exportRoutes,
  ...warningRoutes,
  ...documentRoutes,
  ...consumptionRoutes,
  ...letterRoutes,
  ...agreementRoutes,
  ...reportRoutes,
  ...eventRoutes,
  ...webhookRoutes,
  ...customerAuthRoutes,
  ...delegationRoutes,
  ...facilityGroupRoutes,
  ...serviceRequestRoutes,
  ...pickupRoutes,
  ...readingGrantRoutes,
  ...auditLogRoutes,
  ...platformRoutes,
]
