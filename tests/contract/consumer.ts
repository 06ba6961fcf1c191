/**
 * A small strict consumer of the content API, compiled against the types that
 * openapi-typescript generates from the served document (test_typescript_client.py).
 *
 * Every page type, every stream block type and every JSON-LD node type is narrowed by
 * an exhaustive `switch` on its discriminator, ending in a `never` check: a page or
 * block type added without its schema (or with a schema TypeScript cannot narrow)
 * fails compilation. No `any`, no `as`, no `!`: the test refuses them.
 *
 * Block values are checked with `shape<T>(value)`, which compiles only when the
 * narrowed value is assignable to the block's component, rather than by reading
 * their fields: field names are the blocks' own contract, tested elsewhere.
 */
import type { components } from "./cms-api";

type Schemas = components["schemas"];

/** Compiles only when every member of a union has been handled before it. */
function unhandled(value: never): never {
  throw new Error(`Unhandled variant: ${JSON.stringify(value)}`);
}

/** Compiles only when `value` is a `T`: proves a `switch` narrowed a union. */
function shape<T>(value: T): T {
  return value;
}

function html(value: Schemas["Html"]): string {
  return value;
}

function labelled(type: string, value: object | null): string {
  return `${type}: ${JSON.stringify(value)}`;
}

/** A translation's sync state; null for a page in its source language. */
function translationStatus(translation: Schemas["Translation"] | null): string {
  if (translation === null) {
    return "source";
  }
  const status: "current" | "outdated" = translation.status;
  return `${translation.source_locale}@${translation.source_revision ?? "?"}: ${status}`;
}

export function describePage(page: Schemas["PageDetail"]): string {
  switch (page.type) {
    case "pages.HomePage":
      return `${shape<"pages.HomePage">(page.meta.type)} ${html(page.intro)}`;
    case "pages.ConditionIndexPage":
      return shape<"pages.ConditionIndexPage">(page.meta.type) + html(page.intro);
    case "pages.ConditionPage":
      return [
        shape<"pages.ConditionPage">(page.meta.type),
        page.medical_review.status,
        translationStatus(page.translation),
        page.meta.parent?.meta.type ?? "no parent",
        ...page.body.map(describeBodyBlock),
        ...page.json_ld["@graph"].map(describeGraphNode),
      ].join("\n");
    case "pages.TherapyIndexPage":
      return shape<"pages.TherapyIndexPage">(page.meta.type) + html(page.intro);
    case "pages.TherapyPage":
      return [
        shape<"pages.TherapyPage">(page.meta.type),
        translationStatus(page.translation),
        page.json_ld_script,
        ...page.body.map(describeBodyBlock),
      ].join("\n");
    case "pages.ArticleIndexPage":
      return shape<"pages.ArticleIndexPage">(page.meta.type) + html(page.intro);
    case "pages.ArticlePage":
      return [page.kind, ...page.body.map(describeArticleBlock)].join("\n");
    default:
      return unhandled(page);
  }
}

/** Listing items carry the fields asked for with `?fields=`, typed per page type. */
export function describeListItem(item: Schemas["PageListItem"]): string {
  switch (item.type) {
    case "pages.HomePage":
    case "pages.ConditionIndexPage":
    case "pages.TherapyIndexPage":
    case "pages.ArticleIndexPage":
      return `${item.title ?? ""} ${item.intro ?? ""}`;
    case "pages.ConditionPage":
    case "pages.TherapyPage":
      return `${item.summary ?? ""} ${item.medical_review?.status ?? ""}`;
    case "pages.ArticlePage":
      return `${item.kind ?? ""} ${item.author?.name ?? ""}`;
    default:
      return unhandled(item);
  }
}

function describeGraphNode(node: Schemas["JsonLd"]["@graph"][number]): string {
  switch (node["@type"]) {
    case "MedicalWebPage":
      return `${node.about["@type"]} ${node.reviewedBy?.name ?? ""}`;
    case "FAQPage":
      return node.mainEntity.map((question) => html(question.acceptedAnswer.text)).join();
    default:
      return unhandled(node);
  }
}

