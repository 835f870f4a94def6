"""gensim's side of the word2vec comparison (bench/word2vec-gensim.ts runs it; see bench/README.md).

Trains gensim 4 Word2Vec on the corpus file the driver wrote (one sentence per line, words
separated by spaces) with the driver's settings, on 1 and 2 worker threads, and reports as JSON:
training words/s (corpus tokens x epochs / seconds of train(), vocabulary building excluded),
analogy accuracy on the questions-words file (3CosAdd, as gensim's evaluate_word_analogies, and
3CosMul), the top-10 nearest-neighbour overlap with nabla's vectors and with a second gensim run
(another seed: the run-to-run baseline), and the analogy accuracy gensim itself measures on the
vectors nabla wrote (text and binary word2vec files: the interoperability check).
gensim is used for comparison only; nabla never depends on it.
"""
import argparse
import json
import logging
import time

import gensim
from gensim.models import KeyedVectors, Word2Vec
from gensim.models.word2vec import LineSentence

p = argparse.ArgumentParser()
p.add_argument("--corpus", required=True)
p.add_argument("--analogies", required=True)
p.add_argument("--nabla-text", required=True)
p.add_argument("--nabla-binary", required=True)
p.add_argument("--sg", type=int, default=1)
p.add_argument("--hs", type=int, default=0)
p.add_argument("--negative", type=int, default=5)
p.add_argument("--vector-size", type=int, default=100)
p.add_argument("--window", type=int, default=5)
p.add_argument("--min-count", type=int, default=5)
p.add_argument("--sample", type=float, default=1e-3)
p.add_argument("--epochs", type=int, default=5)
p.add_argument("--alpha", type=float, default=0.025)
p.add_argument("--threads", default="1,2")
p.add_argument("--probe-from", type=int, default=100)
p.add_argument("--probes", type=int, default=100)
args = p.parse_args()
logging.basicConfig(level=logging.WARNING)


def train(workers, seed):
    model = Word2Vec(
        vector_size=args.vector_size, window=args.window, min_count=args.min_count, sample=args.sample,
        sg=args.sg, hs=args.hs, negative=args.negative, alpha=args.alpha, min_alpha=1e-4,
        epochs=args.epochs, workers=workers, seed=seed,
    )
    sentences = LineSentence(args.corpus)
    model.build_vocab(sentences)
    begin = time.perf_counter()
    model.train(sentences, total_examples=model.corpus_count, epochs=args.epochs)
    seconds = time.perf_counter() - begin
    return model.wv, seconds, model.corpus_total_words


def analogies(wv, cosmul=False):
    if cosmul:
        # evaluate_word_analogies answers with 3CosAdd; 3CosMul by hand, the same skipping rules.
        correct = total = 0
        vocab = {w.lower() for w in wv.index_to_key}
        with open(args.analogies) as f:
            for line in f:
                if line.startswith(":"):
                    continue
                a, b, c, d = line.lower().split()
                if not all(w in vocab for w in (a, b, c, d)):
                    continue
                total += 1
                best = wv.most_similar_cosmul(positive=[b, c], negative=[a], topn=1)
                correct += best[0][0] == d
        return correct / total
    score, sections = wv.evaluate_word_analogies(args.analogies, restrict_vocab=10**7)
    return score, {s["section"]: [len(s["correct"]), len(s["correct"]) + len(s["incorrect"])] for s in sections}


def overlap(a, b, words):
    shared = 0
    for w in words:
        na = {x for x, _ in a.most_similar(w, topn=10)}
        nb = {x for x, _ in b.most_similar(w, topn=10)}
        shared += len(na & nb)
    return shared / (10 * len(words))


runs = {}
for workers in [int(t) for t in args.threads.split(",")]:
    wv, seconds, words = train(workers, 1)
    runs[workers] = {"seconds": seconds, "words_per_second": words * args.epochs / seconds, "wv": wv}
wv = runs[1]["wv"]
other, _, _ = train(1, 2)
nabla_text = KeyedVectors.load_word2vec_format(args.nabla_text, binary=False)
nabla_binary = KeyedVectors.load_word2vec_format(args.nabla_binary, binary=True)
probes = [w for w in wv.index_to_key[args.probe_from:] if w in nabla_text.key_to_index][: args.probes]
add, sections = analogies(wv)
result = {
    "gensim": gensim.__version__,
    "vocabulary": len(wv.index_to_key),
    "threads": {str(k): {"seconds": v["seconds"], "words_per_second": v["words_per_second"]} for k, v in runs.items()},
    "analogy_3cosadd": add,
    "analogy_sections": sections,
    "analogy_3cosmul": analogies(wv, cosmul=True),
    # The last thread count's model too: hogwild workers race on shared rows, as nabla's do.
    "analogy_3cosadd_last_threads": analogies(runs[max(runs)]["wv"])[0],
    "overlap_with_nabla": overlap(wv, nabla_text, probes),
    "overlap_gensim_seed_1_vs_2": overlap(wv, other, probes),
    "probes": [probes[0], probes[-1], len(probes)],
    "nabla_text_in_gensim_3cosadd": analogies(nabla_text)[0],
    "nabla_binary_in_gensim_3cosadd": analogies(nabla_binary)[0],
    "nabla_files_identical_in_gensim": bool((nabla_text.vectors == nabla_binary.vectors).all()),
}
print(json.dumps(result))
