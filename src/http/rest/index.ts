import type { RouteDef } from '../route.ts'
import { resourceRoutes } from './resources.routes.ts'
import { servicePointRoutes } from './service-points.routes.ts'
import { tenantRoutes } from './tenant.routes.ts'

/** Every REST operation, in the order the OpenAPI document lists them. */
export const restRoutes: RouteDef[] = [...tenantRoutes, ...resourceRoutes, ...servicePointRoutes]
