// Bounds on issuing device credentials, apart from device-credentials.ts so that the shared
// request schema (lib/validations/credentials.ts), which the console's forms run in the browser,
// does not pull jose and node:crypto into the browser bundle.

export const MAX_CREDENTIALS_PER_REQUEST = 100;
