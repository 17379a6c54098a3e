"""Theme suggestions for a question's answers, by text similarity: a starting point, never a decision.

TF-IDF over Swedish words (stop words removed, a light suffix stemmer so 'ledarforum' and 'ledarforumet'
count as one word), cosine similarity, and average-linkage agglomerative grouping: the two most similar
groups are joined until no pair is more similar than a threshold. Each suggestion is named after the
words that weigh most in it. All of it is a few lines of numpy, so no machine-learning library is needed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np

T = TypeVar("T")

SWEDISH_STOP_WORDS = frozenset(
    """
    alla allt alltid andra annan annat att av bara bättre blev bli blir blivit de dem den denna deras dess
    dessa det detta dig din dina ditt du där då efter ej eller en er era ert ett fanns finns fick flera för
    fått får före från genom ger gick gjorde gjort gör göra har hade han hans haft hela hen henne hennes
    hit honom hur här hos i icke ingen inget inom inte jag ju kan kunde kunna man med mellan men mer mig min
    mina mitt mot mycket många måste ned ni nu när någon något några och också om oss redan samma sedan sen
    sig sin sina sitt själv ska skall skulle som så sådan sådana sådant till under upp ut utan vad var
    vara varför varit varje vars vem vi vid vilka vilken vilket vill vår våra vårt än ännu är även åt över
    kring ofta lite väl helt inför samt både just ibland bra nya nytt gett gav fått
    """.split()  # noqa: SIM905
)

# Longest first, so 'heterna' is tried before 'erna' and 'na'.
SUFFIXES = sorted(
    """
    heterna hetens heten heter het arnas ernas ornas arna erna orna andet andes ande ende aste ades are
    ast ad en ens et ets er ar or as es a e s
    """.split(),  # noqa: SIM905
    key=len,
    reverse=True,
)

WORD = re.compile(r"[a-zåäöéü]+", re.IGNORECASE)


def stem(word: str) -> str:
    """Strip one common Swedish ending, keeping at least four letters of the word."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    return [
        stem(w) for w in (m.lower() for m in WORD.findall(text)) if len(w) > 2 and w not in SWEDISH_STOP_WORDS
    ]


def tfidf(texts: Sequence[str]) -> tuple[np.ndarray, list[str], list[Counter[str]]]:
    """Rows are L2-normalised TF-IDF vectors (sublinear term frequency, smoothed IDF)."""
    docs = [Counter(tokens(text)) for text in texts]
    vocabulary = sorted({term for doc in docs for term in doc})
    index = {term: i for i, term in enumerate(vocabulary)}
    matrix = np.zeros((len(docs), len(vocabulary)))
    for row, doc in enumerate(docs):
        for term, count in doc.items():
            matrix[row, index[term]] = 1.0 + np.log(count)
    document_frequency = (matrix > 0).sum(axis=0)
    idf = np.log((1 + len(docs)) / (1 + document_frequency)) + 1.0
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return matrix, vocabulary, docs


def cosine_similarities(matrix: np.ndarray) -> np.ndarray:
    """Rows are already unit length, so the dot product is the cosine."""
    return matrix @ matrix.T


def agglomerate(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage grouping: join the most similar pair of groups while it is above `threshold`.

    The similarity between a joined group and the others is updated by the Lance–Williams rule for the
    average, so the whole run costs O(n³) in the worst case: fine for the hundreds of answers a round has.
    """
    n = similarity.shape[0]
    clusters: dict[int, list[int]] = {i: [i] for i in range(n)}
    sim = similarity.astype(float).copy()
    np.fill_diagonal(sim, -np.inf)
    active = np.ones(n, dtype=bool)
    while active.sum() > 1:
        masked = np.where(np.outer(active, active), sim, -np.inf)
        flat = int(np.argmax(masked))
        i, j = divmod(flat, n)
        if masked[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        size_i, size_j = len(clusters[i]), len(clusters[j])
        merged = (size_i * sim[i] + size_j * sim[j]) / (size_i + size_j)
        sim[i, :] = merged
        sim[:, i] = merged
        sim[i, i] = -np.inf
        active[j] = False
        clusters[i] += clusters.pop(j)
    return sorted((sorted(members) for members in clusters.values()), key=lambda m: (-len(m), m[0]))


@dataclass
class Suggestion(Generic[T]):
    label: str
    items: list[T] = field(default_factory=list)


def suggest_themes(
    items: Sequence[T], texts: Sequence[str], *, threshold: float = 0.12, top_terms: int = 2
) -> list[Suggestion[T]]:
    """Groups of at least two similar texts, largest first, each named after its heaviest words."""
    if len(texts) < 2:
        return []
    matrix, vocabulary, docs = tfidf(texts)
    if not vocabulary:
        return []
    surface = _surface_forms(texts)
    suggestions = []
    for members in agglomerate(cosine_similarities(matrix), threshold):
        if len(members) < 2:
            continue
        weights = matrix[members].sum(axis=0)
        shared = np.array([sum(1 for m in members if term in docs[m]) for term in vocabulary])
        # Prefer words that several members share; break ties by weight, then alphabetically.
        order = sorted(range(len(vocabulary)), key=lambda k: (-shared[k], -weights[k], vocabulary[k]))
        words = [surface.get(vocabulary[k], vocabulary[k]) for k in order[:top_terms] if weights[k] > 0]
        label = ", ".join(words).capitalize()
        suggestions.append(Suggestion(label=label, items=[items[m] for m in members]))
    return suggestions


def _surface_forms(texts: Sequence[str]) -> dict[str, str]:
    """For each stem, the word form that occurs most often, so labels read as words."""
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for word in (m.lower() for m in WORD.findall(text)):
            if len(word) > 2 and word not in SWEDISH_STOP_WORDS:
                forms.setdefault(stem(word), Counter())[word] += 1
    return {s: counter.most_common(1)[0][0] for s, counter in forms.items()}
