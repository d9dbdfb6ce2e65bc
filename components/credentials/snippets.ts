// Ready-to-run connect snippets for one issued credential: mosquitto_sub/_pub, MQTT.js and Python
// paho, against the broker's MQTT endpoint as the API names it (the host the user reached the
// console by). The credential is the MQTT password; the user name is any (DESIGN §4), but the
// clients send no password without one.
import type { TopicAcl } from "@/lib/auth/acl.ts";
import { isSysTopic } from "@/lib/broker/sys-topics.ts";

export interface SnippetTarget {
  /** The broker's plain MQTT endpoint, `mqtt://host:port`. */
  endpoint: string;
  clientId: string;
  token: string;
  acl: TopicAcl;
}

export interface Snippet {
  title: string;
  code: string;
}

const userName = "device";
const payload = "hello";

export function connectSnippets(target: SnippetTarget): Snippet[] {
  const { host, port } = hostAndPort(target.endpoint);
  const subscribeTo = target.acl.sub[0];
  const publishTo = examplePublishTopic(target.acl);
  const mosquitto = (tool: string) => `${tool} -h ${host} -p ${port} -V mqttv5 -i ${sh(target.clientId)} -u ${userName} -P ${sh(target.token)}`;
  const snippets: Snippet[] = [];
  if (subscribeTo !== undefined) snippets.push({ title: "mosquitto_sub", code: `${mosquitto("mosquitto_sub")} -t ${sh(subscribeTo)} -v` });
  if (publishTo !== undefined) snippets.push({ title: "mosquitto_pub", code: `${mosquitto("mosquitto_pub")} -t ${sh(publishTo)} -m ${sh(payload)}` });
  snippets.push({ title: "MQTT.js (Node.js)", code: mqttJs(target, subscribeTo, publishTo) }, { title: "Python (paho-mqtt 2)", code: paho(target, host, port, subscribeTo, publishTo) });
  return snippets;
}

function mqttJs({ endpoint, clientId, token }: SnippetTarget, subscribeTo: string | undefined, publishTo: string | undefined): string {
  return [
    `import mqtt from "mqtt"; // npm install mqtt`,
    ``,
    `const client = await mqtt.connectAsync(${js(endpoint)}, {`,
    `  protocolVersion: 5,`,
    `  clientId: ${js(clientId)},`,
    `  username: ${js(userName)}, // any user name: the credential is the password`,
    `  password: ${js(token)},`,
    `});`,
    ...(subscribeTo === undefined ? [] : [`client.on("message", (topic, payload) => console.log(topic, payload.toString()));`, `await client.subscribeAsync(${js(subscribeTo)}, { qos: 1 });`]),
    ...(publishTo === undefined ? [] : [`await client.publishAsync(${js(publishTo)}, ${js(payload)}, { qos: 1 });`]),
  ].join("\n");
}

function paho({ clientId, token }: SnippetTarget, host: string, port: string, subscribeTo: string | undefined, publishTo: string | undefined): string {
  return [
    `# pip install paho-mqtt`,
    `import paho.mqtt.client as mqtt`,
    ``,
    `def on_connect(client, userdata, flags, reason_code, properties):`,
    `    print("connect:", reason_code)`,
    ...(subscribeTo === undefined ? [] : [`    client.subscribe(${py(subscribeTo)}, qos=1)`]),
    ...(publishTo === undefined ? [] : [`    client.publish(${py(publishTo)}, ${py(payload)}, qos=1)`]),
    ``,
    `def on_message(client, userdata, message):`,
    `    print(message.topic, message.payload.decode())`,
    ``,
    `client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=${py(clientId)}, protocol=mqtt.MQTTv5)`,
    `client.username_pw_set(${py(userName)}, ${py(token)})  # any user name: the credential is the password`,
    `client.on_connect = on_connect`,
    `client.on_message = on_message`,
    `client.connect(${py(host)}, ${port})`,
    `client.loop_forever()`,
  ].join("\n");
}

/** The host (IPv6 without its brackets) and port of `mqtt://host:port`. */
function hostAndPort(endpoint: string): { host: string; port: string } {
  const authority = endpoint.slice(endpoint.indexOf("://") + 3);
  const colon = authority.lastIndexOf(":");
  return { host: authority.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port: authority.slice(colon + 1) };
}

/** A topic the ACL lets the client publish to: its first usable filter, wildcards filled in. */
function examplePublishTopic(acl: TopicAcl): string | undefined {
  const filter = acl.pub.find((f) => !isSysTopic(f));
  return filter
    ?.split("/")
    .map((level) => (level === "+" || level === "#" ? "example" : level))
    .join("/");
}

/** A POSIX shell word: single-quoted, a single quote as '\''. */
const sh = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
const js = (value: string) => JSON.stringify(value);
/** JSON's string escapes are Python's too. */
const py = js;
