import net from 'node:net';

// Unit tests never reach the network: a connection attempt fails loudly instead of hanging or leaking.
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  throw new Error(`network access is prohibited in unit tests (attempted ${JSON.stringify(args[0])})`);
} as unknown as typeof originalConnect;
