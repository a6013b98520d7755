import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const LENGTH = 24;
/** Largest multiple of 36 below 256: bytes above it are skipped so every character is equally likely. */
const UNBIASED_LIMIT = 252;

/** 24 lowercase alphanumeric characters (DESIGN §3), about 124 bits of randomness. */
export function newDocumentId(): string {
  let id = '';
  while (id.length < LENGTH) {
    for (const byte of randomBytes(32)) {
      if (byte >= UNBIASED_LIMIT) continue;
      id += ALPHABET[byte % 36];
      if (id.length === LENGTH) break;
    }
  }
  return id;
}
