import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gunzipWithin, sha256Hex } from "./primitives.ts";

describe("browser primitives", () => {
  it("decompress and hash like node:zlib and node:crypto", async () => {
    const text = new TextEncoder().encode("x".repeat(200_000) + "fin");
    expect(gunzipWithin(gzipSync(text), 1_000_000)).toEqual(text);
    expect(await sha256Hex(text)).toBe(createHash("sha256").update(text).digest("hex"));
  });

  it("stop a gzip bomb at the limit", () => {
    expect(() => gunzipWithin(gzipSync(new Uint8Array(5_000_000)), 1_000_000)).toThrow(/too large/);
  });

  it.each([1, 4, 8, 20])("refuse a stream cut %i bytes short, even within the trailer", (cut) => {
    const gz = gzipSync(new TextEncoder().encode("hello ".repeat(10_000)));
    expect(() => gunzipWithin(gz.subarray(0, gz.length - cut), 1_000_000)).toThrow(/unexpected end of file/);
  });

  it("refuse a flipped byte in the compressed data", () => {
    const gz = gzipSync(new TextEncoder().encode(Array.from({ length: 5000 }, (_, i) => `line ${i}`).join("\n")));
    gz[gz.length - 12]! ^= 0x04;
    expect(() => gunzipWithin(gz, 1_000_000)).toThrow();
  });
});
