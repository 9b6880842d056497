"""A free TCP port on 127.0.0.1, for the peers and servers tests start (the OS picks it)."""
import socket


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
