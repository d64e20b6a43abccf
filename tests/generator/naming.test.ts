import { describe, expect, it } from "vitest";
import { defaultKey, kebabCase, lowerFirst, pluralize, snakeCase } from "../../generator/model/naming.ts";
import { closest, editDistance, suggest } from "../../generator/spelling.ts";

describe("names derived from model names", () => {
  it.each([
    ["SaleLine", "sale_lines"],
    ["CompanySettings", "company_settings"],
    ["Category", "categories"],
    ["Address", "addresses"],
    ["Status", "statuses"],
    ["Analysis", "analyses"],
    ["Box", "boxes"],
    ["Branch", "branches"],
    ["Day", "days"],
    ["Person", "people"],
    ["Shelf", "shelves"],
    ["News", "news"],
    ["Metadata", "metadata"],
    ["URLMapping", "url_mappings"],
    ["user_profile", "user_profiles"],
    ["A", "as"],
  ])("%s → %s", (model, key) => {
    expect(defaultKey(model)).toBe(key);
  });

  it("converts case", () => {
    expect(snakeCase("OAuthToken")).toBe("o_auth_token");
    expect(kebabCase("SaleLine")).toBe("sale-line");
    expect(kebabCase("HTTPRequest2Log")).toBe("http-request2-log");
    expect(lowerFirst("URL")).toBe("uRL");
    expect(pluralize("child")).toBe("children");
  });
});

describe("did you mean", () => {
  it("measures edit distance, case-insensitively", () => {
    expect(editDistance("mach", "match")).toBe(1);
    expect(editDistance("Company", "company")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("emial", "email")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests only a close name, else lists the valid ones", () => {
    expect(closest("custmer", ["customer", "seller"])).toBe("customer");
    expect(closest("xyz", ["customer", "seller"])).toBeUndefined();
    expect(suggest("sekshun", ["section", "skip"])).toBe("expected one of: section, skip");
    expect(suggest("secton", ["section", "skip"])).toBe('did you mean "section"?');
    expect(suggest("x", [])).toBe("there are none");
  });
});
