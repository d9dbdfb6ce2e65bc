// CONNECT → CONNACK [MQTT-3.1, 3.2]. Steps: validate → authenticate (awaits; later packets
// wait) → find the broker → check limits and client id → take over or start the session →
// record the will → negotiate → CONNACK → resend in-flight messages.
import { randomBytes } from "node:crypto";
import type { Connection } from "../connection.ts";
import { BrokerError } from "../errors.ts";
import type { Message, QoS } from "../message.ts";
import type { ConnectPacket } from "../protocol/codec.ts";
import { ReasonCode } from "../protocol/reason-codes.ts";
import { topicNameError } from "../protocol/topic.ts";
import type { Will } from "../session/session.ts";
import { InboundTopicAliases, OutboundTopicAliases } from "../session/topic-aliases.ts";
import { userPropertyPairs } from "./user-properties.ts";

export async function handleConnect(conn: Connection, packet: ConnectPacket): Promise<void> {
  const v5 = conn.version === 5;
  const props = packet.properties ?? {};

  // 1. Validate what the codec cannot.
  if (!conn.host.accepting) throw new BrokerError(ReasonCode.ServerUnavailable, "server is starting or shutting down");
  if (props.authenticationMethod !== undefined) {
    throw new BrokerError(ReasonCode.BadAuthenticationMethod, "enhanced authentication is not supported"); // [MQTT-4.12.0-1]
  }
  if (props.receiveMaximum === 0) throw new BrokerError(ReasonCode.ProtocolError, "receive maximum 0"); // [MQTT-3.1.2-?]
  if (props.maximumPacketSize === 0) throw new BrokerError(ReasonCode.ProtocolError, "maximum packet size 0");

  // 2. Authenticate. Packets behind CONNECT wait until this settles.
  conn.state = "authenticating";
  conn.holdPackets();
  const auth = conn.info.principal ? { ok: true as const, principal: conn.info.principal } : await conn.host.authenticator.authenticate({
    clientId: packet.clientId,
    username: packet.username,
    password: packet.password,
    protocolVersion: conn.version,
    transport: conn.info.transport,
    remoteAddress: conn.info.remoteAddress,
    brokerHint: brokerHint(conn),
  });
  // The client may have gone away while we waited.
  if ((conn.state as Connection["state"]) === "closed") return;
  if (!auth.ok) throw new BrokerError(auth.reasonCode as ReasonCode, auth.reason);
  const principal = auth.principal;

  // 3. The broker this client belongs to, and its limits.
  const broker = conn.host.getBroker(principal.namespace, principal.broker);
  if (!broker) throw new BrokerError(ReasonCode.NotAuthorized, `no broker ${principal.namespace}/${principal.broker}`);
  const limits = broker.limits;
  conn.reader.setMaxPacketSize(limits.maxPacketSize);
  if (broker.connections.size >= limits.maxConnections) throw new BrokerError(ReasonCode.QuotaExceeded, "broker connection limit reached");

  // 4. Client identifier: bound by the credential, assigned when empty [MQTT-3.1.3-6].
  let clientId = packet.clientId;
  let assigned = false;
  if (principal.clientId !== undefined && clientId !== "" && clientId !== principal.clientId) {
    throw new BrokerError(ReasonCode.ClientIdentifierNotValid, "client id does not match the credential");
  }
  if (clientId === "") {
    // [MQTT-3.1.3-8] 3.1.1: an empty client id requires a clean session
    if (!v5 && !packet.clean) throw new BrokerError(ReasonCode.ClientIdentifierNotValid, "empty client id with a persistent session");
    clientId = principal.clientId ?? `sluice-${randomBytes(9).toString("base64url")}`;
    assigned = true;
  }
  if (Buffer.byteLength(clientId) > limits.maxClientIdLength) {
    throw new BrokerError(ReasonCode.ClientIdentifierNotValid, `client id longer than ${limits.maxClientIdLength} bytes`);
  }

  // 5. The will, validated before any session state changes.
  const will = packet.will ? toWill(packet.will, packet.willUserProperties, clientId, v5, limits) : undefined;
  // The will is a PUBLISH in the client's name: the same ACL applies (DESIGN §4).
  if (will && !principal.authorizePublish(will.message.topic)) throw new BrokerError(ReasonCode.NotAuthorized, "not authorized to publish to the will topic");
  if (will) will.mayPublish = (topic) => principal.authorizePublish(topic);

  // 6. Session: take over a live connection [MQTT-3.1.4-3], then resume or start afresh [MQTT-3.1.2-4].
  const requestedExpiry = v5 ? (props.sessionExpiryInterval ?? 0) : packet.clean ? 0 : limits.maxSessionExpirySeconds;
  const expiry = Math.min(requestedExpiry, limits.maxSessionExpirySeconds);
  broker.sessionFor(clientId)?.connection?.disconnect(ReasonCode.SessionTakenOver, "another connection took over the session");
  let session = broker.sessionFor(clientId);
  if (session && packet.clean) {
    session.end();
    session = undefined;
  }
  const resumed = session !== undefined;
  session ??= broker.createSession(clientId);
  session.expiryInterval = expiry;
  session.will = will;

  // 7. Negotiate this connection's parameters.
  conn.clientId = clientId;
  conn.session = session;
  conn.principal = principal;
  conn.broker = broker;
  // One child logger per connection (not a child of a child): it is kept as long as the connection.
  conn.log = conn.host.log.child({ remoteAddress: conn.info.remoteAddress, transport: conn.info.transport, broker: broker.key, clientId });
  conn.sendQuota = Math.min(props.receiveMaximum ?? 65535, limits.maxInflightMessages);
  conn.clientMaxPacketSize = props.maximumPacketSize ?? Number.POSITIVE_INFINITY;
  conn.problemInformation = props.requestProblemInformation !== false;
  conn.inboundAliases = new InboundTopicAliases(limits.topicAliasMaximum);
  conn.outboundAliases = new OutboundTopicAliases(props.topicAliasMaximum ?? 0);
  const keepAlive = packet.keepalive ?? 0;
  // [MQTT-3.2.2-21] MQTT 5: a keep alive of 0 or above our maximum is answered with Server Keep Alive
  const serverKeepAlive = v5 && (keepAlive === 0 || keepAlive > limits.maxKeepAliveSeconds) ? limits.maxKeepAliveSeconds : undefined;

  // 8. CONNACK, then the connection is live.
  if (v5) {
    conn.send({
      cmd: "connack",
      sessionPresent: resumed, // [MQTT-3.2.2-2] [MQTT-3.2.2-3]
      reasonCode: ReasonCode.Success,
      properties: {
        ...(expiry !== requestedExpiry && { sessionExpiryInterval: expiry }),
        receiveMaximum: limits.receiveMaximum,
        maximumPacketSize: limits.maxPacketSize,
        topicAliasMaximum: limits.topicAliasMaximum,
        ...(assigned && { assignedClientIdentifier: clientId }), // [MQTT-3.2.2-16]
        ...(serverKeepAlive !== undefined && { serverKeepAlive }),
        ...(props.requestResponseInformation && { responseInformation: `response/${clientId}` }),
      },
    });
  } else {
    conn.send({ cmd: "connack", sessionPresent: resumed, returnCode: 0 });
  }
  conn.connackSent = true;
  conn.state = "connected";
  broker.connections.add(conn);
  broker.stats.connections++;
  conn.startKeepAlive(serverKeepAlive ?? keepAlive);
  if (principal.expiresAt !== undefined) conn.closeAt(principal.expiresAt);
  conn.log.info({ protocolVersion: conn.version, keepAlive: serverKeepAlive ?? keepAlive, cleanStart: packet.clean, sessionPresent: resumed }, "client connected");

  // 9. Resend what was in flight, drain the queue, then the packets that waited behind CONNECT.
  session.attach(conn, resumed);
  broker.markSessionDirty(session);
  conn.releasePackets();
}

