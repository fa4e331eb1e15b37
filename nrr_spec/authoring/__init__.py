"""Writing and governing records: creation from templates, revisions, dual-use review."""
