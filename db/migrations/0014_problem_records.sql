CREATE TABLE "problem_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"problem_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"text" text,
	"measures" jsonb,
	"from_level" integer,
	"to_level" integer,
	"from_status" text,
	"to_status" text,
	"idempotency_key" text
);
--> statement-breakpoint
CREATE TABLE "problems" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"dept_code" text NOT NULL,
	"counterpart_dept" text,
	"subject_kind" text NOT NULL,
	"subject_code" text,
	"case_no" text,
	"description" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"level" integer NOT NULL,
	"raised_by" text NOT NULL,
	"raised_level" integer NOT NULL,
	"raised_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"resolution" text,
	"closed_at" timestamp with time zone,
	"consultation_id" bigint,
	"idempotency_key" text,
	CONSTRAINT "problems_status" CHECK ("problems"."status" in ('open', 'in_progress', 'resolved', 'referred')),
	CONSTRAINT "problems_level" CHECK ("problems"."level" between 1 and 3)
);
--> statement-breakpoint
ALTER TABLE "problem_events" ADD CONSTRAINT "problem_events_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "problem_events_problem" ON "problem_events" USING btree ("problem_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "problem_events_idempotency" ON "problem_events" USING btree ("problem_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "problems_dept_raised" ON "problems" USING btree ("dept_code","raised_at");--> statement-breakpoint
CREATE INDEX "problems_counterpart" ON "problems" USING btree ("counterpart_dept");--> statement-breakpoint
CREATE INDEX "problems_raised_by" ON "problems" USING btree ("raised_by","raised_at");--> statement-breakpoint
CREATE UNIQUE INDEX "problems_idempotency" ON "problems" USING btree ("raised_by","idempotency_key");