"""How an unexpected exception becomes an error message for the user."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
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
    if len(text) > 300:
        text = text[:297] + "…"
    return f"{prefix}: {text.rstrip('.')}."
