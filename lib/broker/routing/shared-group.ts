// A shared subscription group `$share/<name>/<filter>` [MQTT-4.8.2]: each message goes to one
// member, round-robin, preferring members that are connected and have room in their window.
import type { Subscription } from "./subscription.ts";

export class SharedGroup {
  readonly members: Subscription[] = [];
  private cursor = 0;

  constructor(
    readonly name: string,
    readonly topicFilter: string,
  ) {}

  /** Picks the member for the next message; undefined when the group is empty. */
  pick(): Subscription | undefined {
    const count = this.members.length;
    if (count === 0) return undefined;
    // One pass for a member that can take the message now, then any member (its session queues it).
    for (let i = 0; i < count; i++) {
      const member = this.members[(this.cursor + i) % count];
      if (member.session.canTakeNow()) {
        this.cursor = (this.cursor + i + 1) % count;
        return member;
      }
    }
    const member = this.members[this.cursor % count];
    this.cursor = (this.cursor + 1) % count;
    return member;
  }

  /** Picks a member other than `excluded`, for messages a leaving member did not finish. */
  pickOther(excluded: Subscription): Subscription | undefined {
    const others = this.members.filter((m) => m !== excluded);
    if (others.length === 0) return undefined;
    const connected = others.find((m) => m.session.canTakeNow());
    return connected ?? others[0];
  }

  add(member: Subscription): void {
    this.members.push(member);
  }

  remove(member: Subscription): void {
    const index = this.members.indexOf(member);
    if (index >= 0) this.members.splice(index, 1);
  }
}
