/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids created on this device
 * sort by creation time, which keeps IndexedDB's B-trees appending at the end. Within one
 * millisecond a counter in the random part keeps them increasing.
 */
let lastMs = -1;
let sequence = 0;

// Random bytes are drawn from the system 4 KiB at a time: one call per id cost more than the rest
// of making it (a batch of 500 changes makes 500 ids).
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let poolOffset = POOL_BYTES;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function randomBytes(): Uint8Array {
  if (poolOffset + 16 > POOL_BYTES) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const bytes = pool.slice(poolOffset, poolOffset + 16);
  poolOffset += 16;
  return bytes;
}

export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes();
  if (now <= lastMs) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) lastMs++;
    now = lastMs;
  } else {
    lastMs = now;
    sequence = ((bytes[6] ?? 0) & 0x0f) * 256 + (bytes[7] ?? 0);
    sequence &= 0x7ff; // leave room to count upwards within this millisecond
  }
  let ms = now;
  for (let index = 5; index >= 0; index--) {
    bytes[index] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  let hex = '';
  for (let index = 0; index < 16; index++) {
    if (index === 4 || index === 6 || index === 8 || index === 10) hex += '-';
    hex += HEX[bytes[index] ?? 0] ?? '00';
  }
  return hex;
}
