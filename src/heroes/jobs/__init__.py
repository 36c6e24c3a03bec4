"""Job-offer checker: is a job ad a scam or a trafficking lure, and why.

`check(text)` scores one ad; `check_csv(path)` and `check_rows(rows)` score many. The score comes from a
TF-IDF + logistic regression model trained on EMSCAD (run through onnxruntime, calibrated to the true 4.84%
fraud rate) combined with trafficking red-flag rules (`redflags.yaml`, English and Spanish).
"""

from heroes.jobs.check import BadInput, check, check_csv, check_rows
from heroes.jobs.runtime import load

__all__ = ["BadInput", "check", "check_csv", "check_rows", "load"]
