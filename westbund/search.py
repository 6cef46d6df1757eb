"""What a search query means: its concepts, each with the words that say the same.

The job board and the job alerts search roles through ``Role.objects.search``, which
asks ``concepts(query)``. PostgreSQL's English configuration stems ("engineers" finds
"engineer") but cannot know that "LLMs" is "LLM" (it stems no word without a vowel
before the "s"), that "pretraining" is "pre-training", or that 多模态 is "multimodal":
that is what the vocabulary below says, in both languages. Each group lists words that
mean the same; a word in two groups (推理: inference and reasoning) brings both.
Spelling variants of a compound ("multi-modal", "multi modal", "multimodal") are one
word here: they are compared without hyphens and spaces.
"""

import re
from dataclasses import dataclass
from functools import cache

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# A query longer than this many words is cut: each word is one more condition.
MAX_CONCEPTS = 8

SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("LLM", "LLMs", "large language model", "大模型", "大语言模型"),
    ("multimodal", "多模态"),
    ("pre-training", "pretrain", "预训练"),
    ("post-training", "后训练"),
    ("fine-tuning", "fine-tune", "微调"),
    ("embodied", "embodied AI", "embodied intelligence", "具身智能", "具身"),
    ("alignment", "align", "对齐"),
    ("RLHF", "reinforcement learning from human feedback", "人类反馈强化学习"),
    ("reinforcement learning", "RL", "强化学习"),
    ("inference", "推理"),
    ("reasoning", "推理"),
    ("vision-language model", "VLM", "VLMs", "视觉语言模型"),
    ("computer vision", "计算机视觉"),
    ("natural language processing", "NLP", "自然语言处理"),
    ("speech recognition", "ASR", "语音识别"),
    ("speech synthesis", "TTS", "text-to-speech", "语音合成"),
    ("retrieval-augmented generation", "RAG", "检索增强生成"),
    ("recommendation", "recommender", "推荐"),
    ("AI safety", "AI安全"),
    ("red team", "red teaming", "红队"),
    ("robotics", "robot", "机器人"),
    ("humanoid", "人形机器人"),
    ("distributed training", "分布式训练"),
    ("agent", "agents", "AI agent", "智能体"),
    ("evaluation", "eval", "evals", "评测"),
    ("GPU", "GPUs"),
    ("AI infrastructure", "AI infra", "AI基础设施"),
)


@dataclass(frozen=True)
class Concept:
    """One thing the query asks for: a role must mention one of ``words``. ``latin``
    are searched in the stemmed text-search vector, ``chinese`` as substrings."""

    words: tuple[str, ...]

    @property
    def latin(self) -> tuple[str, ...]:
        return tuple(word for word in self.words if not CJK.search(word))

    @property
    def chinese(self) -> tuple[str, ...]:
        return tuple(word for word in self.words if CJK.search(word))


def _key(text: str) -> str:
    return re.sub(r"[\s\-_]+", "", text.casefold())


@cache
def _vocabulary() -> dict[str, tuple[str, ...]]:
    words: dict[str, list[str]] = {}
    for group in SYNONYMS:
        for word in group:
            bucket = words.setdefault(_key(word), [])
            bucket += [member for member in group if member not in bucket]
    return {key: tuple(group) for key, group in words.items()}


@cache
def _longest_phrase() -> int:
    return max(len(word.split()) for group in SYNONYMS for word in group)


@cache
def _chinese_words() -> tuple[str, ...]:
    # Longest first: 具身智能 before 具身.
    found = {word for group in SYNONYMS for word in group if CJK.search(word)}
    return tuple(sorted(found, key=len, reverse=True))


def _variants(word: str) -> list[str]:
    """A word as typed, plus the spellings of it that the stemmer would not join."""
    variants = [word]
    if "-" in word.strip("-"):
        variants.append(word.replace("-", ""))
    # An acronym's plural ("GPUs") and singular ("GPU"): the stemmer keeps them apart.
    if re.fullmatch(r"[A-Z0-9]{2,}s", word):
        variants.append(word[:-1])
    elif re.fullmatch(r"[A-Z0-9]{2,}", word):
        variants.append(f"{word}s")
    return variants


