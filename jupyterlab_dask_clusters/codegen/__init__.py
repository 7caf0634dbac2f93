"""The code export: reproducible Python and ``%dask_cluster`` lines for the running cluster.
Open ``writer.py`` first (how the code is written); ``ops.py`` has the ``code`` and ``work`` ops."""