function brokerHint(conn: Connection): { namespace: string; broker: string } | undefined {
  const match = conn.info.path?.match(/^\/mqtt\/([a-z0-9-]+)\/([a-z0-9-]+)\/?$/);
  return match ? { namespace: match[1], broker: match[2] } : undefined;
}

function toWill(will: NonNullable<ConnectPacket["will"]>, orderedUserProperties: Array<[string, string]> | undefined, clientId: string, v5: boolean, limits: { maxTopicLength: number; maxTopicLevels: number }): Will {
  const topicError = topicNameError(will.topic, limits);
  if (topicError) throw new BrokerError(ReasonCode.TopicNameInvalid, `will topic: ${topicError}`); // [MQTT-3.1.3-11]
  const p = will.properties ?? {};
  const message: Message = {
    topic: will.topic,
    payload: Buffer.isBuffer(will.payload) ? will.payload : Buffer.from(will.payload),
    qos: (will.qos ?? 0) as QoS,
    retain: will.retain ?? false,
    properties: v5
      ? {
          payloadFormatIndicator: p.payloadFormatIndicator,
          contentType: p.contentType,
          responseTopic: p.responseTopic,
          correlationData: p.correlationData,
          userProperties: orderedUserProperties ?? userPropertyPairs(p.userProperties), // in order [MQTT-3.1.3-10]
        }
      : {},
    publisherId: clientId,
    receivedAt: Date.now(),
  };
  return { message, delaySeconds: v5 ? (p.willDelayInterval ?? 0) : 0, expirySeconds: p.messageExpiryInterval };
}
