CREATE TABLE "brokers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"namespace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"limits" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "namespaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "namespaces_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "retained_messages" (
	"broker_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"payload" "bytea" NOT NULL,
	"qos" smallint NOT NULL,
	"properties" jsonb NOT NULL,
	"expires_at" timestamp with time zone,
	CONSTRAINT "retained_messages_broker_id_topic_pk" PRIMARY KEY("broker_id","topic")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"broker_id" uuid NOT NULL,
	"client_id" text NOT NULL,
	"expiry_interval" bigint NOT NULL,
	"disconnected_at" timestamp with time zone,
	"state" jsonb NOT NULL,
	CONSTRAINT "sessions_broker_id_client_id_pk" PRIMARY KEY("broker_id","client_id")
);
--> statement-breakpoint
ALTER TABLE "brokers" ADD CONSTRAINT "brokers_namespace_id_namespaces_id_fk" FOREIGN KEY ("namespace_id") REFERENCES "public"."namespaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "retained_messages" ADD CONSTRAINT "retained_messages_broker_id_brokers_id_fk" FOREIGN KEY ("broker_id") REFERENCES "public"."brokers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_broker_id_brokers_id_fk" FOREIGN KEY ("broker_id") REFERENCES "public"."brokers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "brokers_namespace_name" ON "brokers" USING btree ("namespace_id","name");