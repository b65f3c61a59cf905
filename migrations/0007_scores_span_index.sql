DROP INDEX "scores_project_id_trace_id_idx";--> statement-breakpoint
CREATE INDEX "scores_project_id_trace_id_span_id_idx" ON "scores" USING btree ("project_id","trace_id","span_id");