/** The dashboard's router: the URL fragment names a page; each navigation renders it whole into <main>. */
import "./styles.css";
import { h, replace } from "./dom.ts";
import { commitmentPage } from "./pages/commitment.ts";
import { commitmentsPage } from "./pages/commitments.ts";
import { fxRatesPage } from "./pages/fx-rates.ts";
import { summariesPage, summaryPage } from "./pages/summaries.ts";
import { totalsPage } from "./pages/totals.ts";
import { parseHash, type Route } from "./route.ts";
import { errorMessage, heading, type PageRenderer } from "./view.ts";

const SITE = "AI infrastructure ledger";

interface PageRoute {
  matches: (path: string[]) => boolean;
  render: PageRenderer;
  /** The navigation link it belongs to. */
  section: string;
}

const PAGES: PageRoute[] = [
  {
    matches: (p) => p.length === 0 || (p[0] === "commitments" && p.length === 1),
    render: commitmentsPage,
    section: "commitments",
  },
  {
    matches: (p) => p[0] === "commitments" && p.length === 2,
    render: commitmentPage,
    section: "commitments",
  },
  { matches: (p) => p[0] === "totals" && p.length === 1, render: totalsPage, section: "totals" },
  { matches: (p) => p[0] === "summaries" && p.length === 1, render: summariesPage, section: "summaries" },
  { matches: (p) => p[0] === "summaries" && p.length === 3, render: summaryPage, section: "summaries" },
  { matches: (p) => p[0] === "fx-rates" && p.length === 1, render: fxRatesPage, section: "fx-rates" },
  {
    // Loaded when opened: readers who never write do not download it.
    matches: (p) => p[0] === "drafts" && p.length === 1,
    render: () => import("./pages/article.ts").then((page) => page.articlePage()),
    section: "drafts",
  },
];

const notFound: PageRenderer = async () => ({
  title: "Page not found",
  content: h(
    "div",
    {},
    heading("Page not found"),
    h("p", {}, "There is no such page. ", h("a", { href: "#/" }, "See all commitments.")),
  ),
});

const main = document.getElementById("main") as HTMLElement;
let current: AbortController | undefined;
let lastPath: string | undefined;

async function render(): Promise<void> {
  current?.abort();
  const controller = new AbortController();
  current = controller;
  const route: Route = parseHash(location.hash);
  const page = PAGES.find((candidate) => candidate.matches(route.path));
  markSection(page?.section);
  // Focus stays on the control a person used to change the view (a filter); a new page starts at its heading.
  const pathKey = route.path.join("/");
  const samePage = pathKey === lastPath;
  const focusedId =
    samePage && document.activeElement instanceof HTMLElement && main.contains(document.activeElement)
      ? document.activeElement.id
      : "";
  main.setAttribute("aria-busy", "true");
  let view: { title: string; content: Node };
  try {
    view = await (page?.render ?? notFound)(route, controller.signal);
  } catch (error) {
    if (controller.signal.aborted) return;
    view = {
      title: "Something went wrong",
      content: h("div", {}, heading("Something went wrong"), errorMessage(error)),
    };
  }
  if (controller.signal.aborted) return;
  replace(main, view.content);
  main.removeAttribute("aria-busy");
  // Which view is on screen: what a test (or anything else) waits for after changing the URL.
  main.dataset.view = location.hash;
  document.title = `${view.title} · ${SITE}`;
  const keep = focusedId ? document.getElementById(focusedId) : null;
  if (keep) keep.focus();
  else if (lastPath !== undefined) {
    main.querySelector<HTMLElement>("h1")?.focus();
    if (!samePage) window.scrollTo(0, 0);
  }
  lastPath = pathKey;
}

function markSection(section: string | undefined): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>("[data-section]")) {
    if (link.dataset.section === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

// Only "#/…" fragments are views; the skip link moves focus without changing the view.
window.addEventListener("hashchange", () => {
  if (location.hash === "" || location.hash.startsWith("#/")) void render();
});
document.querySelector(".skip-link")?.addEventListener("click", (event) => {
  event.preventDefault();
  main.focus();
});
void render();
