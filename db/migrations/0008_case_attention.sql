ALTER TABLE "cases" ADD COLUMN "attention_step" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "attention_reason" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "attention_since" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "cases_needs_attention" ON "cases" USING btree ("approval_dept","attention_since") WHERE "cases"."stage" = 'needs_attention';