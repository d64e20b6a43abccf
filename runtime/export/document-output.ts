/**
 * Where the document's text goes: each text encoded to UTF-8 where it is, straight into one of
 * a few reused buffers, hashed, then either gzip'd by node:zlib (which reads each buffer in
 * place, on its thread pool) or copied to a plain byte stream. Texts are never joined first: a
 * joined chunk is a copy of them, and copies waiting for the compressor outlived V8's young
 * generation. Reusing the buffers keeps memory flat for the same reason: fresh buffers per chunk
 * were queued for the compressor long enough that 140 MB of them waited for a full collection
 * at a million records. Gzip is gzip: the format checks the decompressed text only.
 */
import type { Hash } from "node:crypto";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";

/** Bytes handed to the compressor at a time (a buffer is sent once it holds this many). */
const CHUNK_BYTES = 64 * 1024;
/** Room for one more text of a few kilobytes before a buffer is sent. */
const BUFFER_BYTES = CHUNK_BYTES * 2;
/** Chunks between the database reads and the compressor: reading overlaps compressing. */
const BUFFERS = 8;

/** Bytes out; `write` resolves once `bytes` may be reused. */
interface ByteSink {
  readonly readable: ReadableStream<Uint8Array>;
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(error: unknown): void;
}

export interface DocumentOutput {
  readonly readable: ReadableStream<Uint8Array>;
  /** Appends text; resolves when there is room for more, rejects once the reader has gone. */
  emit(text: string): Promise<void>;
  /** Writes what is pending, then `last(digest)` (the trailer), and ends the stream. */
  close(last: (digest: string) => string): Promise<void>;
  abort(error: unknown): void;
}

export function documentOutput(hash: Hash, compress: boolean): DocumentOutput {
  const sink = compress ? gzipSink() : plainSink();
  const encoder = new TextEncoder();
  const free: Uint8Array[] = Array.from({ length: BUFFERS }, () => new Uint8Array(BUFFER_BYTES));
  const waiting: (() => void)[] = [];
  let failure: { error: unknown } | undefined;
  /** The buffer being filled, and how many of its bytes are. */
  let current: Uint8Array | undefined;
  let filled = 0;

  const take = async (): Promise<Uint8Array> => {
    while (free.length === 0 && !failure) await new Promise<void>((resolve) => waiting.push(resolve));
    if (failure) throw failure.error;
    return free.pop()!;
  };
  const give = (buffer: Uint8Array) => {
    free.push(buffer);
    waiting.shift()?.();
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    for (const wake of waiting.splice(0)) wake();
  };
  const flush = () => {
    if (!current || filled === 0) return;
    const buffer = current;
    const bytes = buffer.subarray(0, filled);
    current = undefined;
    filled = 0;
    hash.update(bytes);
    sink.write(bytes).then(() => give(buffer), fail);
  };
  const drain = async () => {
    while (free.length < BUFFERS && !failure) await new Promise<void>((resolve) => waiting.push(resolve));
    if (failure) throw failure.error;
  };

  return {
    readable: sink.readable,
    async emit(text) {
      if (failure) throw failure.error;
      // Each text is encoded where it is, in pieces if need be: never joined to others first,
      // which would copy it (a flat string per chunk, kept alive while the chunk waited).
      for (let at = 0; at < text.length; ) {
        current ??= await take();
        const { read, written } = encoder.encodeInto(at === 0 ? text : text.slice(at), current.subarray(filled));
        at += read;
        filled += written;
        if (filled > BUFFER_BYTES - 4 || at < text.length) flush();
      }
      if (filled >= CHUNK_BYTES) flush();
    },
    async close(last) {
      flush();
      await drain();
      const trailer = encoder.encode(last(hash.digest("hex")));
      await sink.write(trailer);
      await sink.close();
    },
    abort(error) {
      fail(error);
      sink.abort(error);
    },
  };
}

function gzipSink(): ByteSink {
  const gzip = createGzip();
  const readable = Readable.toWeb(gzip) as unknown as ReadableStream<Uint8Array>;
  return {
    readable,
    write: (bytes) => new Promise((resolve, reject) => gzip.write(bytes, (error) => (error ? reject(error) : resolve()))),
    close: () => new Promise((resolve, reject) => gzip.end(() => (gzip.errored ? reject(gzip.errored) : resolve()))),
    abort: (error) => gzip.destroy(error instanceof Error ? error : new Error(String(error))),
  };
}

function plainSink(): ByteSink {
  const slack = { highWaterMark: BUFFERS };
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>(undefined, slack, slack);
  const writer = writable.getWriter();
  return {
    readable,
    async write(bytes) {
      await writer.ready;
      writer.write(bytes.slice()).catch(() => {});
    },
    close: () => writer.close(),
    abort: (error) => void writer.abort(error).catch(() => {}),
  };
}
