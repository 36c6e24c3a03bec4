"""Build src/heroes/web/data/common-passwords.txt.gz, the list `heroes users` refuses passwords from.

Sources (both public, both from PyPI, licences in src/heroes/web/data/common-passwords.LICENSE):
- Django's ``django/contrib/auth/common-passwords.txt.gz`` (BSD-3-Clause): 20,000 common passwords compiled by
  Royce Williams from breach corpora;
- zxcvbn-python's ``zxcvbn/frequency_lists.py`` "passwords" list (MIT): the 30,000 most frequent passwords of
  Mark Burnett's 10-million-password breach corpus.

Kept: entries of 12 or more characters (matched whole) and entries of 4 or more that begin and end with a letter
(matched after digits and symbols are stripped from both ends, see heroes.web.passwords); lower-cased, sorted,
one a line, gzipped without a timestamp so a rebuild gives the same bytes.

Run: pip download django==5.2.8 zxcvbn==4.5.0 --no-deps -d /tmp/pw && python3 tools/build_password_list.py
     /tmp/pw/django-5.2.8-py3-none-any.whl /tmp/pw/zxcvbn-4.5.0-py2.py3-none-any.whl
"""

from __future__ import annotations

import gzip
import io
import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "heroes" / "web" / "data" / "common-passwords.txt.gz"


def django_list(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        return gzip.decompress(z.read("django/contrib/auth/common-passwords.txt.gz")).decode().splitlines()


def zxcvbn_list(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        source = z.read("zxcvbn/frequency_lists.py").decode()
    found = re.search(r'^\s*"passwords": "([^"]*)"', source, re.MULTILINE)
    if found is None:
        sys.exit("no passwords list in zxcvbn/frequency_lists.py")
    return found.group(1).split(",")


def keep(word: str) -> bool:
    if not word.isprintable() or len(word) < 4:
        return False
    return len(word) >= 12 or (word[0].isalpha() and word[-1].isalpha())


def main(django_wheel: str, zxcvbn_wheel: str) -> None:
    words = {w.strip().lower() for w in django_list(Path(django_wheel)) + zxcvbn_list(Path(zxcvbn_wheel))}
    kept = sorted(w for w in words if keep(w))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(("\n".join(kept) + "\n").encode())
    OUT.write_bytes(buf.getvalue())
    sys.stdout.write(f"{OUT}: {len(kept)} of {len(words)} entries, {len(buf.getvalue())} bytes\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
