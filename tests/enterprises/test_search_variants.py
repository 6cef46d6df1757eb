"""Search finds word variants and synonyms in both languages (finding 17), on the board
and in job alerts alike. The unmarked tests run on either database (SQLite is the
fallback); those marked ``postgres`` check the stemmed text-search vector."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from talent.actions import send_job_alert_digests
from tests.factories import UserFactory
from tests.talent.factories import JobAlertFactory
from westbund.search import concepts

from .factories import PublishedRoleFactory

pytestmark = pytest.mark.django_db


def _found(client, query: str) -> set[str]:
    response = client.get("/jobs/", {"q": query})
    assert response.status_code == HTTPStatus.OK
    return {role.title_en for role in response.context["roles"]}


@pytest.fixture
def board():
    """Roles worded as enterprises word them, some in Chinese only."""
    PublishedRoleFactory(title_en="LLM Pre-training Engineer", title_zh="大模型预训练工程师")
    PublishedRoleFactory(
        title_en="Multimodal Large Model Algorithm Engineer", title_zh="多模态大模型算法工程师"
    )
    PublishedRoleFactory(
        title_en="Large Language Model Researcher",
        title_zh="",
        description_en="Research on language.",
    )
    PublishedRoleFactory(
        title_en="Robot Motion Control Engineer",
        title_zh="机器人运动控制工程师",
        description_en="Control.",
        description_zh="具身智能方向。",
    )
    PublishedRoleFactory(title_en="Speech Synthesis Researcher", title_zh="语音合成研究员")


# ------------------------------------------------------------------------------
# The variants of finding 17, on any database
# ------------------------------------------------------------------------------
LARGE_MODELS = {
    "LLM Pre-training Engineer",
    "Large Language Model Researcher",
    # 多模态大模型: a large model, and 大模型 is the Chinese for LLM.
    "Multimodal Large Model Algorithm Engineer",
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("LLMs", LARGE_MODELS),
        ("pretraining", {"LLM Pre-training Engineer"}),
        ("llm pretraining", {"LLM Pre-training Engineer"}),
        ("multi-modal", {"Multimodal Large Model Algorithm Engineer"}),
        ("multi modal", {"Multimodal Large Model Algorithm Engineer"}),
        ("大模型", LARGE_MODELS),
        ("多模态", {"Multimodal Large Model Algorithm Engineer"}),
        ("预训练", {"LLM Pre-training Engineer"}),
        ("embodied", {"Robot Motion Control Engineer"}),
        ("具身智能", {"Robot Motion Control Engineer"}),
        ("大模型预训练", {"LLM Pre-training Engineer"}),
    ],
)
def test_search_finds_word_variants_and_synonyms(client, board, query, expected):
    assert _found(client, query) == expected


@pytest.mark.parametrize("query", ["LLM", "pre-training", "multimodal"])
def test_the_usual_spellings_still_find_their_roles(client, board, query):
    assert _found(client, query)


def test_every_word_of_a_query_must_match(client, board):
    assert _found(client, "multimodal speech") == set()


def test_a_chinese_query_finds_a_role_by_its_chinese_description(client, board):
    assert _found(client, "具身") == {"Robot Motion Control Engineer"}


def test_job_alerts_match_word_variants_like_the_board(
    board, mailoutbox, django_capture_on_commit_callbacks
):
    alert = JobAlertFactory(user=UserFactory(), keywords="LLMs", specialties=[])
    alert.created_at = timezone.now() - timedelta(days=1)
    alert.save(update_fields=["created_at"])

    with django_capture_on_commit_callbacks(execute=True):
        assert send_job_alert_digests() == 1

    (message,) = mailoutbox
    assert "LLM Pre-training Engineer" in message.body
    assert "Large Language Model Researcher" in message.body
    assert "Speech Synthesis Researcher" not in message.body


# ------------------------------------------------------------------------------
# How a query is read
# ------------------------------------------------------------------------------
def test_a_vocabulary_phrase_is_one_concept():
    (concept,) = concepts("large language models")

    assert {"LLM", "大模型"} <= set(concept.words)


def test_a_chinese_run_is_cut_at_vocabulary_words():
    words = [concept.words[0] for concept in concepts("大模型推理工程师")]

    assert words == ["大模型", "推理", "工程师"]


def test_query_syntax_is_read_as_words():
    assert [concept.words[0] for concept in concepts('"speech & | ! ()')] == ["speech"]
    assert concepts("- ()") == []


# ------------------------------------------------------------------------------
# PostgreSQL: the stemmed vector does the work
# ------------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.parametrize("query", ["LLMs", "pretraining", "llm pretraining", "multi-modal"])
def test_postgres_finds_the_variants_of_finding_17(client, query):
    PublishedRoleFactory(
        title_en="Engineer",
        title_zh="",
        description_en="You will scale LLM pre-training of multimodal models.",
    )
    PublishedRoleFactory(title_en="Other", title_zh="", description_en="Speech synthesis.")

    assert _found(client, query) == {"Engineer"}


@pytest.mark.postgres
def test_postgres_keeps_stemming_and_ignores_stop_words(client):
    PublishedRoleFactory(title_en="Head of Speech Research", title_zh="")
    PublishedRoleFactory(title_en="Robot Engineer", title_zh="")

    assert _found(client, "head of speech researchers") == {"Head of Speech Research"}


@pytest.mark.postgres
def test_postgres_ranks_a_synonym_in_the_title_first(client):
    PublishedRoleFactory(title_en="Data Engineer", description_en="Data for LLMs.")
    PublishedRoleFactory(title_en="LLM Engineer", description_en="Models.")

    roles = client.get("/jobs/", {"q": "large language model"}).context["roles"]

    assert [role.title_en for role in roles] == ["LLM Engineer", "Data Engineer"]


def test_the_segmenter_reads_jiebas_most_frequent_words_and_keeps_ours(tmp_path, monkeypatch):
    """Its dictionary is jieba's cut to the most frequent words (written once), and the
    vocabulary's words stay whole in both kinds of cut."""
    import tempfile

    from westbund import search

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = search._dictionary_path()
    from pathlib import Path

    lines = Path(path).read_text(encoding="utf-8").splitlines()
    assert len(lines) == search.SEGMENTER_WORDS
    frequencies = [int(line.split()[1]) for line in lines]
    assert frequencies == sorted(frequencies, reverse=True)
    assert search._dictionary_path() == path  # the same file, not written again

    words = search.chinese_words("负责大模型预训练和多模态对齐的算法工程师")
    assert {"大模型", "预训练", "多模态", "工程师"} <= set(words)
    assert "大模型" in search.chinese_words("大模型预训练", for_index=True)
