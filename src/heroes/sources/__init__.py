"""Sources walk evidence (a folder, a disk image, a single file) and yield items; `open_source` picks one by content."""
