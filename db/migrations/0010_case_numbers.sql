CREATE TABLE "case_numbers" (
	"case_no" text PRIMARY KEY NOT NULL,
	"input_digest" text NOT NULL,
	"started_by" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"workflow_id" text NOT NULL,
	"workflow_started" boolean DEFAULT false NOT NULL
);
