CREATE TABLE "policy_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"region" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"settings" jsonb NOT NULL,
	"preset" text,
	"created_by" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_versions_region_version" UNIQUE("region","version")
);
--> statement-breakpoint
CREATE INDEX "policy_versions_region_effective" ON "policy_versions" USING btree ("region","effective_from");