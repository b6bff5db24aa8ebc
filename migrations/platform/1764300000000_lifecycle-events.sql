-- Master database, step 3: tenant lifecycle events (an outbox written from the Tenant watch) and their delivery to
-- webhook subscriptions, each attempt kept so it can be seen and redelivered.

-- Up Migration

CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  url text NOT NULL,
  -- Event types delivered to it, e.g. {tenant.ready,tenant.deleted}: never empty.
  event_types text[] NOT NULL,
  -- The signing secret sealed with AES-256-GCM under the platform's webhook key (see webhook-secret-box.ts).
  secret_sealed text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_subscriptions_name_format CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'),
  CONSTRAINT webhook_subscriptions_types_given CHECK (cardinality(event_types) > 0)
);

-- One row per transition, whichever replica saw it first: the unique key is (tenant uid, transition, generation or
-- what else tells repeated transitions apart), so replicas, relists and restarts insert nothing twice.
CREATE TABLE lifecycle_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  dedupe_key text NOT NULL UNIQUE,
  type text NOT NULL,
  tenant text NOT NULL,
  tenant_uid text NOT NULL,
  data jsonb NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lifecycle_events_tenant_uid_idx ON lifecycle_events (tenant_uid, seq);

-- What one subscription is owed of one event. Its id is the webhook-id of every attempt (Standard Webhooks: the
-- same id on a retry, so a receiver can drop duplicates). A claim is a lease: a replica killed mid-delivery lets go
-- when its lease expires, and another replica delivers the same id again.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES lifecycle_events (id) ON DELETE CASCADE,
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending',
  -- Attempts since the delivery was created or last redelivered: at the limit it is dead-lettered.
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_owner text,
  lease_until timestamptz,
  last_status_code integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_deliveries_status_known CHECK (status IN ('pending', 'succeeded', 'dead')),
  CONSTRAINT webhook_deliveries_once UNIQUE (event_id, subscription_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at DESC);

CREATE TABLE webhook_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  replica text NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  -- NULL when no HTTP answer came (refused connection, timeout, a URL no longer allowed).
  status_code integer,
  error text,
  succeeded boolean NOT NULL
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id);

-- Down Migration

DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE lifecycle_events;
DROP TABLE webhook_subscriptions;
