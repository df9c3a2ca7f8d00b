#!/usr/bin/python3
"""Reference scores for topicd's naive Bayes, computed by scikit-learn.

How to regenerate the golden files (from the repository root):

    go test ./model/naivebayes -run '^TestGoldenSklearn$' -update

That writes model/naivebayes/testdata/golden/counts.json from the Go tokenizer and the
seed corpus, then runs this script with Debian's Python and scikit-learn
(apt-get install python3-sklearn) as:

    /usr/bin/python3 model/naivebayes/testdata/golden/sklearn_golden.py \
        model/naivebayes/testdata/golden/counts.json model/naivebayes/testdata/golden/sklearn.json

(set SKLEARN_PYTHON to use another interpreter). Review the diff of both JSON
files and commit them; `go test ./model/naivebayes` then checks the Go model against
them without -update.

Input (counts.json): the smoothing ALPHA of the Go model, the sorted training
vocabulary (the features of the Go tokenizer), the count vector of every
training document over it with the document's topics, and the count vector of
every evaluation document over the same vocabulary (tokens the training
documents never had are already dropped, as a CountVectorizer fitted on the
training documents drops them).

For every topic the script fits MultinomialNB(alpha=ALPHA, fit_prior=True) on
the training count matrix (documents x vocabulary) with y = 1 for the
documents that carry the topic and 0 for the others, and writes, for every
evaluation document, predict_proba[:, 1] (the topic's probability) and the
difference of the joint log-likelihoods of class 1 and class 0 (the log-odds).
Floats are written by Python's json module, i.e. with repr: the shortest
decimal that reads back as the same float64.
"""

import hashlib
import inspect
import json
import platform
import sys

import numpy as np
import sklearn
from sklearn.naive_bayes import MultinomialNB


def multinomial_nb(alpha):
    kwargs = {"alpha": alpha, "fit_prior": True}
    # scikit-learn 1.2 added force_alpha (default "warn", later True): without
    # it an alpha below 1e-10 would be clipped; with it alpha is used as given.
    if "force_alpha" in inspect.signature(MultinomialNB).parameters:
        kwargs["force_alpha"] = True
    return MultinomialNB(**kwargs), kwargs


def joint_log_likelihood(nb, x):
    if hasattr(nb, "predict_joint_log_proba"):  # scikit-learn >= 1.2
        return nb.predict_joint_log_proba(x)
    return nb._joint_log_likelihood(x)


def matrix(docs, width, what):
    m = np.array([d["counts"] for d in docs], dtype=np.float64).reshape(len(docs), -1)
    if m.shape[1] != width:
        raise SystemExit("%s: count vectors of %d columns, vocabulary of %d" % (what, m.shape[1], width))
    return m


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s COUNTS.json OUT.json\n" % argv[0])
        return 2
    with open(argv[1], "rb") as f:
        raw = f.read()
    counts = json.loads(raw.decode("utf-8"))
    width = len(counts["vocabulary"])
    train = counts["train"]
    evals = counts["eval"]
    x_train = matrix(train, width, "train")
    x_eval = matrix(evals, width, "eval")

    results = [{"name": d["name"], "probability": {}, "log_odds": {}} for d in evals]
    params = None
    for topic in counts["topics"]:
        y = np.array([1 if topic in (d.get("topics") or []) else 0 for d in train], dtype=np.int64)
        nb, params = multinomial_nb(counts["alpha"])
        nb.fit(x_train, y)
        if list(nb.classes_) != [0, 1]:
            raise SystemExit("topic %s: classes %r, want [0, 1]" % (topic, list(nb.classes_)))
        proba = nb.predict_proba(x_eval)[:, 1]
        jll = joint_log_likelihood(nb, x_eval)
        log_odds = jll[:, 1] - jll[:, 0]
        for i, r in enumerate(results):
            r["probability"][topic] = float(proba[i])
            r["log_odds"][topic] = float(log_odds[i])

    out = {
        "generator": "model/naivebayes/testdata/golden/sklearn_golden.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "estimator": "MultinomialNB(%s)" % ", ".join("%s=%r" % kv for kv in sorted(params.items())),
        "counts_sha256": hashlib.sha256(raw).hexdigest(),
        "topics": counts["topics"],
        "eval": results,
    }
    with open(argv[2], "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
