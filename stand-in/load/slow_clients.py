"""Slow clients for measuring the stand-in under load, on loopback only.

    python3 slow_clients.py PORT COUNT SECONDS body|head

Keeps COUNT connections to 127.0.0.1:PORT open for SECONDS (at most 120): `body` sends an
upload head announcing 1 MB and then one body byte a second; `head` sends a request head
one byte a second and never finishes it. A connection the server closes is opened again, so
COUNT stay open. Run it while `wrk` measures the latency of normal requests, e.g.

    wrk -t2 -c16 -d20s --latency http://127.0.0.1:PORT/<cloud>/image/upload/<id>.png
"""

import asyncio
import sys
import time

PORT, COUNT, SECONDS, MODE = int(sys.argv[1]), int(sys.argv[2]), min(float(sys.argv[3]), 120), sys.argv[4]
END = time.monotonic() + SECONDS
opened = 0


async def client():
    global opened
    while time.monotonic() < END:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        opened += 1
        if MODE == "body":
            writer.write(b"POST /v1_1/x/image/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n"
                         b"Content-Length: 1000000\r\n\r\n")
            trickle = b"a" * 1000000
        else:
            trickle = b"POST /v1_1/x/image/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 1000
        try:
            for byte in trickle:
                if time.monotonic() >= END or reader.at_eof():
                    break
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(1)
        except OSError:
            pass
        writer.close()


async def main():
    await asyncio.gather(*(client() for _ in range(COUNT)))
    print(f"{MODE}: {COUNT} slow connections for {SECONDS:.0f} s ({opened} opened in all)")


asyncio.run(main())
