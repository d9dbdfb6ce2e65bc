// Packet identifier allocation for server-to-client QoS 1/2 PUBLISH [MQTT-2.2.1-3]: non-zero
// and not in use by another in-flight message of the same session.

export class PacketIdAllocator {
  private next = 1;

  /** Returns a free identifier, or 0 when all 65535 are in use. */
  allocate(inUse: ReadonlyMap<number, unknown>): number {
    if (inUse.size >= 65535) return 0;
    for (;;) {
      const id = this.next;
      this.next = id === 65535 ? 1 : id + 1;
      if (!inUse.has(id)) return id;
    }
  }
}
