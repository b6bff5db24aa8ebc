// Generated from the platform's /openapi.json by web/e2e/support/api-types.ts: do not edit by hand.
// Regenerate with UPDATE_API_TYPES=1 npx mocha web/e2e/api-types.test.ts (it starts the services and writes this file).
/* eslint-disable */
export interface paths {
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Public keys that verify internal tokens: the signing key, keys about to sign, and retired keys whose tokens may still live
         * @description Anyone may call this.
         */
        get: operations["getJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/oauth-authorization-server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Issuer, token endpoint and JWKS location of internal tokens (RFC 8414)
         * @description Anyone may call this.
         */
        get: operations["getAuthorizationServerMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness probe */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/internal/v1/tenants/{name}/datasource": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Connection details of a Ready tenant's storage (service callers only)
         * @description 409 while the tenant is suspended or being deleted; 503 with Retry-After while it is still provisioning. Internal services only.
         */
        get: operations["getTenantDatasource"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth2/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a user's access token for an internal token for one tenant (RFC 8693)
         * @description The caller (the gateway) authenticates with HTTP Basic; the subject token is verified against the external OIDC provider, and the user must hold a role in the tenant. Platform admins are not members by default. Token exchange clients only.
         */
        post: operations["exchangeToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["openapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness probe: database reachable and Tenant watch synced */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's tenants with their roles and permissions there, and whether the caller is a platform admin
         * @description Any signed-in user may call this.
         */
        get: operations["listMyTenants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Policy changes, newest first
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Whether a user holds a permission in a tenant, and why
         * @description Services may ask about anyone; a user about themselves; platform admins and holders of members:manage in the tenant about anyone there. Anyone else gets 403 ACCESS_DENIED.
         */
        post: operations["checkPermission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/permissions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every permission and the roles granting it
         * @description Any signed-in user may call this.
         */
        get: operations["listPermissions"];
        put?: never;
        /**
         * Create a permission
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        post: operations["createPermission"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/permissions/{permission}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a permission no role grants
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        delete: operations["deletePermission"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The roles and permissions a user holds in a tenant
         * @description Services may ask about anyone; a user about themselves; platform admins and holders of members:manage in the tenant about anyone there. Anyone else gets 403 ACCESS_DENIED.
         */
        get: operations["resolvePermissions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every role with its permissions
         * @description Any signed-in user may call this.
         */
        get: operations["listRoles"];
        put?: never;
        /**
         * Create a role
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        post: operations["createRole"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/roles/{role}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A role with its permissions
         * @description Any signed-in user may call this.
         */
        get: operations["getRole"];
        put?: never;
        post?: never;
        /**
         * Delete a role nobody holds (built-in roles stay)
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        delete: operations["deleteRole"];
        options?: never;
        head?: never;
        /**
         * Change a role's description
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        patch: operations["updateRole"];
        trace?: never;
    };
    "/v1/policy/roles/{role}/permissions/{permission}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Grant a permission to a role (idempotent)
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        put: operations["grantPermission"];
        post?: never;
        /**
         * Revoke a permission from a role
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        delete: operations["revokePermission"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/tenants/{tenant}/memberships": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's memberships, pending ones included
         * @description Platform admins, and users holding members:manage in the tenant, may call this; anyone else gets 403 ACCESS_DENIED.
         */
        get: operations["listMemberships"];
        put?: never;
        /**
         * Give a user a role in the tenant, by subject or by e-mail (pending until they sign in)
         * @description Platform admins, and users holding members:manage in the tenant, may call this; anyone else gets 403 ACCESS_DENIED.
         */
        post: operations["addMembership"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy/tenants/{tenant}/memberships/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Take a role away (memberships from spec.admins are changed on the Tenant instead)
         * @description Platform admins, and users holding members:manage in the tenant, may call this; anyone else gets 403 ACCESS_DENIED.
         */
        delete: operations["removeMembership"];
        options?: never;
        head?: never;
        /**
         * Give a member another role (memberships from spec.admins are changed on the Tenant instead)
         * @description Platform admins, and users holding members:manage in the tenant, may call this; anyone else gets 403 ACCESS_DENIED.
         */
        patch: operations["changeMembershipRole"];
        trace?: never;
    };
    "/v1/tenant-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every tenant's changes, live, as server-sent events (from the watch)
         * @description A `text/event-stream`. Each event has an `id`, an `event` name equal to the `type` of its JSON `data`: `snapshot` (every tenant, replacing what the client holds; sent first), `upsert` (a tenant as it is now), `delete` (a tenant gone). Comment lines keep the connection alive. Reconnect with `Last-Event-ID` to get the changes missed, or a new snapshot when they cannot be replayed. The stream ends when the access token expires. Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        get: operations["streamTenantEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tenants with their phase (from the watch cache)
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        get: operations["listTenants"];
        put?: never;
        /**
         * Create a tenant (writes a Tenant resource; the operator provisions it)
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        post: operations["createTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read a tenant: spec and status straight from the resource
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        get: operations["getTenant"];
        put?: never;
        post?: never;
        /**
         * Delete a tenant; its storage is kept or dropped as its deletionPolicy says
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        delete: operations["deleteTenant"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{name}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a suspended tenant
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        post: operations["resumeTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{name}/rotate-credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the tenant's database credentials now (the operator switches the Secret to a fresh login; the previous one works for the grace period)
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        post: operations["rotateTenantCredentials"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{name}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Suspend a tenant: data kept, users refused
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        post: operations["suspendTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deliveries, newest first, by subscription, tenant or status
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/deliveries/{id}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every attempt of a delivery, oldest first
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        get: operations["listWebhookAttempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/deliveries/{id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver again now, with the same webhook-id, and a fresh attempt budget
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every webhook subscription (secrets are never listed)
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        get: operations["listWebhookSubscriptions"];
        put?: never;
        /**
         * Subscribe a URL to tenant lifecycle events; the answer holds the signing secret, shown this once
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        post: operations["createWebhookSubscription"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a subscription with its deliveries
         * @description Only platform admins (users in the platform admin group) may call this; anyone else gets 403 ACCESS_DENIED.
         */
        delete: operations["deleteWebhookSubscription"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description RFC 9457 problem details */
        Problem: {
            /** @description Stable machine-readable identifier of the problem */
            code: string;
            detail: string;
            /** @description The offending input fields */
            errors?: {
                field: string;
                message: string;
            }[];
            instance?: string;
            requestId?: string;
            status: number;
            title: string;
            type: string;
        };
        TenantEventData: {
            /** @description Every tenant, by name */
            items: {
                admins: string[];
                conditions: {
                    lastTransitionTime: string;
                    message: string;
                    observedGeneration?: number;
                    reason: string;
                    /** @enum {string} */
                    status: "True" | "False" | "Unknown";
                    type: string;
                }[];
                createdAt?: string;
                /** @description The tenant's database login and its rotation (status.credentials) */
                credentials?: {
                    /** @description How long the previous login keeps working after a rotation */
                    gracePeriod: string;
                    nextRotationAt?: string;
                    /** @description The previous login, working until retiresAt */
                    retiring?: {
                        retiresAt: string;
                        username: string;
                    };
                    rotatedAt?: string;
                    /** @description spec.credentials.rotateEvery: the rotation schedule, when there is one */
                    rotateEvery?: string;
                    /** @description A rotation was asked for and is not carried out yet */
                    rotationPending: boolean;
                    /** @description The login role the credentials Secret holds now */
                    username?: string;
                };
                databaseServer?: string;
                /** @enum {string} */
                deletionPolicy: "Retain" | "Delete";
                deletionRequestedAt?: string;
                displayName: string;
                generation?: number;
                message?: string;
                migrations?: {
                    applied?: number;
                    latest?: string;
                };
                name: string;
                observedGeneration?: number;
                /** @enum {string} */
                phase: "Pending" | "Provisioning" | "Migrating" | "Ready" | "Suspended" | "Deleting" | "Failed";
                /** @enum {string} */
                plan: "free" | "standard" | "enterprise";
                provisionedAt?: string;
                /** @description The Ready condition is True: the spec is carried out (a suspended tenant is Ready too) */
                ready: boolean;
                /** @description The tenant serves requests: provisioned, not suspended, not being deleted */
                serving: boolean;
                /** @description Where the operator placed the tenant's data (status.database) */
                storage?: {
                    database?: string;
                    host?: string;
                    port?: number;
                    role?: string;
                    schema?: string;
                    secretName?: string;
                    server?: string;
                };
                suspended: boolean;
                /** @enum {string} */
                tier: "pool" | "silo";
            }[];
            /** @constant */
            type: "snapshot";
        } | {
            tenant: {
                admins: string[];
                conditions: {
                    lastTransitionTime: string;
                    message: string;
                    observedGeneration?: number;
                    reason: string;
                    /** @enum {string} */
                    status: "True" | "False" | "Unknown";
                    type: string;
                }[];
                createdAt?: string;
                /** @description The tenant's database login and its rotation (status.credentials) */
                credentials?: {
                    /** @description How long the previous login keeps working after a rotation */
                    gracePeriod: string;
                    nextRotationAt?: string;
                    /** @description The previous login, working until retiresAt */
                    retiring?: {
                        retiresAt: string;
                        username: string;
                    };
                    rotatedAt?: string;
                    /** @description spec.credentials.rotateEvery: the rotation schedule, when there is one */
                    rotateEvery?: string;
                    /** @description A rotation was asked for and is not carried out yet */
                    rotationPending: boolean;
                    /** @description The login role the credentials Secret holds now */
                    username?: string;
                };
                databaseServer?: string;
                /** @enum {string} */
                deletionPolicy: "Retain" | "Delete";
                deletionRequestedAt?: string;
                displayName: string;
                generation?: number;
                message?: string;
                migrations?: {
                    applied?: number;
                    latest?: string;
                };
                name: string;
                observedGeneration?: number;
                /** @enum {string} */
                phase: "Pending" | "Provisioning" | "Migrating" | "Ready" | "Suspended" | "Deleting" | "Failed";
                /** @enum {string} */
                plan: "free" | "standard" | "enterprise";
                provisionedAt?: string;
                /** @description The Ready condition is True: the spec is carried out (a suspended tenant is Ready too) */
                ready: boolean;
                /** @description The tenant serves requests: provisioned, not suspended, not being deleted */
                serving: boolean;
                /** @description Where the operator placed the tenant's data (status.database) */
                storage?: {
                    database?: string;
                    host?: string;
                    port?: number;
                    role?: string;
                    schema?: string;
                    secretName?: string;
                    server?: string;
                };
                suspended: boolean;
                /** @enum {string} */
                tier: "pool" | "silo";
            };
            /** @constant */
            type: "upsert";
        } | {
            name: string;
            /** @constant */
            type: "delete";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getJwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JWK Set (public members only) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/jwk-set+json": {
                        keys: {
                            /** @enum {string} */
                            alg: "ES256" | "RS256";
                            crv?: string;
                            e?: string;
                            kid: string;
                            /** @enum {string} */
                            kty: "EC" | "RSA";
                            n?: string;
                            /** @constant */
                            use: "sig";
                            x?: string;
                            y?: string;
                        }[];
                    };
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuthorizationServerMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Authorization server metadata */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        grant_types_supported: string[];
                        issuer: string;
                        jwks_uri: string;
                        response_types_supported: string[];
                        token_endpoint: string;
                        token_endpoint_auth_methods_supported: string[];
                    };
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getTenantDatasource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How to connect to the tenant's storage */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the server's authenticator login: no privileges of its own, a member of every serving tenant role */
                        authenticator: {
                            password: string;
                            username: string;
                        };
                        database: string;
                        host: string;
                        password: string;
                        port: number;
                        /** @description the tenant role each transaction switches to (SET LOCAL ROLE) */
                        role: string;
                        schema: string;
                        server: string;
                        /** @description libpq sslmode */
                        sslMode: string;
                        tenant: string;
                        username: string;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    exchangeToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @description The internal service the token is for; one of PLATFORM_TOKEN_AUDIENCES, PLATFORM_TOKEN_AUDIENCE when absent */
                    audience?: string;
                    /** @constant */
                    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange";
                    /** @description Extension: the user's ID token from the same provider and client, for the verified e-mail Cognito access tokens lack */
                    id_token?: string;
                    /**
                     * @description The answer is always a JWT access token
                     * @enum {string}
                     */
                    requested_token_type?: "urn:ietf:params:oauth:token-type:jwt" | "urn:ietf:params:oauth:token-type:access_token";
                    /** @description The tenant, as urn:tenantry:tenant:<name> (or use "tenant") */
                    resource?: string;
                    /** @description Ignored: the permissions come from the user's roles in the tenant */
                    scope?: string;
                    /** @description The user's access token from the external OIDC provider (Cognito) */
                    subject_token: string;
                    /** @enum {string} */
                    subject_token_type: "urn:ietf:params:oauth:token-type:access_token" | "urn:ietf:params:oauth:token-type:jwt";
                    /** @description The tenant by name (or use "resource"); both must agree when both are sent */
                    tenant?: string;
                };
            };
        };
        responses: {
            /** @description The internal token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Internal JWT (typ at+jwt) signed by the key published at /.well-known/jwks.json */
                        access_token: string;
                        /** @description Seconds: PLATFORM_TOKEN_TTL, never beyond the subject token's own expiry */
                        expires_in: number;
                        /** @constant */
                        issued_token_type: "urn:ietf:params:oauth:token-type:jwt";
                        /** @constant */
                        token_type: "Bearer";
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        error: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_target" | "temporarily_unavailable" | "server_error";
                        error_description?: string;
                    };
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        error: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_target" | "temporarily_unavailable" | "server_error";
                        error_description?: string;
                    };
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        error: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_target" | "temporarily_unavailable" | "server_error";
                        error_description?: string;
                    };
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        error: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_target" | "temporarily_unavailable" | "server_error";
                        error_description?: string;
                    };
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        error: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_target" | "temporarily_unavailable" | "server_error";
                        error_description?: string;
                    };
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        error: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_target" | "temporarily_unavailable" | "server_error";
                        error_description?: string;
                    };
                };
            };
        };
    };
    openapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    listMyTenants: {
        parameters: {
            query?: never;
            header?: {
                /** @description The caller's OIDC ID token (same issuer, client and subject): its verified e-mail binds memberships given by e-mail */
                "X-Id-Token"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller and their tenants */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Tenants the caller is a member of, by name */
                        items: {
                            displayName: string;
                            name: string;
                            permissions: string[];
                            /** @enum {string} */
                            phase: "Pending" | "Provisioning" | "Migrating" | "Ready" | "Suspended" | "Deleting" | "Failed";
                            roles: string[];
                            suspended: boolean;
                        }[];
                        user: {
                            /** @description Verified e-mail, from the ID token sent in X-Id-Token */
                            email?: string;
                            /** @description Member of the platform admin group: may use the tenants API */
                            platformAdmin: boolean;
                            subject: string;
                        };
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAudit: {
        parameters: {
            query?: {
                before?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Audit entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            action: string;
                            actor: string;
                            detail: {
                                [key: string]: unknown;
                            };
                            id: string;
                            occurredAt: string;
                        }[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    checkPermission: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    permission: string;
                    tenant: string;
                    /** @description OIDC subject (`sub`) of the user */
                    user: string;
                };
            };
        };
        responses: {
            /** @description The decision and its reason */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        allowed: boolean;
                        reason: string;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPermissions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The permissions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Checked by the services: cannot be deleted */
                            builtin: boolean;
                            description: string;
                            name: string;
                            /** @description Roles granting this permission */
                            roles: string[];
                        }[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPermission: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default  */
                    description?: string;
                    name: string;
                };
            };
        };
        responses: {
            /** @description The permission */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Checked by the services: cannot be deleted */
                        builtin: boolean;
                        description: string;
                        name: string;
                        /** @description Roles granting this permission */
                        roles: string[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deletePermission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                permission: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resolvePermissions: {
        parameters: {
            query: {
                tenant: string;
                user: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The resolution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        permissions: string[];
                        roles: string[];
                        tenant: string;
                        user: string;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRoles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The roles */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            builtin: boolean;
                            description: string;
                            name: string;
                            permissions: string[];
                        }[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createRole: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default  */
                    description?: string;
                    name: string;
                    /** @default [] */
                    permissions?: string[];
                };
            };
        };
        responses: {
            /** @description The role */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        builtin: boolean;
                        description: string;
                        name: string;
                        permissions: string[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                role: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The role */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        builtin: boolean;
                        description: string;
                        name: string;
                        permissions: string[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                role: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                role: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description: string;
                };
            };
        };
        responses: {
            /** @description The role */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        builtin: boolean;
                        description: string;
                        name: string;
                        permissions: string[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    grantPermission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                permission: string;
                role: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The role */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        builtin: boolean;
                        description: string;
                        name: string;
                        permissions: string[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokePermission: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                permission: string;
                role: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The role */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        builtin: boolean;
                        description: string;
                        name: string;
                        permissions: string[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMemberships: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The memberships */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            createdAt: string;
                            email: string | null;
                            id: string;
                            /** @description Waiting for the first sign-in with `email` */
                            pending: boolean;
                            role: string;
                            /**
                             * @description tenant-spec memberships mirror the Tenant's spec.admins
                             * @enum {string}
                             */
                            source: "api" | "tenant-spec";
                            tenant: string;
                            /** @description OIDC subject; null while pending */
                            user: string | null;
                        }[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    addMembership: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenant: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: email
                     * @description Without `user`: the membership waits for the first sign-in with this verified e-mail
                     */
                    email?: string;
                    role: string;
                    /** @description OIDC subject (`sub`) of the user */
                    user?: string;
                };
            };
        };
        responses: {
            /** @description The membership */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        email: string | null;
                        id: string;
                        /** @description Waiting for the first sign-in with `email` */
                        pending: boolean;
                        role: string;
                        /**
                         * @description tenant-spec memberships mirror the Tenant's spec.admins
                         * @enum {string}
                         */
                        source: "api" | "tenant-spec";
                        tenant: string;
                        /** @description OIDC subject; null while pending */
                        user: string | null;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    removeMembership: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                tenant: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changeMembershipRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                tenant: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    role: string;
                };
            };
        };
        responses: {
            /** @description The membership with its new role */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        email: string | null;
                        id: string;
                        /** @description Waiting for the first sign-in with `email` */
                        pending: boolean;
                        role: string;
                        /**
                         * @description tenant-spec memberships mirror the Tenant's spec.admins
                         * @enum {string}
                         */
                        source: "api" | "tenant-spec";
                        tenant: string;
                        /** @description OIDC subject; null while pending */
                        user: string | null;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamTenantEvents: {
        parameters: {
            query?: never;
            header?: {
                /** @description The id of the last event received, to resume after it */
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream; its data is JSON (TenantEventData) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": {
                        data: string;
                        event?: string;
                        id?: string;
                        retry?: number;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTenants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every tenant, by name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            createdAt?: string;
                            displayName: string;
                            message?: string;
                            name: string;
                            /** @enum {string} */
                            phase: "Pending" | "Provisioning" | "Migrating" | "Ready" | "Suspended" | "Deleting" | "Failed";
                            /** @enum {string} */
                            plan: "free" | "standard" | "enterprise";
                            /** @description The Ready condition is True: the spec is carried out (a suspended tenant is Ready too) */
                            ready: boolean;
                            /** @description The tenant serves requests: provisioned, not suspended, not being deleted */
                            serving: boolean;
                            suspended: boolean;
                            /** @enum {string} */
                            tier: "pool" | "silo";
                        }[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createTenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description E-mail addresses of the first tenant admins
                     * @default []
                     */
                    admins?: string[];
                    /** @description DatabaseServer to place the tenant on; placement picks one when absent */
                    databaseServer?: string;
                    /**
                     * @description What happens to the storage when the tenant is deleted
                     * @default Retain
                     * @enum {string}
                     */
                    deletionPolicy?: "Retain" | "Delete";
                    displayName: string;
                    name: string;
                    /**
                     * @default standard
                     * @enum {string}
                     */
                    plan?: "free" | "standard" | "enterprise";
                    /**
                     * @description pool: a schema in a shared database; silo: a dedicated database
                     * @default pool
                     * @enum {string}
                     */
                    tier?: "pool" | "silo";
                };
            };
        };
        responses: {
            /** @description The Tenant resource was created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        admins: string[];
                        conditions: {
                            lastTransitionTime: string;
                            message: string;
                            observedGeneration?: number;
                            reason: string;
                            /** @enum {string} */
                            status: "True" | "False" | "Unknown";
                            type: string;
                        }[];
                        createdAt?: string;
                        /** @description The tenant's database login and its rotation (status.credentials) */
                        credentials?: {
                            /** @description How long the previous login keeps working after a rotation */
                            gracePeriod: string;
                            nextRotationAt?: string;
                            /** @description The previous login, working until retiresAt */
                            retiring?: {
                                retiresAt: string;
                                username: string;
                            };
                            rotatedAt?: string;
                            /** @description spec.credentials.rotateEvery: the rotation schedule, when there is one */
                            rotateEvery?: string;
                            /** @description A rotation was asked for and is not carried out yet */
                            rotationPending: boolean;
                            /** @description The login role the credentials Secret holds now */
                            username?: string;
                        };
                        databaseServer?: string;
                        /** @enum {string} */
                        deletionPolicy: "Retain" | "Delete";
                        deletionRequestedAt?: string;
                        displayName: string;
                        generation?: number;
                        message?: string;
                        migrations?: {
                            applied?: number;
                            latest?: string;
                        };
                        name: string;
                        observedGeneration?: number;
                        /** @enum {string} */
                        phase: "Pending" | "Provisioning" | "Migrating" | "Ready" | "Suspended" | "Deleting" | "Failed";
                        /** @enum {string} */
                        plan: "free" | "standard" | "enterprise";
                        provisionedAt?: string;
                        /** @description The Ready condition is True: the spec is carried out (a suspended tenant is Ready too) */
                        ready: boolean;
                        /** @description The tenant serves requests: provisioned, not suspended, not being deleted */
                        serving: boolean;
                        /** @description Where the operator placed the tenant's data (status.database) */
                        storage?: {
                            database?: string;
                            host?: string;
                            port?: number;
                            role?: string;
                            schema?: string;
                            secretName?: string;
                            server?: string;
                        };
                        suspended: boolean;
                        /** @enum {string} */
                        tier: "pool" | "silo";
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        admins: string[];
                        conditions: {
                            lastTransitionTime: string;
                            message: string;
                            observedGeneration?: number;
                            reason: string;
                            /** @enum {string} */
                            status: "True" | "False" | "Unknown";
                            type: string;
                        }[];
                        createdAt?: string;
                        /** @description The tenant's database login and its rotation (status.credentials) */
                        credentials?: {
                            /** @description How long the previous login keeps working after a rotation */
                            gracePeriod: string;
                            nextRotationAt?: string;
                            /** @description The previous login, working until retiresAt */
                            retiring?: {
                                retiresAt: string;
                                username: string;
                            };
                            rotatedAt?: string;
                            /** @description spec.credentials.rotateEvery: the rotation schedule, when there is one */
                            rotateEvery?: string;
                            /** @description A rotation was asked for and is not carried out yet */
                            rotationPending: boolean;
                            /** @description The login role the credentials Secret holds now */
                            username?: string;
                        };
                        databaseServer?: string;
                        /** @enum {string} */
                        deletionPolicy: "Retain" | "Delete";
                        deletionRequestedAt?: string;
                        displayName: string;
                        generation?: number;
                        message?: string;
                        migrations?: {
                            applied?: number;
                            latest?: string;
                        };
                        name: string;
                        observedGeneration?: number;
                        /** @enum {string} */
                        phase: "Pending" | "Provisioning" | "Migrating" | "Ready" | "Suspended" | "Deleting" | "Failed";
                        /** @enum {string} */
                        plan: "free" | "standard" | "enterprise";
                        provisionedAt?: string;
                        /** @description The Ready condition is True: the spec is carried out (a suspended tenant is Ready too) */
                        ready: boolean;
                        /** @description The tenant serves requests: provisioned, not suspended, not being deleted */
                        serving: boolean;
                        /** @description Where the operator placed the tenant's data (status.database) */
                        storage?: {
                            database?: string;
                            host?: string;
                            port?: number;
                            role?: string;
                            schema?: string;
                            secretName?: string;
                            server?: string;
                        };
                        suspended: boolean;
                        /** @enum {string} */
                        tier: "pool" | "silo";
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deletion requested; the operator finishes it */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        admins: string[];
                        conditions: {
                            lastTransitionTime: string;
                            message: string;
                            observedGeneration?: number;
                            reason: string;
                            /** @enum {string} */
                            status: "True" | "False" | "Unknown";
                            type: string;
                        }[];
                        createdAt?: string;
                        /** @description The tenant's database login and its rotation (status.credentials) */
                        credentials?: {
                            /** @description How long the previous login keeps working after a rotation */
                            gracePeriod: string;
                            nextRotationAt?: string;
                            /** @description The previous login, working until retiresAt */
                            retiring?: {
                                retiresAt: string;
                                username: string;
                            };
                            rotatedAt?: string;
                            /** @description spec.credentials.rotateEvery: the rotation schedule, when there is one */
                            rotateEvery?: string;
                            /** @description A rotation was asked for and is not carried out yet */
                            rotationPending: boolean;
                            /** @description The login role the credentials Secret holds now */
                            username?: string;
                        };
                        databaseServer?: string;
                        /** @enum {string} */
                        deletionPolicy: "Retain" | "Delete";
                        deletionRequestedAt?: string;
                        displayName: string;
                        generation?: number;
                        message?: string;
                        migrations?: {
                            applied?: number;
                            latest?: string;
                        };
                        name: string;
                        observedGeneration?: number;
                        /** @enum {string} */
                        phase: "Pending" | "Provisioning" | "Migrating" | "Ready" | "Suspended" | "Deleting" | "Failed";
                        /** @enum {string} */
                        plan: "free" | "standard" | "enterprise";
                        provisionedAt?: string;
                        /** @description The Ready condition is True: the spec is carried out (a suspended tenant is Ready too) */
                        ready: boolean;
                        /** @description The tenant serves requests: provisioned, not suspended, not being deleted */
                        serving: boolean;
                        /** @description Where the operator placed the tenant's data (status.database) */
                        storage?: {
                            database?: string;
                            host?: string;
                            port?: number;
                            role?: string;
                            schema?: string;
                            secretName?: string;
                            server?: string;
                        };
                        suspended: boolean;
                        /** @enum {string} */
                        tier: "pool" | "silo";
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resumeTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        admins: string[];
                        conditions: {
                            lastTransitionTime: string;
                            message: string;
                            observedGeneration?: number;
                            reason: string;
                            /** @enum {string} */
                            status: "True" | "False" | "Unknown";
                            type: string;
                        }[];
                        createdAt?: string;
                        /** @description The tenant's database login and its rotation (status.credentials) */
                        credentials?: {
                            /** @description How long the previous login keeps working after a rotation */
                            gracePeriod: string;
                            nextRotationAt?: string;
                            /** @description The previous login, working until retiresAt */
                            retiring?: {
                                retiresAt: string;
                                username: string;
                            };
                            rotatedAt?: string;
                            /** @description spec.credentials.rotateEvery: the rotation schedule, when there is one */
                            rotateEvery?: string;
                            /** @description A rotation was asked for and is not carried out yet */
                            rotationPending: boolean;
                            /** @description The login role the credentials Secret holds now */
                            username?: string;
                        };
                        databaseServer?: string;
                        /** @enum {string} */
                        deletionPolicy: "Retain" | "Delete";
                        deletionRequestedAt?: string;
                        displayName: string;
                        generation?: number;
                        message?: string;
                        migrations?: {
                            applied?: number;
                            latest?: string;
                        };
                        name: string;
                        observedGeneration?: number;
                        /** @enum {string} */
                        phase: "Pending" | "Provisioning" | "Migrating" | "Ready" | "Suspended" | "Deleting" | "Failed";
                        /** @enum {string} */
                        plan: "free" | "standard" | "enterprise";
                        provisionedAt?: string;
                        /** @description The Ready condition is True: the spec is carried out (a suspended tenant is Ready too) */
                        ready: boolean;
                        /** @description The tenant serves requests: provisioned, not suspended, not being deleted */
                        serving: boolean;
                        /** @description Where the operator placed the tenant's data (status.database) */
                        storage?: {
                            database?: string;
                            host?: string;
                            port?: number;
                            role?: string;
                            schema?: string;
                            secretName?: string;
                            server?: string;
                        };
                        suspended: boolean;
                        /** @enum {string} */
                        tier: "pool" | "silo";
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateTenantCredentials: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rotation requested; credentials.rotationPending is true until the operator carried it out */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        admins: string[];
                        conditions: {
                            lastTransitionTime: string;
                            message: string;
                            observedGeneration?: number;
                            reason: string;
                            /** @enum {string} */
                            status: "True" | "False" | "Unknown";
                            type: string;
                        }[];
                        createdAt?: string;
                        /** @description The tenant's database login and its rotation (status.credentials) */
                        credentials?: {
                            /** @description How long the previous login keeps working after a rotation */
                            gracePeriod: string;
                            nextRotationAt?: string;
                            /** @description The previous login, working until retiresAt */
                            retiring?: {
                                retiresAt: string;
                                username: string;
                            };
                            rotatedAt?: string;
                            /** @description spec.credentials.rotateEvery: the rotation schedule, when there is one */
                            rotateEvery?: string;
                            /** @description A rotation was asked for and is not carried out yet */
                            rotationPending: boolean;
                            /** @description The login role the credentials Secret holds now */
                            username?: string;
                        };
                        databaseServer?: string;
                        /** @enum {string} */
                        deletionPolicy: "Retain" | "Delete";
                        deletionRequestedAt?: string;
                        displayName: string;
                        generation?: number;
                        message?: string;
                        migrations?: {
                            applied?: number;
                            latest?: string;
                        };
                        name: string;
                        observedGeneration?: number;
                        /** @enum {string} */
                        phase: "Pending" | "Provisioning" | "Migrating" | "Ready" | "Suspended" | "Deleting" | "Failed";
                        /** @enum {string} */
                        plan: "free" | "standard" | "enterprise";
                        provisionedAt?: string;
                        /** @description The Ready condition is True: the spec is carried out (a suspended tenant is Ready too) */
                        ready: boolean;
                        /** @description The tenant serves requests: provisioned, not suspended, not being deleted */
                        serving: boolean;
                        /** @description Where the operator placed the tenant's data (status.database) */
                        storage?: {
                            database?: string;
                            host?: string;
                            port?: number;
                            role?: string;
                            schema?: string;
                            secretName?: string;
                            server?: string;
                        };
                        suspended: boolean;
                        /** @enum {string} */
                        tier: "pool" | "silo";
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    suspendTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tenant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        admins: string[];
                        conditions: {
                            lastTransitionTime: string;
                            message: string;
                            observedGeneration?: number;
                            reason: string;
                            /** @enum {string} */
                            status: "True" | "False" | "Unknown";
                            type: string;
                        }[];
                        createdAt?: string;
                        /** @description The tenant's database login and its rotation (status.credentials) */
                        credentials?: {
                            /** @description How long the previous login keeps working after a rotation */
                            gracePeriod: string;
                            nextRotationAt?: string;
                            /** @description The previous login, working until retiresAt */
                            retiring?: {
                                retiresAt: string;
                                username: string;
                            };
                            rotatedAt?: string;
                            /** @description spec.credentials.rotateEvery: the rotation schedule, when there is one */
                            rotateEvery?: string;
                            /** @description A rotation was asked for and is not carried out yet */
                            rotationPending: boolean;
                            /** @description The login role the credentials Secret holds now */
                            username?: string;
                        };
                        databaseServer?: string;
                        /** @enum {string} */
                        deletionPolicy: "Retain" | "Delete";
                        deletionRequestedAt?: string;
                        displayName: string;
                        generation?: number;
                        message?: string;
                        migrations?: {
                            applied?: number;
                            latest?: string;
                        };
                        name: string;
                        observedGeneration?: number;
                        /** @enum {string} */
                        phase: "Pending" | "Provisioning" | "Migrating" | "Ready" | "Suspended" | "Deleting" | "Failed";
                        /** @enum {string} */
                        plan: "free" | "standard" | "enterprise";
                        provisionedAt?: string;
                        /** @description The Ready condition is True: the spec is carried out (a suspended tenant is Ready too) */
                        ready: boolean;
                        /** @description The tenant serves requests: provisioned, not suspended, not being deleted */
                        serving: boolean;
                        /** @description Where the operator placed the tenant's data (status.database) */
                        storage?: {
                            database?: string;
                            host?: string;
                            port?: number;
                            role?: string;
                            schema?: string;
                            secretName?: string;
                            server?: string;
                        };
                        suspended: boolean;
                        /** @enum {string} */
                        tier: "pool" | "silo";
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                status?: "pending" | "succeeded" | "dead";
                subscription?: string;
                tenant?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Attempts since created or last redelivered */
                            attempts: number;
                            createdAt: string;
                            deliveredAt: string | null;
                            /** @description The CloudEvent id */
                            eventId: string;
                            /** @enum {string} */
                            eventType: "tenant.created" | "tenant.ready" | "tenant.suspended" | "tenant.resumed" | "tenant.migrated" | "tenant.stalled" | "tenant.deleted";
                            /** @description The webhook-id of every attempt */
                            id: string;
                            lastError: string | null;
                            lastStatusCode: number | null;
                            nextAttemptAt: string;
                            /**
                             * @description dead: given up after the attempt limit (redeliver to try again)
                             * @enum {string}
                             */
                            status: "pending" | "succeeded" | "dead";
                            subscription: string;
                            subscriptionId: string;
                            tenant: string;
                        }[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookAttempts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The attempts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            durationMs: number;
                            error: string | null;
                            id: string;
                            replica: string;
                            startedAt: string;
                            /** @description null when no HTTP answer came */
                            statusCode: number | null;
                            succeeded: boolean;
                        }[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery, due now */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Attempts since created or last redelivered */
                        attempts: number;
                        createdAt: string;
                        deliveredAt: string | null;
                        /** @description The CloudEvent id */
                        eventId: string;
                        /** @enum {string} */
                        eventType: "tenant.created" | "tenant.ready" | "tenant.suspended" | "tenant.resumed" | "tenant.migrated" | "tenant.stalled" | "tenant.deleted";
                        /** @description The webhook-id of every attempt */
                        id: string;
                        lastError: string | null;
                        lastStatusCode: number | null;
                        nextAttemptAt: string;
                        /**
                         * @description dead: given up after the attempt limit (redeliver to try again)
                         * @enum {string}
                         */
                        status: "pending" | "succeeded" | "dead";
                        subscription: string;
                        subscriptionId: string;
                        tenant: string;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookSubscriptions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscriptions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            createdAt: string;
                            createdBy: string;
                            eventTypes: ("tenant.created" | "tenant.ready" | "tenant.suspended" | "tenant.resumed" | "tenant.migrated" | "tenant.stalled" | "tenant.deleted")[];
                            id: string;
                            name: string;
                            url: string;
                        }[];
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    eventTypes: ("tenant.created" | "tenant.ready" | "tenant.suspended" | "tenant.resumed" | "tenant.migrated" | "tenant.stalled" | "tenant.deleted")[];
                    name: string;
                    /** @description https, or http where the platform allows it (development); no credentials */
                    url: string;
                };
            };
        };
        responses: {
            /** @description The subscription and its secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        createdAt: string;
                        createdBy: string;
                        eventTypes: ("tenant.created" | "tenant.ready" | "tenant.suspended" | "tenant.resumed" | "tenant.migrated" | "tenant.stalled" | "tenant.deleted")[];
                        id: string;
                        name: string;
                        /** @description The Standard Webhooks signing secret (whsec_…): shown this once, keep it */
                        secret: string;
                        url: string;
                    };
                };
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Entity */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhookSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Internal Server Error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
