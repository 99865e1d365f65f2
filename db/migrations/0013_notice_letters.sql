CREATE TABLE "notice_letter_counters" (
	"region" text NOT NULL,
	"year" integer NOT NULL,
	"last_seq" integer NOT NULL,
	CONSTRAINT "notice_letter_counters_region_year_pk" PRIMARY KEY("region","year")
);
--> statement-breakpoint
CREATE TABLE "notice_letters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"number" text NOT NULL,
	"dept_code" text NOT NULL,
	"issuing_office" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"issued_by" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_on" date NOT NULL,
	"rectification_working_days" integer NOT NULL,
	"rectification_due_at" timestamp with time zone NOT NULL,
	"due_provisional" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"acknowledged_by" text,
	"acknowledged_at" timestamp with time zone,
	"rectification_report" text,
	"rectified_by" text,
	"rectified_at" timestamp with time zone,
	CONSTRAINT "notice_letters_region_year_seq" UNIQUE("region","year","seq"),
	CONSTRAINT "notice_letters_status" CHECK ("notice_letters"."status" in ('issued', 'acknowledged', 'rectified'))
);
--> statement-breakpoint
CREATE TABLE "spot_check_findings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"dept_code" text NOT NULL,
	"case_no" text,
	"sample_seed" text,
	"description" text NOT NULL,
	"found_on" date NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"letter_id" bigint
);
--> statement-breakpoint
ALTER TABLE "spot_check_findings" ADD CONSTRAINT "spot_check_findings_letter_id_notice_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."notice_letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_letters_dept_issued" ON "notice_letters" USING btree ("dept_code","issued_at");--> statement-breakpoint
CREATE INDEX "notice_letters_region_issued" ON "notice_letters" USING btree ("region","issued_at");--> statement-breakpoint
CREATE INDEX "spot_check_findings_dept_found" ON "spot_check_findings" USING btree ("dept_code","found_on");--> statement-breakpoint
CREATE INDEX "spot_check_findings_letter" ON "spot_check_findings" USING btree ("letter_id");