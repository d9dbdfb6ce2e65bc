CREATE TABLE "analytics_points" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"broker_id" uuid NOT NULL,
	"namespace" text NOT NULL,
	"broker" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"labels" jsonb NOT NULL,
	"metrics" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hook_kv" (
	"broker_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hook_kv_broker_id_key_pk" PRIMARY KEY("broker_id","key")
);
--> statement-breakpoint
ALTER TABLE "brokers" ADD COLUMN "fetch_allow_list" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_points" ADD CONSTRAINT "analytics_points_broker_id_brokers_id_fk" FOREIGN KEY ("broker_id") REFERENCES "public"."brokers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hook_kv" ADD CONSTRAINT "hook_kv_broker_id_brokers_id_fk" FOREIGN KEY ("broker_id") REFERENCES "public"."brokers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_points_at" ON "analytics_points" USING btree ("at");--> statement-breakpoint
-- Written by hand from here on: the analytics schema that POST /v1/analytics/query reads
-- (lib/control/analytics.ts). Queries run as the role sluice_analytics, which may read the view
-- analytics.telemetry and nothing else.
CREATE SCHEMA "analytics";--> statement-breakpoint
-- Columns as in Cloudflare Analytics Engine: label_1…label_20 and metric_1…metric_20 by position.
CREATE VIEW "analytics"."telemetry" AS SELECT "at" AS "timestamp", "namespace", "broker", "labels" ->> 0 AS "label_1", "labels" ->> 1 AS "label_2", "labels" ->> 2 AS "label_3", "labels" ->> 3 AS "label_4", "labels" ->> 4 AS "label_5", "labels" ->> 5 AS "label_6", "labels" ->> 6 AS "label_7", "labels" ->> 7 AS "label_8", "labels" ->> 8 AS "label_9", "labels" ->> 9 AS "label_10", "labels" ->> 10 AS "label_11", "labels" ->> 11 AS "label_12", "labels" ->> 12 AS "label_13", "labels" ->> 13 AS "label_14", "labels" ->> 14 AS "label_15", "labels" ->> 15 AS "label_16", "labels" ->> 16 AS "label_17", "labels" ->> 17 AS "label_18", "labels" ->> 18 AS "label_19", "labels" ->> 19 AS "label_20", ("metrics" ->> 0)::double precision AS "metric_1", ("metrics" ->> 1)::double precision AS "metric_2", ("metrics" ->> 2)::double precision AS "metric_3", ("metrics" ->> 3)::double precision AS "metric_4", ("metrics" ->> 4)::double precision AS "metric_5", ("metrics" ->> 5)::double precision AS "metric_6", ("metrics" ->> 6)::double precision AS "metric_7", ("metrics" ->> 7)::double precision AS "metric_8", ("metrics" ->> 8)::double precision AS "metric_9", ("metrics" ->> 9)::double precision AS "metric_10", ("metrics" ->> 10)::double precision AS "metric_11", ("metrics" ->> 11)::double precision AS "metric_12", ("metrics" ->> 12)::double precision AS "metric_13", ("metrics" ->> 13)::double precision AS "metric_14", ("metrics" ->> 14)::double precision AS "metric_15", ("metrics" ->> 15)::double precision AS "metric_16", ("metrics" ->> 16)::double precision AS "metric_17", ("metrics" ->> 17)::double precision AS "metric_18", ("metrics" ->> 18)::double precision AS "metric_19", ("metrics" ->> 19)::double precision AS "metric_20", "labels", "metrics" FROM "public"."analytics_points";--> statement-breakpoint
-- Analytics Engine's `now() - 604800` subtracts seconds; found through the query's search_path.
CREATE FUNCTION "analytics"."minus_seconds"("at" timestamptz, "seconds" double precision) RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT "at" - "seconds" * interval '1 second' $$;--> statement-breakpoint
CREATE OPERATOR "analytics".- (LEFTARG = timestamptz, RIGHTARG = double precision, FUNCTION = "analytics"."minus_seconds");--> statement-breakpoint
-- Roles are cluster-wide: another database on the same server, or a superuser beforehand, may
-- have created it already, or another migration may be creating it at this very moment.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sluice_analytics') THEN
    CREATE ROLE "sluice_analytics" NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;--> statement-breakpoint
-- SET ROLE needs membership; a superuser has it, and PostgreSQL 16+ does not give it to a
-- non-superuser that created the role.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'sluice_analytics', 'USAGE') THEN
    EXECUTE format('GRANT "sluice_analytics" TO %I', current_user);
  END IF;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA "analytics" TO "sluice_analytics";--> statement-breakpoint
GRANT SELECT ON "analytics"."telemetry" TO "sluice_analytics";--> statement-breakpoint
-- Runs one query and returns its column names (first row, a JSON array, present even when no row
-- matches) then at most row_limit rows, each a JSON array of values in column order (json, unlike
-- jsonb, keeps that order and repeated names). SECURITY DEFINER, owned by sluice_analytics: inside
-- it PostgreSQL refuses to change role or session_authorization, so a query cannot
-- set_config('role', 'none', …) back to the server's own user and then read other tables through
-- a function that runs SQL given as text (query_to_xml and the like).
CREATE FUNCTION "analytics"."run_query"("query" text, "row_limit" integer) RETURNS SETOF json LANGUAGE plpgsql SECURITY DEFINER SET search_path = analytics, pg_catalog SET TimeZone = 'UTC' AS $$
BEGIN
  RETURN QUERY EXECUTE format(
    E'SELECT coalesce(json_agg(c.key ORDER BY c.n), \'[]\') FROM (SELECT r.* FROM (VALUES (1)) AS one LEFT JOIN (SELECT * FROM (\n%s\n) AS q LIMIT 0) AS r ON true) AS cols, json_each(row_to_json(cols.*)) WITH ORDINALITY AS c(key, value, n)',
    query);
  RETURN QUERY EXECUTE format(
    E'SELECT (SELECT coalesce(json_agg(c.value ORDER BY c.n), \'[]\') FROM json_each(row_to_json(q.*)) WITH ORDINALITY AS c(key, value, n)) FROM (\n%s\n) AS q LIMIT %s',
    query, row_limit);
END $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "analytics"."run_query"(text, integer) FROM PUBLIC;--> statement-breakpoint
-- A function's new owner needs CREATE on its schema, for this statement only.
GRANT CREATE ON SCHEMA "analytics" TO "sluice_analytics";--> statement-breakpoint
ALTER FUNCTION "analytics"."run_query"(text, integer) OWNER TO "sluice_analytics";--> statement-breakpoint
REVOKE CREATE ON SCHEMA "analytics" FROM "sluice_analytics";