// What the editor offers on a broker without a hook: a script that runs as it is and shows the
// shape of one (lib/hook-runtime/README.md has the whole contract).
export const starterScript = `// Runs on each batch of messages published to the hook's topics, before subscribers get them.
// Return the messages to deliver: change them, leave one out to drop it, add new ones (no mid).
export default {
  async onPublish(messages, env, ctx) {
    return messages.map((message) => {
      // message: { mid, topic, payload, clientId, receivedAt, qos, retain, contentType?, userProperties? }
      return message;
    });
  },
};
`;
