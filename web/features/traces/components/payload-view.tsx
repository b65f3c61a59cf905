// A span input or output: chat bubbles when it is a conversation, otherwise text or pretty JSON.
import { toChatMessages } from '../hooks/to-chat-messages.ts';

export function PayloadView({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) {
    return (
      <section className="payload" aria-label={label}>
        <h4>{label}</h4>
        <p className="muted">None recorded.</p>
      </section>
    );
  }
  const messages = toChatMessages(value);
  return (
    <section className="payload" aria-label={label}>
      <h4>{label}</h4>
      {messages ? (
        <ol className="chat">
          {messages.map((message, index) => (
            <li key={`${message.role}-${String(index)}`} className={`chat-message role-${message.role}`}>
              <span className="chat-role">{message.role}</span>
              <div className="chat-text">{message.text}</div>
              {message.extra ? <pre className="chat-extra">{message.extra}</pre> : null}
            </li>
          ))}
        </ol>
      ) : (
        <pre className="payload-raw">{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>
      )}
    </section>
  );
}
