"""Job-offer checker: is a job ad a scam or a trafficking lure, and why.

`check(text)` scores one ad, `check_picture(data)` one ad posted as a picture (OCR), `check_input(data)` either;
`check_csv(path)` and `check_rows(rows)` score many, and `shared_contacts(path)` finds contacts used by the ads of
several companies. The score comes from a text model trained on EMSCAD (run through onnxruntime, calibrated to the
true 4.84% fraud rate; English and Spanish) combined with trafficking red-flag rules (`redflags.yaml`, English,
Spanish and Bengali).
"""

from heroes.jobs.check import BadInput, check, check_csv, check_input, check_picture, check_rows, shared_contacts
from heroes.jobs.runtime import load

__all__ = [
    "BadInput",
    "check",
    "check_csv",
    "check_input",
    "check_picture",
    "check_rows",
    "load",
    "shared_contacts",
]
