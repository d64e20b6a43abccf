/**
 * Names derived from model names: the Prisma client's delegate, the default key of a model in
 * the file (snake_case plural), and file names (kebab-case).
 */

/** `SaleLine` → `saleLine`: the property of the Prisma client (Prisma lower-cases the first letter only). */
export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `CompanySettings` → `["company", "settings"]`; `URLMapping` → `["url", "mapping"]`. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

export function snakeCase(name: string): string {
  return words(name).join("_");
}

export function kebabCase(name: string): string {
  return words(name).join("-");
}

const IRREGULAR: Readonly<Record<string, string>> = {
  person: "people",
  child: "children",
  man: "men",
  woman: "women",
  mouse: "mice",
  foot: "feet",
  tooth: "teeth",
  goose: "geese",
  criterion: "criteria",
  datum: "data",
  half: "halves",
  knife: "knives",
  leaf: "leaves",
  life: "lives",
  loaf: "loaves",
  shelf: "shelves",
  thief: "thieves",
  wife: "wives",
  wolf: "wolves",
};

const UNCOUNTABLE = new Set(["data", "metadata", "media", "info", "information", "feedback", "equipment", "software", "hardware", "staff", "audio", "sheep", "fish", "series", "news"]);

/** English plural of one lower-case word, by the common rules; words already ending in a plain "s" are taken as plural. */
export function pluralize(word: string): string {
  if (IRREGULAR[word]) return IRREGULAR[word];
  if (UNCOUNTABLE.has(word)) return word;
  if (/(ss|us)$/.test(word)) return `${word}es`;
  if (/is$/.test(word)) return `${word.slice(0, -2)}es`;
  if (/s$/.test(word)) return word;
  if (/(x|z|ch|sh)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

/** The default key of a model in its section: `SaleLine` → `sale_lines`, `CompanySettings` → `company_settings`. */
export function defaultKey(modelName: string): string {
  const parts = words(modelName);
  const last = parts.pop() ?? "";
  return [...parts, pluralize(last)].join("_");
}
