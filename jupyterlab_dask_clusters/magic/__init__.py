"""The magic: ``%dask_cluster`` and ``%%dask_cluster``, the panel's operations from a cell.
Open ``magics.py`` first; ``commands.py`` holds each command's arguments, ``text.py`` the output."""
