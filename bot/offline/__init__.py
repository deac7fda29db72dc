"""Running the pipeline without a platform: `kuzet moderate` and the benchmarks."""
