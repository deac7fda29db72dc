"""Telegram adapter: the Bot API transport, durable polling, and (later) conversion and cards."""
