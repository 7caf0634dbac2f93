"""The constant loader that brings the agent into a kernel whose environment lacks this package
(or holds a copy speaking another protocol version).

``payload.py`` appends to this file's text one call, ``_jdc_deliver(DIGEST, TARGET)``, then
``del _jdc_deliver``; the panel executes that source silently. It registers a comm target; the
panel opens it with the package's kernel-side modules as a zip archive (base64, as the open
message's data), and the package is installed only if the archive's SHA-256 is the DIGEST
written in this constant code (so the target can install nothing else, however often it is
opened: two connection attempts racing after a restart are harmless). The archive travels as
data because ipykernel hashes every executed cell in pure Python (~1 ms per KB).

It runs in the user's namespace, so it defines one name, imports nothing at the top and has no
``from __future__`` import (IPython would keep it for later cells).
"""


def _jdc_deliver(digest, target):
    """Register comm target ``target``: a comm installs the archive it carries if that matches
    ``digest`` (once), then closes with ``{"ok": true}`` or ``{"ok": false, "error": …}``."""
    import importlib.util

    # What the agent needs from the kernel's environment: name what is missing, change nothing.
    for requirement in ("distributed", "comm"):
        if importlib.util.find_spec(requirement) is None:
            raise ModuleNotFoundError(f"No module named {requirement!r}", name=requirement)

    import comm

    package = "jupyterlab_dask_clusters"
    marker = "jupyterlab_dask_clusters_digest"
    manager = comm.get_comm_manager()

    def install(archive):
        import importlib.abc
        import io
        import sys
        import zipfile

        if any(getattr(finder, marker, None) == digest for finder in sys.meta_path):
            return  # this very payload is already in place (and may be in use)
        with zipfile.ZipFile(io.BytesIO(archive)) as opened:
            sources = {name: opened.read(name) for name in opened.namelist()}

        class DeliveredPackage(importlib.abc.MetaPathFinder, importlib.abc.InspectLoader):
            """jupyterlab_dask_clusters from memory (nothing is written to disk), ahead of any
            installed copy; tracebacks and ``inspect`` see its source."""

            def __repr__(self):
                return f"<jupyterlab_dask_clusters delivered by JupyterLab, {digest[:12]}>"

            def _path(self, fullname):
                base = fullname.replace(".", "/")
                for path in (base + "/__init__.py", base + ".py"):
                    if path in sources:
                        return path
                return None

            def find_spec(self, fullname, path=None, target=None):
                if fullname != package and not fullname.startswith(package + "."):
                    return None
                found = self._path(fullname)
                if found is None:
                    return None
                spec = importlib.util.spec_from_loader(
                    fullname,
                    self,
                    origin=f"(delivered)/{found}",
                    is_package=found.endswith("/__init__.py"),
                )
                spec.has_location = True  # __file__, for inspect and tracebacks (get_source)
                return spec

            def is_package(self, fullname):
                found = self._path(fullname)
                if found is None:
                    raise ImportError(f"No module named {fullname!r}", name=fullname)
                return found.endswith("/__init__.py")

            def get_source(self, fullname):
                found = self._path(fullname)
                if found is None:
                    raise ImportError(f"No module named {fullname!r}", name=fullname)
                return sources[found].decode("utf-8")

            def get_code(self, fullname):
                source = self.get_source(fullname)
                filename = f"(delivered)/{self._path(fullname)}"
                # dont_inherit: the user's __future__ flags must not change the package's code.
                return compile(source, filename, "exec", dont_inherit=True)

        delivered = DeliveredPackage()
        setattr(delivered, marker, digest)
        # Replace an earlier delivery and forget an installed copy already imported.
        sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, marker, None) is None]
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
        sys.meta_path.insert(0, delivered)

    def on_open(opened, message):
        import base64
        import hashlib

        try:
            archive = base64.b64decode(message["content"]["data"]["archive"], validate=True)
            if hashlib.sha256(archive).hexdigest() != digest:
                raise ValueError("the archive is not the one this loader expects")
            install(archive)
            result = {"ok": True}
        except Exception as exc:
            result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        opened.close(data=result)

    manager.register_target(target, on_open)