def _known(text: str) -> tuple[str, ...]:
    """The vocabulary's words for ``text``, its plural included ("agents")."""
    key = _key(text)
    vocabulary = _vocabulary()
    if key in vocabulary:
        return vocabulary[key]
    if key.endswith("s") and key[:-1] in vocabulary:
        return vocabulary[key[:-1]]
    return ()


def _concept(word: str) -> Concept:
    known = _known(word)
    words = [word, *known] if known else _variants(word)
    # One of each, whatever the case: "llm" typed brings "LLM" once.
    unique: dict[str, str] = {}
    for candidate in words:
        unique.setdefault(candidate.casefold(), candidate)
    return Concept(tuple(unique.values()))


def _split_chinese(token: str) -> list[str]:
    """A run of Chinese cut at the words of the vocabulary: 大模型推理工程师 is 大模型,
    推理 and 工程师 (Chinese writes no spaces between words)."""
    pieces, rest = [], ""
    position = 0
    while position < len(token):
        for word in _chinese_words():
            if token.startswith(word, position):
                if rest:
                    pieces.append(rest)
                    rest = ""
                pieces.append(word)
                position += len(word)
                break
        else:
            rest += token[position]
            position += 1
    if rest:
        pieces.append(rest)
    return pieces


# Punctuation around words is not part of them; query syntax means nothing here.
PUNCTUATION = "\"'()[]{},.;:!?&|*~<>“”‘’（）【】，。；：！？、"


def _tokens(query: str) -> list[str]:
    words = [word.strip(PUNCTUATION) for word in query.split()]
    return [word for word in words if word and word.strip("-")]


def concepts(query: str) -> list[Concept]:
    """The concepts of ``query``, in order: the longest vocabulary phrase at each point
    ("large language model" is one), a Chinese run cut at vocabulary words, every other
    word on its own."""
    tokens = _tokens(query)
    found: list[Concept] = []
    position = 0
    while position < len(tokens) and len(found) < MAX_CONCEPTS:
        for size in range(min(_longest_phrase(), len(tokens) - position), 1, -1):
            phrase = " ".join(tokens[position : position + size])
            if _known(phrase):
                found.append(_concept(phrase))
                position += size
                break
        else:
            token = tokens[position]
            position += 1
            if CJK.search(token) and not _known(token):
                found += [_concept(piece) for piece in _split_chinese(token)]
            else:
                found.append(_concept(token))
    return found[:MAX_CONCEPTS]


# -- Word segmentation and the stored search vectors -----------------------------------------
#
# PostgreSQL's parsers do not cut Chinese into words ("负责大模型预训练" is one token), so
# the text of a stored vector is segmented here first, with jieba: Chinese words go in
# under the 'simple' configuration (no stemming, no stop words), the Latin words under
# 'english' (stemmed). Queries are built the same way (``vector_query``), so 大模型 预训练
# finds a text containing both words, in any order, ranked by ``ts_rank``.

LATIN_CONFIG = "english"
CJK_CONFIG = "simple"
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# A stored text longer than this is cut: a CV of 40 pages says what it says early on.
MAX_INDEXED_CHARS = 100_000
# Query words longer than this are not words: cut, so hostile input stays cheap.
MAX_QUERY_WORD = 60


# jieba's dictionary holds some 350,000 words; as Python objects, with their prefixes,
# they took 62 MiB in every process that segments (a web worker's whole budget is 150).
# Its most frequent 100,000 take 15 MiB and cut the texts of a talent portal the same
# way: the rarer words are names of plants, places and idioms, and words jieba does not
# know are still found by its HMM. The vocabulary's words are added on top.
SEGMENTER_WORDS = 100_000


