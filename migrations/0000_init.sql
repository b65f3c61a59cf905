CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "instance_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spans" (
	"project_id" uuid NOT NULL,
	"trace_id" text NOT NULL,
	"span_id" text NOT NULL,
	"parent_span_id" text,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"start_time_unix_nano" bigint NOT NULL,
	"end_time_unix_nano" bigint NOT NULL,
	"duration_ms" double precision GENERATED ALWAYS AS ((end_time_unix_nano - start_time_unix_nano)::double precision / 1000000) STORED,
	"status" text NOT NULL,
	"status_message" text,
	"model" text,
	"provider" text,
	"input" jsonb,
	"output" jsonb,
	"input_tokens" integer,
	"output_tokens" integer,
	"total_tokens" integer GENERATED ALWAYS AS (case when input_tokens is null and output_tokens is null then null
        else coalesce(input_tokens, 0) + coalesce(output_tokens, 0) end) STORED,
	"cache_read_tokens" integer,
	"reasoning_tokens" integer,
	"cost_usd" numeric(20, 10),
	"cost_provenance" jsonb,
	"ttft_ms" double precision,
	"user_id" text,
	"session_id" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resource" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scope" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text NOT NULL,
	"convention" text,
	"unmapped_attributes" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spans_pkey" PRIMARY KEY("project_id","trace_id","span_id"),
	CONSTRAINT "spans_kind_check" CHECK (kind in ('llm', 'embedding', 'tool', 'agent', 'chain', 'retriever', 'evaluator', 'guardrail', 'span')),
	CONSTRAINT "spans_status_check" CHECK (status in ('ok', 'error', 'unset')),
	CONSTRAINT "spans_source_check" CHECK (source in ('sdk', 'otlp', 'proxy', 'import'))
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spans" ADD CONSTRAINT "spans_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_idx" ON "api_keys" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "api_keys_project_id_idx" ON "api_keys" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_name_idx" ON "projects" USING btree ("name");--> statement-breakpoint
CREATE INDEX "spans_project_id_start_time_unix_nano_idx" ON "spans" USING btree ("project_id","start_time_unix_nano","trace_id","span_id");--> statement-breakpoint
CREATE INDEX "spans_project_id_name_start_time_unix_nano_idx" ON "spans" USING btree ("project_id","name","start_time_unix_nano");--> statement-breakpoint
CREATE INDEX "spans_project_id_model_start_time_unix_nano_idx" ON "spans" USING btree ("project_id","model","start_time_unix_nano");--> statement-breakpoint
CREATE INDEX "spans_project_id_user_id_start_time_unix_nano_idx" ON "spans" USING btree ("project_id","user_id","start_time_unix_nano") WHERE user_id is not null;--> statement-breakpoint
CREATE INDEX "spans_project_id_session_id_start_time_unix_nano_idx" ON "spans" USING btree ("project_id","session_id","start_time_unix_nano") WHERE session_id is not null;--> statement-breakpoint
CREATE INDEX "spans_project_id_status_start_time_unix_nano_idx" ON "spans" USING btree ("project_id","start_time_unix_nano") WHERE status = 'error';--> statement-breakpoint
CREATE INDEX "spans_tags_idx" ON "spans" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "spans_metadata_idx" ON "spans" USING gin ("metadata" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "spans_input_output_idx" ON "spans" USING gin ((coalesce("input"::text, '') || ' ' || coalesce("output"::text, '')) gin_trgm_ops);