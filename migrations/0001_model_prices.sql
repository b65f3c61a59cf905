CREATE TABLE "model_prices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"model_pattern" text NOT NULL,
	"input_per_token" numeric(24, 15) NOT NULL,
	"output_per_token" numeric(24, 15) NOT NULL,
	"cached_input_per_token" numeric(24, 15),
	"reasoning_per_token" numeric(24, 15),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_prices_project_id_model_pattern_idx" ON "model_prices" USING btree ("project_id","model_pattern");