def _dictionary_path() -> str:
    """jieba's dictionary cut to its ``SEGMENTER_WORDS`` most frequent words, written
    once per machine beside jieba's own cache (the same jieba, the same file)."""
    import os
    import tempfile

    import jieba

    source = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    path = os.path.join(
        tempfile.gettempdir(), f"westbund-jieba-{jieba.__version__}-{SEGMENTER_WORDS}.txt"
    )
    if not os.path.exists(path):
        with open(source, encoding="utf-8") as lines:
            entries = [line for line in lines if line.strip()]
        # Stable: words of equal frequency keep jieba's order.
        entries.sort(key=lambda line: -int(line.split()[1]))
        # Written aside and renamed: processes starting together never read half a file.
        partial = f"{path}.{os.getpid()}"
        with open(partial, "w", encoding="utf-8") as out:
            out.writelines(entries[:SEGMENTER_WORDS])
        os.replace(partial, path)
    return path


@cache
def _segmenter():
    """jieba's tokenizer, its dictionary loaded on first use, once per process: never at
    import time, so a web process that serves no search never pays. The vocabulary's
    Chinese words are added, so 大模型 and 预训练 stay whole words. Every stored vector
    and every query is cut by it: a change of dictionary needs ``reindex_search``."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer(_dictionary_path())
    for word in _chinese_words():
        tokenizer.add_word(word, freq=100_000)
    return tokenizer


def chinese_words(text: str, *, for_index: bool = False) -> list[str]:
    """The Chinese words of ``text``, in order. For a stored text (``for_index``) the
    words of a long compound come too (模型 from 大模型), so a query for the shorter
    word still finds it."""
    tokenizer = _segmenter()
    cut = tokenizer.cut_for_search if for_index else tokenizer.cut
    words = []
    for run in _CJK_RUN.findall(text):
        words += [word for word in cut(run) if word.strip()]
    return words


def split_for_index(text: str) -> tuple[str, str]:
    """``text`` as (Latin words, segmented Chinese words), each ready for its
    configuration's ``to_tsvector``. NUL bytes (PostgreSQL refuses them) are dropped."""
    text = (text or "").replace("\x00", " ")[:MAX_INDEXED_CHARS]
    latin = _CJK_RUN.sub(" ", text)
    chinese = " ".join(chinese_words(text, for_index=True)) if CJK.search(text) else ""
    return " ".join(latin.split()), chinese


def document_vector(parts):
    """A ``SearchVector`` expression of ``parts`` — (text, weight) pairs, weight "A" to
    "D" — computed in Python and written as a value (PostgreSQL only)."""
    from django.contrib.postgres.search import SearchVector
    from django.db.models import TextField, Value

    vector = None
    for text, weight in parts:
        latin, chinese = split_for_index(text)
        for value, config in ((latin, LATIN_CONFIG), (chinese, CJK_CONFIG)):
            if not value:
                continue
            piece = SearchVector(
                Value(value, output_field=TextField()), config=config, weight=weight
            )
            vector = piece if vector is None else vector + piece
    if vector is None:
        vector = SearchVector(Value("", output_field=TextField()), config=CJK_CONFIG)
    return vector


def vector_query(found: list[Concept]):
    """The ``SearchQuery`` of ``found`` for a stored vector (None: nothing to search):
    every concept, each as any of its words — Latin ones stemmed, as phrases; Chinese
    ones segmented like the stored text, all of their words in any order."""
    from django.contrib.postgres.search import SearchQuery

    query = None
    for concept in found:
        either = None
        for word in concept.words:
            word = word[:MAX_QUERY_WORD]
            if CJK.search(word):
                latin = " ".join(_CJK_RUN.sub(" ", word).split())
                words = chinese_words(word) + latin.split()
                if not words:
                    continue
                one = SearchQuery(" ".join(words), config=CJK_CONFIG, search_type="plain")
            else:
                one = SearchQuery(word, config=LATIN_CONFIG, search_type="phrase")
            either = one if either is None else either | one
        if either is not None:
            query = either if query is None else query & either
    return query
