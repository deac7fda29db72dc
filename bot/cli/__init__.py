"""The `kuzet` command line."""
