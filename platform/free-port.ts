import { createServer } from 'node:net';

function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** A TCP port the OS reports free on `host` right now (another process may still take it before use). */
export function findFreePort(host: string): Promise<number> {
  return listenOnce(host, 0);
}

/**
 * A free port held by a listener of ours until `release`: the caller can name the port to others
 * (the Temporal UI's codec endpoint) long before its real server binds it, with no window in
 * between for another process to take it — only the instant between release and the real bind.
 */
export function reservePort(host: string): Promise<{ port: number; release: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (typeof address !== 'object' || !address) return reject(new Error(`no port reserved on ${host}`));
      let released: Promise<void> | null = null;
      const release = () => (released ??= new Promise<void>((done) => server.close(() => done())));
      resolve({ port: address.port, release });
    });
  });
}

/** Whether nothing listens on `host:port`, checked by binding it for a moment. */
export async function isPortFree(host: string, port: number): Promise<boolean> {
  try {
    await listenOnce(host, port);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return false;
    throw error;
  }
}
