"""The configuration files are read by JupyterHub and nbgrader, not imported as modules."""

collect_ignore = ["jupyterhub_config.py", "nbgrader_config.py"]
