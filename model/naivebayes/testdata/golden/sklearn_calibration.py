#!/usr/bin/python3
"""Reference calibration for topicd's naive Bayes, fitted by scikit-learn.

Regenerate (from the repository root):

    go test ./model/naivebayes -run '^TestGoldenCalibration$' -update

That writes calibration_points.json (for each topic, the held-out naive-Bayes
log-odds L, known feature counts n and labels y of the training documents, from
the Go model's 5-fold cross-validation) and runs this script with Debian's
Python and scikit-learn (apt-get install python3-sklearn):

    /usr/bin/python3 model/naivebayes/testdata/golden/sklearn_calibration.py \
        model/naivebayes/testdata/golden/calibration_points.json \
        model/naivebayes/testdata/golden/sklearn_calibration.json

For every topic with at least min_documents points of each class, and for each
length exponent g of the grid, it fits LogisticRegression(C=c) (L2 penalty on
the slope only; newton-cg, tight tolerance) of y on x = L / (1 + n)**g, and keeps
the fit of least mean log-loss among those of positive slope (the first of
equals); otherwise the identity (intercept 0, slope 1, exponent 0).
"""

import hashlib
import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression


def mean_log_loss(a, b, x, y):
    z = a + b * x
    z = np.where(y == 1, z, -z)
    return float(np.mean(np.logaddexp(0.0, -z)))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: %s POINTS.json OUT.json\n" % argv[0])
        return 2
    with open(argv[1], "rb") as f:
        raw = f.read()
    points = json.loads(raw.decode("utf-8"))
    params = dict(C=points["c"], penalty="l2", solver="newton-cg", tol=1e-12, max_iter=100000)
    out_topics = []
    for t in points["topics"]:
        l = np.array(t["log_odds"], dtype=np.float64)
        n = np.array(t["known"], dtype=np.float64)
        y = np.array(t["labels"], dtype=np.int64)
        best = {"topic": t["topic"], "intercept": 0.0, "slope": 1.0, "length_exponent": 0.0,
                "log_loss": mean_log_loss(0.0, 1.0, l, y)}
        pos = int(y.sum())
        if pos >= points["min_documents"] and len(y) - pos >= points["min_documents"]:
            best_loss = float("inf")
            for g in points["length_exponents"]:
                x = l / np.power(1.0 + n, g)
                lr = LogisticRegression(**params).fit(x.reshape(-1, 1), y)
                a, b = float(lr.intercept_[0]), float(lr.coef_[0, 0])
                if not b > 0:
                    continue
                loss = mean_log_loss(a, b, x, y)
                if loss < best_loss:
                    best_loss = loss
                    best = {"topic": t["topic"], "intercept": a, "slope": b, "length_exponent": g, "log_loss": loss}
        out_topics.append(best)
    out = {
        "generator": "model/naivebayes/testdata/golden/sklearn_calibration.py",
        "sklearn_version": sklearn.__version__,
        "estimator": "LogisticRegression(%s)" % ", ".join("%s=%r" % kv for kv in sorted(params.items())),
        "points_sha256": hashlib.sha256(raw).hexdigest(),
        "topics": out_topics,
    }
    with open(argv[2], "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
