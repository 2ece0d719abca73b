"""The corpus of the next-word lesson (page 39): sentences from a small grammar.

Every sentence names an animal, says where it was, and ends with the sound *that* animal
makes, 7 or 8 words later:   the brown cat slept under a red tree and it purred
The words just before the sound ("... tree and it") are the same for every animal, so a
model that sees only the last few words can only guess; one that remembers the animal knows.
"""

from .validation import check_generator, check_whole, random_generator

SOUNDS = {"cat": "purred", "dog": "barked", "cow": "mooed", "duck": "quacked"}
DETERMINERS = ["the", "a"]
ADJECTIVES = ["big", "small", "red", "brown"]  # each adjective slot is filled half the time
VERBS = ["sat", "slept", "waited", "played"]
PREPOSITIONS = ["on", "under", "near", "behind"]
PLACES = ["mat", "tree", "house", "car"]


def make_sentence(rng):
    """One sentence: det [adj] animal verb prep det [adj] place and it <the animal's sound>.

    rng: a np.random.Generator, which the words are drawn from.
    """
    check_generator(rng)

    def noun_phrase(nouns):
        adjective = [rng.choice(ADJECTIVES)] if rng.random() < 0.5 else []
        return [rng.choice(DETERMINERS), *adjective, rng.choice(nouns)]

    subject = noun_phrase(list(SOUNDS))
    words = [
        *subject,
        rng.choice(VERBS),
        rng.choice(PREPOSITIONS),
        *noun_phrase(PLACES),
        "and",
        "it",
        SOUNDS[subject[-1]],
    ]
    return " ".join(words)


def make_corpus(n_sentences, seed=None):
    """n_sentences sentences of the grammar above (strings); the same seed, the same corpus."""
    n_sentences = check_whole(n_sentences, "n_sentences", 0)
    rng = random_generator(seed)
    return [make_sentence(rng) for _ in range(n_sentences)]
