/** Encrypted backups, browser-safe: what `runtime/browser` and the server both use. */
export {
  DEFAULT_ITERATIONS,
  ENCRYPTED_EXTENSION,
  EncryptionError,
  decryptBackup,
  encryptBackup,
  isEncrypted,
  readEnvelope,
} from "./envelope.ts";
export type { EncryptOptions, EncryptionErrorCode, EnvelopeParams } from "./envelope.ts";
export { unsealBackup } from "./unseal.ts";
export type { Unsealed } from "./unseal.ts";
