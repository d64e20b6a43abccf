import { describe, expect, it } from "vitest";
import { decryptBackup, encryptBackup, EncryptionError, isEncrypted, readEnvelope } from "../../runtime/crypto/index.ts";
import { HEADER_BYTES, MIN_ITERATIONS } from "../../runtime/crypto/envelope.ts";

const plain = new TextEncoder().encode('{"metadata":{"format":"prisma-backup"}}\n'.repeat(50));
/** The slowest derivation the format accepts keeps these tests fast; one test uses the default. */
const fast = { iterations: MIN_ITERATIONS };

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(EncryptionError);
  const { code, message } = error as EncryptionError;
  return { code, message };
}

describe("encrypted backups", () => {
  it("round-trips with the default derivation, and the header records its parameters", async () => {
    const sealed = await encryptBackup(plain, "correct horse battery staple");
    expect(isEncrypted(sealed)).toBe(true);
    expect(isEncrypted(plain)).toBe(false);
    expect(sealed.length).toBe(HEADER_BYTES + plain.length + 16);
    const params = readEnvelope(sealed);
    expect(params).toMatchObject({ version: 1, iterations: 600_000 });
    expect(params.salt).toHaveLength(16);
    expect(params.iv).toHaveLength(12);
    expect(await decryptBackup(sealed, "correct horse battery staple")).toEqual(plain);
  });

  it("uses a fresh salt and IV every time", async () => {
    const [a, b] = await Promise.all([encryptBackup(plain, "pw", fast), encryptBackup(plain, "pw", fast)]);
    expect(readEnvelope(a).salt).not.toEqual(readEnvelope(b).salt);
    expect(readEnvelope(a).iv).not.toEqual(readEnvelope(b).iv);
    expect(a.subarray(HEADER_BYTES)).not.toEqual(b.subarray(HEADER_BYTES));
  });

  it("treats passwords as Unicode text (NFC), whatever the platform's keyboard composed", async () => {
    const sealed = await encryptBackup(plain, "Cafe\u0301", fast);
    expect(await decryptBackup(sealed, "Caf\u00e9")).toEqual(plain);
  });

  it("refuses an encrypted file without a password", async () => {
    const sealed = await encryptBackup(plain, "pw", fast);
    expect(await refusal(decryptBackup(sealed, undefined))).toEqual({ code: "password_required", message: "This backup is encrypted: give its password to open it." });
  });

  it("refuses a wrong password with a clear error, never garbage", async () => {
    const sealed = await encryptBackup(plain, "right", fast);
    expect(await refusal(decryptBackup(sealed, "wrong"))).toEqual({
      code: "wrong_password",
      message: "Wrong password: this backup was encrypted with another one. Check the password and try again.",
    });
  });

  it.each([
    ["a byte of the content", (n: number) => n - 40],
    ["a byte of the tag", (n: number) => n - 1],
    ["the IV in the header", () => 18 + 16],
  ])("refuses a file with %s flipped", async (_what, at) => {
    const sealed = await encryptBackup(plain, "pw", fast);
    sealed[at(sealed.length)]! ^= 0x01;
    expect(await refusal(decryptBackup(sealed, "pw"))).toEqual({
      code: "damaged_encrypted_file",
      message: "This encrypted backup is damaged or was altered (its content does not match its authentication tag). Use another copy of the backup.",
    });
  });

  it("refuses a header that was altered or cut", async () => {
    const sealed = await encryptBackup(plain, "pw", fast);
    const bumped = sealed.slice();
    bumped[15]! ^= 0x01; // iterations: the key, hence the password check, changes
    expect((await refusal(decryptBackup(bumped, "pw"))).code).toBe("wrong_password");
    const huge = sealed.slice();
    huge[12] = 0xff;
    expect(await refusal(decryptBackup(huge, "pw"))).toEqual({
      code: "damaged_encrypted_file",
      message: `This encrypted backup is damaged or was altered (its header claims ${new DataView(huge.buffer).getUint32(12)} key-derivation iterations). Use another copy of the backup.`,
    });
    expect((await refusal(decryptBackup(sealed.subarray(0, 40), "pw"))).code).toBe("damaged_encrypted_file");
    const future = sealed.slice();
    future[8] = 2;
    expect(await refusal(decryptBackup(future, "pw"))).toEqual({
      code: "unsupported_encryption",
      message: "This backup uses encryption format version 2, which this app does not read (it reads version 1). Update the app.",
    });
  });

  it("refuses to encrypt with an empty password or a weak derivation", async () => {
    expect((await refusal(encryptBackup(plain, ""))).code).toBe("invalid_password");
    await expect(encryptBackup(plain, "pw", { iterations: 1000 })).rejects.toThrow("iterations must be an integer from 100000 to 10000000; got 1000.");
  });
});
