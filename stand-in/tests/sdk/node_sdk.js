// Uploads through the official Node SDK (`cloudinary`, v2 API) against the stand-in, then
// builds delivery and download URLs with it and fetches them. Run by
// stand-in/tests/stand_in/sdk_node.rs, which starts the stand-in and reads the JSON report
// this prints on its last line.
//
// Environment: CLOUDINARY_URL (with upload_prefix=<the stand-in>; the SDK reads it when
// loaded), STAND_IN_HOST (host:port, the `cname` for delivery URLs), AUTH_TOKEN_KEY,
// WORK_DIR (holds kitten.png and big.bin).

'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const cloudinary = require('cloudinary').v2;

const HOST = process.env.STAND_IN_HOST;
const KEY = process.env.AUTH_TOKEN_KEY;
const WORK = process.env.WORK_DIR;
const PNG = path.join(WORK, 'kitten.png');
const BIG = path.join(WORK, 'big.bin');
const DELIVERY = { cname: HOST, secure: false, private_cdn: false };

// One keep-alive agent for every upload, counting the connections it opens.
let connections = 0;
class CountingAgent extends http.Agent {
  createConnection(options, callback) {
    connections += 1;
    return super.createConnection(options, callback);
  }
}
const agent = new CountingAgent({ keepAlive: true, maxSockets: 1 });

const verified = (r) => cloudinary.utils.verify_api_response_signature(r.public_id, r.version, r.signature);

function fetch(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

function uploadLarge(file, options) {
  return new Promise((resolve, reject) => {
    cloudinary.uploader.upload_large(file, options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function main() {
  const report = { sdk_version: require('cloudinary/package.json').version };
  const pngBytes = fs.readFileSync(PNG);
  const bigBytes = fs.readFileSync(BIG);

  // A webhook that checks each notification with the SDK's own function.
  const notifications = [];
  const hook = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const ts = req.headers['x-cld-timestamp'];
      const sig = req.headers['x-cld-signature'];
      notifications.push({
        verified: cloudinary.utils.verifyNotificationSignature(body, ts, sig),
        tampered_verified: cloudinary.utils.verifyNotificationSignature(`${body} `, ts, sig),
        public_id: JSON.parse(body).public_id,
      });
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const HOOK = `http://127.0.0.1:${hook.address().port}/hook`;

  const plain = await cloudinary.uploader.upload(PNG, { agent });
  report.plain = {
    verified: verified(plain), original_filename: plain.original_filename, format: plain.format, bytes: plain.bytes,
  };

  const rich = await cloudinary.uploader.upload(PNG, {
    agent,
    tags: ['a', 'b'],
    context: { alt: 'a cat', caption: 'x=y|z' },
    metadata: { color: 'red' },
    eager: [{ width: 100, crop: 'scale' }, { width: 50, crop: 'fit', format: 'gif' }],
    responsive_breakpoints: [{ create_derived: false, max_width: 500 }],
    notification_url: HOOK,
    use_filename: true,
    unique_filename: false,
  });
  report.rich = {
    verified: verified(rich),
    public_id: rich.public_id,
    tags: rich.tags,
    context: rich.context,
    metadata: rich.metadata,
    eager: rich.eager.map((e) => e.transformation),
    breakpoints: rich.responsive_breakpoints.map((b) => b.breakpoints.length),
  };

  // A file in chunks, streamed: `bytes a-b/-1` until the last chunk.
  const large = await uploadLarge(BIG, { agent, chunk_size: 100000 });
  const largeFetch = await fetch(large.url);
  report.large = {
    verified: verified(large),
    public_id: large.public_id,
    resource_type: large.resource_type,
    bytes: large.bytes,
    fetched_equal: largeFetch.status === 200 && largeFetch.body.equals(bigBytes),
  };

  // 40 uploads in a row on the one keep-alive agent.
  const before = connections;
  let ok = 0;
  for (let i = 0; i < 40; i += 1) {
    // eslint-disable-next-line no-await-in-loop
    const result = await cloudinary.uploader.upload(PNG, { agent, tags: ['keepalive', `k${i}`] });
    ok += verified(result) ? 1 : 0;
  }
  report.keepalive = { verified: ok, new_connections: connections - before };

  // Delivery, with URLs the SDK builds (they carry `_a=…`, which is ignored).
  const url = cloudinary.url(plain.public_id, { format: 'png', ...DELIVERY });
  report.delivery_url = url;
  let got = await fetch(url);
  report.public_fetch = got.status === 200 && got.body.equals(pngBytes);
  const signed = cloudinary.url(plain.public_id, {
    format: 'png', sign_url: true, width: 30, crop: 'scale', ...DELIVERY,
  });
  report.signed_url = signed;
  got = await fetch(signed);
  report.signed_transformation_fetch = got.status === 200 && got.body.equals(pngBytes);
  const unsigned = cloudinary.url(plain.public_id, { format: 'png', width: 30, crop: 'scale', ...DELIVERY });
  report.unsigned_transformation_status = (await fetch(unsigned)).status;
  report.tampered_signature_status = (await fetch(signed.replace('w_30', 'w_31'))).status;

  const auth = await cloudinary.uploader.upload(PNG, { agent, type: 'authenticated' });
  const tokenUrl = cloudinary.url(auth.public_id, {
    type: 'authenticated', format: 'png', sign_url: true, auth_token: { key: KEY, duration: 300 }, ...DELIVERY,
  });
  report.token_url = tokenUrl;
  got = await fetch(tokenUrl);
  report.token_fetch = got.status === 200 && got.body.equals(pngBytes);
  report.no_token_status = (await fetch(tokenUrl.split('?')[0])).status;

  const priv = await cloudinary.uploader.upload(PNG, { agent, type: 'private' });
  const download = cloudinary.utils.private_download_url(priv.public_id, 'png', {
    type: 'private', attachment: true, expires_at: Math.floor(Date.now() / 1000) + 600,
  });
  report.download_url = download;
  got = await fetch(download);
  report.private_download = got.status === 200 && got.body.equals(pngBytes);
  report.private_delivery_status = (await fetch(cloudinary.url(priv.public_id, {
    type: 'private', format: 'png', ...DELIVERY,
  }))).status;

  report.explicit_tags = (await cloudinary.uploader.explicit(rich.public_id, { agent, type: 'upload', tags: ['retagged'] })).tags;
  report.destroy = (await cloudinary.uploader.destroy(plain.public_id, { agent })).result;
  report.destroyed_status = (await fetch(url)).status;

  const deadline = Date.now() + 10000;
  while (notifications.length === 0 && Date.now() < deadline) {
    // eslint-disable-next-line no-await-in-loop
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  report.notifications = notifications;
  hook.close();
  agent.destroy();
  console.log(JSON.stringify(report));
}

main().catch((err) => {
  console.error('failed:', err);
  process.exit(1);
});
