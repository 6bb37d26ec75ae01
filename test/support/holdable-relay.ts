import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface HoldableRelay {
  /** host:port to connect to instead of the target */
  address: string;
  /** From now on, what clients send is swallowed: the target never receives it (its answers still flow back). */
  hold(): void;
  /** From now on, the target's answers are swallowed: requests arrive and are acted on, their answers are lost. */
  muteReplies(): void;
  /** An outage: every connection is dropped, and new ones are closed at once, until restore(). */
  cut(): void;
  restore(): void;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * A TCP relay to `target` (host:port) that can stop passing on what its clients send, so a test
 * can freeze a process at a point it cannot reach by timing alone: a worker that has done its work
 * but whose report of it never arrives. Node's net module is enough for this; no proxy package.
 */
export async function startHoldableRelay(target: string): Promise<HoldableRelay> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const sockets = new Set<net.Socket>();
  let holding = false;
  let muted = false;
  let down = false;
  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // A side closing or failing ends the pair; the other side sees a dropped connection.
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk) => {
      if (!holding) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!muted) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: relayPort } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${relayPort}`,
    hold() {
      holding = true;
    },
    muteReplies() {
      muted = true;
    },
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
      muted = false;
      holding = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
