"""What a running cluster's processes need after a profile change
(``LayeredEnvironment.set_profile_env``).

Its own module, imported by the first change: making a dataclass costs a kernel about 0.3 ms,
and the environment is imported in every kernel the panel looks at.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(repr=False, eq=False)  # it holds secret values: never shown
class WorkerUpdate:
    """The profile's variables for the workers' Environ plugin and their nannies. Holds secret
    values: never shown."""

    #: The new profile's variables (the Environ plugin's), empty for Clear.
    env: dict[str, str]
    #: Each touched variable as a nanny's ``env`` must have it: the site's value or none.
    nanny_env: dict[str, str | None]
    #: Each touched variable as the kernel now has it, for the processes' ``os.environ``.
    processes: dict[str, str | None]
    #: The old profile's variables, to hide from an error message.
    previous_env: dict[str, str]
