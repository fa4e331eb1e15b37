"""Experiment logs into negative-result records: readers, description parser, failure classes, merge."""
