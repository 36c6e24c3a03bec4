"""Benign, synthetic, deterministic demo evidence (photos, documents, archive, FAT disk image)."""
