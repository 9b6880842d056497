"""moto's server, with DynamoDB's requests taken one at a time, as DynamoDB's own transactions are
serializable.

moto 5.2 rolls a failed TransactWriteItems back by restoring a copy of each table it took before it
began, without a lock: a transaction that fails while another commits can restore the other's
writes away, or bring back its own partial ones (twenty racing creates left two verifications,
one of them answered 409). One lock around every DynamoDB request gives the isolation the real
service has; nothing else of moto changes.

    python moto_server.py -H 127.0.0.1 -p PORT   (the arguments of `python -m moto.server`)
"""
import threading

from moto import server
from moto.dynamodb.responses import DynamoHandler

_one_at_a_time = threading.Lock()
_call_action = DynamoHandler.call_action


def _serialized(self):
    with _one_at_a_time:
        return _call_action(self)


DynamoHandler.call_action = _serialized

if __name__ == "__main__":
    server.main()
