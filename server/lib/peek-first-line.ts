// Reads a stream up to its first non-empty line without consuming it: returns the line and a stream of all the bytes.
import { PassThrough, type Readable } from 'node:stream';

const maxPeekBytes = 1024 * 1024;

function firstNonEmptyLine(text: string, complete: boolean): string | undefined {
  const lines = text.split(/\r?\n/);
  const candidates = complete ? lines : lines.slice(0, -1);
  return candidates.find((line) => line.trim() !== '');
}

/** The first non-empty line (or the first 1 MiB) of `source`, and a stream that still yields every byte of it. */
export function peekFirstLine(source: Readable): Promise<{ firstLine: string; stream: Readable }> {
  const output = new PassThrough();
  const buffered: Buffer[] = [];
  let size = 0;
  return new Promise((resolve, reject) => {
    const settle = (ended: boolean) => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      const text = Buffer.concat(buffered).toString('utf8');
      for (const chunk of buffered) output.write(chunk);
      if (ended) output.end();
      else {
        source.on('error', (error) => output.destroy(error));
        source.pipe(output);
      }
      resolve({ firstLine: firstNonEmptyLine(text, true) ?? text.slice(0, maxPeekBytes), stream: output });
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      buffered.push(buffer);
      size += buffer.length;
      if (size >= maxPeekBytes || firstNonEmptyLine(Buffer.concat(buffered).toString('utf8'), false) !== undefined) {
        source.pause();
        settle(false);
      }
    };
    const onEnd = () => settle(true);
    const onError = (error: Error) => reject(error);
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onError);
  });
}
