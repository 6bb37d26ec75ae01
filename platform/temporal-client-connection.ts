import { Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/** A gRPC connection to Temporal for the API, and a close that leaves no retry behind. */
export interface ClientConnection {
  connection: Connection;
  close(): Promise<void>;
}

/**
 * The SDK retries a failed call on a timer; a timer firing after the channel closed throws an
 * uncaught "Channel has been shut down". So: once closing, no retry is scheduled, and the close
 * waits for the ones already scheduled (at most the SDK's longest backoff) to fire first.
 * Lazy: an API started while Temporal is down serves what needs no engine and connects later.
 */
export function lazyClientConnection(address: string): ClientConnection {
  const defaults = defaultGrpcRetryOptions();
  let closing = false;
  let retriesDoneAt = 0;
  const connection = Connection.lazy({
    address,
    interceptors: [
      makeGrpcRetryInterceptor({
        retryableDecider: (attempt, status) => !closing && defaults.retryableDecider(attempt, status),
        delayFunction: (attempt, status) => {
          const delay = defaults.delayFunction(attempt, status);
          retriesDoneAt = Math.max(retriesDoneAt, Date.now() + delay);
          return delay;
        },
      }),
    ],
  });
  return {
    connection,
    async close() {
      closing = true;
      const wait = retriesDoneAt - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 50));
      await connection.close();
    },
  };
}
