import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../core/auth/password.js';

describe('password hashing', () => {
  it('hashes with scrypt at OWASP cost, salted, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    expect(first).toMatch(/^scrypt\$131072\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('correct horsf', first)).toBe(false);
    expect(await verifyPassword('correct horse', 'scrypt$garbage')).toBe(false);
    expect(await verifyPassword('correct horse', 'bcrypt$2$x$y$z$w')).toBe(false);
  });
});
