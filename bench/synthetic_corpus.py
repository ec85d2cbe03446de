"""A deterministic synthetic corpus of knowledge-base articles, for benchmarks and tests.

Each article is built from its own seeded ``random.Random``, and links only to
earlier articles, so the corpus of N articles is a prefix of the corpus of
M > N articles: the same article has the same source at every size, and its
page size can be compared across sizes.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 20261126
#: Articles are dated within ten years before this day (or before today, if earlier).
LATEST_DATE = dt.date(2025, 12, 31)
SPAN_DAYS = 3652
#: One draft in every block of this many articles (5 %).
DRAFT_BLOCK = 20
TARGET_BYTES = (4300, 5700)

TAG_POOL: tuple[str, ...] = (
    "Python", "JavaScript", "TypeScript", "Rust", "Go", "Kubernetes", "Docker", "DevOps",
    "Machine Learning", "Data Science", "Open Source", "Security", "Privacy", "Accessibility",
    "UX Design", "Web Performance", "Databases", "PostgreSQL", "Cloud Computing", "Serverless",
    "Testing", "Continuous Integration", "APIs", "Microservices", "Remote Work", "Productivity",
    "Leadership", "Career Growth", "Hiring", "Team Culture", "Project Management", "Agile",
    "Product Management", "Research & Development", "Health & Wellness", "Nutrition",
    "Mental Health", "Fitness", "Sleep", "Personal Finance", "Investing", "Budgeting",
    "Travel", "Cooking", "Gardening", "Photography", "Music", "Books", "Writing",
    "Education", "Climate", "Energy", "Sustainability", "Urban Planning", "Public Policy",
    "Government", "Open Data", "Civic Tech", "Science", "Astronomy", "Biology", "History",
    "Philosophy", "Parenting", "Home Improvement", "Cycling", "Running", "Coffee & Tea",
    "Food & Drink", "Arts & Crafts", "Small Business", "Marketing", "Startups", "Economics",
    "Linux", "Command Line", "Documentation", "Static Sites", "Markdown", "Design Systems",
)

_NOUNS = (
    "approach", "system", "team", "workflow", "pattern", "habit", "budget", "framework",
    "strategy", "routine", "tool", "process", "method", "experiment", "project", "deadline",
    "review", "release", "dataset", "pipeline", "garden", "recipe", "journey", "library",
    "community", "policy", "service", "platform", "model", "question", "decision", "trade-off",
    "checklist", "template", "interface", "schedule", "metric", "baseline", "prototype",
    "feedback", "roadmap", "milestone", "audience", "reader", "writer", "customer", "neighbour",
    "kitchen", "city", "network", "server", "browser", "query", "index", "cache", "archive",
    "notebook", "sketch", "draft", "chapter", "season", "morning", "evening", "weekend",
    "conversation", "meeting", "story", "lesson", "mistake", "surprise", "constraint", "goal",
)
_ADJECTIVES = (
    "simple", "practical", "small", "careful", "reliable", "honest", "quiet", "fast", "slow",
    "robust", "flexible", "lightweight", "thoughtful", "curious", "modern", "classic",
    "sustainable", "affordable", "healthy", "messy", "clear", "hidden", "obvious", "shared",
    "local", "remote", "incremental", "daily", "weekly", "seasonal", "surprising", "useful",
    "readable", "accessible", "resilient", "boring", "ambitious", "patient", "gentle",
)
_VERBS = (
    "improves", "changes", "supports", "simplifies", "reveals", "shapes", "drives", "limits",
    "encourages", "replaces", "complements", "protects", "reduces", "explains", "connects",
    "challenges", "organises", "documents", "measures", "accelerates", "stabilises", "informs",
)
_INFINITIVES = (
    "start", "measure", "plan", "write", "review", "test", "ship", "learn", "teach", "build",
    "organise", "simplify", "automate", "document", "share", "budget", "cook", "travel",
    "choose", "compare", "maintain", "migrate", "debug", "refactor", "explain", "grow",
)
_ADVERBS = (
    "quickly", "carefully", "rarely", "often", "gradually", "surprisingly", "deliberately",
    "quietly", "consistently", "eventually", "honestly", "usually", "sometimes", "clearly",
)
_CONNECTORS = (
    "In practice,", "At first,", "Over time,", "For most teams,", "In our experience,",
    "Unsurprisingly,", "On the other hand,", "As a result,", "Even so,", "Later,",
    "Most of the time,", "In short,", "To be fair,", "Looking back,",
)
_SYLLABLES = (
    "ka", "lo", "mi", "ren", "tor", "vex", "qua", "zel", "dri", "mon", "sal", "pri", "nov",
    "ith", "bar", "cel", "dor", "fen", "gal", "hux", "jin", "kor", "lum", "nex", "orb", "pax",
)
_TITLE_TEMPLATES = (
    "A {adj} guide to {topic}",
    "How to {inf} your {noun} with {topic}",
    "Why {topic} needs one {adj} {noun}",
    "{num} lessons from a year of {topic}",
    "What we've learned about {topic} and {topic2}",
    "The {adj} {noun}: notes on {topic}",
    "{topic} for beginners: {inf} the {noun}",
    "Getting started with {topic}",
    "When the {noun} fails: {topic} in practice",
    "{topic} and {topic2}: a {adj} comparison",
    "Ten questions about {topic}",
    "Our {adj} {noun} for {topic}",
    "Notes on {topic}: the {adj} {noun}",
)
_EXTERNAL_SITES = (
    "https://en.wikipedia.org/wiki/", "https://developer.mozilla.org/en-US/docs/",
    "https://docs.python.org/3/library/", "https://www.gov.uk/guidance/",
)


@dataclass(frozen=True)
class ArticleSpec:
    """One generated article: what the front matter says, and the whole file text."""

    index: int
    slug: str
    title: str
    date: dt.date
    tags: tuple[str, ...]
    draft: bool
    summary: str
    links: tuple[str, ...]  # slugs of the articles this one links to
    text: str

    @property
    def filename(self) -> str:
        return f"{self.slug}.md"


def latest_date(today: dt.date | None = None) -> dt.date:
    """The newest date an article may have: never in the future."""
    return min(LATEST_DATE, today or dt.date.today())


def slugify(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower().replace("&", " and ")).strip("-")
    return slug[:60].rstrip("-")


def yaml_quote(value: str) -> str:
    """Single-quoted YAML scalar, as in the seed article."""
    return "'" + value.replace("'", "''") + "'"


def is_draft(index: int, seed: int = DEFAULT_SEED) -> bool:
    """Exactly one draft per block of 20, at a seeded position: 5 % at every size."""
    block, position = divmod(index, DRAFT_BLOCK)
    return random.Random(f"{seed}:draft:{block}").randrange(DRAFT_BLOCK) == position


def _tag_weights() -> list[float]:
    """Zipf-like popularity: a few tags are used a lot, most rarely."""
    return [1.0 / (rank + 1) ** 0.9 for rank in range(len(TAG_POOL))]


_WEIGHTS = _tag_weights()


def pick_tags(rng: random.Random) -> tuple[str, ...]:
    count = rng.choice((1, 2, 2, 3, 3, 4))
    chosen: list[str] = []
    while len(chosen) < count:
        tag = rng.choices(TAG_POOL, weights=_WEIGHTS)[0]
        if tag not in chosen:
            chosen.append(tag)
    return tuple(chosen)


def _rare_word(rng: random.Random) -> str:
    """A made-up proper name: real text has a long tail of rare words (search index size)."""
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
    return word.capitalize()


class _Writer:
    """Sentences and blocks for one article, from its own random stream."""

    def __init__(self, rng: random.Random, tags: tuple[str, ...]) -> None:
        self.rng = rng
        self.topics = [tag.lower() for tag in tags]
        self.names = [_rare_word(rng) for _ in range(rng.randint(3, 8))]

    def phrase(self) -> str:
        rng = self.rng
        choice = rng.random()
        if choice < 0.2:
            return f"the {rng.choice(self.topics)} {rng.choice(_NOUNS)}"
        if choice < 0.3:
            return rng.choice(self.names)
        adjective = rng.choice(_ADJECTIVES)
        return f"{'an' if adjective[0] in 'aeio' else 'a'} {adjective} {rng.choice(_NOUNS)}"

    def sentence(self, emphasis: bool = True) -> str:
        rng = self.rng
        words = [self.phrase(), rng.choice(_VERBS), self.phrase()]
        if rng.random() < 0.4:
            words.insert(0, rng.choice(_CONNECTORS))
        if rng.random() < 0.3:
            words.insert(-1, rng.choice(_ADVERBS))
        if rng.random() < 0.35:
            words.append(f"when you {rng.choice(_INFINITIVES)} {self.phrase()}")
        text = " ".join(words)
        text = text[0].upper() + text[1:]
        if emphasis and rng.random() < 0.12:
            word = rng.choice(_ADJECTIVES)
            text += f", and that is **{word}**" if rng.random() < 0.5 else f" (*{word}*)"
        if emphasis and rng.random() < 0.05:
            text += f" with `{rng.choice(_NOUNS).replace('-', '_')}.{rng.choice(_INFINITIVES)}()`"
        return text + "."

    def paragraph(self, count: int | None = None) -> str:
        count = count or self.rng.randint(3, 6)
        return " ".join(self.sentence() for _ in range(count))

    def bullet_list(self) -> str:
        rng = self.rng
        ordered = rng.random() < 0.35
        items = []
        for number in range(1, rng.randint(3, 6) + 1):
            marker = f"{number}." if ordered else "-"
            item = self.sentence(emphasis=False)
            if rng.random() < 0.3:
                item = f"**{rng.choice(_INFINITIVES).capitalize()}**: {item}"
            items.append(f"{marker} {item}")
        return "\n".join(items)

    def heading(self) -> str:
        rng = self.rng
        options = (
            f"Why {rng.choice(self.topics)} matters",
            f"The {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}",
            f"How to {rng.choice(_INFINITIVES)} it",
            f"What {rng.choice(self.names)} taught us",
            f"{rng.choice(_ADJECTIVES).capitalize()} {rng.choice(_NOUNS)}s",
            "Lessons learned",
            "Where to go next",
        )
        return rng.choice(options)


def _title(rng: random.Random, tags: tuple[str, ...]) -> str:
    template = rng.choice(_TITLE_TEMPLATES)
    topic2 = rng.choice([t for t in TAG_POOL if t not in tags[:1]])
    return template.format(
        adj=rng.choice(_ADJECTIVES), noun=rng.choice(_NOUNS), inf=rng.choice(_INFINITIVES),
        topic=tags[0], topic2=topic2, num=rng.choice(("Three", "Five", "Seven", "Twelve")),
    ).replace("  ", " ")


def _body(writer: _Writer, rng: random.Random, title: str,
          targets: list[tuple[str, str]], budget: int) -> tuple[str, tuple[str, ...]]:
    """Markdown body: H1 repeating the title (as in the seed), sections, lists, links."""
    blocks = [f"# {title}", writer.paragraph(rng.randint(3, 5))]
    links = rng.sample(targets, min(len(targets), rng.randint(1, 3)))
    pending = list(links)
    size = sum(len(b) + 2 for b in blocks)
    while size < budget:
        section = [f"## {writer.heading()}", writer.paragraph()]
        if rng.random() < 0.45:
            section.append(writer.bullet_list())
        if rng.random() < 0.4:
            section += [f"### {writer.heading()}", writer.paragraph()]
        if pending and rng.random() < 0.7:
            slug, other_title = pending.pop()
            section.append(f"{writer.sentence()} See also [{other_title}]({slug}.md) for "
                           f"{rng.choice(('background', 'details', 'a different view'))}.")
        if rng.random() < 0.15:
            site = rng.choice(_EXTERNAL_SITES)
            section.append(f"{writer.sentence()} The [reference]({site}{rng.choice(_NOUNS)}) "
                           "is worth a look.")
        blocks += section
        size += sum(len(b) + 2 for b in section)
    for slug, other_title in pending:
        blocks.append(f"Related reading: [{other_title}]({slug}.md).")
    return "\n\n".join(blocks) + "\n", tuple(slug for slug, _ in links)


def make_article(index: int, earlier: list[ArticleSpec], seed: int = DEFAULT_SEED,
                 newest: dt.date | None = None, date: dt.date | None = None,
                 draft: bool | None = None) -> ArticleSpec:
    """Article ``index``; it links only to published articles in ``earlier``."""
    rng = random.Random(f"{seed}:article:{index}")
    newest = newest or latest_date()
    tags = pick_tags(rng)
    title = _title(rng, tags)
    if date is None:
        date = newest - dt.timedelta(days=rng.randrange(SPAN_DAYS))
    draft = is_draft(index, seed) if draft is None else draft
    taken = {spec.slug for spec in earlier}
    slug = slugify(title)
    if slug in taken:
        slug = f"{slug}-{index}"
    writer = _Writer(rng, tags)
    summary = (f"{writer.sentence(emphasis=False)} {writer.sentence(emphasis=False)}")
    candidates = [(s.slug, s.title) for s in earlier[-400:] if not s.draft]
    budget = rng.randint(*TARGET_BYTES) - 400
    body, links = _body(writer, rng, title, candidates, budget)
    front = "\n".join([
        "---",
        f"title: {yaml_quote(title)}",
        f"date: {yaml_quote(date.isoformat())}",
        f"tags: [{', '.join(yaml_quote(t) for t in tags)}]",
        f"draft: {'true' if draft else 'false'}",
        f"summary: {yaml_quote(summary)}",
        "---",
    ])
    return ArticleSpec(index, slug, title, date, tags, draft, summary, links,
                       f"{front}\n\n{body}")


def generate(count: int, seed: int = DEFAULT_SEED,
             newest: dt.date | None = None) -> list[ArticleSpec]:
    """The first ``count`` articles of the seeded corpus."""
    specs: list[ArticleSpec] = []
    for index in range(count):
        specs.append(make_article(index, specs, seed, newest))
    return specs


def next_article(specs: list[ArticleSpec], seed: int = DEFAULT_SEED,
                 newest: dt.date | None = None) -> ArticleSpec:
    """A new, published article dated on the newest day: what a writer adds."""
    newest = newest or latest_date()
    return make_article(len(specs), specs, seed, newest, date=newest, draft=False)


def with_front_matter(text: str, extra: Iterable[str]) -> str:
    """Add lines (``key: value``) at the end of the front matter."""
    lines = list(extra)
    if not lines:
        return text
    head, sep, rest = text.partition("\n---\n")
    return head + "\n" + "\n".join(lines) + sep + rest


def write_corpus(folder: Path, specs: Iterable[ArticleSpec], extra_front_matter: Iterable[str] = (),
                 include_drafts: bool = True) -> int:
    """Write the articles as ``<slug>.md`` into ``folder``; return how many."""
    folder.mkdir(parents=True, exist_ok=True)
    extra = list(extra_front_matter)
    written = 0
    for spec in specs:
        if spec.draft and not include_drafts:
            continue
        (folder / spec.filename).write_text(with_front_matter(spec.text, extra), encoding="utf-8")
        written += 1
    return written


def replace_tags(text: str, tags: Iterable[str]) -> str:
    """The article text with another tag list in its front matter."""
    line = f"tags: [{', '.join(yaml_quote(t) for t in tags)}]"
    new, count = re.subn(r"^tags: \[.*\]$", line, text, count=1, flags=re.MULTILINE)
    if count != 1:
        raise ValueError("no tags line in the front matter")
    return new


def edit_body(text: str, note: str) -> str:
    """The article text with one more paragraph after its first one (front matter intact)."""
    head, sep, rest = text.partition("\n---\n")
    paragraphs = rest.split("\n\n")
    # paragraphs[0] is the H1 (after the blank line that ends the front matter), [1] the intro.
    paragraphs.insert(2, note)
    return head + sep + "\n\n".join(paragraphs)
