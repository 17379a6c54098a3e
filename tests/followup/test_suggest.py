"""Theme suggestions: TF-IDF over Swedish words, cosine similarity and average-linkage grouping."""

from __future__ import annotations

import numpy as np

from jamlik.followup.suggest import agglomerate, cosine_similarities, stem, suggest_themes, tfidf, tokens


def test_stop_words_go_and_endings_are_stripped() -> None:
    assert tokens("Det har varit bra med ledarforumet och ledarforum") == ["ledarforum", "ledarforum"]
    assert stem("temagrupperna") == stem("temagrupper") == "temagrupp"
    assert stem("barn") == "barn"  # too short to strip


def test_tfidf_rows_are_unit_length_and_rare_words_weigh_more() -> None:
    matrix, vocabulary, _docs = tfidf(["ledning stöd", "ledning tid", "ledning coaching"])
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0)
    row = matrix[0]
    assert row[vocabulary.index("stöd")] > row[vocabulary.index("ledning")]


def test_agglomeration_joins_only_what_is_similar_enough() -> None:
    similarity = np.array([[1, 0.9, 0.1], [0.9, 1, 0.0], [0.1, 0.0, 1]])
    assert agglomerate(similarity, 0.5) == [[0, 1], [2]]
    assert agglomerate(similarity, 0.95) == [[0], [1], [2]]
    assert agglomerate(similarity, 0.0) == [[0, 1, 2]]


def test_similar_answers_are_suggested_together_with_a_readable_name() -> None:
    texts = [
        "Stödet från ledningen har varit starkt",
        "Ledningen har gett tydligt stöd",
        "Kollegial coaching har gett lärande",
        "Coaching i grupp har gett gemensamt lärande",
        "Lokalerna var för små",
    ]
    suggestions = suggest_themes(list(range(5)), texts)
    assert sorted(sorted(s.items) for s in suggestions) == [[0, 1], [2, 3]]
    labels = {tuple(s.items): s.label for s in suggestions}
    assert "coaching" in labels[(2, 3)].lower() and "ledningen" in labels[(0, 1)].lower()


def test_nothing_to_suggest_for_one_answer_or_only_stop_words() -> None:
    assert suggest_themes([1], ["Bra"]) == []
    assert suggest_themes([1, 2], ["och det", "men så"]) == []


def test_cosine_of_identical_texts_is_one() -> None:
    matrix, _v, _d = tfidf(["medskapande ledarskap", "medskapande ledarskap"])
    assert np.isclose(cosine_similarities(matrix)[0, 1], 1.0)


def test_no_machine_learning_library_is_used() -> None:
    import jamlik.followup.suggest as module

    with open(module.__file__, encoding="utf-8") as file:
        source = file.read()
    assert "sklearn" not in source and "scikit" not in source
