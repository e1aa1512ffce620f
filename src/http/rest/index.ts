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
import { consumptionRoutes } from './consumption.routes.ts'

/** Every REST operation, in the order the OpenAPI document lists them. */
export const restRoutes: RouteDef[] = [...tenantRoutes, ...resourceRoutes, ...servicePointRoutes, ...readingRoutes, ...calculationRoutes,
  ...settlementDataRoutes, ...billRunRoutes, ...billRoutes, ...recalculationRoutes, ...ledgerRoutes, ...paymentRoutes, ...exportRoutes, ...warningRoutes, ...documentRoutes,
  ...eventRoutes, ...webhookRoutes, ...customerAuthRoutes, ...consumptionRoutes]
