"""Reading the AWS files' INI format as botocore does, without ever quoting a line of them.

A parser's own error text may quote a line of the file (a secret), so every failure becomes
a CredentialsError of our own wording.
"""

from __future__ import annotations

import configparser
import shlex

from .errors import CredentialsError

#: Section name → its settings, as plain dicts.
Sections = dict[str, dict[str, str]]


def read_ini(path: str, kind: str) -> Sections | None:
    """Sections of one INI file; ``None`` when the file does not exist. ``kind`` (``credentials``
    or ``config``) names the file in messages."""
    parser = configparser.RawConfigParser()
    message = None
    try:
        with open(path, encoding="utf-8") as handle:
            parser.read_file(handle, source=path)
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        message = f"The AWS {kind} file {path} is not UTF-8 text."
    except OSError as err:
        reason = (err.strerror or type(err).__name__).lower()
        message = f"The AWS {kind} file {path} cannot be read ({reason})."
    except configparser.Error as err:
        message = _parse_error(kind, path, err)
    if message is not None:
        # Raised outside the except block so that no traceback or __context__ carries the
        # parser's error.
        raise CredentialsError(message)
    return {section: dict(parser.items(section)) for section in parser.sections()}


def _parse_error(kind: str, path: str, err: configparser.Error) -> str:
    line = getattr(err, "lineno", None)
    if isinstance(err, configparser.MissingSectionHeaderError):
        what = "a setting comes before the first [section] header"
    elif isinstance(err, configparser.DuplicateSectionError):
        what = f"the section [{err.section}] appears twice"
    elif isinstance(err, configparser.DuplicateOptionError):
        what = f"the setting {err.option!r} appears twice in section [{err.section}]"
    elif isinstance(err, configparser.ParsingError):
        what = "a line is neither a [section] header nor 'name = value'"
        errors = getattr(err, "errors", None)
        if errors:
            line = errors[0][0]
    else:
        what = "it is not a valid INI file"
    where = f" (line {line})" if isinstance(line, int) else ""
    return f"The AWS {kind} file {path} is malformed: {what}{where}."


def nested_block(value: str | None, option: str, section: str, path: str) -> dict[str, str]:
    """Parse an indented block (``s3 =\\n    endpoint_url = …``) as botocore does."""
    if not value or not value.startswith("\n"):
        return {}
    result: dict[str, str] = {}
    for line in value.splitlines():
        line = line.strip()
        if not line:
            continue
        if "=" not in line:
            raise CredentialsError(
                f"The AWS config file {path} is malformed: the indented block of"
                f" {option!r} in section [{section}] has a line without '='."
            )
        key, _, val = line.partition("=")
        result[key.strip()] = val.strip()
    return result


def section_name(section: str, prefix: str) -> str | None:
    """``profile osn`` → ``osn``; quoted names as botocore reads them, else the rest as is.
    ``None`` when ``section`` is not a ``prefix`` section."""
    if not section.startswith(prefix) or not section[len(prefix) : len(prefix) + 1].isspace():
        return None
    rest = section[len(prefix) :].strip()
    try:
        parts = shlex.split(section)
    except ValueError:
        parts = []
    if len(parts) == 2:
        return parts[1] or None
    return rest or None
