import { createServer, type Socket } from "node:net";

/** A TCP server on a loopback port that treats every connection one way. */
export interface TcpServer {
  url: string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

async function tcpServer(onConnection: (socket: Socket) => void): Promise<TcpServer> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createServer((socket) => {
    count += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => count,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Accepts every connection, reads the request, and never answers. */
export function silentServer(): Promise<TcpServer> {
  return tcpServer((socket) => {
    socket.resume();
  });
}

/** Accepts every connection and resets it as soon as the request starts to arrive. */
export function resettingServer(): Promise<TcpServer> {
  return tcpServer((socket) => {
    socket.once("data", () => socket.resetAndDestroy());
  });
}
