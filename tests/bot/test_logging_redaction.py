"""Secrets never reach a log line, neither in the message nor in a traceback."""

from __future__ import annotations

import logging

import pytest

from bot.logging_redaction import RedactingFilter

TOKEN = "123456:AAHsecretTOKENvalue"


def test_messages_args_and_tracebacks_are_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("kuzet.test.redaction")
    caplog.handler.addFilter(RedactingFilter((TOKEN, "vk1.a.user-token")))
    with caplog.at_level(logging.INFO, logger=logger.name):
        logger.info("calling https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise RuntimeError(f"failed url /bot{TOKEN}/sendMessage with vk1.a.user-token")
        except RuntimeError:
            logger.exception("request failed")
    text = caplog.text
    assert TOKEN not in text and "vk1.a.user-token" not in text
    assert "/bot***/getMe" in text
    assert "RuntimeError" in text  # the traceback is kept, only the secret is masked


def test_short_or_empty_secrets_do_not_mask_everything() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "a b c", (), None)
    assert RedactingFilter(("", "a")).filter(record)
    assert record.getMessage() == "a b c"
