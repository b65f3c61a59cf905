CREATE TABLE "eval_outcomes" (
	"run_id" uuid NOT NULL,
	"trace_id" text NOT NULL,
	"span_id" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "eval_outcomes_run_id_trace_id_span_id_pk" PRIMARY KEY("run_id","trace_id","span_id"),
	CONSTRAINT "eval_outcomes_status_check" CHECK (status in ('queued', 'scored', 'skipped', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "eval_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"evaluator_version_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"filter" jsonb NOT NULL,
	"sampling_rate" double precision DEFAULT 1 NOT NULL,
	"max_spans" integer,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"scored" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"error" text,
	"watermark" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "eval_runs_mode_check" CHECK (mode in ('posthoc', 'continuous')),
	CONSTRAINT "eval_runs_status_check" CHECK (status in ('queued', 'running', 'done', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "evaluator_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"evaluator_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"latest_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "evaluator_version_id" uuid;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "eval_run_id" uuid;--> statement-breakpoint
ALTER TABLE "eval_outcomes" ADD CONSTRAINT "eval_outcomes_run_id_eval_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."eval_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eval_runs" ADD CONSTRAINT "eval_runs_evaluator_version_id_evaluator_versions_id_fk" FOREIGN KEY ("evaluator_version_id") REFERENCES "public"."evaluator_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_versions" ADD CONSTRAINT "evaluator_versions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluator_versions" ADD CONSTRAINT "evaluator_versions_evaluator_id_evaluators_id_fk" FOREIGN KEY ("evaluator_id") REFERENCES "public"."evaluators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluators" ADD CONSTRAINT "evaluators_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "eval_outcomes_run_id_status_idx" ON "eval_outcomes" USING btree ("run_id","status");--> statement-breakpoint
CREATE INDEX "eval_runs_project_id_created_at_idx" ON "eval_runs" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluator_versions_evaluator_id_version_idx" ON "evaluator_versions" USING btree ("evaluator_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluators_project_id_name_idx" ON "evaluators" USING btree ("project_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "scores_project_id_evaluator_version_id_trace_id_span_id_name_idx" ON "scores" USING btree ("project_id","evaluator_version_id","trace_id","span_id","name") WHERE evaluator_version_id is not null;