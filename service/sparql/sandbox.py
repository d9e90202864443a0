"""Take the network away from a query worker, for good, with a seccomp filter.

The analyser refuses ``SERVICE`` before a query reaches a worker; this is the second
wall, for the day the analyser is wrong. Once ``forbid_network`` has run, the kernel
answers every ``socket()`` call of the process for any family but ``AF_UNIX`` with
``EACCES`` (in every thread), and refuses ``io_uring_setup`` (io_uring can open sockets without the
``socket`` system call). A worker needs neither: it talks to the server over the Unix
socket it inherited. The filter cannot be removed and is inherited by any child; libseccomp
sets ``no_new_privs`` and kills a process that makes system calls of another architecture
(the 32-bit ``socketcall`` route around the filter).
"""

from __future__ import annotations

import errno
import socket

import pyseccomp as seccomp


class SandboxUnavailable(RuntimeError):
    """The kernel or libseccomp could not install the filter (the worker must not run)."""


def forbid_network() -> None:
    """Install the filter on this process (see the module docstring)."""
    refuse = seccomp.ERRNO(errno.EACCES)
    try:
        sandbox = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        # Every thread of the process, not only the caller: one started earlier by a
        # library must not keep the network.
        sandbox.set_attr(seccomp.Attr.CTL_TSYNC, 1)
        sandbox.add_rule(refuse, "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        sandbox.add_rule(refuse, "io_uring_setup")
        sandbox.load()
    except (OSError, RuntimeError, ValueError) as exc:
        raise SandboxUnavailable(f"seccomp filter not installed: {exc}") from exc
