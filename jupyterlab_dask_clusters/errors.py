"""How an unexpected exception becomes an error message for the user."""

from __future__ import annotations


def one_sentence(prefix: str, exc: BaseException) -> str:
    """One sentence for the user: ``prefix: first line of the error.``"""
    lines = str(exc).strip().splitlines()
    text = lines[0].strip() if lines else type(exc).__name__
    if len(text) > 300:
        text = text[:297] + "…"
    return f"{prefix}: {text.rstrip('.')}."
