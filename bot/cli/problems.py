"""The one error type the CLI turns into a clean message instead of a traceback."""


class UserFacingError(Exception):
    """Something the user can fix: the message says what and how."""
