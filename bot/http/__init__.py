"""Kuzet's HTTP app: health, metrics, and the routes platform adapters mount (VK callback,
Telegram webhook)."""
