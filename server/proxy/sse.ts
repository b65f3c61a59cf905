// Splits a text/event-stream into events as bytes arrive; an event ends at a blank line (LF or CRLF).
export type SseEvent = { event: string | null; data: string };

/** Feed decoded text in any chunking; returns the events completed by this chunk. */
export function createSseSplitter(): { push: (text: string) => SseEvent[]; end: () => SseEvent[] } {
  let buffer = '';
  const parseBlock = (block: string): SseEvent | null => {
    let event: string | null = null;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
      else if (line.startsWith('event:')) event = line.slice(6).trim();
    }
    return data.length > 0 || event ? { event, data: data.join('\n') } : null;
  };
  const drain = (final: boolean): SseEvent[] => {
    const events: SseEvent[] = [];
    const blocks = buffer.split(/\r?\n\r?\n/);
    buffer = final ? '' : (blocks.pop() ?? '');
    for (const block of blocks) {
      const parsed = block.trim() ? parseBlock(block) : null;
      if (parsed) events.push(parsed);
    }
    return events;
  };
  return {
    push: (text) => {
      buffer += text;
      return buffer.includes('\n\n') || buffer.includes('\r\n\r\n') ? drain(false) : [];
    },
    end: () => drain(true),
  };
}
