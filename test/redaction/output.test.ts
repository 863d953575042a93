import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { maskOutput } from '../../src/redaction/output.js';
import { createRunRedactor } from '../../src/redaction/redactor.js';
import { fingerprintsOf } from '../../src/redaction/fingerprint.js';

const SHOP_KEY = 'sk_live_Q7mXw2Lr9TzK4pVb8NcY3hJd';
const OPAQUE = 'opq7Hd92kLmQ0zXc81VbNm3PqRtY';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

function streams() {
  const stdout = new Sink();
  const stderr = new Sink();
  return { stdout, stderr };
}

describe('maskOutput', () => {
  it('masks each write as it comes when not holding, with what is known at that moment', () => {
    const redactor = createRunRedactor({ env: { SHOP_KEY } });
    const out = streams();
    maskOutput(out, redactor);
    out.stdout.write(`✓ named ${SHOP_KEY}\n`);
    out.stderr.write(Buffer.from(`error ${Buffer.from(SHOP_KEY).toString('hex')}\n`));
    expect(out.stdout.text).toBe('✓ named sk_live_…3hJd\n');
    expect(out.stderr.text).toBe('error sk_live_…3hJd\n');
  });

  it('holds writes until release, then masks them with secrets learned in the meantime, in order', async () => {
    const redactor = createRunRedactor();
    const out = streams();
    const masked = maskOutput(out, redactor, { hold: true });
    let called = false;
    out.stdout.write(`× leaks ${OPAQUE.slice(0, 9)}`, () => (called = true));
    out.stdout.write(`${OPAQUE.slice(9)} in two writes\n`);
    out.stderr.write(`stack ${Buffer.from(OPAQUE).toString('base64url')}\n`);
    out.stdout.write('done\n');
    await Promise.resolve();
    expect(called).toBe(true);
    expect(out.stdout.text + out.stderr.text).toBe('');
    redactor.learn(fingerprintsOf(OPAQUE));
    masked.release();
    masked.release();
    expect(out.stdout.text).toBe('× leaks …qRtY in two writes\ndone\n');
    expect(out.stderr.text).toBe('stack …qRtY\n');
    out.stdout.write(`later ${OPAQUE}\n`);
    expect(out.stdout.text.endsWith('later …qRtY\n')).toBe(true);
  });

  it('wraps a stream once when stdout and stderr are the same', () => {
    const redactor = createRunRedactor({ env: { SHOP_KEY } });
    const sink = new Sink();
    maskOutput({ stdout: sink, stderr: sink }, redactor);
    sink.write(SHOP_KEY);
    expect(sink.text).toBe('sk_live_…3hJd');
  });
});
