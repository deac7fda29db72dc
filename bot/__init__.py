"""Kuzet's shell: config, wiring, Telegram and VK adapters, storage, HTTP and the CLI."""
