import type { RunRedactor } from './redactor.js';

/** What Vitest's logger writes to: `process.stdout`/`stderr`, or the streams given to `startVitest`. */
export interface OutputStream {
  write(chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean;
}

export interface OutputStreams {
  stdout: OutputStream;
  stderr: OutputStream;
}

export interface MaskedOutput {
  /**
   * Writes everything held so far, masked with all the redactor knows now, and stops
   * holding: later writes go straight through, masked as they come. Safe to call twice.
   */
  release(): void;
}

type Write = OutputStream['write'];

function textOf(chunk: unknown): string {
  if (typeof chunk === 'string') return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
  return String(chunk);
}

/**
 * Masks every write to the two streams. With `hold`, writes are kept until `release()` so
 * they can be masked with secrets learned later in the run (a registration in one worker,
 * a leak printed earlier by another); without it each write is masked with what is known
 * when it is written. Held writes are masked per run of consecutive writes to one stream,
 * so a value split across two writes is still found.
 */
export function maskOutput(streams: OutputStreams, redactor: RunRedactor, options: { hold?: boolean } = {}): MaskedOutput {
  let holding = options.hold === true;
  const held: Array<{ write: Write; stream: OutputStream; text: string }> = [];
  const targets = [...new Set([streams.stdout, streams.stderr])];
  for (const stream of targets) {
    const write = stream.write;
    stream.write = (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown) => {
      const done = (typeof encodingOrCallback === 'function' ? encodingOrCallback : callback) as ((error?: Error | null) => void) | undefined;
      const text = textOf(chunk);
      if (holding) {
        held.push({ write, stream, text });
        if (done) queueMicrotask(() => done());
        return true;
      }
      return write.call(stream, redactor.redact(text), done);
    };
  }
  return {
    release() {
      if (!holding) return;
      holding = false;
      const runs = held.splice(0);
      for (let i = 0; i < runs.length; ) {
        const { write, stream } = runs[i]!;
        let text = '';
        for (; i < runs.length && runs[i]!.stream === stream; i++) text += runs[i]!.text;
        write.call(stream, redactor.redact(text));
      }
    },
  };
}
