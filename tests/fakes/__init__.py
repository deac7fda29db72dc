"""Fake platform servers (aiohttp on 127.0.0.1 port 0) that the real clients talk to in tests."""