// Condition and therapy bodies share their block types today; one switch over both
// still fails to compile when either stream gains a type it does not handle.
function describeBodyBlock(
  block: Schemas["ConditionBodyBlock"][number] | Schemas["TherapyBodyBlock"][number],
): string {
  switch (block.type) {
    case "section":
      return describeSection(block.value);
    case "call_to_action":
      return labelled(block.type, shape<Schemas["CallToActionBlock"]>(block.value));
    case "callout":
      return labelled(block.type, shape<Schemas["CalloutBlock"]>(block.value));
    case "emergency_callout":
      return describeEmergencyCallout(block.value);
    case "image":
      return labelled(block.type, shape<Schemas["FigureBlock"]>(block.value));
    case "video":
      return labelled(block.type, shape<Schemas["VideoBlock"]>(block.value));
    case "faq":
      return labelled(block.type, shape<Schemas["FAQBlock"]>(block.value));
    case "related":
      return labelled(block.type, shape<Schemas["RelatedContentBlock"]>(block.value));
    default:
      return unhandled(block);
  }
}

function describeArticleBlock(block: Schemas["ArticleBodyBlock"][number]): string {
  switch (block.type) {
    case "paragraph":
      return html(block.value);
    case "section":
      return describeSection(block.value);
    case "image":
      return labelled(block.type, shape<Schemas["FigureBlock"]>(block.value));
    case "video":
      return labelled(block.type, shape<Schemas["VideoBlock"]>(block.value));
    case "callout":
      return labelled(block.type, shape<Schemas["CalloutBlock"]>(block.value));
    default:
      return unhandled(block);
  }
}

// A callout without numbers of its own shows the site's for the page's locale.
function describeEmergencyCallout(callout: Schemas["EmergencyCalloutBlock"]): string {
  const numbers = callout.uses_site_numbers
    ? "site numbers"
    : callout.items.map((item) => `${item.country} ${item.number}`).join(", ");
  return `${callout.heading}: ${numbers}`;
}

/** A data table's cells read by their column's type: numbers stay numbers. */
function describeDataTable(table: Schemas["DataTableBlock"]): string {
  const rows = table.items.map((row) =>
    row.cells
      .map((cell, index) => {
        switch (table.columns[index]?.type) {
          case "number":
            return typeof cell === "number" ? cell.toString() : "";
          case "percentage":
            return typeof cell === "number" ? `${cell} %` : "";
          case "text":
          case "rich_text":
            return typeof cell === "string" ? cell : "";
          default:
            return "";
        }
      })
      .join(" | "),
  );
  return [table.caption, ...rows, table.source].join("\n");
}

function describeSection(section: Schemas["SectionBlock"]): string {
  return section.content.map(describeSectionContent).join("\n");
}

function describeSectionContent(block: Schemas["SectionContentBlock"][number]): string {
  switch (block.type) {
    case "subheading":
      return shape<string>(block.value);
    case "paragraph":
      return html(block.value);
    case "term_list":
      return labelled(block.type, shape<Schemas["TermListBlock"]>(block.value));
    case "drug_list":
      return labelled(block.type, shape<Schemas["DrugListBlock"]>(block.value));
    case "two_column_table":
      return labelled(block.type, shape<Schemas["TwoColumnTableBlock"]>(block.value));
    case "data_table":
      return describeDataTable(shape<Schemas["DataTableBlock"]>(block.value));
    case "criteria_table":
      return labelled(block.type, shape<Schemas["CriteriaTableBlock"]>(block.value));
    case "price_table":
      return labelled(block.type, shape<Schemas["PriceTableBlock"]>(block.value));
    case "findings":
      return labelled(block.type, shape<Schemas["FindingsBlock"]>(block.value));
    case "steps":
      return labelled(block.type, shape<Schemas["StepsBlock"]>(block.value));
    case "call_to_action":
      return labelled(block.type, shape<Schemas["CallToActionBlock"]>(block.value));
    case "image":
      return labelled(block.type, shape<Schemas["FigureBlock"]>(block.value));
    case "gallery":
      return labelled(block.type, shape<Schemas["GalleryBlock"]>(block.value));
    case "video":
      return labelled(block.type, shape<Schemas["VideoBlock"]>(block.value));
    case "callout":
      return labelled(block.type, shape<Schemas["CalloutBlock"]>(block.value));
    case "emergency_callout":
      return describeEmergencyCallout(block.value);
    case "testimonials":
      return labelled(block.type, shape<Schemas["TestimonialsBlock"]>(block.value));
    case "link":
      return labelled(block.type, shape<Schemas["LinkBlock"]>(block.value));
    case "faq":
      return labelled(block.type, shape<Schemas["FAQBlock"]>(block.value));
    default:
      return unhandled(block);
  }
}

