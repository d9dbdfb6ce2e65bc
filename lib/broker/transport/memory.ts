// In-process connections: two Duplex streams wired back to back, for clients that live inside
// the server (the HTTP on-ramp's event streams) and for tests. Writes honour backpressure: a
// side whose reader stops reading holds the writer's callback, so the broker sees the bytes as
// unsent (writableLength) and its slow-subscriber limit applies as it does to a socket.
import { Duplex } from "node:stream";

class MemoryEnd extends Duplex {
  peer!: MemoryEnd;
  /** The peer's write callback, held while this side's read buffer is full. */
  heldWrite: (() => void) | null = null;

  override _read(): void {
    const held = this.heldWrite;
    this.heldWrite = null;
    held?.();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.peer.push(chunk)) callback();
    else this.peer.heldWrite = callback;
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer.push(null);
    callback();
  }
}

/** Two connected streams: what one writes, the other reads. Closing one closes both. */
export function memoryPair(): [Duplex, Duplex] {
  const a = new MemoryEnd({ allowHalfOpen: false });
  const b = new MemoryEnd({ allowHalfOpen: false });
  a.peer = b;
  b.peer = a;
  a.on("close", () => b.destroy());
  b.on("close", () => a.destroy());
  return [a, b];
}
