/** The file primitives on Node: native zlib and crypto (the browser uses fflate and Web Crypto). */
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import type { Primitives } from "./open.ts";

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
