CREATE TABLE "external_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"record_id" text NOT NULL,
	"credit_code" text NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"title" text NOT NULL,
	"summary" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"digest" text NOT NULL,
	"via" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"raised" text DEFAULT 'none' NOT NULL,
	"raised_ref" text,
	"raised_note" text,
	CONSTRAINT "external_records_source_record" UNIQUE("source","record_id"),
	CONSTRAINT "external_records_raised" CHECK ("external_records"."raised" in ('none', 'task', 'problem', 'pending'))
);
--> statement-breakpoint
CREATE TABLE "external_sources" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"region" text NOT NULL,
	"kinds" jsonb NOT NULL,
	"rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"secret" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "external_records_credit_code" ON "external_records" USING btree ("credit_code","occurred_on");