"""``alignkg classify`` on a terminal asks the questions, naming each fact key.

The interactive run goes through a pseudo-terminal, as a person would meet it: the
command must notice the terminal by itself, print each question with its key, and take
y / n / ? answers until the kidnapping case is settled.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time

from service.api.classify import KIDNAPPING

CLI = [sys.executable, "-m", "service.cli", "classify"]
#: The kidnapping case's facts by their author's reading; the partition is the reward's job.
TRUTH = {**KIDNAPPING["facts"], "outOfDomainSafetyIsRewardsJob": True}


def _read_until(fd: int, marker: bytes, seen: bytearray, timeout: float = 60) -> bool:
    """Read the terminal into ``seen`` until ``marker`` appears after what was read, or the
    program ends; False when it ended (or timed out) without the marker."""
    start = len(seen)
    deadline = time.monotonic() + timeout
    while marker not in seen[start:]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the program closed the terminal
            return False
        if not chunk:
            return False
        seen.extend(chunk)
    return True


def test_on_a_terminal_the_questions_are_asked_until_the_kidnapping_case_is_settled() -> None:
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [*CLI, KIDNAPPING["description"]],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        close_fds=True,
    )
    os.close(secondary)
    seen = bytearray()
    asked = []
    try:
        while _read_until(primary, b"(y/n/?): ", seen):
            question = seen.decode(errors="replace").rsplit("? [", 1)[1]
            key = question.split("]", 1)[0]
            asked.append(key)
            os.write(primary, b"y\n" if TRUTH[key] else b"n\n")
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        os.close(primary)
    text = seen.decode(errors="replace")
    assert asked and "outOfDomainSafetyIsRewardsJob" in asked
    assert len(asked) == len(set(asked)), "no question is asked twice"
    assert "verdict: outer" in text


def test_dont_know_is_not_asked_again_and_the_run_ends() -> None:
    run = subprocess.run(
        [*CLI, "--ask", KIDNAPPING["description"]],
        input="?\n" * 20,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    dialogue = run.stdout.split("verdict: ", 1)[0]  # the summary follows the questions
    asked = re.findall(r"\? \[(\w+)\]", dialogue)
    assert asked, "questions were asked"
    assert len(asked) == len(set(asked)) == dialogue.count("answer (y/n/?)")


def test_facts_on_the_command_line_and_unknown_clears_a_presumption() -> None:
    text = "The robot arm kept stacking blocks."
    before = subprocess.run([*CLI, "--json", text], capture_output=True, text=True, check=True)
    presumed = json.loads(before.stdout)["presumed"]
    name = next(iter(presumed))
    after = subprocess.run(
        [*CLI, "--json", "--fact", f"{name}=unknown", "--fact", "narrowSystem=yes", text],
        capture_output=True,
        text=True,
        check=True,
    )
    answer = json.loads(after.stdout)
    assert name not in answer["presumed"] and name not in answer["facts"]
    assert answer["facts"]["narrowSystem"] is True


def test_a_bad_fact_option_is_a_clear_error() -> None:
    run = subprocess.run([*CLI, "--fact", "deceptive=maybe"], capture_output=True, text=True)
    assert run.returncode == 2
    assert "NAME=yes" in run.stderr and "Traceback" not in run.stderr


def test_the_summary_names_each_question_s_key_and_how_to_answer_it() -> None:
    run = subprocess.run(
        [*CLI, "--no-ask", KIDNAPPING["description"]], capture_output=True, text=True, check=True
    )
    assert "? [" in run.stdout
    assert "--fact " in run.stdout or "--partition reward/training" in run.stdout
