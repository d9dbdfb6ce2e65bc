CREATE TABLE "hook_versions" (
	"broker_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"source" text,
	"url" text,
	"topics" jsonb NOT NULL,
	"timeout_ms" integer NOT NULL,
	"on_error" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hook_versions_broker_id_version_pk" PRIMARY KEY("broker_id","version")
);
--> statement-breakpoint
CREATE TABLE "live_hooks" (
	"broker_id" uuid PRIMARY KEY NOT NULL,
	"version" integer
);
--> statement-breakpoint
ALTER TABLE "hook_versions" ADD CONSTRAINT "hook_versions_broker_id_brokers_id_fk" FOREIGN KEY ("broker_id") REFERENCES "public"."brokers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_hooks" ADD CONSTRAINT "live_hooks_broker_id_brokers_id_fk" FOREIGN KEY ("broker_id") REFERENCES "public"."brokers"("id") ON DELETE cascade ON UPDATE no action;