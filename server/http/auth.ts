// Resolves the caller from request headers: Bearer or x-loupe-key; the admin token or one project's key.
import type { Auth } from '../api/context.ts';
import { matchesHash } from '../lib/secret.ts';
import type { Database } from '../store/db.ts';
import { findProjectIdForKey } from '../store/queries/api-keys.ts';
import { findProject } from '../store/queries/projects.ts';

/**
 * Reads the presented credential: `Authorization: Bearer <token>`, or `Basic` (the password part, as
 * Langfuse SDKs send public:secret), then `x-loupe-key`.
 */
export function readCredential(headers: Headers): string | null {
  const authorization = headers.get('authorization') ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    const secret = separator >= 0 ? decoded.slice(separator + 1) : decoded;
    if (secret) return secret;
  }
  return headers.get('x-loupe-key')?.trim() || null;
}

/** Who the request is from; never throws for a bad credential (procedures decide what that means). */
export async function resolveAuth(options: { db: Database; adminTokenHash: string; headers: Headers }): Promise<Auth> {
  const credential = readCredential(options.headers);
  if (!credential) return { kind: 'anonymous' };
  if (matchesHash(credential, options.adminTokenHash)) {
    return { kind: 'admin', requestedProject: options.headers.get('x-loupe-project')?.trim() || null };
  }
  const projectId = await findProjectIdForKey(options.db, credential);
  return projectId ? { kind: 'project', projectId } : { kind: 'invalid' };
}

/**
 * The project a plain HTTP route (OTLP, uploads) acts on: the key's project, or for the admin token the
 * project named by x-loupe-project. Null means 401.
 */
export async function resolveRequestProject(options: { db: Database; adminTokenHash: string; headers: Headers }): Promise<string | null> {
  const auth = await resolveAuth(options);
  if (auth.kind === 'project') return auth.projectId;
  if (auth.kind === 'admin' && auth.requestedProject) return (await findProject(options.db, auth.requestedProject))?.id ?? null;
  return null;
}
