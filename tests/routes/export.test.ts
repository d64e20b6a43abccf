import { afterEach, describe, expect, it } from "vitest";
import { decryptBackup, isEncrypted } from "../../runtime/crypto/envelope.ts";
import { ADMIN, bytesOf, get, setup, text, type Setup } from "./helpers.ts";
import { SECRET_HASH } from "./support.ts";

let s: Setup;
afterEach(async () => s?.db.close());

describe("GET export", () => {
  it("streams the gzip'd file under a dated name, says what to expect, and never carries an omitted field", async () => {
    s = await setup();
    const response = await s.routes.export(get("/export"));
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "application/gzip",
      "content-disposition": 'attachment; filename="alami-gestion-backup-2026-03-15-1007.json.gz"',
      "cache-control": "no-store",
      "x-backup-records": "18",
    });
    expect(response.headers.get("content-length")).toBeNull();
    expect(Number(response.headers.get("x-backup-estimated-bytes"))).toBeGreaterThan(0);
    const bytes = await bytesOf(response);
    const document = JSON.parse(text(bytes));
    expect(document.metadata).toMatchObject({ app_version: "2.1.0", exported_at: "2026-03-15T10:07:00.000Z", total_records: 18 });
    expect(document.company.users[0]).not.toHaveProperty("passwordHash");
    expect(text(bytes)).not.toContain(SECRET_HASH);
    expect(s.audit.entries.map((e) => [e.action, e.outcome, e.who, e.records, e.bytes])).toEqual([["export", "success", { user: "admin" }, 18, bytes.length]]);
  });

  it("exports selected modules as plain JSON", async () => {
    s = await setup();
    const response = await s.routes.export(get("/export?modules=catalog,purchasing&compress=0"));
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="alami-gestion-backup-2026-03-15-1007.json"');
    const document = JSON.parse(text(await bytesOf(response)));
    expect(document.metadata.modules).toEqual(["catalog", "purchasing"]);
    expect(Object.keys(document.metadata.counts).sort()).toEqual(["Category", "Product", "Supplier"]);
  });

  it("refuses unknown modules, listing the valid ones", async () => {
    s = await setup();
    const response = await s.routes.export(get("/export?modules=sales,payroll"));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "unknown_module",
      message: 'Unknown module "payroll"; this app has "catalog", "purchasing", "sales", "settings".',
      modules: ["catalog", "purchasing", "sales", "settings"],
    });
  });

  it("encrypts the file with the password given in X-Backup-Password", async () => {
    s = await setup();
    const response = await s.routes.export(get("/export", { ...ADMIN, "X-Backup-Password": "s3cret!" }));
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="alami-gestion-backup-2026-03-15-1007.json.gz.enc"');
    const bytes = await bytesOf(response);
    expect(isEncrypted(bytes)).toBe(true);
    expect(JSON.parse(text(await decryptBackup(bytes, "s3cret!"))).metadata.total_records).toBe(18);
    expect(s.audit.entries[0]).toMatchObject({ action: "export", outcome: "success", encrypted: true, bytes: bytes.length });
  });
});

describe("GET estimate", () => {
  it("gives counts per model and module, the expected size and the advice tier", async () => {
    s = await setup();
    const response = await s.routes.estimate(get("/estimate"));
    expect(response.status).toBe(200);
    const estimate = await response.json();
    expect(estimate).toMatchObject({ totalRecords: 18, compress: true, tier: "normal", advice: "A small file: download it as it is.", modules: ["catalog", "purchasing", "sales", "settings"] });
    expect(estimate.models.Customer).toMatchObject({ module: "sales", count: 3 });
    expect(estimate.byModule.sales.count).toBe(12);
    const actual = (await bytesOf(await s.routes.export(get("/export")))).length;
    // Small samples compress worse than the file: the estimate errs on the large side, within reason.
    expect(estimate.estimatedBytes).toBeGreaterThanOrEqual(actual * 0.8);
    expect(estimate.estimatedBytes).toBeLessThan(actual * 4);
    const plain = await (await s.routes.estimate(get("/estimate?compress=0&modules=catalog"))).json();
    expect(plain).toMatchObject({ compress: false, totalRecords: 3, modules: ["catalog"] });
    expect(plain.estimatedBytes).toBe(plain.uncompressedBytes);
  });
});

describe("authorization", () => {
  it("answers 401 without credentials and 403 when authorize denies, and logs both", async () => {
    s = await setup();
    const anonymous = await s.routes.export(get("/export", {}));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: "unauthorized", message: "Sign in to use backups." });
    const viewer = await s.routes.import(new Request("http://app.test/api/backup/import", { method: "POST", body: "x", headers: { Authorization: "Bearer viewer" } }));
    expect(viewer.status).toBe(403);
    expect(await viewer.json()).toEqual({ error: "forbidden", message: "Viewers cannot change data." });
    expect((await s.routes.health(get("/health", { Authorization: "Bearer viewer" }))).status).toBe(200);
    expect(s.audit.entries.map((e) => [e.action, e.outcome, e.status])).toEqual([["export", "refused", 401], ["import", "refused", 403]]);
  });

  it("answers 405 to a method a route does not serve", async () => {
    s = await setup({ seed: false });
    const response = await s.routes.export(new Request("http://app.test/api/backup/export", { method: "DELETE", headers: ADMIN }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
  });
});
