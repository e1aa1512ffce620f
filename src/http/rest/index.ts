import type { RouteDef } from '../route.ts'
import { calculationRoutes } from './calculations.routes.ts'
import { resourceRoutes } from './resources.routes.ts'
import { servicePointRoutes } from './service-points.routes.ts'
import { tenantRoutes } from './tenant.routes.ts'
import { readingRoutes } from './readings.routes.ts'

/** Every REST operation, in the order the OpenAPI document lists them. */
export const restRoutes: RouteDef[] = [...tenantRoutes, ...resourceRoutes, ...servicePointRoutes, ...readingRoutes, ...calculationRoutes]
