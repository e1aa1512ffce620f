// Deployment settings some request handlers need (REST RouteContext.settings,
// GraphQL GqlContext.settings), taken from the config given to buildApp: a
// handler never reads the environment itself.
export interface RouteSettings {
  /** WEBHOOK_ALLOW_PRIVATE: webhook endpoints may name a private, loopback or link-local address */
  webhookAllowPrivate: boolean
}

export const DEFAULT_ROUTE_SETTINGS: RouteSettings = { webhookAllowPrivate: false }