/** A page's frontend route: its path, also on listing items. */
export function route(page: Schemas["PageListItem"]): string {
  return page.path ?? `/unrouted/${page.id}`;
}

/** Where a frontend sends a request for an old path (301/308 when permanent). */
export function redirectStatus(answer: Schemas["Redirect"]): [number, string] {
  return [answer.is_permanent ? 308 : 307, answer.target.path ?? answer.target.url];
}

/** The frontend's sitemap.xml entries, with hreflang alternates. */
export function sitemapLines(entry: Schemas["SitemapEntry"]): string[] {
  const alternates = entry.alternates.map(
    (alternate) => `${alternate.locale} ${alternate.url ?? alternate.path}`,
  );
  return [`${entry.url ?? entry.path ?? ""} ${entry.last_modified ?? ""}`, ...alternates];
}

/** What a static build does for one change of the feed: paths to rebuild and to drop. */
export interface Regeneration {
  rebuild: string[];
  drop: string[];
}

/** One change of /api/v2/changes/, narrowed by its `type` (every type handled). */
export function regenerate(change: Schemas["Change"]): Regeneration {
  switch (change.type) {
    case "page_published":
      return { rebuild: [change.page.path], drop: [] };
    case "page_unpublished":
    case "page_deleted":
      return { rebuild: [], drop: [change.page.path] };
    case "page_moved":
      return { rebuild: [change.page.path], drop: [change.old_path] };
    case "object_changed":
    case "object_deleted":
      return { rebuild: change.pages.map((page) => page.path), drop: [] };
    case "redirect_created":
    case "redirect_changed":
    case "redirect_deleted":
      return { rebuild: [], drop: [change.redirect.old_path] };
    default:
      return unhandled(change);
  }
}

/** The cursor to store after one answer of the feed. */
export function nextCursor(feed: Schemas["ChangeFeed"]): [number, boolean] {
  return [feed.next_cursor, feed.has_more];
}

/** The `<html>` attributes of a page in the site's language: every locale says
 * which way its text runs. */
export function htmlAttributes(site: Schemas["Site"]): { lang: string; dir: "ltr" | "rtl" } {
  return { lang: site.locale, dir: site.direction };
}

/** A language switcher: each locale with its direction. */
export function languageSwitcher(site: Schemas["Site"]): string[] {
  return site.locales.map((locale) => `${locale.code} ${locale.direction} ${locale.name}`);
}

/** Interface labels are a closed object with every key present: no fallback
 * strings in the frontend, and a renamed key fails compilation. */
export function priceText(labels: Schemas["InterfaceLabels"], minimum: string): string {
  const from: string = labels.price_from;
  return `${labels.key_facts}: ${from} ${minimum}${labels.footnote_marker}`;
}

/** find's 404: the languages the page exists in, when the asked one lacks it. */
export function otherLanguages(answer: Schemas["NotInLanguage"]): string[] {
  return (answer.alternates ?? []).map(
    (alternate) => `${alternate.locale} ${alternate.url ?? alternate.path ?? ""}`,
  );
}

/** A page's hreflang links (its translations and x-default), and its direction. */
export function hreflang(page: Schemas["ConditionPage"]): string[] {
  const dir: "ltr" | "rtl" = page.meta.direction;
  const links = page.alternates.map(
    (alternate) => `${alternate.locale} ${alternate.url ?? ""}`,
  );
  return [dir, ...links];
}
