"""How a process ended, as descriptions write it (`exit=1`, `rc=137`, `code 1`, `killed by signal 9`,
`SIGKILL`): evidence of a crash, never a setting the experiment changed.

A name is a status when every word of it is one of the few words for a process's end (exit, return
code, errno, signal and its names, killed, core dumped...) and its value is what a status holds: a
whole number, a signal's name, or nothing. A verdict alone, with no value (`castor/agents/base.py:
FAIL - ...`, `PASS - ...`, `timeout`), is how the run ended too. A name with any other word
(`signal_minute`, `crash_regime_filter`, `error_feedback`) is a setting as before, and so is a
verdict word given a value (`timeout=30`).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORDS = frozenset(
    {
        "exit",
        "exited",
        "exits",
        "exitcode",
        "exitstatus",
        "rc",
        "returncode",
        "retcode",
        "return",
        "returned",
        "code",
        "status",
        "errno",
        "error",
        "signal",
        "killed",
        "by",
        "with",
        "process",
        "core",
        "dumped",
        "segfault",
        "segmentation",
        "fault",
        "oom",
        "crash",
        "crashed",
        "failed",
        "died",
    }
)
# Words that name a process's end on their own: a name of only weaker words ("status", "code",
# "error") is a status only with a number beside it.
_ON_THEIR_OWN = frozenset(
    {"exit", "exited", "exitcode", "exitstatus", "rc", "returncode", "retcode", "errno", "signal", "killed"}
)
_VERDICTS = frozenset(
    {"fail", "failed", "failure", "pass", "passed", "ok", "error", "crash", "crashed", "oom", "timeout", "rejected", "success"}
)
_SIGNAL_NAME = re.compile(r"sig(kill|term|segv|abrt|int|bus|ill|fpe|hup|pipe|quit|alrm|usr1|usr2)")
_WHOLE_NUMBER = re.compile(r"[-+]?\d{1,3}")
# Where a status is written in a description: "exit=1", "rc 137", "exit code: 139", "killed by signal 9", "SIGKILL".
_IN_TEXT = re.compile(
    r"\b(?:(?:exit|return|error)[ _-]?(?:code|status)|exit(?:ed)?(?: with(?: code)?)?|rc|returncode|retcode|errno|"
    r"(?:killed by )?signal)\s*[=:]?\s*[-+]?\d{1,3}\b|\bSIG(?:KILL|TERM|SEGV|ABRT|INT|BUS|ILL|FPE|HUP|PIPE)\b",
    re.I,
)
# In the description of a run that crashed, a bare "code 1" or "status 137" says how it ended too
# (elsewhere "code 2" may be anything).
_IN_CRASH_TEXT = re.compile(r"\b(?:code|status)\s*[=:]?\s*[-+]?\d{1,3}\b", re.I)
# Exit statuses a run's environment gives it: 137 and 143 are SIGKILL and SIGTERM (128 + signal; the
# out-of-memory killer, a scheduler's preemption), 124 is timeout(1)'s.
_ENVIRONMENT = frozenset({"124", "137", "143", "-9", "-15"})
_ENVIRONMENT_SIGNAL = re.compile(r"\b(?:signal\s*[=:]?\s*(?:9|15)|SIG(?:KILL|TERM))\b", re.I)


def is_exit_status(parameter: str, value: str | None) -> bool:
    """Whether a change read from text (`parameter` normalised, `value` as written) is how a process
    ended rather than a setting."""
    words = [w for w in parameter.split("_") if w]
    if value is None and len(words) == 1 and words[0] in _VERDICTS:
        return True
    if not words or not _status_words(words):
        return False
    strong = _says_it_alone(words)
    if value is None:
        return strong
    value = value.strip()
    if _SIGNAL_NAME.fullmatch(value.lower()):
        return True
    return bool(_WHOLE_NUMBER.fullmatch(value)) and (strong or len(words) <= 2)


@lru_cache(maxsize=1024)
def names_an_exit_status(column: str) -> bool:
    """Whether a column's name says it holds how the run's process ended (`exit_code`, `returncode`,
    `rc`, `exit_status`): a loop that logs no decision writes a failed run as a nonzero one."""
    words = [w for w in column.split("_") if w]
    return bool(words) and _status_words(words) and (_says_it_alone(words) or "".join(words) in _ON_THEIR_OWN)


def _status_words(words: list[str]) -> bool:
    return all(w in _WORDS or _SIGNAL_NAME.fullmatch(w) for w in words)


def _says_it_alone(words: list[str]) -> bool:
    """Whether one of a name's words names a process's end on its own (`exit`, `rc`, a signal's name)."""
    return any(w in _ON_THEIR_OWN or _SIGNAL_NAME.fullmatch(w) for w in words)


def exit_status_in(text: str, crashed: bool = False) -> str | None:
    """The first exit status a description writes ("exit=1", "rc 137", "SIGKILL"), as written; with
    `crashed` (the row is a crash), a bare "code 1" too."""
    match = _IN_TEXT.search(text or "") or (_IN_CRASH_TEXT.search(text or "") if crashed else None)
    return match.group(0) if match else None


def ended_by_environment(text: str, crashed: bool = False) -> bool:
    """Whether a status in the text says the run was killed from outside (the out-of-memory killer,
    a timeout, a preemption) rather than failing in its own code."""
    status = exit_status_in(text, crashed)
    if status is None:
        return False
    number = re.search(r"[-+]?\d+$", status)
    return bool(_ENVIRONMENT_SIGNAL.search(status)) or (number is not None and number.group(0) in _ENVIRONMENT)
