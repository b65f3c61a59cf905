// Tells an admin token from a project key by asking the server which projects it may see.
import { TRPCClientError, createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '../../../../server/api/router.ts';
import { type Session, sessionHeaders } from '../../../lib/session.ts';

export async function checkCredential(token: string): Promise<{ session: Session } | { error: string }> {
  const probe = createTRPCClient<AppRouter>({
    links: [httpLink({ url: '/trpc', headers: () => sessionHeaders({ token, kind: 'key', project: null }) })],
  });
  try {
    const projects = await probe.projects.list.query();
    const isKey = token.startsWith('lp_');
    const first = projects.find((project) => project.name === 'default') ?? projects[0];
    if (!first && isKey) return { error: 'This key has no project.' };
    return { session: { token, kind: isKey ? 'key' : 'admin', project: first?.name ?? null } };
  } catch (error) {
    if (error instanceof TRPCClientError && error.data?.httpStatus === 401) {
      return { error: 'That token is not valid: check for a typo, or whether the key was revoked.' };
    }
    return { error: `Could not reach the Loupe server: ${(error as Error).message}` };
  }
}
