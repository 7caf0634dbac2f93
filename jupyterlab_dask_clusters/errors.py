"""How an unexpected exception becomes an error message for the user."""

from __future__ import annotations

from collections.abc import Callable


def one_sentence(prefix: str, exc: BaseException, hide: Callable[[str], str] | None = None) -> str:
    """One sentence for the user: ``prefix: first line of the error.``

    ``hide`` (e.g. the applied profile's ``hide_secrets``) scrubs the whole text first: a
    secret cut in half by the line or length limit would otherwise leave a piece behind."""
    text = str(exc)
    if hide is not None:
        text = hide(text)
    lines = text.strip().splitlines()
    text = lines[0].strip() if lines else type(exc).__name__
    return f"{prefix}: {shorten(text).rstrip('.')}."


#: The longest error message a user is shown (a request may quote a value of any length).
MAX_MESSAGE = 300


def shorten(text: str) -> str:
    """``text`` cut to ``MAX_MESSAGE`` characters, with an ellipsis where it was cut."""
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "…"
