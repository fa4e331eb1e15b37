"""Operating-system errors as one line a person can act on: what failed, where, and what to do."""

from __future__ import annotations

import errno

_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space and run again",
    errno.EDQUOT: "the disk quota is used up; free some space and run again",
    errno.EACCES: "check the permissions of the folder",
    errno.EPERM: "check the permissions of the folder",
    errno.EROFS: "the file system is read-only; choose a folder you can write to",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a file is in the way where a folder is needed",
    errno.EISDIR: "the path is a folder; give a file name",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.EADDRINUSE: "another program listens there; choose another with --port",
    errno.EADDRNOTAVAIL: "that address is not on this machine",
}


def os_problem(exc: OSError, doing: str, *, name_file: bool = True) -> str:
    """`cannot <doing> <file>: <reason>; <advice>` for an OSError (without the file if not `name_file`)."""
    where = f" {exc.filename}" if exc.filename and name_file else ""
    reason = exc.strerror or str(exc)
    advice = _ADVICE.get(exc.errno or 0)
    return f"cannot {doing}{where}: {reason}" + (f"; {advice}" if advice else "")
