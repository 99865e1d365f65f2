CREATE TABLE "case_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"region" text NOT NULL,
	"dept_code" text,
	"case_no" text,
	"task_id" text,
	"source" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_by" text,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_reason" text,
	CONSTRAINT "case_files_source" CHECK ("case_files"."source" in ('upload', 'url', 'system')),
	CONSTRAINT "case_files_withdrawn" CHECK (("case_files"."withdrawn_at" is null) = ("case_files"."withdrawn_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "file_blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"content_type" text NOT NULL,
	"scanned_by" text NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "file_blobs_sha256" CHECK ("file_blobs"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_sha256_file_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."file_blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_files_case" ON "case_files" USING btree ("case_no","id");--> statement-breakpoint
CREATE INDEX "case_files_unbound" ON "case_files" USING btree ("region","dept_code","sha256") WHERE "case_files"."case_no" is null;--> statement-breakpoint
CREATE INDEX "case_files_sha256" ON "case_files" USING btree ("sha256");