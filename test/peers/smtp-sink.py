"""SMTP sink for the real-peer tests: accepts mail on 127.0.0.1 and writes each message to a
JSON file in a directory, where test/peers/smtp-sink.ts reads it back.

Usage: python3 smtp-sink.py PORT OUTPUT_DIR
Credentials come from the environment (never argv): SMTP_SINK_USERNAME, SMTP_SINK_PASSWORD.
AUTH PLAIN/LOGIN is offered without TLS (loopback only); SMTP_SINK_REQUIRE_AUTH=1 makes it
mandatory, otherwise unauthenticated mail is accepted too and recorded as such.
"""

import asyncio
import itertools
import json
import os
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

HOST = '127.0.0.1'


class FileHandler:
    def __init__(self, output_dir):
        self.output_dir = output_dir
        self.counter = itertools.count()

    async def handle_DATA(self, server, session, envelope):
        record = {
            'mailFrom': envelope.mail_from,
            'rcptTos': list(envelope.rcpt_tos),
            'data': envelope.content.decode('utf-8', errors='replace'),
            'authenticatedAs': session.auth_data if session.authenticated else None,
            'receivedAt': time.time(),
        }
        name = '%020d-%06d.json' % (time.time_ns(), next(self.counter))
        temporary = os.path.join(self.output_dir, '.' + name + '.tmp')
        with open(temporary, 'w', encoding='utf-8') as file:
            json.dump(record, file)
        # Readers only ever see complete files.
        os.rename(temporary, os.path.join(self.output_dir, name))
        return '250 Message accepted for delivery'


def make_authenticator(username, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        if (
            isinstance(auth_data, LoginPassword)
            and username
            and auth_data.login.decode('utf-8', errors='replace') == username
            and auth_data.password.decode('utf-8', errors='replace') == password
        ):
            return AuthResult(success=True, auth_data=username)
        return AuthResult(success=False, handled=False)

    return authenticate


async def serve(port, output_dir):
    handler = FileHandler(output_dir)
    authenticator = make_authenticator(os.environ.get('SMTP_SINK_USERNAME', ''), os.environ.get('SMTP_SINK_PASSWORD', ''))
    require_auth = os.environ.get('SMTP_SINK_REQUIRE_AUTH') == '1'
    loop = asyncio.get_running_loop()

    def protocol():
        # hostname given so aiosmtpd does not do a (possibly slow) FQDN lookup per connection.
        return SMTP(
            handler,
            hostname='localhost',
            authenticator=authenticator,
            auth_require_tls=False,
            auth_required=require_auth,
            loop=loop,
        )

    server = await loop.create_server(protocol, HOST, port)
    print('smtp-sink listening on %s:%d' % (HOST, port), flush=True)
    async with server:
        await server.serve_forever()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    asyncio.run(serve(int(sys.argv[1]), sys.argv[2]))


if __name__ == '__main__':
    main()
