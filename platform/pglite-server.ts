import { createServer, type AddressInfo } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';

// PGlite is a single PostgreSQL session; pglite-socket shares it between TCP connections
// by queueing wire-protocol messages. Its PGLiteSocketServer (0.2.17) keeps a connection's
// messages together only inside an explicit transaction, so two clients using the
// extended query protocol (Parse/Bind/Execute/Sync, what pg and Prisma send) interleave
// and run each other's unnamed statement ("unnamed prepared statement does not exist"),
// and a failing message stops its queue for good. We keep pglite-socket's per-connection
// handler and give it a queue that hands the session to one connection from its first
// message until the end of its exchange (Sync or simple Query) outside a transaction.

interface PendingMessage {
  handlerId: number;
  /** null: the connection went away; end what it left open. */
  message: Uint8Array | null;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);
const ROLLBACK = simpleQuery('ROLLBACK');

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message.write('Q', 0, 'ascii');
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}

/** Messages after which the session is back at ReadyForQuery: Sync, simple Query, Terminate, and the startup packet (no type byte). */
function endsExchange(message: Uint8Array): boolean {
  const type = message[0];
  return type === 0x53 || type === 0x51 || type === 0x58 || type === 0;
}

class SessionQueue {
  private pending: PendingMessage[] = [];
  /** The connection that owns the session until its exchange or transaction ends. */
  private owner: number | null = null;
  /** The owner's exchange is open: a Sync is needed if it disconnects now. */
  private exchangeOpen = false;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array | null, onData: (data: Uint8Array) => void = () => {}): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ handlerId, message, onData, resolve, reject });
      void this.pump();
    });
  }

  getQueueLength(): number {
    return this.pending.length;
  }

  clearQueueForHandler(handlerId: number): void {
    const dropped = this.pending.filter((p) => p.handlerId === handlerId);
    this.pending = this.pending.filter((p) => p.handlerId !== handlerId);
    for (const p of dropped) p.reject(new Error('connection closed'));
  }

  /** Called when a connection goes away. Queued like a message, so it cannot race one of that connection's still running. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    await this.enqueue(handlerId, null);
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner === null ? (this.pending.length > 0 ? 0 : -1) : this.pending.findIndex((p) => p.handlerId === this.owner);
        if (index === -1) return;
        const [next] = this.pending.splice(index, 1) as [PendingMessage];
        try {
          next.resolve(next.message ? await this.execute(next.handlerId, next.message, next.onData) : await this.release(next.handlerId));
        } catch (error) {
          next.reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async execute(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (data) => {
            bytes += data.length;
            onData(data);
          },
        }),
      );
    } finally {
      this.exchangeOpen = !endsExchange(message);
      this.owner = this.exchangeOpen || this.db.isInTransaction() ? handlerId : null;
    }
    return bytes;
  }

  private async release(handlerId: number): Promise<number> {
    if (this.owner !== handlerId) return 0;
    try {
      await this.db.runExclusive(async () => {
        if (this.exchangeOpen) await this.db.execProtocolRaw(SYNC);
        if (this.db.isInTransaction()) await this.db.execProtocolRaw(ROLLBACK);
      });
    } finally {
      this.owner = null;
      this.exchangeOpen = false;
    }
    return 0;
  }
}

export interface PgliteServer {
  /** host:port */
  address: string;
  stop(): Promise<void>;
}

export async function servePglite(
  db: PGlite,
  options: { host: string; port: number; maxConnections: number },
): Promise<PgliteServer> {
  const queue = new SessionQueue(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const server = createServer((socket) => {
    if (handlers.size >= options.maxConnections) {
      socket.destroy();
      return;
    }
    const handler = new PGLiteSocketHandler({
      // The option is typed with pglite-socket's own queue class; ours has its public shape.
      queryQueue: queue as unknown as PGLiteSocketHandlerOptions['queryQueue'],
      closeOnDetach: true,
    });
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => {
      forget();
      socket.destroy();
    });
  });
  server.maxConnections = options.maxConnections;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    address: `${address}:${port}`,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...handlers].map((handler) => handler.detach(true)));
      handlers.clear();
      await closed;
    },
  };
}
