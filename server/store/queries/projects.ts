// Project queries: create, find by name or id, list.
import { asc, eq, or, sql } from 'drizzle-orm';
import type { Database } from '../db.ts';
import { projects } from '../schema/projects.ts';

export type Project = typeof projects.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Creates a project; returns null when the name is taken. */
export async function createProject(db: Database, name: string): Promise<Project | null> {
  const [created] = await db.insert(projects).values({ name }).onConflictDoNothing().returning();
  return created ?? null;
}

/** Finds a project by id or by name. */
export async function findProject(db: Database, idOrName: string): Promise<Project | null> {
  const condition = uuidPattern.test(idOrName)
    ? or(eq(projects.id, idOrName), eq(projects.name, idOrName))
    : eq(projects.name, idOrName);
  const [found] = await db.select().from(projects).where(condition).limit(1);
  return found ?? null;
}

/** Lists projects by name; `onlyId` restricts the list to one project. */
export async function listProjects(db: Database, onlyId?: string): Promise<Project[]> {
  return db
    .select()
    .from(projects)
    .where(onlyId ? eq(projects.id, onlyId) : sql`true`)
    .orderBy(asc(projects.name));
}

/** Counts projects; zero means a fresh instance. */
export async function countProjects(db: Database): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(projects);
  return row?.count ?? 0;
}
