import { describe, expect, it } from 'vitest';
import { createMemoryLogger, scrubbingLogger } from '../../main/logger';
import { SecretScrubber } from '../../main/secret-scrubber';

const TOKEN = 'live_4f9c2a7e61b84d0c9a3f5e2d1b7c6a90';

describe('SecretScrubber', () => {
  const scrubber = new SecretScrubber([TOKEN]);

  it('cuts the whole secret out of a message, wherever it stands and however often', () => {
    expect(scrubber.scrub(`Authorization: Bearer ${TOKEN}`)).toBe('Authorization: Bearer [redacted]');
    expect(scrubber.scrub(`${TOKEN},${TOKEN} x ${TOKEN}`)).toBe('[redacted],[redacted] x [redacted]');
  });

  it('cuts out any part of it eight characters or longer, and leaves shorter runs and other text alone', () => {
    expect(scrubber.scrub('key …7e61b84d0c9a (retry)')).toBe('key …[redacted] (retry)');
    expect(scrubber.scrub('starts live_4f9c')).toBe('starts [redacted]');
    // Seven characters of the token: too short to tell from ordinary text.
    expect(scrubber.scrub('code 7e61b84 ok')).toBe('code 7e61b84 ok');
    expect(scrubber.scrub('nothing secret here at all')).toBe('nothing secret here at all');
    expect(scrubber.scrub('')).toBe('');
  });

  it('scrubs a secret shorter than eight characters whole only', () => {
    const short = new SecretScrubber(['s3cr3t']);
    expect(short.scrub('the s3cr3t and s3cr3')).toBe('the [redacted] and s3cr3');
  });

  it('scrubs every secret it was given, added later too', () => {
    const several = new SecretScrubber([TOKEN]);
    several.add('sk_test_51HxYzAbCdEfGh');
    expect(several.scrub(`a ${TOKEN} b sk_test_51HxYzAbCdEfGh c`)).toBe('a [redacted] b [redacted] c');
  });

  it('without secrets changes nothing, and a "secret" too short to tell from words is not one', () => {
    expect(new SecretScrubber([]).scrub(`Bearer ${TOKEN}`)).toBe(`Bearer ${TOKEN}`);
    expect(new SecretScrubber(['t', 'tok12']).scrub('the timeout hit tok12')).toBe('the timeout hit tok12');
  });

  it('scrubs strings nested in plain data, and leaves the rest as it is', () => {
    expect(scrubber.scrubValue({ reason: `Bearer ${TOKEN}`, attempt: 2, nested: { list: [TOKEN, 3, null] } })).toEqual({
      reason: 'Bearer [redacted]',
      attempt: 2,
      nested: { list: ['[redacted]', 3, null] },
    });
  });
});

describe('scrubbingLogger', () => {
  it('scrubs the message and every field before the line is written', () => {
    const lines = createMemoryLogger();
    const log = scrubbingLogger(lines, new SecretScrubber([TOKEN]));
    log.warn(`failed with ${TOKEN}`, { reason: `echo ${TOKEN.slice(5, 20)}`, path: '/v1/orders' });
    log.info('plain');
    log.error('e', { nested: { deeper: TOKEN } });
    expect(lines.lines).toEqual([
      { level: 'warn', msg: 'failed with [redacted]', meta: { reason: 'echo [redacted]', path: '/v1/orders' } },
      { level: 'info', msg: 'plain', meta: undefined },
      { level: 'error', msg: 'e', meta: { nested: { deeper: '[redacted]' } } },
    ]);
  });
});
