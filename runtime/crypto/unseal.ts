/**
 * The first step of reading any backup: if it is an encrypted envelope, decrypt it with the
 * password; refusals become Problems (codes `password_required`, `wrong_password`,
 * `damaged_encrypted_file`, `unsupported_encryption`) like any other reason a file is refused.
 * Browser-safe.
 */
import type { Problem } from "../options.ts";
import { decryptBackup, EncryptionError, isEncrypted } from "./envelope.ts";

export type Unsealed =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly encrypted: boolean }
  | { readonly ok: false; readonly encrypted: true; readonly problem: Problem };

export async function unsealBackup(bytes: Uint8Array, password: string | undefined): Promise<Unsealed> {
  if (!isEncrypted(bytes)) return { ok: true, bytes, encrypted: false };
  try {
    return { ok: true, bytes: await decryptBackup(bytes, password), encrypted: true };
  } catch (error) {
    if (error instanceof EncryptionError) return { ok: false, encrypted: true, problem: { code: error.code, message: error.message } };
    throw error;
  }
}
