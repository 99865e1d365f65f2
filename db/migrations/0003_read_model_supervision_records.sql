CREATE TABLE "case_deadlines" (
	"case_no" text NOT NULL,
	"deadline_id" text NOT NULL,
	"task_id" text,
	"kind" text NOT NULL,
	"dept_code" text NOT NULL,
	"division_code" text,
	"region" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"warn_at" timestamp with time zone,
	"provisional" boolean DEFAULT false NOT NULL,
	"warned" boolean DEFAULT false NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	"escalated_levels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"revision" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_deadlines_pk" PRIMARY KEY("case_no","deadline_id")
);
--> statement-breakpoint
CREATE TABLE "case_tasks" (
	"task_id" text PRIMARY KEY NOT NULL,
	"case_no" text NOT NULL,
	"region" text NOT NULL,
	"credit_code" text NOT NULL,
	"mode" text NOT NULL,
	"approval_dept" text NOT NULL,
	"supervising_dept" text NOT NULL,
	"division_code" text NOT NULL,
	"sub_item_code" text NOT NULL,
	"status" text NOT NULL,
	"notified_at" timestamp with time zone NOT NULL,
	"viewed_at" timestamp with time zone,
	"start_due_at" timestamp with time zone,
	"finish_due_at" timestamp with time zone,
	"first_inspected_at" timestamp with time zone,
	"results" integer DEFAULT 0 NOT NULL,
	"late_results" integer DEFAULT 0 NOT NULL,
	"rectification_ordered_at" timestamp with time zone,
	"revocation_proposed_at" timestamp with time zone,
	"revocation_decision" text,
	"revocation_decided_at" timestamp with time zone,
	"inspectors" jsonb,
	"detail" jsonb NOT NULL,
	"next_due_at" timestamp with time zone,
	"next_due_kind" text,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"warned" boolean DEFAULT false NOT NULL,
	"overdue" boolean DEFAULT false NOT NULL,
	"closed_at" timestamp with time zone,
	"revision" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_timeline" (
	"case_no" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"reason" text,
	CONSTRAINT "case_timeline_pk" PRIMARY KEY("case_no","seq")
);
--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"convened_by" text NOT NULL,
	"held_on" date NOT NULL,
	"topics" jsonb NOT NULL,
	"participants" jsonb NOT NULL,
	"decisions" jsonb NOT NULL,
	"follow_ups" jsonb NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprise_credit_grades" (
	"credit_code" text PRIMARY KEY NOT NULL,
	"grade" text NOT NULL,
	"graded_on" date NOT NULL,
	"source" text NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enterprise_credit_grades_grade" CHECK ("enterprise_credit_grades"."grade" in ('A', 'B', 'C', 'D'))
);
--> statement-breakpoint
CREATE TABLE "half_year_summaries" (
	"dept_code" text NOT NULL,
	"year" integer NOT NULL,
	"half" integer NOT NULL,
	"region" text NOT NULL,
	"summary" text NOT NULL,
	"filed_by" text NOT NULL,
	"filed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "half_year_summaries_pk" PRIMARY KEY("dept_code","year","half"),
	CONSTRAINT "half_year_summaries_half" CHECK ("half_year_summaries"."half" in (1, 2))
);
--> statement-breakpoint
CREATE TABLE "sampling_draws" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"dept_code" text NOT NULL,
	"credit_code" text NOT NULL,
	"grade" text,
	"weight" real NOT NULL,
	"division_code" text NOT NULL,
	"inspectors" jsonb NOT NULL,
	"case_no" text NOT NULL,
	"seed" text NOT NULL,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sampling_draws_once" UNIQUE("month","dept_code","credit_code")
);
--> statement-breakpoint
CREATE TABLE "sampling_settings" (
	"dept_code" text PRIMARY KEY NOT NULL,
	"enterprises_per_month" integer NOT NULL,
	"inspectors_per_check" integer DEFAULT 2 NOT NULL,
	"weights" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "approval_item" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "handling_item" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "applicant_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "pushed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "next_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "overdue" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "case_deadlines_dept_open" ON "case_deadlines" USING btree ("dept_code","closed_at","due_at");--> statement-breakpoint
CREATE INDEX "case_tasks_case" ON "case_tasks" USING btree ("case_no");--> statement-breakpoint
CREATE INDEX "case_tasks_credit_code" ON "case_tasks" USING btree ("credit_code","notified_at");--> statement-breakpoint
CREATE INDEX "case_tasks_division_due" ON "case_tasks" USING btree ("division_code","closed_at","next_due_at");--> statement-breakpoint
CREATE INDEX "case_tasks_dept_notified" ON "case_tasks" USING btree ("supervising_dept","notified_at");--> statement-breakpoint
CREATE INDEX "case_timeline_action_at" ON "case_timeline" USING btree ("action","at");--> statement-breakpoint
CREATE INDEX "consultations_region_held" ON "consultations" USING btree ("region","held_on");--> statement-breakpoint
CREATE INDEX "sampling_draws_month" ON "sampling_draws" USING btree ("month","dept_code");--> statement-breakpoint
CREATE INDEX "cases_started" ON "cases" USING btree ("started_at","case_no");--> statement-breakpoint
CREATE INDEX "cases_credit_code" ON "cases" USING btree ("credit_code","started_at");--> statement-breakpoint
CREATE INDEX "cases_region_started" ON "cases" USING btree ("region","started_at");--> statement-breakpoint
CREATE INDEX "cases_approval_dept" ON "cases" USING btree ("approval_dept","started_at");