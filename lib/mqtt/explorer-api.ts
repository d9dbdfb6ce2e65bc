// The explorer API's JSON as the browser reads it; the schemas are the API's own
// (lib/validations/explorer.ts).
import type { z } from "zod";
import type { explorerSession, indexedTopic, messageProperties, recentMessage, recentMessageList, tapRecord, topicList } from "../validations/explorer.ts";

export type ExplorerSession = z.infer<typeof explorerSession>;
export type WireProperties = z.infer<typeof messageProperties>;
export type IndexedTopic = z.infer<typeof indexedTopic>;
export type TopicList = z.infer<typeof topicList>;
export type RecentMessage = z.infer<typeof recentMessage>;
export type RecentMessageList = z.infer<typeof recentMessageList>;
export type TapRecord = z.infer<typeof tapRecord>;
