import { randomFillSync } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const LENGTH = 24;
/** Largest multiple of 36 below 256: bytes above it are skipped so every character is equally likely. */
const UNBIASED_LIMIT = 252;

/**
 * Random bytes drawn from the CSPRNG a pool at a time (as nanoid does): one
 * call into OpenSSL per ~150 ids instead of one per id, which showed in the
 * create profile. Every byte is used once.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function nextByte(): number {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  return pool[offset++]!;
}

/** 24 lowercase alphanumeric characters (DESIGN §3), about 124 bits of randomness. */
export function newDocumentId(): string {
  let id = '';
  while (id.length < LENGTH) {
    const byte = nextByte();
    if (byte < UNBIASED_LIMIT) id += ALPHABET[byte % 36];
  }
  return id;
}
