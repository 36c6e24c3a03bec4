"""The demo evidence folder: complete, readable by the tools we rely on, and byte-for-byte reproducible."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import docx
import exifread
import magic
import pytest
import pytsk3
from pypdf import PdfReader

from heroes.demo import documents
from heroes.demo.generate import DELETED_CONTENT, DELETED_NAME, USB_NAME, build_demo_evidence
from heroes.demo.photos import PHOTOS, dms_to_decimal

EXPECTED = [
    "README.txt",
    "archives/holiday.zip",
    "documents/agency.html",
    "documents/chat-note.txt",
    "documents/contract.docx",
    "documents/job-offer.pdf",
    "documents/offer.eml",
    "downloads/invoice.txt",
    *(f"photos/{p.name}" for p in PHOTOS),
    USB_NAME,
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return build_demo_evidence(tmp_path_factory.mktemp("demo") / "evidence")


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_all_files_exist(demo):
    assert sorted(_digests(demo)) == sorted(EXPECTED)
    assert "SYNTHETIC" in (demo / "README.txt").read_text()


def test_photos_have_camera_exif_and_gps(demo):
    for spec in PHOTOS:
        with open(demo / "photos" / spec.name, "rb") as handle:
            tags = exifread.process_file(handle, details=False)
        assert str(tags["Image Make"]) == spec.make
        assert str(tags["Image Model"]) == spec.model
        assert str(tags["EXIF DateTimeOriginal"]) == spec.taken.strftime("%Y:%m:%d %H:%M:%S")
        assert spec.place is not None
        lat = dms_to_decimal(*(v.decimal() for v in tags["GPS GPSLatitude"].values), str(tags["GPS GPSLatitudeRef"]))
        lon = dms_to_decimal(*(v.decimal() for v in tags["GPS GPSLongitude"].values), str(tags["GPS GPSLongitudeRef"]))
        assert lat == pytest.approx(spec.place.lat, abs=1e-5)
        assert lon == pytest.approx(spec.place.lon, abs=1e-5)
    refs = {(p.place.lat < 0, p.place.lon < 0) for p in PHOTOS if p.place}
    assert (True, True) in refs  # one photo in the southern and western hemisphere


def test_documents_carry_the_identifiers(demo):
    pdf_text = "".join(page.extract_text() for page in PdfReader(demo / "documents/job-offer.pdf").pages)
    for needle in (
        documents.WHATSAPP,
        documents.EMAIL,
        documents.PHONE_ES,
        documents.IBAN,
        documents.BTC_BECH32,
        documents.ONION,
        documents.TELEGRAM,
    ):
        assert needle in pdf_text
    contract = docx.Document(str(demo / "documents/contract.docx"))
    assert contract.core_properties.author == "Anna Popescu"
    assert contract.core_properties.created.year == 2024
    assert documents.IBAN in "\n".join(p.text for p in contract.paragraphs)
    html = (demo / "documents/agency.html").read_text()
    assert documents.ONION in html and documents.WHATSAPP in html
    assert documents.BTC_LEGACY in (demo / "documents/chat-note.txt").read_text()


def test_renamed_file_and_archive(demo):
    assert magic.from_file(str(demo / "downloads/invoice.txt"), mime=True) == "image/jpeg"
    with zipfile.ZipFile(demo / "archives/holiday.zip") as archive:
        assert archive.namelist() == ["holiday/beach.jpg", "holiday/address.txt"]
        assert archive.read("holiday/beach.jpg")[:3] == b"\xff\xd8\xff"


def test_usb_image_has_recoverable_deleted_file(demo):
    fs = pytsk3.FS_Info(pytsk3.Img_Info(str(demo / USB_NAME)))
    found = {}
    for entry in fs.open_dir("/"):
        meta = entry.info.meta
        if meta is not None and meta.type == pytsk3.TSK_FS_META_TYPE_REG and meta.size:
            unalloc = bool(meta.flags & pytsk3.TSK_FS_META_FLAG_UNALLOC)
            found[entry.info.name.name.decode()] = (unalloc, entry.read_random(0, meta.size))
    deleted = "_" + DELETED_NAME[1:]
    assert found[deleted] == (True, DELETED_CONTENT)
    assert found["NOTES.TXT"][0] is False
    assert found["PHOTO1.JPG"][1][:3] == b"\xff\xd8\xff"
    assert not [name for name, (unalloc, _) in found.items() if unalloc and name != deleted]


def test_same_seed_same_bytes(demo, tmp_path):
    again = build_demo_evidence(tmp_path / "again")
    assert _digests(again) == _digests(demo)
    assert (again / "README.txt").stat().st_mtime == (demo / "README.txt").stat().st_mtime
    other = _digests(build_demo_evidence(tmp_path / "other", seed=8))
    assert other["photos/IMG_0001.jpg"] != _digests(demo)["photos/IMG_0001.jpg"]
