from tests.fakes.telegram.fixtures import fake_telegram

__all__ = ["fake_telegram"]
