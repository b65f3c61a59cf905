CREATE TABLE "scores" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"trace_id" text NOT NULL,
	"span_id" text,
	"name" text NOT NULL,
	"data_type" text NOT NULL,
	"numeric_value" double precision,
	"string_value" text,
	"comment" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scores_data_type_check" CHECK (data_type in ('numeric', 'boolean', 'categorical')),
	CONSTRAINT "scores_source_check" CHECK (source in ('sdk', 'api', 'eval'))
);
--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scores_project_id_trace_id_idx" ON "scores" USING btree ("project_id","trace_id");--> statement-breakpoint
CREATE INDEX "scores_project_id_name_created_at_idx" ON "scores" USING btree ("project_id","name","created_at");