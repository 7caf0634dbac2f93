"""The `{runnable}` directive: a code block that the test suite runs.

A page shows it as an ordinary IPython block. `test_docs_blocks.py` finds every
```` ```{runnable} ```` fence in docs/**/*.md and runs a page's blocks in order, as the cells
of one notebook, in a real kernel (`:needs:` names what else the blocks need, e.g. `gateway`).
"""

from __future__ import annotations

from typing import ClassVar

from docutils.parsers.rst import directives
from sphinx.directives.code import CodeBlock


class Runnable(CodeBlock):
    optional_arguments = 1
    option_spec: ClassVar = {**CodeBlock.option_spec, "needs": directives.unchanged}

    def run(self):  # type: ignore[no-untyped-def]
        if not self.arguments:
            self.arguments = ["ipython"]
        self.options.pop("needs", None)
        self.options["class"] = [*self.options.get("class", []), "runnable"]
        return super().run()


def setup(app):  # type: ignore[no-untyped-def]
    app.add_directive("runnable", Runnable)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
