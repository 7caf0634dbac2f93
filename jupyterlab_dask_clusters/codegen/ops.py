"""The agent's ``code`` and ``work`` operations: reproducible code for the running cluster
(``writer``), and how much work it holds (so that Stop can ask before dropping it)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..protocol import ProtocolError
from ..version import __version__

if TYPE_CHECKING:
    from ..cluster.controller import Controller
    from ..profiles.ops import ProfileOps
    from ..protocol import SiteSpec
    from ..shapes import Code, Work
    from .writer import ClusterRecipe, ProfileRecipe


class CodeOps:
    def __init__(self, controller: Controller, profiles: ProfileOps) -> None:
        self._controller = controller
        self._profiles = profiles
        self._started: tuple[str, SiteSpec, dict[str, Any], dict[str, Any]] | None = None

    def record_start(self, site_id: str, spec: SiteSpec, args: Mapping[str, Any]) -> None:
        """Remember how the running cluster was made: its site and its options as configured
        (the site's, with the start's on top; markers such as ``$cpu_count`` kept)."""
        overrides = copy.deepcopy(args.get("options") or {})
        options = {**copy.deepcopy(spec["options"]), **overrides}
        from ..gateway.options import first_choice, is_marker

        # The gateway's conda environment marker means nothing outside this kernel.
        options = {k: first_choice(v) if is_marker(v) else v for k, v in options.items()}
        self._started = (site_id, copy.deepcopy(spec), options, overrides)

    def recipe(self) -> ClusterRecipe:
        snapshot = self._controller.snapshot()
        if snapshot["status"] != "running" or self._started is None:
            raise ProtocolError("conflict", "There is no running cluster to write code for.")
        from .writer import ClusterRecipe  # only when asked: the agent is imported everywhere

        site_id, spec, options, overrides = self._started
        if snapshot["site"] != site_id:
            raise ProtocolError("conflict", "The running cluster was not started from a site.")
        adapt = snapshot["adapt"]
        return ClusterRecipe(
            site_id=site_id,
            spec=spec,
            options=options,
            overrides=overrides,
            workers=None if adapt else snapshot["workers"]["requested"],
            adapt=adapt,
            profile=self._profile_recipe(),
        )

    def code(self) -> Code:
        from .writer import magic_code, python_code

        recipe = self.recipe()
        return {"python": python_code(recipe, __version__), "magic": magic_code(recipe)}

    def work(self) -> Work:
        """Results held in the cluster's memory and tasks being computed (0 without a
        cluster); asks the scheduler, which may be remote (a gateway's)."""
        client = self._controller.client
        if client is None:
            return {"in_memory": 0, "processing": 0}
        try:
            in_memory = len(client.who_has())
            processing = sum(len(keys) for keys in client.processing().values())
        except Exception as exc:
            from ..errors import one_sentence

            raise ProtocolError(
                "failed", one_sentence("The scheduler did not answer", exc)
            ) from None
        return {"in_memory": in_memory, "processing": processing}

    def _profile_recipe(self) -> ProfileRecipe | None:
        summary = self._profiles.summary()
        if summary is None:
            return None
        from ..profiles.credentials.files import AwsFiles
        from .writer import ProfileRecipe

        files = AwsFiles.load()
        _, path = files.key_section(summary["name"])
        return ProfileRecipe(
            name=summary["name"],
            keys_file="config" if path == files.config_path else "credentials",
            endpoint=summary["endpoint"],
            region=summary["region"],
        )
