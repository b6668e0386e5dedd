import { randomBytes } from 'node:crypto';

/**
 * Makes 24-hex ids shaped like MongoDB ObjectIds (what Clockify uses): 4 bytes of seconds, 5 random bytes
 * per generator, a 3-byte counter. Cheap on the create path and unique within a generator.
 */
export function createIdGenerator(nowMs: () => number = Date.now): () => string {
  const processPart = randomBytes(5).toString('hex');
  let counter = randomBytes(3).readUIntBE(0, 3);
  return () => {
    counter = (counter + 1) & 0xffffff;
    const seconds = Math.floor(nowMs() / 1000) >>> 0;
    return `${seconds.toString(16).padStart(8, '0')}${processPart}${counter.toString(16).padStart(6, '0')}`;
  };
}
