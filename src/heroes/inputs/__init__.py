"""The shared input layer of the commands: files, JSON, CSV and URLs a user hands in, read with the same limits
and turned into one-line errors.

Every parser that reads user input (chat exports, hash lists, job CSVs, screening answers, database URLs) goes
through here, so each bad input ends the same way: an `InputError` whose message names the file and the line or
field, which the command line prints as one line with exit status 2 (`heroes.cli.main`), never a traceback.
"""

from __future__ import annotations

from heroes.inputs.errors import InputError
from heroes.inputs.files import check_output_path, open_text, read_input
from heroes.inputs.jsonread import MAX_DEPTH, loads_json
from heroes.inputs.tabular import MAX_FIELD, csv_rows
from heroes.inputs.text import cap_text
from heroes.inputs.urls import check_db_url

__all__ = [
    "MAX_DEPTH",
    "MAX_FIELD",
    "InputError",
    "cap_text",
    "check_db_url",
    "check_output_path",
    "csv_rows",
    "loads_json",
    "open_text",
    "read_input",
]
