// The string catalog of the browser's language: English, German or French.
import de from "./strings-de.js";
import en from "./strings-en.js";
import fr from "./strings-fr.js";

const CATALOGS = { en, de, fr };

/** The language of the first of `languages` the page speaks, else English. */
export function language(languages) {
  for (const tag of languages) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (base in CATALOGS) return base;
  }
  return "en";
}

/** A translator for `lang`: a key and its `{name}` values to text (English where a key is missing). */
export function translator(lang) {
  const catalog = CATALOGS[lang] ?? en;
  return (key, values = {}) =>
    (catalog[key] ?? en[key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

export const LANGUAGES = Object.keys(CATALOGS);
export const KEYS = Object.keys(en);
