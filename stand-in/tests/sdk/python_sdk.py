"""Uploads through pycloudinary (the official Python SDK) against the stand-in, then builds
delivery and download URLs with it and fetches them. Run by
stand-in/tests/stand_in/sdk_python.rs, which starts the stand-in and reads the JSON report
this prints on its last line.

Environment: CLOUDINARY_URL (with upload_prefix=<the stand-in>), STAND_IN_HOST
(host:port, the `cname` for delivery URLs), AUTH_TOKEN_KEY, WORK_DIR (holds kitten.png
and big.bin).
"""

import http.server
import json
import os
import threading
import time
import urllib.error
import urllib.request

import cloudinary
import cloudinary.uploader
import cloudinary.utils

HOST = os.environ["STAND_IN_HOST"]
KEY = os.environ["AUTH_TOKEN_KEY"]
WORK = os.environ["WORK_DIR"]
PNG = os.path.join(WORK, "kitten.png")
BIG = os.path.join(WORK, "big.bin")
DELIVERY = {"cname": HOST, "secure": False, "private_cdn": False}

report = {"sdk_version": cloudinary.VERSION}

# A webhook that checks each notification with the SDK's own function.
notifications = []


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        notifications.append({
            "verified": cloudinary.utils.verify_notification_signature(
                body, self.headers["X-Cld-Timestamp"], self.headers["X-Cld-Signature"]),
            "public_id": json.loads(body)["public_id"],
            "tampered_verified": cloudinary.utils.verify_notification_signature(
                body + " ", self.headers["X-Cld-Timestamp"], self.headers["X-Cld-Signature"]),
        })
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


hook_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
threading.Thread(target=hook_server.serve_forever, daemon=True).start()
HOOK = "http://127.0.0.1:%d/hook" % hook_server.server_address[1]


def verified(result):
    """The response signature, checked with the SDK's own function."""
    return cloudinary.utils.verify_api_response_signature(
        result["public_id"], result["version"], result["signature"])


def fetch(url):
    """(status, body) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


with open(PNG, "rb") as f:
    png_bytes = f.read()
with open(BIG, "rb") as f:
    big_bytes = f.read()

# Plain: the local path is sent as the file name; Cloudinary keeps its base name.
plain = cloudinary.uploader.upload(PNG)
report["plain"] = {
    "verified": verified(plain),
    "original_filename": plain["original_filename"],
    "format": plain["format"],
    "bytes": plain["bytes"],
}

# Every structured value, a notification URL, a public ID from the file name.
rich = cloudinary.uploader.upload(
    PNG,
    tags=["a", "b"],
    context={"alt": "a cat", "caption": "x=y|z"},
    metadata={"color": "red"},
    eager=[{"width": 100, "crop": "scale"}, {"width": 50, "crop": "fit", "format": "gif"}],
    responsive_breakpoints=[{"create_derived": False, "max_width": 500}],
    notification_url=HOOK,
    use_filename=True,
    unique_filename=False,
)
report["rich"] = {
    "verified": verified(rich),
    "public_id": rich["public_id"],
    "tags": rich["tags"],
    "context": rich["context"],
    "metadata": rich["metadata"],
    "eager": [e["transformation"] for e in rich["eager"]],
    "breakpoints": [len(b["breakpoints"]) for b in rich["responsive_breakpoints"]],
}

# A file in chunks: each chunk a signed upload, later ones with the public ID answered.
large = cloudinary.uploader.upload_large(BIG, chunk_size=100000)
report["large"] = {
    "verified": verified(large),
    "public_id": large["public_id"],
    "resource_type": large["resource_type"],
    "bytes": large["bytes"],
}
status, body = fetch(large["url"])
report["large"]["fetched_equal"] = status == 200 and body == big_bytes

# 40 uploads in a row on the SDK's keep-alive connection pool.
pool = cloudinary.uploader._http.connection_from_url(cloudinary.config().upload_prefix)
before = pool.num_connections
ok = 0
for i in range(40):
    result = cloudinary.uploader.upload(PNG, tags=["keepalive", "k%d" % i])
    ok += 1 if verified(result) else 0
report["keepalive"] = {"verified": ok, "new_connections": pool.num_connections - before}

# Delivery, with URLs the SDK builds.
url, _ = cloudinary.utils.cloudinary_url(plain["public_id"], format="png", **DELIVERY)
report["delivery_url"] = url
status, body = fetch(url)
report["public_fetch"] = status == 200 and body == png_bytes
url, _ = cloudinary.utils.cloudinary_url(
    plain["public_id"], format="png", sign_url=True, width=30, crop="scale", **DELIVERY)
report["signed_url"] = url
status, body = fetch(url)
report["signed_transformation_fetch"] = status == 200 and body == png_bytes
unsigned, _ = cloudinary.utils.cloudinary_url(
    plain["public_id"], format="png", width=30, crop="scale", **DELIVERY)
report["unsigned_transformation_status"] = fetch(unsigned)[0]
report["tampered_signature_status"] = fetch(url.replace("w_30", "w_31"))[0]
eager_url, _ = cloudinary.utils.cloudinary_url(
    rich["public_id"], format="png", width=100, crop="scale", **DELIVERY)
report["eager_fetch_status"] = fetch(eager_url)[0]

# An authenticated asset: an auth token (signed over the path) or a signed URL.
auth = cloudinary.uploader.upload(PNG, type="authenticated")
token_url, _ = cloudinary.utils.cloudinary_url(
    auth["public_id"], type="authenticated", format="png", sign_url=True,
    auth_token={"key": KEY, "duration": 300}, **DELIVERY)
report["token_url"] = token_url
status, body = fetch(token_url)
report["token_fetch"] = status == 200 and body == png_bytes
report["no_token_status"] = fetch(token_url.split("?")[0])[0]
signed_auth, _ = cloudinary.utils.cloudinary_url(
    auth["public_id"], type="authenticated", format="png", sign_url=True, auth_token=False,
    **DELIVERY)
report["signed_authenticated_status"] = fetch(signed_auth)[0]

# A private asset: only a signed private download URL serves it.
private = cloudinary.uploader.upload(PNG, type="private")
download = cloudinary.utils.private_download_url(
    private["public_id"], "png", type="private", attachment=True,
    expires_at=int(time.time()) + 600)
report["download_url"] = download
status, body = fetch(download)
report["private_download"] = status == 200 and body == png_bytes
report["private_tampered_status"] = fetch(download.replace("attachment=1", "attachment=0"))[0]
private_url, _ = cloudinary.utils.cloudinary_url(
    private["public_id"], type="private", format="png", **DELIVERY)
report["private_delivery_status"] = fetch(private_url)[0]

# Explicit and destroy, signed by the SDK.
explicit = cloudinary.uploader.explicit(rich["public_id"], type="upload", tags=["retagged"])
report["explicit_tags"] = explicit["tags"]
report["destroy"] = cloudinary.uploader.destroy(plain["public_id"])["result"]
plain_url, _ = cloudinary.utils.cloudinary_url(plain["public_id"], format="png", **DELIVERY)
report["destroyed_status"] = fetch(plain_url)[0]
report["destroy_again"] = cloudinary.uploader.destroy(plain["public_id"])["result"]

# The notification, checked by the SDK when it arrived.
deadline = time.time() + 10
while not notifications and time.time() < deadline:
    time.sleep(0.05)
report["notifications"] = notifications

print(json.dumps(report))
