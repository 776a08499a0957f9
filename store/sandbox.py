"""What a process that runs untrusted queries does to itself before the first one: it dies with
the process that started it, and it can open no network connection. The second is why a SPARQL
`SERVICE` call, however it is spelled or hidden from a guard, reaches no server: the engine's
HTTP client fails to make a socket (seccomp, the kernel's system-call filter)."""
from __future__ import annotations

import ctypes
import errno
import os
import signal
import socket

from briefgraph.errors import BriefgraphError

PR_SET_PDEATHSIG = 1
# Address families a query has no use for: the internet ones, and raw and netlink sockets. Local
# (Unix) sockets stay: the worker talks to its parent through one.
DENIED_FAMILIES = (socket.AF_INET, socket.AF_INET6, socket.AF_PACKET, socket.AF_NETLINK)


class SandboxError(BriefgraphError, RuntimeError):
    """The process could not shut itself off from the network."""


def die_with_parent(parent_pid: int, sig: int = signal.SIGKILL) -> None:
    """Have the kernel send `sig` to this process when its parent dies (and die now if the parent
    already has: the parent may die between the fork and this call)."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, sig) != 0:
        raise SandboxError(f"prctl(PR_SET_PDEATHSIG) failed: {os.strerror(ctypes.get_errno())}")
    if os.getppid() != parent_pid:
        os._exit(1)


def deny_network() -> None:
    """From now on, creating an internet, raw or netlink socket fails with EACCES in this process
    (and in any it starts). Irreversible, as seccomp filters are."""
    try:
        import pyseccomp as seccomp

        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for family in DENIED_FAMILIES:
            rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
        rules.load()
    except Exception as exc:  # noqa: BLE001 - libseccomp missing or refused: the caller fails closed
        raise SandboxError(f"cannot deny this process the network (seccomp): {exc}") from exc
