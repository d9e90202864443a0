"""Take the network away from a query worker, for good, with a seccomp filter.

The analyser refuses ``SERVICE`` before a query reaches a worker; this is the second
wall, for the day the analyser is wrong. Once ``forbid_network`` has run, the kernel
answers every ``socket()`` and ``socketpair()`` call of the process, in every thread,
with ``EACCES``, whatever the family: no internet or loopback connection, and no Unix
socket either (a name-service daemon such as nscd, listening on one, would look up an
attacker's host name). ``io_uring_setup`` is refused too: io_uring can open sockets
without the ``socket`` system call. A worker needs none of them: it talks to the server
over the Unix socket it inherited, opened before the filter. The filter cannot be removed
and is inherited by any child; libseccomp sets ``no_new_privs`` and kills a process that
makes system calls of another architecture (the 32-bit ``socketcall`` route around the
filter).
"""

from __future__ import annotations

import errno

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
        sandbox.add_rule(refuse, "socket")
        sandbox.add_rule(refuse, "socketpair")
        sandbox.add_rule(refuse, "io_uring_setup")
        sandbox.load()
    except (OSError, RuntimeError, ValueError) as exc:
        raise SandboxUnavailable(f"seccomp filter not installed: {exc}") from exc
