// Console users' passwords: argon2id hashing for storage (users.password_hash holds the PHC
// string, parameters and salt included); the policy a password must meet is password-policy.ts.
// Sign-in (POST /v1/auth/verify) calls verifyPassword; rate-limiter.ts bounds the guessing.
import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane), about 20 ms per hash on a current CPU:
// cheap for one sign-in, expensive for an offline guesser. The PHC string records the parameters,
// so raising them later leaves existing hashes verifiable.
const argon2Options = {
  algorithm: 2, // Algorithm.Argon2id; the package's const enum cannot be imported under isolatedModules
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Hashes with a fresh random salt; the returned PHC string (`$argon2id$v=19$…`) is what gets stored. */
export function hashPassword(plain: string): Promise<string> {
  return hash(normalize(plain), argon2Options);
}

/** True when `plain` is the password behind `storedHash`; false, not a throw, when the hash is malformed. */
export async function verifyPassword(storedHash: string, plain: string): Promise<boolean> {
  try {
    return await verify(storedHash, normalize(plain));
  } catch {
    return false; // the library throws "Decoding failed" on anything that is not a PHC argon2 string
  }
}

// NFKC (NIST SP 800-63B §5.1.1.2): the same passphrase typed with composed or decomposed accents,
// on different keyboards and systems, must hash the same.
function normalize(plain: string): string {
  return plain.normalize("NFKC");
}
