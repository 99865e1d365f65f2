ALTER TABLE "outbox" DROP CONSTRAINT "outbox_status";--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."status" in ('recorded', 'failed');--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_status" CHECK ("outbox"."status" in ('recorded', 'delivered', 'failed', 'dead'));--> statement-breakpoint
-- Messages nobody can receive were recorded as failed: they are dead letters, never the relay's to send.
UPDATE "outbox" SET "status" = 'dead' WHERE "status" = 'failed' AND "last_error" IN ('no recipient', 'no phone');
