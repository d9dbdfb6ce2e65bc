// The broker's in-memory message: what an accepted PUBLISH becomes before retain and routing.
// Properties are kept in their MQTT 5 shape so they forward unchanged (user properties in order).

export type QoS = 0 | 1 | 2;

/** MQTT 5 PUBLISH properties that travel with the application message [MQTT-3.3.2.3]. */
export interface MessageProperties {
  payloadFormatIndicator?: boolean;
  contentType?: string;
  responseTopic?: string;
  correlationData?: Buffer;
  /** Ordered key/value pairs; a key may repeat [MQTT-3.3.2-17]. */
  userProperties?: Array<[string, string]>;
}

export interface Message {
  topic: string;
  payload: Buffer;
  qos: QoS;
  retain: boolean;
  properties: MessageProperties;
  /** Absolute expiry (ms since epoch) from Message Expiry Interval, or undefined for none. */
  expiresAt?: number;
  /** Client ID of the publisher, for no-local [MQTT-3.8.3-3]; empty for server-originated messages. */
  publisherId: string;
  receivedAt: number;
}
