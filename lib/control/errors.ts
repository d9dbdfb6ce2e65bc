// What the control plane's services can refuse. The HTTP layer maps each code to a status in
// one place (lib/server/api/errors.ts); the CLI prints the message.
export type ControlErrorCode = "not_found" | "conflict" | "invalid";

export class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
