"""scikit-learn on the same split and the same features as run.mjs, for comparison.

Not run by the tests (CI needs no Python). Needs node (the split is drawn by data.mjs, whose seeded
permutation is @neurite/tensor's) and scikit-learn:

    python3 examples/spam/sklearn-reference.py [--seed 18]

Logistic regression on 2^12 signed, l2-normalised hashed tokens (C tuned on validation ROC AUC, as
run.mjs does), and multinomial naive Bayes on 2^12 unsigned counts; logistic regression on the tf-idf
of the 4,096 most frequent terms and naive Bayes on a 2,000-word vocabulary (run.mjs's other two);
then larger feature spaces, to show what the feature space costs.
"""
import argparse
import json
import os
import subprocess

from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.naive_bayes import MultinomialNB

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = r"(?u)\b\w\w+\b"


def load_split(seed):
    code = (
        "import { loadEmails, splitEmails } from './data.mjs';"
        f"process.stdout.write(JSON.stringify(splitEmails(loadEmails(), {{ seed: {seed} }})));"
    )
    out = subprocess.run(["node", "--input-type=module", "-e", code], cwd=HERE, check=True, capture_output=True)
    return json.loads(out.stdout)


def tuned(make_vectorizer, make_model, grid, split):
    train, validation, test = split["train"], split["validation"], split["test"]
    best = None
    for value in grid:
        vectorizer = make_vectorizer()
        model = make_model(value).fit(vectorizer.fit_transform(train["texts"]), train["labels"])
        auc = roc_auc_score(validation["labels"], model.predict_proba(vectorizer.transform(validation["texts"]))[:, 1])
        if best is None or auc > best[0]:
            best = (auc, value, vectorizer, model)
    _, value, vectorizer, model = best
    p = model.predict_proba(vectorizer.transform(test["texts"]))[:, 1]
    return value, accuracy_score(test["labels"], p >= 0.5), roc_auc_score(test["labels"], p)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=18)
    split = load_split(parser.parse_args().seed)
    lr = lambda C: LogisticRegression(C=C, max_iter=2000)
    nb = lambda alpha: MultinomialNB(alpha=alpha)
    rows = [
        ("logistic regression, 2^12 hashed (as run.mjs)", lambda: HashingVectorizer(n_features=2**12, token_pattern=TOKEN), lr, [1, 10, 100, 1000]),
        ("multinomial NB, 2^12 hashed counts (as run.mjs)", lambda: HashingVectorizer(n_features=2**12, alternate_sign=False, norm=None), nb, [0.01, 0.1, 1]),
        ("logistic regression, 2^20 hashed", lambda: HashingVectorizer(n_features=2**20), lr, [1, 10, 100, 1000]),
        ("logistic regression, tf-idf of the 4,096 most frequent terms (as run.mjs)",
         lambda: TfidfVectorizer(max_features=2**12, sublinear_tf=True), lr, [1, 10, 100, 1000]),
        ("multinomial NB, 2,000-word vocabulary (as run.mjs)", lambda: CountVectorizer(max_features=2000), nb, [0.01, 0.1, 1]),
        ("logistic regression, exact vocabulary (counts)", lambda: CountVectorizer(), lr, [1, 10, 100]),
        ("logistic regression, tf-idf of the 8,192 most frequent terms", lambda: TfidfVectorizer(max_features=2**13, sublinear_tf=True), lr, [1, 10, 100, 1000]),
    ]
    for name, make_vectorizer, make_model, grid in rows:
        value, accuracy, auc = tuned(make_vectorizer, make_model, grid, split)
        print(f"{name}: chose {value}; test accuracy {accuracy:.4f}, ROC AUC {auc:.4f}")


if __name__ == "__main__":
    main()
