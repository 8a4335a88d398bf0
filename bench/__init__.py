"""Benchmarks: a synthetic corpus generator and measuring scripts (not used by builds)."""
