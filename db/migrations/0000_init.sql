CREATE TABLE "cases" (
	"case_no" text PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"approval_dept" text NOT NULL,
	"credit_code" text NOT NULL,
	"mode" text NOT NULL,
	"stage" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
