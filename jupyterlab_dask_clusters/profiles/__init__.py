"""AWS profiles: the shared AWS files read on the kernel's host, one profile applied to the kernel
and its workers. Open ``ops.py`` first (the agent's operations), then ``credentials/``.

``environment.py`` layers the site's and the profile's variables over the kernel's own
environment and ships them to a cluster's processes; the controller is given it by the agent.
"""
