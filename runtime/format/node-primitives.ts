/** The file primitives on Node: native zlib and crypto (the browser uses fflate and Web Crypto). */
import { createHash } from "node:crypto";
import { createGunzip, gunzipSync } from "node:zlib";
import type { Primitives } from "./open.ts";
import type { StreamPrimitives } from "./stream.ts";

export const nodePrimitives: Primitives = {
  gunzip: (bytes, maxBytes) => {
    try {
      return gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new Error("too large");
      throw error;
    }
  },
  sha256: (bytes) => createHash("sha256").update(bytes).digest("hex"),
};

export const nodeStreamPrimitives: StreamPrimitives = {
  inflate: (bytes) => {
    // Output is pulled chunk by chunk: the readable side holds at most its buffer.
    const gunzip = createGunzip({ chunkSize: 32 * 1024 });
    gunzip.end(bytes);
    return gunzip;
  },
  sha256: () => {
    const hash = createHash("sha256");
    return { update: (bytes) => void hash.update(bytes), digest: () => hash.digest("hex") };
  },
};
