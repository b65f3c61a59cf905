// Project picker: the admin token switches between every project; a key session shows its one project.
import { useQuery } from '@tanstack/react-query';
import { type Session, setSession } from '../../../lib/session.ts';
import { api } from '../../../lib/trpc.ts';

export function ProjectSwitcher({ session }: { session: Session }) {
  const projects = useQuery({ queryKey: ['projects', session.token], queryFn: () => api.projects.list.query() });
  const list = projects.data ?? [];
  if (session.kind === 'key') {
    return <span className="project-name">{list[0]?.name ?? '…'}</span>;
  }
  return (
    <label className="project-switcher">
      <span className="muted">Project</span>
      <select
        aria-label="Project"
        value={session.project ?? ''}
        onChange={(event) => {
          setSession({ ...session, project: event.target.value });
        }}
      >
        {session.project && !list.some((project) => project.name === session.project) ? (
          <option value={session.project}>{session.project}</option>
        ) : null}
        {list.map((project) => (
          <option key={project.id} value={project.name}>
            {project.name}
          </option>
        ))}
      </select>
    </label>
  );
}
