"""The exceptions that end a run: things the user can fix, shown without a traceback."""


class PlaybookError(Exception):
    """A failure the user can fix (missing project folder, unwritable site, bad option value).

    Bad data is never raised: it is collected as `Problem` values so that one run reports all.
    """
