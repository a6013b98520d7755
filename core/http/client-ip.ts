import { isIPv6 } from 'node:net';

/**
 * The client address used for rate limiting. `X-Forwarded-For` is read only
 * when `trustedHops` proxies are configured, and then from the right: each
 * proxy appends the address it saw, so the entry `trustedHops` from the end
 * (counting the socket) is the last one no client could write. The leftmost
 * entries are whatever the client sent. IPv6 clients are keyed by their /64,
 * which one subscriber usually holds whole.
 */
export function clientIp(socketAddress: string | undefined, forwardedFor: string, trustedHops: number): string {
  let address = socketAddress ?? 'unknown';
  if (trustedHops > 0) {
    const chain = [...forwardedFor.split(',').map((entry) => entry.trim()).filter(Boolean), address];
    address = chain[Math.max(0, chain.length - 1 - trustedHops)] ?? address;
  }
  return normalize(address);
}

function normalize(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address.toLowerCase();
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = Array.from({ length: Math.max(0, 8 - left.length - right.length) }, () => '0');
  return [...left, ...(tail !== undefined ? zeros : []), ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
