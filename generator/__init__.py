"""playbook: follow-up plans, handover letters and review checklists from YAML."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("playbook")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
