"""Reference dedup2d async-job service used by the conform test suite."""
