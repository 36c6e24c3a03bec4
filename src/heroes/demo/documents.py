"""Benign demo documents carrying the identifiers a trafficking investigation typically meets.

The wording imitates a too-good-to-be-true job offer (a common recruitment pattern) in plain, harmless words.
Every identifier is a published example or a reserved value: example.com/.org e-mail domains, the IBAN of the
ISO 13616 documentation, the BIP-173 and Bitcoin wiki example addresses, the DuckDuckGo onion service, phone
numbers that are valid in form but invented. Dates are fixed so that every build gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
from fpdf import FPDF

PHONE_ES = "+34 612 345 678"
PHONE_RO = "+40 721 234 567"
EMAIL = "recruit.sunjobs@example.com"
EMAIL_2 = "anna.hr@example.org"
IBAN = "DE89370400440532013000"
BTC_BECH32 = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
BTC_LEGACY = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
ONION = "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion"
WHATSAPP = "https://wa.me/34612345678"
TELEGRAM = "https://t.me/sunjobs_europe"
CREATED = datetime(2024, 3, 4, 10, 30, 0, tzinfo=UTC)
ZIP_DATE = (2024, 3, 4, 10, 30, 0)

OFFER_LINES = (
    "SUMMER JOBS IN SPAIN - NO EXPERIENCE NEEDED",
    "Hotel and restaurant staff wanted. Salary 2500 EUR per month.",
    "Travel and accommodation paid by the agency. Documents arranged for you.",
    f"Write on WhatsApp: {WHATSAPP}  or call {PHONE_ES}",
    f"Telegram channel: {TELEGRAM}",
    f"E-mail: {EMAIL}",
    f"Registration fee to IBAN {IBAN}",
    f"or in Bitcoin to {BTC_BECH32}",
    f"Private page: http://{ONION}/",
)


def offer_pdf() -> bytes:
    """The demo job offer as a PDF with fixed metadata, so the demo case is the same on every run."""
    pdf = FPDF()
    pdf.set_creation_date(CREATED)
    pdf.set_title("Summer jobs in Spain")
    pdf.set_author("Sun Jobs Agency")
    pdf.set_creator("HEROES demo generator")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 12, OFFER_LINES[0], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=12)
    for line in OFFER_LINES[1:]:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def contract_docx() -> bytes:
    """The demo work contract as DOCX with author and dates set and a normalised ZIP (byte-identical output)."""
    document = docx.Document()
    props = document.core_properties
    props.author = "Anna Popescu"
    props.last_modified_by = "Anna Popescu"
    props.title = "Work contract"
    props.comments = "Draft for the candidate"
    props.created = CREATED.replace(tzinfo=None)
    props.modified = CREATED.replace(tzinfo=None)
    props.last_printed = CREATED.replace(tzinfo=None)
    props.revision = 3
    document.add_heading("Work contract - hotel staff", level=1)
    document.add_paragraph("Employer: Sun Jobs Agency, Valencia, Spain.")
    document.add_paragraph(f"Contact: {EMAIL_2}, phone {PHONE_RO}.")
    document.add_paragraph(f"The travel cost of 900 EUR is paid back from the salary to IBAN {IBAN}.")
    document.add_paragraph("The employer keeps the passport during the contract.")
    raw = io.BytesIO()
    document.save(raw)
    return normalise_zip(raw.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member dates (python-docx stamps the current time on every member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def agency_html() -> bytes:
    """The demo agency's web page: contacts, chat links and an onion mirror for the entity extractors to find."""
    items = "\n".join(f"    <li>{line}</li>" for line in OFFER_LINES[1:3])
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sun Jobs Agency - work in Europe</title></head>
<body>
  <h1>Work in Europe - start next week</h1>
  <ul>
{items}
  </ul>
  <p>Chat with us on <a href="{WHATSAPP}">WhatsApp</a> or <a href="{TELEGRAM}">Telegram</a>.</p>
  <p>Phone: {PHONE_ES} &middot; E-mail: <a href="mailto:{EMAIL}">{EMAIL}</a></p>
  <p>Mirror: <a href="http://{ONION}/">{ONION}</a></p>
</body>
</html>
""".encode()


def chat_note() -> bytes:
    return f"""[2024-03-05 21:14] Anna: hi, did you see the job in Valencia? they pay travel
[2024-03-05 21:15] Maria: yes but they want 300 EUR first
[2024-03-05 21:16] Anna: pay to {IBAN} or bitcoin {BTC_LEGACY}
[2024-03-05 21:18] Maria: ok. who do I call?
[2024-03-05 21:18] Anna: {PHONE_RO}, or write to {EMAIL_2}
[2024-03-05 21:20] Anna: group is here {TELEGRAM}
""".encode()


def offer_eml() -> bytes:
    """The demo offer e-mail (CRLF line ends as on the wire) asking for a fee and a passport copy."""
    return f"""From: Sun Jobs Agency <{EMAIL}>
To: Maria <maria.candidate@example.net>
Subject: Your job in Spain
Date: Tue, 05 Mar 2024 09:12:00 +0100
Message-ID: <demo-0001@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Dear Maria,

your place in the hotel in Valencia is confirmed. Please send the registration fee of 300 EUR to
IBAN {IBAN} and a copy of your passport. Call {PHONE_ES} when you arrive.

Sun Jobs Agency
""".replace("\n", "\r\n").encode()
