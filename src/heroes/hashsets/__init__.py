"""Known-material identification: hash banks (VICS, NSRL, text, CSV, PDQ lists), exact and PDQ/vPDQ matching,
negative and known-good banks, and safe review thumbnails. Nothing here needs or handles abuse material."""
