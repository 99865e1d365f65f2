CREATE TABLE "approval_items" (
	"code" text PRIMARY KEY NOT NULL,
	"dept_code" text NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "handling_items" (
	"code" text PRIMARY KEY NOT NULL,
	"approval_item_code" text NOT NULL,
	"name" text NOT NULL,
	"allowed_modes" text[] DEFAULT '{}' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "linkages" (
	"id" serial PRIMARY KEY NOT NULL,
	"handling_item_code" text NOT NULL,
	"supervising_dept_code" text NOT NULL,
	"division_code" text NOT NULL,
	"sub_item_code" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "linkages_target" UNIQUE("handling_item_code","division_code","sub_item_code")
);
--> statement-breakpoint
CREATE TABLE "supervision_items" (
	"code" text PRIMARY KEY NOT NULL,
	"dept_code" text NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_sub_items" (
	"code" text PRIMARY KEY NOT NULL,
	"supervision_item_code" text NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"code" text PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"name" text NOT NULL,
	"side" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "departments_side" CHECK ("departments"."side" in ('approval', 'supervision', 'both'))
);
--> statement-breakpoint
CREATE TABLE "divisions" (
	"code" text PRIMARY KEY NOT NULL,
	"dept_code" text NOT NULL,
	"name" text NOT NULL,
	"admin_person_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'person' NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"region" text NOT NULL,
	"dept_code" text,
	"division_code" text,
	"roles" text[] NOT NULL,
	"level" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"parent_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"reason" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"arrangement" jsonb NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "approval_items" ADD CONSTRAINT "approval_items_dept_code_departments_code_fk" FOREIGN KEY ("dept_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handling_items" ADD CONSTRAINT "handling_items_approval_item_code_approval_items_code_fk" FOREIGN KEY ("approval_item_code") REFERENCES "public"."approval_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkages" ADD CONSTRAINT "linkages_handling_item_code_handling_items_code_fk" FOREIGN KEY ("handling_item_code") REFERENCES "public"."handling_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkages" ADD CONSTRAINT "linkages_supervising_dept_code_departments_code_fk" FOREIGN KEY ("supervising_dept_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkages" ADD CONSTRAINT "linkages_division_code_divisions_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "linkages" ADD CONSTRAINT "linkages_sub_item_code_supervision_sub_items_code_fk" FOREIGN KEY ("sub_item_code") REFERENCES "public"."supervision_sub_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_items_dept_code_departments_code_fk" FOREIGN KEY ("dept_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_sub_items" ADD CONSTRAINT "supervision_sub_items_supervision_item_code_supervision_items_code_fk" FOREIGN KEY ("supervision_item_code") REFERENCES "public"."supervision_items"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_region_regions_code_fk" FOREIGN KEY ("region") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "divisions" ADD CONSTRAINT "divisions_dept_code_departments_code_fk" FOREIGN KEY ("dept_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_region_regions_code_fk" FOREIGN KEY ("region") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_dept_code_departments_code_fk" FOREIGN KEY ("dept_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_division_code_divisions_code_fk" FOREIGN KEY ("division_code") REFERENCES "public"."divisions"("code") ON DELETE no action ON UPDATE no action;