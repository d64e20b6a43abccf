/**
 * Password-protected backup files: an envelope around the file's bytes (gzip'd or plain JSON),
 * sealed with AES-256-GCM under a key derived from the password by PBKDF2-HMAC-SHA-256.
 *
 * Web Crypto only (`globalThis.crypto.subtle`), so the server, the command line and the browser
 * encrypt and decrypt the same way. The layout is in docs/FORMAT.md, "Encrypted files". The
 * whole header is authenticated (GCM additional data), and a 16-byte password check derived
 * with the key tells a wrong password from a damaged file: both are refused with a clear error,
 * never with garbage.
 */

/** `\x89PBK\r\n\x1a\n`: never the start of gzip (`1f 8b`) or JSON text; catches newline mangling like PNG's. */
export const ENVELOPE_MAGIC = Uint8Array.of(0x89, 0x50, 0x42, 0x4b, 0x0d, 0x0a, 0x1a, 0x0a);
export const ENVELOPE_VERSION = 1;
const KDF_PBKDF2_SHA256 = 1;
const CIPHER_AES_256_GCM = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const CHECK_BYTES = 16;
const TAG_BYTES = 16;
/** magic 8 + version, kdf, cipher, flags 4 + iterations 4 + salt and iv lengths 2. */
const FIXED_BYTES = 18;
export const HEADER_BYTES = FIXED_BYTES + SALT_BYTES + IV_BYTES + CHECK_BYTES;

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256: about a third of a second on a server. */
export const DEFAULT_ITERATIONS = 600_000;
/** Files claiming fewer are refused (a weak file), or more (a file that would hang the reader). */
export const MIN_ITERATIONS = 100_000;
export const MAX_ITERATIONS = 10_000_000;

/** The file extension added to an encrypted backup's name. */
export const ENCRYPTED_EXTENSION = ".enc";

export type EncryptionErrorCode = "password_required" | "wrong_password" | "damaged_encrypted_file" | "unsupported_encryption" | "invalid_password";

/** A refusal with a stable code (also a Problem code in reports) and a message that says what to do. */
export class EncryptionError extends Error {
  constructor(
    readonly code: EncryptionErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "EncryptionError";
  }
}

export interface EnvelopeParams {
  readonly version: number;
  readonly iterations: number;
  readonly salt: Uint8Array;
  readonly iv: Uint8Array;
  readonly check: Uint8Array;
}

export interface EncryptOptions {
  /** PBKDF2 iterations (default 600,000; at least 100,000). */
  readonly iterations?: number;
}

export function isEncrypted(bytes: Uint8Array): boolean {
  return bytes.length >= ENVELOPE_MAGIC.length && ENVELOPE_MAGIC.every((byte, index) => bytes[index] === byte);
}

export async function encryptBackup(plain: Uint8Array, password: string, options: EncryptOptions = {}): Promise<Uint8Array> {
  checkPassword(password);
  const iterations = options.iterations ?? DEFAULT_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new RangeError(`iterations must be an integer from ${MIN_ITERATIONS} to ${MAX_ITERATIONS}; got ${iterations}.`);
  }
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const { key, check } = await deriveKey(password, salt, iterations);
  const header = writeHeader({ version: ENVELOPE_VERSION, iterations, salt, iv, check });
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: header, tagLength: TAG_BYTES * 8 }, key, buffered(plain)));
  const out = new Uint8Array(header.length + sealed.length);
  out.set(header, 0);
  out.set(sealed, header.length);
  return out;
}

/** The original bytes of an encrypted file; throws EncryptionError on every refusal. */
export async function decryptBackup(bytes: Uint8Array, password: string | undefined): Promise<Uint8Array> {
  const params = readEnvelope(bytes);
  if (password === undefined || password === "") {
    throw new EncryptionError("password_required", "This backup is encrypted: give its password to open it.");
  }
  const { key, check } = await deriveKey(password, params.salt, params.iterations);
  if (!equalBytes(check, params.check)) {
    throw new EncryptionError("wrong_password", "Wrong password: this backup was encrypted with another one. Check the password and try again.");
  }
  const header = bytes.subarray(0, HEADER_BYTES);
  try {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: buffered(params.iv), additionalData: buffered(header), tagLength: TAG_BYTES * 8 }, key, buffered(bytes.subarray(HEADER_BYTES)));
    return new Uint8Array(plain);
  } catch {
    throw damaged("its content does not match its authentication tag");
  }
}

/** Reads and checks the envelope's header; throws EncryptionError when it is not a readable envelope. */
export function readEnvelope(bytes: Uint8Array): EnvelopeParams {
  if (!isEncrypted(bytes)) throw new EncryptionError("unsupported_encryption", "This file is not an encrypted backup.");
  if (bytes.length < HEADER_BYTES + TAG_BYTES) throw damaged("it is shorter than its header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[8]!;
  if (version !== ENVELOPE_VERSION) {
    throw new EncryptionError("unsupported_encryption", `This backup uses encryption format version ${version}, which this app does not read (it reads version ${ENVELOPE_VERSION}). Update the app.`);
  }
  if (bytes[9] !== KDF_PBKDF2_SHA256 || bytes[10] !== CIPHER_AES_256_GCM || bytes[16] !== SALT_BYTES || bytes[17] !== IV_BYTES) {
    throw damaged("its header names an unknown algorithm");
  }
  const iterations = view.getUint32(12);
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) throw damaged(`its header claims ${iterations} key-derivation iterations`);
  let offset = FIXED_BYTES;
  const take = (length: number) => bytes.slice(offset, (offset += length));
  return { version, iterations, salt: take(SALT_BYTES), iv: take(IV_BYTES), check: take(CHECK_BYTES) };
}

function writeHeader(params: EnvelopeParams): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(HEADER_BYTES);
  header.set(ENVELOPE_MAGIC, 0);
  header[8] = params.version;
  header[9] = KDF_PBKDF2_SHA256;
  header[10] = CIPHER_AES_256_GCM;
  header[11] = 0;
  new DataView(header.buffer).setUint32(12, params.iterations);
  header[16] = SALT_BYTES;
  header[17] = IV_BYTES;
  header.set(params.salt, FIXED_BYTES);
  header.set(params.iv, FIXED_BYTES + SALT_BYTES);
  header.set(params.check, FIXED_BYTES + SALT_BYTES + IV_BYTES);
  return header;
}

/** One PBKDF2 run gives 48 bytes: the AES key (32), then the password check (16). */
async function deriveKey(password: string, salt: Uint8Array, iterations: number): Promise<{ key: CryptoKey; check: Uint8Array }> {
  const secret = await crypto.subtle.importKey("raw", new TextEncoder().encode(password.normalize("NFC")), "PBKDF2", false, ["deriveBits"]);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: buffered(salt), iterations }, secret, (32 + CHECK_BYTES) * 8));
  const key = await crypto.subtle.importKey("raw", bits.slice(0, 32), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  return { key, check: bits.slice(32) };
}

function checkPassword(password: string): void {
  if (typeof password !== "string" || password.length === 0) {
    throw new EncryptionError("invalid_password", "The password is empty: choose a password to encrypt the backup.");
  }
}

function damaged(why: string): EncryptionError {
  return new EncryptionError("damaged_encrypted_file", `This encrypted backup is damaged or was altered (${why}). Use another copy of the backup.`);
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Web Crypto wants an ArrayBuffer-backed view: the same bytes when they are, else a copy. */
function buffered(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}
