"""The out-of-fold stack the jobs bench weighs against the shipped model and the baseline (issue 19).

Level 1, fitted on the training rows only: the shipped candidate (field-tagged word TF-IDF + logistic regression);
a near-duplicate feature, the cosine similarity in SVD space (TruncatedSVD of the same TF-IDF rows) to the nearest
fraudulent and the nearest legitimate training ad; gradient boosting (HistGradientBoosting) on the SVD components.
Level 2: a logistic regression on the level-1 scores, fitted on their inner out-of-fold values with legitimate rows
re-weighted to EMSCAD's 4.84% fraud rate. The stack ships only if it beats both the baseline and the shipped model
under 5-fold cross-validation and on the hold-out of the same run; the bench says which.
"""

from __future__ import annotations

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from heroes.jobs import model as M

COMPONENTS = 64


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)


def level1(cand: M.Candidate, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray) -> np.ndarray:
    """Level-1 scores of x_test from models fitted on (x_train, y_train): LR, nearest fraud/legit, boosting."""
    pipe = cand.pipeline().fit(x_train, y_train)
    tfidf = pipe.named_steps["tfidf"]
    a_train, a_test = tfidf.transform(x_train), tfidf.transform(x_test)
    svd = TruncatedSVD(COMPONENTS, random_state=M.SEED).fit(a_train)
    v_train, v_test = svd.transform(a_train), svd.transform(a_test)
    sim = _unit(v_test) @ _unit(v_train).T
    near_fraud, near_legit = sim[:, y_train == 1].max(axis=1), sim[:, y_train == 0].max(axis=1)
    hgb = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, random_state=M.SEED).fit(v_train, y_train)
    return np.c_[pipe.decision_function(x_test), near_fraud, near_legit, hgb.decision_function(v_test)]


def fit_predict(cand: M.Candidate, x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray, folds: int = 5):
    """Stack decision values for x_test, and the inner out-of-fold decision values of x_train (for a threshold)."""
    inner = np.zeros((len(y_train), 4))
    cv = StratifiedKFold(folds, shuffle=True, random_state=M.SEED)
    for fit_rows, held in cv.split(x_train, y_train):
        inner[held] = level1(cand, x_train[fit_rows], y_train[fit_rows], x_train[held])
    weights = np.where(y_train == 0, M.legit_weight(y_train), 1.0)
    meta = LogisticRegression(C=1.0, max_iter=2000).fit(inner, y_train, sample_weight=weights)
    return meta.decision_function(level1(cand, x_train, y_train, x_test)), meta.decision_function(inner)


def out_of_fold(cand: M.Candidate, x: np.ndarray, y: np.ndarray, folds: int = 5) -> np.ndarray:
    """Stack decision values of every row from a stack that did not see it (nested: inner folds fit level 2)."""
    out = np.zeros(len(y))
    cv = StratifiedKFold(folds, shuffle=True, random_state=M.SEED)
    for fit_rows, held in cv.split(x, y):
        out[held] = fit_predict(cand, x[fit_rows], y[fit_rows], x[held], folds)[0]
    return out
