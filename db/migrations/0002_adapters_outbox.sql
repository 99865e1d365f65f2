CREATE TABLE "credit_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"credit_code" text NOT NULL,
	"event" text NOT NULL,
	"reason" text NOT NULL,
	"decision_document" text,
	"case_no" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_records_key" UNIQUE("key"),
	CONSTRAINT "credit_records_event" CHECK ("credit_records"."event" in ('deferral_revoked', 'verification_revoked', 'licence_revoked'))
);
--> statement-breakpoint
CREATE TABLE "licences" (
	"credit_code" text NOT NULL,
	"licence_name" text NOT NULL,
	"licence_no" text NOT NULL,
	"valid_until" date,
	"revoked" boolean DEFAULT false NOT NULL,
	CONSTRAINT "licences_credit_code_licence_name" PRIMARY KEY("credit_code","licence_name")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"address" text,
	"purpose" text NOT NULL,
	"why" text NOT NULL,
	"case_no" text NOT NULL,
	"payload" jsonb NOT NULL,
	"response" jsonb,
	"status" text DEFAULT 'recorded' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "outbox_key" UNIQUE("key"),
	CONSTRAINT "outbox_channel" CHECK ("outbox"."channel" in ('sms', 'supervision', 'credit', 'licence', 'approval')),
	CONSTRAINT "outbox_status" CHECK ("outbox"."status" in ('recorded', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE INDEX "credit_records_credit_code" ON "credit_records" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "outbox_case_no" ON "outbox" USING btree ("case_no");--> statement-breakpoint
CREATE INDEX "outbox_undelivered" ON "outbox" USING btree ("created_at") WHERE "outbox"."status" <> 'delivered';