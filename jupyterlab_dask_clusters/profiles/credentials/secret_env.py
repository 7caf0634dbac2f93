"""How variables with secret values are shown: which values may be, masked key ids, and a
mapping whose ``repr``/``str`` hide the rest."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

#: Values that may be shown (in a repr, an error message); every other variable's value is hidden.
SHOWN_VARS = frozenset(
    {
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_S3_ENDPOINT",
        "AWS_ENDPOINT_URL_S3",
        "AWS_ENDPOINT_URL",
    }
)
_MASKED_VARS = frozenset({"AWS_ACCESS_KEY_ID"})
_MIN_MASKABLE = 16  # AWS key ids are 16–128 characters; shorter ones are hidden entirely


def mask_key_id(key_id: str | None) -> str | None:
    """``AKIAIOSFODNN7EXAMPLE`` → ``AKIA…MPLE``; a key shorter than 16 characters → ``…``.

    ``None`` or an empty string gives ``None`` (no key).
    """
    if not key_id:
        return None
    if len(key_id) < _MIN_MASKABLE:
        return "…"
    return f"{key_id[:4]}…{key_id[-4:]}"


#: A run of this many characters of a secret is a part of it worth hiding: an error message
#: may quote a value that contains the secret or a piece of it ("Could not interpret '1abc…'").
FRAGMENT = 8


def hide_secret_values(text: str, *envs: Mapping[str, str]) -> str:
    """``text`` with the value of every variable of ``envs`` not in SHOWN_VARS hidden: each
    run of it of ``FRAGMENT`` or more characters (a shorter value: the whole value) becomes
    ``<hidden>``. Scrub before cutting a text short, so that no cut leaves a piece behind."""
    secrets = [
        value for env in envs for key, value in env.items() if key not in SHOWN_VARS and value
    ]
    if not secrets or not text:
        return text
    for value in secrets:
        if len(value) < FRAGMENT:
            text = text.replace(value, "<hidden>")
    pieces = {
        value[i : i + FRAGMENT]
        for value in secrets
        if len(value) >= FRAGMENT
        for i in range(len(value) - FRAGMENT + 1)
    }
    if not pieces:
        return text
    hidden = [False] * len(text)
    for start in range(len(text) - FRAGMENT + 1):
        if text[start : start + FRAGMENT] in pieces:
            hidden[start : start + FRAGMENT] = [True] * FRAGMENT
    out: list[str] = []
    for index, char in enumerate(text):
        if not hidden[index]:
            out.append(char)
        elif index == 0 or not hidden[index - 1]:
            out.append("<hidden>")
    return "".join(out)


class SecretEnv(Mapping[str, str]):
    """A read-only mapping of environment variables whose ``repr``/``str`` hide secrets.

    The access key id is masked; region and endpoint variables are shown; every other value
    is ``<hidden>``. ``dict(env)`` gives the plain values (e.g. for an ``Environ`` plugin).
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        self._data: dict[str, str] = dict(data)

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        shown = []
        for key, value in self._data.items():
            if key in SHOWN_VARS:
                text = repr(value)
            elif key in _MASKED_VARS:
                text = repr(mask_key_id(value))
            else:
                text = "<hidden>"
            shown.append(f"{key!r}: {text}")
        return "SecretEnv({" + ", ".join(shown) + "})"

    __str__ = __repr__
