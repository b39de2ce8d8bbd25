import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/**
 * Graceful shutdown for an HTTP server: stop accepting connections, let every
 * request already received finish (even one whose body is still arriving, which
 * Node's own closeIdleConnections would cut off), close idle keep-alive
 * connections at once, and force the rest after a grace period.
 */
export function gracefulClose(server: Server) {
  const sockets = new Set<Socket>();
  const busy = new Map<Socket, number>();
  let stopping = false;

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    if (stopping && !response.headersSent) response.setHeader('connection', 'close');
    response.once('close', () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) busy.set(socket, left);
      else {
        busy.delete(socket);
        if (stopping) socket.end();
      }
    });
  });

  return (graceMs: number) =>
    new Promise<void>((resolve) => {
      stopping = true;
      const force = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, graceMs);
      // net.Server's close, not http.Server's: since Node 19 the latter also
      // closes every connection it deems idle, which includes one whose request
      // body is still arriving.
      NetServer.prototype.close.call(server, () => {
        clearTimeout(force);
        resolve();
      });
      for (const socket of sockets) if (!busy.has(socket)) socket.end();
    });
}
